/// One pruning run as the report sees it: how it was made and what was measured on it.
public struct RunRecord: Sendable, Equatable {
    /// Pruning method (`wanda`, `sparsegpt`, … or `dense` for the unpruned baseline).
    public var method: String
    /// Sparsity pattern as given (`2:4`, `0.5`).
    public var pattern: String
    /// Calibration source (the text the calibration set came from, or `-`).
    public var calibration: String
    /// The parameters of the commands that made the calibration set (`prefix`, `drop`, `n` …), the nearest
    /// command's value where several set one; what `report vary=` splits rows by.
    public var calibrationSettings: [String: String]
    /// The seed, when the run took one.
    public var seed: Int?
    /// The model that was pruned.
    public var model: String?
    /// Measured (or nominal) sparsity.
    public var sparsity: Double?
    /// Measurements, oldest first (a later one of the same key and dataset wins).
    public var metrics: [RunMetric]

    /// A run.
    public init(
        method: String, pattern: String, calibration: String, calibrationSettings: [String: String] = [:],
        seed: Int? = nil, model: String? = nil, sparsity: Double? = nil, metrics: [RunMetric]
    ) {
        self.method = method
        self.pattern = pattern
        self.calibration = calibration
        self.calibrationSettings = calibrationSettings
        self.seed = seed
        self.model = model
        self.sparsity = sparsity
        self.metrics = metrics
    }

    /// The method name of the unpruned baseline's record.
    public static let denseMethod = "dense"

    /// The record of the unpruned model a run started from (`method` `dense`, no pattern or calibration).
    public static func dense(model: String?, metrics: [RunMetric]) -> RunRecord {
        RunRecord(method: denseMethod, pattern: "-", calibration: "-", model: model, sparsity: 0, metrics: metrics)
    }

    /// Whether this is the unpruned baseline rather than a pruning run.
    public var isDense: Bool { method == Self.denseMethod }

    /// The latest value of `key` on `dataset` (any dataset when nil).
    public func value(_ key: String, dataset: String? = nil) -> Double? {
        metrics.last { $0.key == key && (dataset == nil || $0.dataset == dataset) }?.value
    }

    /// Tasks with an accuracy metric, in the canonical task order (unknown names last, sorted).
    public var tasks: [String] {
        Self.canonicalOrder(Set(metrics.filter { $0.key == "acc" }.compactMap(\.dataset)))
    }

    /// Task names in the canonical task order, unknown names after them in alphabetical order.
    public static func canonicalOrder(_ names: Set<String>) -> [String] {
        names.sorted { a, b in
            switch (TaskName(rawValue: a), TaskName(rawValue: b)) {
            case (let x?, let y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
    }
}
