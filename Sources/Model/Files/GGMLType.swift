import Tensor

/// A ggml tensor storage type, as numbered in `ggml.h` (`enum ggml_type`); unknown numbers are kept, not rejected,
/// so a file opens and only reading that tensor fails. Case names are ggml's own (Q4_0, Q6_K), lower-cased.
public enum GGMLType: Hashable, Sendable, CustomStringConvertible {
    case f32
    case f16
    case q4_0
    case q4_1
    case q5_0
    case q5_1
    case q8_0
    case q8_1
    case q2_K
    case q3_K
    case q4_K
    case q5_K
    case q6_K
    case q8_K
    case iq2_xxs
    case iq2_xs
    case iq3_xxs
    case iq1_s
    case iq4_nl
    case iq3_s
    case iq2_s
    case iq4_xs
    case i8
    case i16
    case i32
    case i64
    case f64
    case iq1_m
    case bf16
    case tq1_0
    case tq2_0
    case mxfp4
    case nvfp4
    case q1_0
    /// A type number this reader does not know.
    case unknown(UInt32)

    /// The known types with their ggml number, name, block size (elements) and block size (bytes).
    private static let table: [(type: GGMLType, raw: UInt32, name: String, block: Int, bytes: Int)] = [
        (.f32, 0, "F32", 1, 4), (.f16, 1, "F16", 1, 2), (.q4_0, 2, "Q4_0", 32, 18), (.q4_1, 3, "Q4_1", 32, 20),
        (.q5_0, 6, "Q5_0", 32, 22), (.q5_1, 7, "Q5_1", 32, 24), (.q8_0, 8, "Q8_0", 32, 34),
        (.q8_1, 9, "Q8_1", 32, 40), (.q2_K, 10, "Q2_K", 256, 84), (.q3_K, 11, "Q3_K", 256, 110),
        (.q4_K, 12, "Q4_K", 256, 144), (.q5_K, 13, "Q5_K", 256, 176), (.q6_K, 14, "Q6_K", 256, 210),
        (.q8_K, 15, "Q8_K", 256, 292), (.iq2_xxs, 16, "IQ2_XXS", 256, 66), (.iq2_xs, 17, "IQ2_XS", 256, 74),
        (.iq3_xxs, 18, "IQ3_XXS", 256, 98), (.iq1_s, 19, "IQ1_S", 256, 50), (.iq4_nl, 20, "IQ4_NL", 32, 18),
        (.iq3_s, 21, "IQ3_S", 256, 110), (.iq2_s, 22, "IQ2_S", 256, 82), (.iq4_xs, 23, "IQ4_XS", 256, 136),
        (.i8, 24, "I8", 1, 1), (.i16, 25, "I16", 1, 2), (.i32, 26, "I32", 1, 4), (.i64, 27, "I64", 1, 8),
        (.f64, 28, "F64", 1, 8), (.iq1_m, 29, "IQ1_M", 256, 56), (.bf16, 30, "BF16", 1, 2),
        (.tq1_0, 34, "TQ1_0", 256, 54), (.tq2_0, 35, "TQ2_0", 256, 66), (.mxfp4, 39, "MXFP4", 32, 17),
        (.nvfp4, 40, "NVFP4", 64, 36), (.q1_0, 41, "Q1_0", 128, 18),
    ]

    private static let byRaw: [UInt32: Int] = Dictionary(
        uniqueKeysWithValues: table.enumerated().map { ($0.element.raw, $0.offset) })

    private static let byType: [GGMLType: Int] = Dictionary(
        uniqueKeysWithValues: table.enumerated().map { ($0.element.type, $0.offset) })

    /// The types `GGUFFile.floats` can dequantize.
    public static let dequantizable: [GGMLType] = WeightEncoding.allCases.map(GGMLType.init)

    /// The type with ggml number `rawValue` (`.unknown` when this reader does not know it).
    public init(rawValue: UInt32) {
        if let index = GGMLType.byRaw[rawValue] {
            self = GGMLType.table[index].type
        } else {
            self = .unknown(rawValue)
        }
    }

    /// The type with ggml name `name` (`"Q4_1"`, case-insensitive), or nil.
    public init?(name: String) {
        let upper = name.uppercased()
        guard let entry = GGMLType.table.first(where: { $0.name == upper }) else { return nil }
        self = entry.type
    }

    private var entry: (type: GGMLType, raw: UInt32, name: String, block: Int, bytes: Int)? {
        GGMLType.byType[self].map { GGMLType.table[$0] }
    }

    /// The ggml type number.
    public var rawValue: UInt32 {
        if case .unknown(let raw) = self { return raw }
        return entry?.raw ?? 0
    }

    /// ggml's name for the type (`"Q4_1"`), or `"type 77"` when unknown.
    public var name: String {
        if case .unknown(let raw) = self { return "type \(raw)" }
        return entry?.name ?? "type \(rawValue)"
    }

    /// Elements per block (1 for plain types); nil when unknown.
    public var blockSize: Int? { entry?.block }

    /// Bytes per block; nil when unknown.
    public var typeSize: Int? { entry?.bytes }

    /// Whether `GGUFFile.floats` can read this type.
    public var isDequantizable: Bool { encoding != nil }

    /// The resident encoding of this type (the decoder and kernels that consume it), nil when there is none.
    public var encoding: WeightEncoding? {
        switch self {
        case .f32: return .f32
        case .f16: return .f16
        case .bf16: return .bf16
        case .q8_0: return .q8_0
        case .q4_0: return .q4_0
        case .q4_1: return .q4_1
        case .q5_0: return .q5_0
        case .q5_1: return .q5_1
        case .q4_K: return .q4_K
        case .q5_K: return .q5_K
        case .q6_K: return .q6_K
        default: return nil
        }
    }

    /// The ggml type of a resident encoding.
    public init(_ encoding: WeightEncoding) {
        switch encoding {
        case .f32: self = .f32
        case .f16: self = .f16
        case .bf16: self = .bf16
        case .q8_0: self = .q8_0
        case .q4_0: self = .q4_0
        case .q4_1: self = .q4_1
        case .q5_0: self = .q5_0
        case .q5_1: self = .q5_1
        case .q4_K: self = .q4_K
        case .q5_K: self = .q5_K
        case .q6_K: self = .q6_K
        }
    }

    /// Same as `name`.
    public var description: String { name }
}
