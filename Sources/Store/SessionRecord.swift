import Foundation

/// One run of the program against the store.
public struct SessionRecord: Sendable, Equatable {
    /// Row id.
    public let id: Int64
    /// When the session started.
    public let started: Date
    /// When it ended cleanly; nil while running or after a crash.
    public let ended: Date?
    /// Process id of the program.
    public let pid: Int32
    /// Host name of the machine.
    public let host: String
    /// Command-line arguments.
    public let argv: [String]
    /// Program version, when given.
    public let version: String?

    static let columns = "id, started_at, ended_at, pid, host, argv, version"

    init(_ s: Statement) {
        id = s.int64(at: 0)
        started = s.string(at: 1).flatMap(Timestamp.date) ?? Date(timeIntervalSince1970: 0)
        ended = s.string(at: 2).flatMap(Timestamp.date)
        pid = Int32(truncatingIfNeeded: s.int64(at: 3))
        host = s.string(at: 4) ?? ""
        let json = Data((s.string(at: 5) ?? "[]").utf8)
        argv = ((try? JSONSerialization.jsonObject(with: json)) as? [String]) ?? []
        version = s.string(at: 6)
    }
}
