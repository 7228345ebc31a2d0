import Foundation

/// A value-to-pixel map with readable tick values.
struct PlotScale {
    let kind: AxisScale
    let lower: Double
    let upper: Double
    let start: Double
    let end: Double

    /// A scale covering `values` (padded to nice bounds) onto pixels `start ... end`.
    init(values: [Double], kind: AxisScale, start: Double, end: Double, includeZero: Bool = false) throws {
        guard !values.isEmpty else { throw EvaluationError.invalidPlot("no values to place on an axis") }
        self.kind = kind
        self.start = start
        self.end = end
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        switch kind {
        case .linear:
            if includeZero {
                lo = min(lo, 0)
                hi = max(hi, 0)
            }
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
            let step = Self.niceStep((hi - lo) / 5)
            lower = (lo / step + 1e-9).rounded(.down) * step
            upper = (hi / step - 1e-9).rounded(.up) * step
        case .logarithmic:
            guard lo > 0 else {
                throw EvaluationError.invalidPlot("a logarithmic axis needs positive values, got \(lo)")
            }
            lo = log10(lo)
            hi = log10(hi)
            if lo == hi {
                lo -= 0.5
                hi += 0.5
            }
            lower = pow(10, lo.rounded(.down))
            upper = pow(10, hi.rounded(.up))
        }
    }

    /// The pixel position of `value`.
    func position(_ value: Double) -> Double {
        let t: Double
        switch kind {
        case .linear: t = (value - lower) / (upper - lower)
        case .logarithmic: t = (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
        return start + t * (end - start)
    }

    /// Tick values: multiples of a 1/2/5 step (linear), or powers of ten with 2 and 5 between them
    /// when the axis spans at most two decades (logarithmic).
    var ticks: [Double] {
        switch kind {
        case .linear:
            let step = Self.niceStep((upper - lower) / 5)
            var result: [Double] = []
            var k = (lower / step - 1e-9).rounded(.up)
            while k * step <= upper + step * 1e-9 {
                result.append(Self.clean(k * step, step: step))
                k += 1
            }
            return result
        case .logarithmic:
            let first = Int(log10(lower).rounded())
            let last = Int(log10(upper).rounded())
            let multiples: [Double] = last - first <= 2 ? [1, 2, 5] : [1]
            var result: [Double] = []
            for e in first...last {
                for m in multiples where m * pow(10, Double(e)) <= upper * (1 + 1e-9) {
                    result.append(m * pow(10, Double(e)))
                }
            }
            return result
        }
    }

    /// A short label for a tick value.
    func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.0e", value) }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%g", value)
    }

    /// 1, 2 or 5 × 10^k closest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = pow(10, log10(raw).rounded(.down))
        let fraction = raw / exponent
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * exponent
    }

    /// `value` with the float noise of `k * step` removed.
    private static func clean(_ value: Double, step: Double) -> Double {
        let digits = max(0, -Int(log10(step).rounded(.down)) + 1)
        let factor = pow(10, Double(digits))
        return (value * factor).rounded() / factor
    }
}
