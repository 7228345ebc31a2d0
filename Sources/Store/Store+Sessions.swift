import Foundation

extension Store {
    /// The session started by `startSession`, if any.
    public var session: SessionRecord? { locked { currentSession } }

    /// Records the start of a program run (pid, host, argv); cells begun afterwards belong to it.
    @discardableResult
    public func startSession(argv: [String] = CommandLine.arguments, version: String? = nil) throws -> SessionRecord {
        try locked {
            if let current = currentSession {
                throw StoreError.invalid("session \(current.id) is already started on \(path); call endSession first")
            }
            let pid = getpid()
            let argvJSON = String(decoding: try JSONSerialization.data(withJSONObject: argv), as: UTF8.self)
            try database.execute(
                """
                INSERT INTO sessions(started_at, pid, host, argv, version, process_token)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    Timestamp.string(Date()), Int64(pid), ProcessIdentity.hostName, argvJSON, version,
                    ProcessIdentity.token(pid: pid),
                ])
            let id = database.lastInsertRowID
            guard let record = try fetchSession(id) else {
                throw StoreError.invalid("session \(id) vanished right after it was written")
            }
            LiveSessions.shared.insert(database: identity, session: id)
            currentSession = record
            return record
        }
    }

    /// Records a clean end of the current session (a crashed session keeps `ended_at` NULL).
    public func endSession() throws {
        try locked {
            guard let current = currentSession else { return }
            try database.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?", [Timestamp.string(Date()), current.id])
            LiveSessions.shared.remove(database: identity, session: current.id)
            currentSession = nil
        }
    }

    /// Every session, oldest first.
    public func sessions() throws -> [SessionRecord] {
        try locked {
            let statement = try database.prepare("SELECT \(SessionRecord.columns) FROM sessions ORDER BY id")
            var result: [SessionRecord] = []
            while try statement.step() { result.append(SessionRecord(statement)) }
            return result
        }
    }

    func fetchSession(_ id: Int64) throws -> SessionRecord? {
        let statement = try database.prepare("SELECT \(SessionRecord.columns) FROM sessions WHERE id = ?")
        try statement.bind([id])
        return try statement.step() ? SessionRecord(statement) : nil
    }
}
