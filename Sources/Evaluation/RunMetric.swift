/// One measurement attached to a run (a metric on its mask or on the model built from it).
public struct RunMetric: Sendable, Equatable {
    /// What was measured: `acc`, `acc_norm`, `ppl`, `avg_acc` …
    public var key: String
    /// The task or dataset it was measured on (`piqa`, `squad_dev` …), nil when not tied to one.
    public var dataset: String?
    /// The value.
    public var value: Double

    /// A measurement.
    public init(key: String, dataset: String? = nil, value: Double) {
        self.key = key
        self.dataset = dataset
        self.value = value
    }
}
