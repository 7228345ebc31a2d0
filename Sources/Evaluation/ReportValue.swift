import Foundation

/// One cell of a report.
public enum ReportValue: Sendable, Equatable, CustomStringConvertible {
    /// A label.
    case text(String)
    /// A count or single number.
    case number(Double)
    /// A mean over `n` runs with its sample standard deviation (NaN when n = 1).
    case estimate(mean: Double, std: Double, n: Int)
    /// Not measured.
    case missing

    /// The value as a number (the mean of an estimate), nil for text and missing cells.
    public var number: Double? {
        switch self {
        case .number(let v): return v
        case .estimate(let mean, _, _): return mean
        case .text, .missing: return nil
        }
    }

    /// The value as printed with two decimals.
    public var description: String { formatted(decimals: 2) }

    /// The value as printed: estimates as `mean ± std` (just the mean for a single run).
    public func formatted(decimals: Int) -> String {
        switch self {
        case .text(let s): return s
        case .number(let v):
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.\(decimals)f", v)
        case .estimate(let mean, let std, _):
            let m = String(format: "%.\(decimals)f", mean)
            return std.isFinite ? "\(m) ± \(String(format: "%.\(decimals)f", std))" : m
        case .missing: return "-"
        }
    }
}
