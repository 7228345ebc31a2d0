import Foundation

/// A mean and its standard error, lm-evaluation-harness's `mean` and `mean_stderr`.
public struct MeanWithStandardError: Sendable, Equatable {
    /// Arithmetic mean.
    public let mean: Double
    /// Sample standard deviation (n − 1) / √n; NaN for fewer than two values (undefined).
    public let standardError: Double
    /// Number of values.
    public let count: Int

    /// The mean and standard error of `values` (which must not be empty).
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "the mean of no values")
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        self.count = values.count
        if values.count < 2 {
            standardError = .nan
        } else {
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardError = (squares / (n - 1)).squareRoot() / n.squareRoot()
        }
    }

    /// The sample standard deviation (n − 1), NaN for fewer than two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return .nan }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    }
}
