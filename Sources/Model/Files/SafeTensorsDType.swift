/// A safetensors element type, by its header name (`"F32"`); sizes are known for every standard name so
/// files with unreadable tensors still validate and open.
public enum SafeTensorsDType: Hashable, Sendable, CustomStringConvertible {
    case f32
    case f16
    case bf16
    case u8
    case bool
    /// A type this reader can size but not convert (`F64`, `I64`, `F8_E4M3`, ...), or an unknown name.
    case other(String)

    /// Bytes per element of the standard names (nil when unknown).
    private static let otherSizes: [String: Int] = [
        "F64": 8, "I64": 8, "U64": 8, "I32": 4, "U32": 4, "I16": 2, "U16": 2, "I8": 1,
        "F8_E4M3": 1, "F8_E5M2": 1, "F8_E8M0": 1, "C64": 8,
    ]

    /// Parses a header `dtype` string.
    public init(name: String) {
        switch name {
        case "F32": self = .f32
        case "F16": self = .f16
        case "BF16": self = .bf16
        case "U8": self = .u8
        case "BOOL": self = .bool
        default: self = .other(name)
        }
    }

    /// The header name.
    public var name: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .u8: return "U8"
        case .bool: return "BOOL"
        case .other(let name): return name
        }
    }

    /// Bytes per element, or nil for an unknown name.
    public var size: Int? {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .u8, .bool: return 1
        case .other(let name): return SafeTensorsDType.otherSizes[name]
        }
    }

    /// Same as `name`.
    public var description: String { name }
}
