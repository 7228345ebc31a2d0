import Pruning

/// A checked, converted argument value.
public enum ArgumentValue: Equatable {
    /// A whole number.
    case int(Int)
    /// A real number.
    case float(Double)
    /// Free text.
    case string(String)
    /// A truth value.
    case bool(Bool)
    /// One of the words of a `.choice` type.
    case choice(String)
    /// A sparsity pattern.
    case pattern(SparsityPattern)
    /// A path, as written (relative paths are resolved by the verb against the working directory).
    case path(String)
    /// A bound object.
    case object(ObjectHandle)
    /// Several values.
    case list([ArgumentValue])

    /// The value as text, the way it is recorded as a parameter and could be typed again.
    public var text: String {
        switch self {
        case .int(let value): return String(value)
        case .float(let value): return NumberFormat.exact(value)
        case .string(let value), .choice(let value), .path(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .pattern(let value): return value.description
        case .object(let handle): return handle.name
        case .list(let values): return values.map(\.text).joined(separator: ",")
        }
    }

    /// The objects this value refers to, in order.
    public var objects: [ObjectHandle] {
        switch self {
        case .object(let handle): return [handle]
        case .list(let values): return values.flatMap(\.objects)
        default: return []
        }
    }
}
