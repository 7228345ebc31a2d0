import Foundation

/// One command as recorded in the store.
public struct CellRecord: Sendable, Equatable {
    /// Row id.
    public let id: Int64
    /// The session it ran in.
    public let sessionID: Int64
    /// 1-based position within the session.
    public let seq: Int
    /// The command text as typed.
    public let source: String
    /// The verb (`prune`, `eval` …, or a meta command such as `.sql`).
    public let verb: String
    /// The name on the left of `=`, if any.
    public let boundName: String?
    /// running / ok / error / interrupted.
    public let status: CellStatus
    /// The error message for `error` (and the reason for `interrupted`).
    public let error: String?
    /// When the work started.
    public let started: Date
    /// When it finished (or was found interrupted).
    public let finished: Date?
    /// Wall-clock seconds.
    public let wallSeconds: Double?
    /// CPU seconds (all threads).
    public let cpuSeconds: Double?

    static let columns =
        "id, session_id, seq, source, verb, bound_name, status, error, started_at, finished_at, wall_seconds, cpu_seconds"

    init(_ s: Statement) {
        id = s.int64(at: 0)
        sessionID = s.int64(at: 1)
        seq = s.int(at: 2)
        source = s.string(at: 3) ?? ""
        verb = s.string(at: 4) ?? ""
        boundName = s.string(at: 5)
        status = CellStatus(rawValue: s.string(at: 6) ?? "") ?? .error
        error = s.string(at: 7)
        started = s.string(at: 8).flatMap(Timestamp.date) ?? Date(timeIntervalSince1970: 0)
        finished = s.string(at: 9).flatMap(Timestamp.date)
        wallSeconds = s.optionalDouble(at: 10)
        cpuSeconds = s.optionalDouble(at: 11)
    }
}
