import Store

/// The type of a verb argument: how its text is checked, converted, shown in usage and completed.
public indirect enum ArgumentType: Sendable {
    /// A whole number, optionally limited to a range (`n=128`).
    case int(ClosedRange<Int>? = nil)
    /// A real number, optionally limited to a range (`temperature=0.6`).
    case float(ClosedRange<Double>? = nil)
    /// Any text (`prompt="Once upon"`).
    case string
    /// `true`/`false` (also `on`/`off`, `yes`/`no`, `1`/`0`).
    case bool
    /// One of a fixed set of words (`method=wanda`).
    case choice([String])
    /// A sparsity pattern: a fraction (`0.6`, `60%`) or N:M (`2:4`).
    case pattern
    /// A file or folder path.
    case path(PathRole)
    /// The name of an object of one of these kinds.
    case object([ObjectKind])
    /// Comma-separated values of one type (`tasks=piqa,arc_easy`).
    case list(ArgumentType)
    /// The first of these types the value fits (`on=` a text object or a path).
    case oneOf([ArgumentType])

    /// How a path argument is used: it decides existence checks and what completion offers.
    public enum PathRole: Sendable, Equatable {
        /// An existing file or folder to read; completion prefers these extensions (empty: any).
        case input(extensions: [String])
        /// A file or folder to write; it need not exist.
        case output(extensions: [String])
    }

    /// A whole number of at least `range.lowerBound` (`.int(1...)`).
    public static func int(_ range: PartialRangeFrom<Int>) -> ArgumentType {
        .int(range.lowerBound...Int.max)
    }

    /// A real number of at least `range.lowerBound` (`.float(0...)`).
    public static func float(_ range: PartialRangeFrom<Double>) -> ArgumentType {
        .float(range.lowerBound...Double.greatestFiniteMagnitude)
    }

    /// The placeholder shown in usage lines: `INT`, `FLOAT`, `a|b|c`, `0.6|2:4`, `PATH`, `MODEL`.
    public var metavariable: String {
        switch self {
        case .int: return "INT"
        case .float: return "FLOAT"
        case .string: return "TEXT"
        case .bool: return "true|false"
        case .choice(let values): return values.joined(separator: "|")
        case .pattern: return "0.6|2:4"
        case .path: return "PATH"
        case .object(let kinds): return kinds.map { $0.rawValue.uppercased() }.joined(separator: "|")
        case .list(let element): return "\(element.metavariable),…"
        case .oneOf(let types): return types.map(\.metavariable).joined(separator: "|")
        }
    }

    /// The type name recorded with parameters in the store (`int`, `float`, `string`, `bool`, `object`,
    /// `pattern`, `list`, `path`).
    public var storeName: String {
        switch self {
        case .int: return "int"
        case .float: return "float"
        case .string, .choice: return "string"
        case .bool: return "bool"
        case .pattern: return "pattern"
        case .path: return "path"
        case .object: return "object"
        case .list: return "list"
        case .oneOf(let types): return types.first?.storeName ?? "string"
        }
    }

    /// The object kinds this type accepts anywhere inside it (for completion and lineage).
    public var objectKinds: [ObjectKind] {
        switch self {
        case .object(let kinds): return kinds
        case .list(let element): return element.objectKinds
        case .oneOf(let types): return types.flatMap(\.objectKinds)
        default: return []
        }
    }

    /// The words completion offers for this type (choices and booleans), if it has a fixed set.
    public var choices: [String] {
        switch self {
        case .choice(let values): return values
        case .bool: return ["true", "false"]
        case .list(let element): return element.choices
        case .oneOf(let types): return types.flatMap(\.choices)
        default: return []
        }
    }

    /// The path role, if the type accepts a path anywhere inside it.
    public var pathRole: PathRole? {
        switch self {
        case .path(let role): return role
        case .list(let element): return element.pathRole
        case .oneOf(let types): return types.lazy.compactMap(\.pathRole).first
        default: return nil
        }
    }
}
