import Foundation

/// Mean, spread and quantiles of per-sample scores, with a small terminal histogram.
public struct ScoreSummary: Sendable, Equatable {
    /// The finite scores summarised, in sample order.
    public let values: [Double]
    /// Arithmetic mean.
    public let mean: Double
    /// Population standard deviation.
    public let standardDeviation: Double
    /// Smallest value.
    public let min: Double
    /// 25th percentile (numpy linear).
    public let q25: Double
    /// Median.
    public let median: Double
    /// 75th percentile.
    public let q75: Double
    /// Largest value.
    public let max: Double

    /// The summary of the finite entries of `scores` (all fields NaN when there are none).
    public init(_ scores: [Double]) {
        values = scores.filter(\.isFinite)
        guard !values.isEmpty else {
            (mean, standardDeviation, min, q25, median, q75, max) = (.nan, .nan, .nan, .nan, .nan, .nan, .nan)
            return
        }
        let m = values.reduce(0, +) / Double(values.count)
        mean = m
        standardDeviation = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
        min = values.min() ?? .nan
        max = values.max() ?? .nan
        q25 = percentile(values, 25)
        median = percentile(values, 50)
        q75 = percentile(values, 75)
    }

    /// Counts of values in `bins` equal-width bins from min to max (the last bin includes max).
    public func histogram(bins: Int = 10) -> [Int] {
        guard !values.isEmpty, bins >= 1 else { return [] }
        var counts = [Int](repeating: 0, count: bins)
        let width = (max - min) / Double(bins)
        for v in values {
            let bin = width > 0 ? Swift.min(bins - 1, Int((v - min) / width)) : 0
            counts[bin] += 1
        }
        return counts
    }

    /// The histogram as text, one line per bin: `[-2.31, -2.05)  ████████▍  12`.
    public func histogramText(bins: Int = 10, width: Int = 30) -> String {
        let counts = histogram(bins: bins)
        guard let top = counts.max(), top > 0 else { return "(no finite values)" }
        let step = (max - min) / Double(bins)
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let labels = counts.indices.map { i -> String in
            let lo = min + Double(i) * step
            let hi = i == bins - 1 ? max : min + Double(i + 1) * step
            return "[\(format(lo)), \(format(hi))\(i == bins - 1 ? "]" : ")")"
        }
        let labelWidth = labels.map(\.count).max() ?? 0
        return zip(labels, counts).map { label, count in
            let length = Double(count) / Double(top) * Double(width)
            let full = Int(length)
            let bar = String(repeating: "█", count: full) + eighths[Int((length - Double(full)) * 8)]
            let padded = label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            return "\(padded)  \(bar.padding(toLength: width + 1, withPad: " ", startingAt: 0)) \(count)"
        }.joined(separator: "\n")
    }

    private func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
