/// Which runs a report includes; nil fields match everything. The dense baseline is the reference of every
/// pattern, sparsity and calibration source: only `model` and `method` filter it out.
public struct RunFilter: Sendable, Equatable {
    /// Only runs of this model.
    public var model: String?
    /// Only runs with this pattern (`2:4`, `0.5`).
    public var pattern: String?
    /// Only runs at this sparsity (within 1e-6).
    public var sparsity: Double?
    /// Only runs of this method.
    public var method: String?
    /// Only runs calibrated on this source.
    public var calibration: String?

    /// A filter.
    public init(
        model: String? = nil, pattern: String? = nil, sparsity: Double? = nil, method: String? = nil,
        calibration: String? = nil
    ) {
        self.model = model
        self.pattern = pattern
        self.sparsity = sparsity
        self.method = method
        self.calibration = calibration
    }

    /// Whether `run` passes every given condition.
    public func matches(_ run: RunRecord) -> Bool {
        if let model, run.model != model { return false }
        if let method, run.method != method { return false }
        if run.isDense { return true }
        if let pattern, run.pattern != pattern { return false }
        if let calibration, run.calibration != calibration { return false }
        if let sparsity {
            guard let s = run.sparsity, abs(s - sparsity) <= 1e-6 else { return false }
        }
        return true
    }
}
