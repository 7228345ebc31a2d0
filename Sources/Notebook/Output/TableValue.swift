import Store

/// One cell of a result table.
public enum TableValue: Equatable, Sendable {
    /// No value.
    case null
    /// A whole number.
    case int(Int64)
    /// A real number.
    case float(Double)
    /// Text.
    case text(String)
    /// A truth value.
    case bool(Bool)

    /// A value read from SQLite (blobs become `<n bytes>`).
    public init(_ value: SQLValue) {
        switch value {
        case .null: self = .null
        case .integer(let integer): self = .int(integer)
        case .real(let real): self = .float(real)
        case .text(let text): self = .text(text)
        case .blob(let data): self = .text("<\(data.count) bytes>")
        }
    }

    /// True for numbers (right-aligned in tables).
    public var isNumeric: Bool {
        switch self {
        case .int, .float: return true
        default: return false
        }
    }

    /// The value for people: floats to significant digits, null as `NULL`.
    public var display: String {
        switch self {
        case .null: return "NULL"
        case .int(let value): return String(value)
        case .float(let value): return NumberFormat.significant(value)
        case .text(let value): return value
        case .bool(let value): return value ? "true" : "false"
        }
    }

    /// The value for machines: floats exact, null empty.
    public var exact: String {
        switch self {
        case .null: return ""
        case .int(let value): return String(value)
        case .float(let value): return NumberFormat.exact(value)
        case .text(let value): return value
        case .bool(let value): return value ? "true" : "false"
        }
    }
}

extension TableValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// A text cell.
    public init(stringLiteral value: String) { self = .text(value) }
    /// An integer cell.
    public init(integerLiteral value: Int) { self = .int(Int64(value)) }
    /// A real cell.
    public init(floatLiteral value: Double) { self = .float(value) }
}
