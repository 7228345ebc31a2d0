import CSQLite
import Foundation

/// One SQLite connection: the single owner of a `sqlite3*`, closed in `deinit`; every return code is checked.
///
/// Not safe to use from two threads at once (the `Store` serializes its calls); `interrupt()` is the exception.
public final class Database: @unchecked Sendable {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read and write, creating the file if it does not exist.
        case readWrite
        /// Read only; the file must exist.
        case readOnly
    }

    /// How a top-level transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Locks on first read/write.
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN (waits up to the busy timeout, then fails with SQLITE_BUSY).
        case immediate = "IMMEDIATE"
        /// Takes an exclusive lock at BEGIN.
        case exclusive = "EXCLUSIVE"
    }

    /// The connection handle.
    let handle: OpaquePointer
    /// The file this connection opened (`:memory:` for an in-memory database).
    public let path: String
    /// How the file was opened.
    public let mode: Mode
    private var savepointCounter = 0

    /// Opens `path`; also sets the busy timeout (seconds), `foreign_keys=ON` and `synchronous=NORMAL`.
    ///
    /// SQLite opens lazily: a file that is not a database only fails at the first read.
    public init(path: String, mode: Mode = .readWrite, busyTimeout: Double = 5) throws {
        var db: OpaquePointer?
        let flags: Int32 =
            (mode == .readWrite ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY)
            | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(code: rc, connection: db, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
        self.mode = mode
        sqlite3_extended_result_codes(db, 1)
        try setBusyTimeout(busyTimeout)
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = NORMAL")
    }

    deinit {
        // close_v2 defers the close until every statement still alive is finalized.
        sqlite3_close_v2(handle)
    }

    /// Waits up to `seconds` for another connection's lock before failing with SQLITE_BUSY.
    public func setBusyTimeout(_ seconds: Double) throws {
        let ms = Int32(clamping: Int((max(0, seconds) * 1000).rounded()))
        try check(sqlite3_busy_timeout(handle, ms), sql: nil)
    }

    func check(_ rc: Int32, sql: String?) throws {
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: handle, sql: sql) }
    }

    /// Row id of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// True inside BEGIN … COMMIT.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// True when the main database was opened read-only (or SQLite fell back to read-only).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Aborts the statement running on this connection (safe from any thread).
    public func interrupt() { sqlite3_interrupt(handle) }

    /// Compiles each statement of `sql` in turn and hands it to `body` (comments and blanks are skipped).
    func forEachStatement(_ sql: String, _ body: (Statement) throws -> Void) throws {
        let bytes = Array(sql.utf8CString)
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let end = base + (buffer.count - 1)
            var cursor = base
            while cursor < end {
                var stmt: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(handle, cursor, Int32(end - cursor), &stmt, &tail)
                guard rc == SQLITE_OK else {
                    sqlite3_finalize(stmt)
                    // The tail of a failed prepare points where parsing stopped: show the rest of the text.
                    let remaining = String(cString: cursor).trimmingCharacters(in: .whitespacesAndNewlines)
                    throw SQLiteError(code: rc, connection: handle, sql: remaining)
                }
                let next = tail ?? end
                let text = String(decoding: UnsafeRawBufferPointer(start: cursor, count: next - cursor), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                cursor = next
                guard let stmt else { continue }
                try body(Statement(handle: stmt, connection: handle, sql: text))
            }
        }
    }

    /// Compiles exactly one statement.
    public func prepare(_ sql: String) throws -> Statement {
        var statements: [Statement] = []
        try forEachStatement(sql) { statements.append($0) }
        guard statements.count == 1, let statement = statements.first else {
            throw SQLiteError(
                extendedCode: SQLITE_MISUSE,
                message: "expected one statement, found \(statements.count)", sql: sql)
        }
        return statement
    }

    /// Runs every statement in `sql` (no parameters), discarding rows.
    public func execute(_ sql: String) throws {
        try forEachStatement(sql) { statement in
            while try statement.step() {}
        }
    }

    /// Runs one statement with positional arguments.
    public func execute(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws {
        try prepare(sql).execute(arguments)
    }

    /// Runs one statement and returns all its rows.
    public func fetchAll(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = []) throws -> [Row] {
        try prepare(sql).fetchAll(arguments)
    }

    /// Runs one statement and returns its first row, if any.
    public func fetchOne(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = []) throws -> Row? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        if !arguments.isEmpty || statement.parameterCount > 0 { try statement.bind(arguments) }
        guard try statement.step() else { return nil }
        return Row(columns: statement.columnNames, values: statement.currentValues())
    }

    /// The first column of the first row (`.null` when there is no row).
    public func scalar(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = []) throws -> SQLValue {
        try fetchOne(sql, arguments)?.values.first ?? .null
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Inside another transaction it becomes a SAVEPOINT, so calls nest.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            savepointCounter += 1
            let name = "secateur_sp\(savepointCounter)"
            try execute("SAVEPOINT \(name)")
            do {
                let result = try body()
                try execute("RELEASE \(name)")
                return result
            } catch {
                try? execute("ROLLBACK TO \(name)")
                try? execute("RELEASE \(name)")
                throw error
            }
        }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}
