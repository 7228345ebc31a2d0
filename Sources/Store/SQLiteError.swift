import CSQLite
import Foundation

/// A failed sqlite3 call: its result code, SQLite's message and the SQL being executed.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Primary result code (`SQLITE_CONSTRAINT` = 19, `SQLITE_BUSY` = 5 …).
    public var code: Int32 { extendedCode & 0xFF }
    /// Extended result code (`SQLITE_CONSTRAINT_NOTNULL` = 1299 …).
    public let extendedCode: Int32
    /// The message from `sqlite3_errmsg` (or `sqlite3_errstr` when there is no connection).
    public let message: String
    /// The statement that failed, when there is one.
    public let sql: String?

    /// Makes an error from explicit parts.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Makes an error from a connection's last error (falls back to the generic text for `code`).
    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        var message = String(cString: sqlite3_errstr(code))
        var extended = code
        if let db = connection {
            let ext = sqlite3_extended_errcode(db)
            // The connection's error may belong to a later call; only trust it when it matches this failure.
            if ext & 0xFF == code & 0xFF {
                extended = ext
                message = String(cString: sqlite3_errmsg(db))
                // A full disk surfaces as an I/O error of the write that hit it: name the cause.
                if code & 0xFF == SQLITE_FULL || (code & 0xFF == SQLITE_IOERR && sqlite3_system_errno(db) == ENOSPC) {
                    message += " (no space left on device)"
                }
            }
        }
        self.init(extendedCode: extended, message: message, sql: sql)
    }

    /// `SQLite error 19: NOT NULL constraint failed: t.a - while executing `INSERT …``.
    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }

    /// True for errors that mean the file cannot be written.
    public var isReadOnly: Bool { code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_CANTOPEN }
}
