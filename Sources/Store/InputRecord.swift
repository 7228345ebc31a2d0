/// Lineage: a cell used an object in a role.
public struct InputRecord: Sendable, Equatable {
    /// The cell that used the object.
    public let cellID: Int64
    /// The object used.
    public let objectID: Int64
    /// The argument it came through (`model`, `calib`, `from`, `on` …).
    public let role: String
}
