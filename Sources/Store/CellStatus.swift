/// The state of a cell (one command).
public enum CellStatus: String, Sendable, CaseIterable, Codable {
    /// Written before the work starts; left behind by a killed process.
    case running
    /// Finished successfully.
    case ok
    /// Failed with an error message.
    case error
    /// Cancelled (Ctrl-C), or found `running` after its process died.
    case interrupted
}
