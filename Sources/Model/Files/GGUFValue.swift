/// The type tag of a GGUF metadata value, as numbered in the GGUF spec (`gguf_type`).
public enum GGUFValueType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case uint8 = 0
    case int8 = 1
    case uint16 = 2
    case int16 = 3
    case uint32 = 4
    case int32 = 5
    case float32 = 6
    case bool = 7
    case string = 8
    case array = 9
    case uint64 = 10
    case int64 = 11
    case float64 = 12

    /// The encoded size of one value, or nil for strings and arrays (variable length).
    public var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
        case .string, .array: return nil
        }
    }

    /// The spec's name (`UINT32`, `STRING`, ...).
    public var description: String {
        switch self {
        case .uint8: return "UINT8"
        case .int8: return "INT8"
        case .uint16: return "UINT16"
        case .int16: return "INT16"
        case .uint32: return "UINT32"
        case .int32: return "INT32"
        case .float32: return "FLOAT32"
        case .bool: return "BOOL"
        case .string: return "STRING"
        case .array: return "ARRAY"
        case .uint64: return "UINT64"
        case .int64: return "INT64"
        case .float64: return "FLOAT64"
        }
    }
}

/// A GGUF metadata value; arrays carry their element type so empty arrays round-trip.
public enum GGUFValue: Equatable, Sendable, CustomStringConvertible {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case float32(Float)
    case bool(Bool)
    case string(String)
    case array(GGUFValueType, [GGUFValue])
    case uint64(UInt64)
    case int64(Int64)
    case float64(Double)

    /// An array of strings.
    public static func stringArray(_ values: [String]) -> GGUFValue { .array(.string, values.map { .string($0) }) }

    /// An array of int32 values.
    public static func int32Array(_ values: [Int32]) -> GGUFValue { .array(.int32, values.map { .int32($0) }) }

    /// An array of float32 values.
    public static func float32Array(_ values: [Float]) -> GGUFValue {
        .array(.float32, values.map { .float32($0) })
    }

    /// The value's type tag.
    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .float32: return .float32
        case .bool: return .bool
        case .string: return .string
        case .array: return .array
        case .uint64: return .uint64
        case .int64: return .int64
        case .float64: return .float64
        }
    }

    /// Any integer value as `Int` (nil for other types, or a uint64 above `Int.max`).
    public var int: Int? {
        switch self {
        case .uint8(let v): return Int(v)
        case .int8(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint64(let v): return Int(exactly: v)
        case .int64(let v): return Int(v)
        default: return nil
        }
    }

    /// Any numeric value as `Double` (integers converted; nil for bool, string, array).
    public var double: Double? {
        switch self {
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        default: return int.map(Double.init)
        }
    }

    /// Any numeric value as `Float` (a float32 exactly as stored).
    public var float: Float? {
        if case .float32(let v) = self { return v }
        return double.map(Float.init)
    }

    /// The value if it is a bool.
    public var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    /// The value if it is a string.
    public var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The elements if the value is an array.
    public var array: [GGUFValue]? {
        if case .array(_, let values) = self { return values }
        return nil
    }

    /// The elements if the value is an array of strings.
    public var strings: [String]? {
        guard case .array(.string, let values) = self else { return nil }
        return values.compactMap(\.string)
    }

    /// The elements as `Int` if the value is an array of integers.
    public var ints: [Int]? {
        guard case .array(_, let values) = self else { return nil }
        var out: [Int] = []
        out.reserveCapacity(values.count)
        for value in values {
            guard let v = value.int else { return nil }
            out.append(v)
        }
        return out
    }

    /// The elements as `Float` if the value is an array of numbers.
    public var floats: [Float]? {
        guard case .array(_, let values) = self else { return nil }
        var out: [Float] = []
        out.reserveCapacity(values.count)
        for value in values {
            guard let v = value.float else { return nil }
            out.append(v)
        }
        return out
    }

    /// A short rendering: scalars as written, arrays as `[TYPE × n]` with the first elements.
    public var description: String {
        switch self {
        case .uint8(let v): return "\(v)"
        case .int8(let v): return "\(v)"
        case .uint16(let v): return "\(v)"
        case .int16(let v): return "\(v)"
        case .uint32(let v): return "\(v)"
        case .int32(let v): return "\(v)"
        case .uint64(let v): return "\(v)"
        case .int64(let v): return "\(v)"
        case .float32(let v): return "\(v)"
        case .float64(let v): return "\(v)"
        case .bool(let v): return "\(v)"
        case .string(let v): return v.debugDescription
        case .array(let type, let values):
            let head = values.prefix(4).map(\.description).joined(separator: ", ")
            let more = values.count > 4 ? ", …" : ""
            return "[\(type) × \(values.count): \(head)\(more)]"
        }
    }
}
