import Foundation

/// A value as SQLite stores it: one of its five storage classes.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// Display form: `NULL`, numbers in Swift's shortest round-trip form, text as is, blobs as their size.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return s
        case .blob(let d): return "<\(d.count) bytes>"
        }
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as an integer when it is one (reals with an integral value included).
    public var int64: Int64? {
        switch self {
        case .integer(let v): return v
        case .real(let v): return v.rounded() == v && abs(v) < 9.2e18 ? Int64(v) : nil
        default: return nil
        }
    }

    /// The value as a Double when it is numeric.
    public var double: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return nil
        }
    }

    /// The value as text when it is text.
    public var string: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    /// The value as bytes when it is a blob (or text, as UTF-8).
    public var data: Data? {
        switch self {
        case .blob(let d): return d
        case .text(let s): return Data(s.utf8)
        default: return nil
        }
    }
}

/// A Swift type that can be bound to a statement parameter and read back from a column.
public protocol SQLValueConvertible {
    /// The value to bind.
    var sqlValue: SQLValue { get }
    /// Decodes a column value; nil when the storage class does not fit.
    init?(sqlValue: SQLValue)
}

extension SQLValue: SQLValueConvertible {
    /// Identity.
    public var sqlValue: SQLValue { self }
    /// Identity.
    public init?(sqlValue: SQLValue) { self = sqlValue }
}

extension Int64: SQLValueConvertible {
    /// Bound as INTEGER.
    public var sqlValue: SQLValue { .integer(self) }
    /// Reads an INTEGER (or an integral REAL).
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.int64 else { return nil }
        self = v
    }
}

extension Int: SQLValueConvertible {
    /// Bound as INTEGER.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    /// Reads an INTEGER (or an integral REAL).
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.int64 else { return nil }
        self = Int(v)
    }
}

extension Int32: SQLValueConvertible {
    /// Bound as INTEGER.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    /// Reads an INTEGER that fits in 32 bits.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.int64, let n = Int32(exactly: v) else { return nil }
        self = n
    }
}

extension Bool: SQLValueConvertible {
    /// Bound as INTEGER 0/1.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    /// Reads a non-zero INTEGER as true.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.int64 else { return nil }
        self = v != 0
    }
}

extension Double: SQLValueConvertible {
    /// Bound as REAL (SQLite stores NaN as NULL).
    public var sqlValue: SQLValue { .real(self) }
    /// Reads a REAL or INTEGER.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.double else { return nil }
        self = v
    }
}

extension Float: SQLValueConvertible {
    /// Bound as REAL.
    public var sqlValue: SQLValue { .real(Double(self)) }
    /// Reads a REAL or INTEGER.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.double else { return nil }
        self = Float(v)
    }
}

extension String: SQLValueConvertible {
    /// Bound as TEXT.
    public var sqlValue: SQLValue { .text(self) }
    /// Reads TEXT only.
    public init?(sqlValue: SQLValue) {
        guard let s = sqlValue.string else { return nil }
        self = s
    }
}

extension Data: SQLValueConvertible {
    /// Bound as BLOB.
    public var sqlValue: SQLValue { .blob(self) }
    /// Reads a BLOB (or TEXT as UTF-8).
    public init?(sqlValue: SQLValue) {
        guard let d = sqlValue.data else { return nil }
        self = d
    }
}
