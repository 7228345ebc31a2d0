/// A named sample of values (e.g. the Min-K%++ scores of one calibration set).
public struct HistogramSeries: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// The sample.
    public var values: [Double]

    /// A sample.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}
