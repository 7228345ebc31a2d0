import CSQLite
import Foundation

/// A prepared statement: one owner of a `sqlite3_stmt`, finalized in `deinit`.
///
/// Parameters are 1-based (SQLite's convention), columns 0-based.
public final class Statement {
    /// The compiled statement.
    let handle: OpaquePointer
    /// The connection it belongs to (kept open by `sqlite3_close_v2` until this statement is finalized).
    let connection: OpaquePointer
    /// The SQL text of this statement alone.
    public let sql: String

    init(handle: OpaquePointer, connection: OpaquePointer, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// True when the statement makes no direct change to the database file (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// Number of `?` parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Number of result columns (0 for statements that return no rows).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// Result column names, in order.
    public var columnNames: [String] {
        (0..<columnCount).map { i in
            sqlite3_column_name(handle, Int32(i)).map { String(cString: $0) } ?? "column\(i + 1)"
        }
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: connection, sql: sql) }
    }

    /// Binds one value (Int, Int64, Int32, Double, Float, Bool, String, Data, SQLValue or nil) at a 1-based index.
    public func bind(_ value: (any SQLValueConvertible)?, at index: Int) throws {
        let i = Int32(index)
        switch value?.sqlValue ?? .null {
        case .null:
            try check(sqlite3_bind_null(handle, i))
        case .integer(let v):
            try check(sqlite3_bind_int64(handle, i, v))
        case .real(let v):
            try check(sqlite3_bind_double(handle, i, v))
        case .text(let s):
            let bytes = Array(s.utf8)
            try bytes.withUnsafeBufferPointer { buf in
                // An empty buffer may have no base address, which SQLite would bind as NULL.
                let empty: [CChar] = [0]
                if buf.isEmpty {
                    try empty.withUnsafeBufferPointer { e in
                        try check(sqlite3_bind_text(handle, i, e.baseAddress, 0, csqlite_transient()))
                    }
                } else {
                    try buf.withMemoryRebound(to: CChar.self) { c in
                        try check(
                            sqlite3_bind_text64(
                                handle, i, c.baseAddress, UInt64(c.count),
                                csqlite_transient(), UInt8(SQLITE_UTF8)))
                    }
                }
            }
        case .blob(let d):
            if d.isEmpty {
                try check(sqlite3_bind_zeroblob(handle, i, 0))
            } else {
                try d.withUnsafeBytes { raw in
                    try check(sqlite3_bind_blob64(handle, i, raw.baseAddress, UInt64(raw.count), csqlite_transient()))
                }
            }
        }
    }

    /// Binds values to parameters 1…n; the count must match the statement's parameters.
    public func bind(_ values: [(any SQLValueConvertible)?]) throws {
        guard values.count == parameterCount else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "\(values.count) arguments for \(parameterCount) parameters", sql: sql)
        }
        for (k, v) in values.enumerated() { try bind(v, at: k + 1) }
    }

    /// Binds values to named parameters (`:name`, `@name` or `$name`, given with their prefix).
    public func bind(named values: [String: (any SQLValueConvertible)?]) throws {
        for (name, v) in values {
            let index = sqlite3_bind_parameter_index(handle, name)
            guard index > 0 else {
                throw SQLiteError(extendedCode: SQLITE_RANGE, message: "no parameter named \(name)", sql: sql)
            }
            try bind(v, at: Int(index))
        }
    }

    /// Runs one step; true when a row is available, false when the statement is done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(code: rc, connection: connection, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds the statement so it can run again (bindings are kept).
    public func reset() { sqlite3_reset(handle) }

    /// Binds `values` (when given), runs the statement to completion and rewinds it.
    public func execute(_ values: [(any SQLValueConvertible)?] = []) throws {
        defer { reset() }
        if !values.isEmpty || parameterCount > 0 { try bind(values) }
        while try step() {}
    }

    /// Binds `values`, runs the statement and returns every row.
    public func fetchAll(_ values: [(any SQLValueConvertible)?] = []) throws -> [Row] {
        defer { reset() }
        if !values.isEmpty || parameterCount > 0 { try bind(values) }
        let names = columnNames
        var rows: [Row] = []
        while try step() { rows.append(Row(columns: names, values: currentValues())) }
        return rows
    }

    /// The current row's values, all columns.
    public func currentValues() -> [SQLValue] {
        (0..<columnCount).map { value(at: $0) }
    }

    /// True when the column of the current row is NULL.
    public func isNull(at column: Int) -> Bool {
        sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL
    }

    /// The column as a 64-bit integer (NULL reads as 0).
    public func int64(at column: Int) -> Int64 { sqlite3_column_int64(handle, Int32(column)) }

    /// The column as an Int (NULL reads as 0).
    public func int(at column: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(column))) }

    /// The column as a Double (NULL reads as 0).
    public func double(at column: Int) -> Double { sqlite3_column_double(handle, Int32(column)) }

    /// The column as text, nil when NULL.
    public func string(at column: Int) -> String? {
        let c = Int32(column)
        guard sqlite3_column_type(handle, c) != SQLITE_NULL, let p = sqlite3_column_text(handle, c) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, c))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// The column as bytes, nil when NULL.
    public func data(at column: Int) -> Data? {
        let c = Int32(column)
        guard sqlite3_column_type(handle, c) != SQLITE_NULL else { return nil }
        let p = sqlite3_column_blob(handle, c)
        let n = Int(sqlite3_column_bytes(handle, c))
        guard let p, n > 0 else { return Data() }
        return Data(bytes: p, count: n)
    }

    /// The column as an optional Int64.
    public func optionalInt64(at column: Int) -> Int64? { isNull(at: column) ? nil : int64(at: column) }

    /// The column as an optional Double.
    public func optionalDouble(at column: Int) -> Double? { isNull(at: column) ? nil : double(at: column) }

    /// The column in its storage class.
    public func value(at column: Int) -> SQLValue {
        let c = Int32(column)
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, c))
        case SQLITE_TEXT: return .text(string(at: column) ?? "")
        case SQLITE_BLOB: return .blob(data(at: column) ?? Data())
        default: return .null
        }
    }
}
