import Foundation

extension Store {
    /// Writes the cell as `running` and commits it before the work starts, so a killed process leaves a trace.
    public func beginCell(source: String, verb: String, boundName: String? = nil) throws -> CellRecord {
        try locked {
            guard let session = currentSession else { throw StoreError.noSession }
            try database.execute(
                """
                INSERT INTO cells(session_id, seq, source, verb, bound_name, status, started_at)
                VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM cells WHERE session_id = ?1), ?2, ?3, ?4,
                        'running', ?5)
                """,
                [session.id, source, verb, boundName, Timestamp.string(Date())])
            let id = database.lastInsertRowID
            guard let cell = try fetchCell(id) else { throw StoreError.invalid("cell \(id) vanished after insert") }
            return cell
        }
    }

    /// Records how a cell ended: `.ok`, `.error` (with its message) or `.interrupted`, with wall and CPU seconds.
    ///
    /// Overwrites whatever status the cell has, so a cell wrongly marked `interrupted` by a recovery gets its
    /// real outcome.
    public func finishCell(
        _ cellID: Int64, status: CellStatus, error: String? = nil, wall: Double, cpu: Double
    )
        throws
    {
        guard status != .running else {
            throw StoreError.invalid("finishCell needs a final status (ok, error or interrupted), not running")
        }
        try locked {
            try database.execute(
                """
                UPDATE cells SET status = ?, error = ?, finished_at = ?, wall_seconds = ?, cpu_seconds = ?
                WHERE id = ?
                """,
                [status.rawValue, error, Timestamp.string(Date()), wall, cpu, cellID])
            guard database.changes == 1 else { throw StoreError.invalid("no cell with id \(cellID)") }
        }
    }

    /// The cell with this id.
    public func cell(id: Int64) throws -> CellRecord? {
        try locked { try fetchCell(id) }
    }

    /// The cells of one session (nil: of all sessions), in order.
    public func cells(session sessionID: Int64? = nil) throws -> [CellRecord] {
        try locked {
            let statement: Statement
            if let sessionID {
                statement = try database.prepare(
                    "SELECT \(CellRecord.columns) FROM cells WHERE session_id = ? ORDER BY seq")
                try statement.bind([sessionID])
            } else {
                statement = try database.prepare("SELECT \(CellRecord.columns) FROM cells ORDER BY id")
            }
            var result: [CellRecord] = []
            while try statement.step() { result.append(CellRecord(statement)) }
            return result
        }
    }

    /// Records the resolved arguments of a cell in one transaction (a key recorded twice keeps the last value).
    public func recordParams(cell cellID: Int64, _ params: [Param]) throws {
        try transaction {
            let statement = try database.prepare(
                """
                INSERT INTO params(cell_id, key, value, type, defaulted) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(cell_id, key) DO UPDATE SET value = excluded.value, type = excluded.type,
                    defaulted = excluded.defaulted
                """)
            for p in params { try statement.execute([cellID, p.key, p.value, p.type, p.defaulted]) }
        }
    }

    /// The recorded arguments of a cell, in the order they were recorded.
    public func params(cell cellID: Int64) throws -> [Param] {
        try locked {
            let statement = try database.prepare(
                "SELECT key, value, type, defaulted FROM params WHERE cell_id = ? ORDER BY id")
            try statement.bind([cellID])
            var result: [Param] = []
            while try statement.step() {
                result.append(
                    Param(
                        key: statement.string(at: 0) ?? "", value: statement.string(at: 1) ?? "",
                        type: statement.string(at: 2) ?? "", defaulted: statement.int(at: 3) != 0))
            }
            return result
        }
    }

    func fetchCell(_ id: Int64) throws -> CellRecord? {
        let statement = try database.prepare("SELECT \(CellRecord.columns) FROM cells WHERE id = ?")
        try statement.bind([id])
        return try statement.step() ? CellRecord(statement) : nil
    }
}
