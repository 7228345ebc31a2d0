import Foundation
import Tokenizer

/// Builds a safetensors file byte-for-byte as the reference implementation (`safetensors.torch.save_file`) does:
/// tensors ordered by dtype (F32, BF16, F16, U8, so every tensor is naturally aligned) then name, a compact JSON header with `__metadata__`
/// first, padded with spaces to a multiple of 8 bytes; written to a temporary file and renamed into place.
public struct SafeTensorsWriter {
    private struct Pending {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        let bytes: [UInt8]
    }

    /// The `__metadata__` strings (omitted from the header when empty).
    public var metadata: [String: String]
    private var pending: [String: Pending] = [:]

    /// Starts an empty file.
    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// The names added so far, sorted.
    public var tensorNames: [String] { pending.keys.sorted() }

    /// Adds a tensor of PyTorch `shape` from row-major `values`, stored as `.f32`, `.f16` or `.bf16`.
    public mutating func add(
        _ name: String, shape: [Int], values: UnsafeBufferPointer<Float>, dtype: SafeTensorsDType = .f32
    ) throws {
        try check(name, shape: shape, count: values.count)
        let bytes: [UInt8]
        switch dtype {
        case .f32: bytes = HalfPrecisionEncoding.encode(values, halfKind: nil)
        case .f16: bytes = HalfPrecisionEncoding.encode(values, halfKind: .ieee)
        case .bf16: bytes = HalfPrecisionEncoding.encode(values, halfKind: .brain)
        default:
            throw ModelFileError.invalidArgument(
                file: "the safetensors file", tensor: name,
                reason: "floats can be stored as F32, F16 or BF16, not \(dtype.name) (use add(_:shape:bytes:) for U8)")
        }
        pending[name] = Pending(name: name, dtype: dtype, shape: shape, bytes: bytes)
    }

    /// Adds a float tensor from an array (see the buffer variant).
    public mutating func add(_ name: String, shape: [Int], values: [Float], dtype: SafeTensorsDType = .f32) throws {
        try values.withUnsafeBufferPointer { try add(name, shape: shape, values: $0, dtype: dtype) }
    }

    /// Adds a U8 tensor (e.g. a keep/prune mask, one byte per element).
    public mutating func add(_ name: String, shape: [Int], bytes: [UInt8]) throws {
        try check(name, shape: shape, count: bytes.count)
        pending[name] = Pending(name: name, dtype: .u8, shape: shape, bytes: bytes)
    }

    /// The header JSON (before padding) and the tensor names in data order.
    func layout() -> (json: String, order: [String]) {
        let order = pending.values.sorted { a, b in
            let ra = SafeTensorsWriter.rank(a.dtype)
            let rb = SafeTensorsWriter.rank(b.dtype)
            return ra != rb ? ra > rb : a.name < b.name
        }
        var parts: [String] = []
        if !metadata.isEmpty {
            let entries = metadata.keys.sorted().map { key in
                "\(JSONWriter.quoted(key)):\(JSONWriter.quoted(metadata[key] ?? ""))"
            }
            parts.append("\"__metadata__\":{\(entries.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in order {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let end = offset + tensor.bytes.count
            parts.append(
                "\(JSONWriter.quoted(tensor.name)):{\"dtype\":\"\(tensor.dtype.name)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        return ("{" + parts.joined(separator: ",") + "}", order.map(\.name))
    }

    /// Writes the file atomically.
    public func write(to url: URL) throws {
        let (json, order) = layout()
        var header = Array(json.utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        var prefix = ByteWriter()
        prefix.u64(UInt64(header.count))

        let out = try AtomicFileWriter(url: url)
        try out.write(prefix.bytes)
        try out.write(header)
        for name in order {
            if let tensor = pending[name] { try out.write(tensor.bytes) }
        }
        try out.commit()
    }

    /// The reference implementation's dtype order (its enum declaration order); data is laid out from the
    /// highest rank down, so F32 comes first, then BF16, F16, U8.
    static func rank(_ dtype: SafeTensorsDType) -> Int {
        switch dtype {
        case .bool: return 0
        case .u8: return 1
        case .f16: return 2
        case .bf16: return 3
        case .f32: return 4
        case .other: return -1
        }
    }

    private func check(_ name: String, shape: [Int], count: Int) throws {
        func reject(_ reason: String) -> ModelFileError {
            .invalidArgument(file: "the safetensors file", tensor: name, reason: reason)
        }
        guard !name.isEmpty, name != "__metadata__" else { throw reject("the name is reserved or empty") }
        guard pending[name] == nil else { throw reject("a tensor of this name was already added") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw reject("shape \(shape) has a negative dim") }
        guard shape.reduce(1, *) == count else {
            throw reject("shape \(shape) holds \(shape.reduce(1, *)) values, \(count) given")
        }
    }
}
