/// A measurement to record on an object (see `Store.recordMetrics`).
public struct Metric: Sendable, Equatable {
    /// What was measured (`ppl`, `acc`, `acc_norm`, `avg_acc`, `sparsity` …).
    public let key: String
    /// The value (NaN is stored as NULL and reads back as NaN).
    public let value: Double
    /// The layer it refers to; nil for the whole object.
    public let layer: Int?
    /// The dataset or task it was measured on.
    public let dataset: String?

    /// Makes a measurement.
    public init(key: String, value: Double, layer: Int? = nil, dataset: String? = nil) {
        self.key = key
        self.value = value
        self.layer = layer
        self.dataset = dataset
    }
}

/// A recorded measurement.
public struct MetricRecord: Sendable, Equatable {
    /// Row id (later measurements have larger ids).
    public let id: Int64
    /// The object measured.
    public let objectID: Int64
    /// The cell that measured it.
    public let cellID: Int64?
    /// What was measured.
    public let key: String
    /// The value (NaN when stored as NULL).
    public let value: Double
    /// The layer, nil for the whole object.
    public let layer: Int?
    /// The dataset or task.
    public let dataset: String?

    static let columns = "id, object_id, cell_id, key, value, layer, dataset"

    init(_ s: Statement) {
        id = s.int64(at: 0)
        objectID = s.int64(at: 1)
        cellID = s.optionalInt64(at: 2)
        key = s.string(at: 3) ?? ""
        value = s.optionalDouble(at: 4) ?? .nan
        layer = s.optionalInt64(at: 5).map { Int($0) }
        dataset = s.string(at: 6)
    }

    /// Equality that treats two NaN values as equal.
    public static func == (a: MetricRecord, b: MetricRecord) -> Bool {
        a.id == b.id && a.objectID == b.objectID && a.cellID == b.cellID && a.key == b.key
            && (a.value == b.value || (a.value.isNaN && b.value.isNaN)) && a.layer == b.layer && a.dataset == b.dataset
    }
}
