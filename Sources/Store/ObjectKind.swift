/// What a named object is.
public enum ObjectKind: String, Sendable, CaseIterable, Codable {
    /// A language model (dense or pruned).
    case model
    /// A source of raw documents.
    case text
    /// A calibration set: token sequences with provenance.
    case calib
    /// Per-layer keep/prune bits, plus updated weights where the method changes them.
    case mask
    /// A table of metrics.
    case result
}
