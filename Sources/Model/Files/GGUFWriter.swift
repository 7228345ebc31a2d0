import Foundation

/// Builds a GGUF v3 file: metadata of any value kind and F32, F16 or BF16 tensors, each aligned to
/// `alignment`; `write(to:)` writes a temporary file and renames it into place.
public struct GGUFWriter {
    /// A tensor waiting to be written: its ggml dims (ne0 first), type and encoded bytes.
    private struct Pending {
        let name: String
        let dims: [Int]
        let type: GGMLType
        let bytes: [UInt8]
    }

    /// The data alignment; stored as `general.alignment` when it is not the default 32.
    public let alignment: Int
    /// Metadata keys in the order they will be written.
    public private(set) var metadataKeys: [String] = []
    private var metadata: [String: GGUFValue] = [:]
    private var pending: [Pending] = []
    private var names: Set<String> = []

    /// The longest tensor name ggml accepts (GGML_MAX_NAME − 1 bytes).
    public static let maxNameBytes = 63

    /// Starts an empty file; `alignment` must be a positive power of two.
    public init(alignment: Int = GGUFFile.defaultAlignment) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "GGUF alignment must be a power of two")
        self.alignment = alignment
        if alignment != GGUFFile.defaultAlignment {
            setMetadata("general.alignment", .uint32(UInt32(alignment)))
        }
    }

    /// The value stored for `key`, if any.
    public func metadata(_ key: String) -> GGUFValue? { metadata[key] }

    /// Sets `key` (replacing an earlier value in place, keeping its position).
    public mutating func setMetadata(_ key: String, _ value: GGUFValue) {
        if metadata.updateValue(value, forKey: key) == nil {
            metadataKeys.append(key)
        }
    }

    /// Copies every metadata entry of `file`, in file order (for re-writing a model with new tensors).
    public mutating func copyMetadata(from file: GGUFFile, excluding: Set<String> = ["general.alignment"]) {
        for key in file.metadataKeys where !excluding.contains(key) {
            if let value = file.metadata[key] { setMetadata(key, value) }
        }
    }

    /// Adds a tensor of PyTorch `shape` (rows first, 1–4 dims) from row-major `values`, stored as `type`
    /// (`.f32`, `.f16` or `.bf16`).
    public mutating func addTensor(
        _ name: String, shape: [Int], values: UnsafeBufferPointer<Float>, type: GGMLType = .f32
    ) throws {
        func reject(_ reason: String) -> ModelFileError {
            .invalidArgument(file: "the GGUF file", tensor: name, reason: reason)
        }
        guard !name.isEmpty, name.utf8.count <= GGUFWriter.maxNameBytes else {
            throw reject("the name must be 1–\(GGUFWriter.maxNameBytes) bytes")
        }
        guard !names.contains(name) else { throw reject("a tensor of this name was already added") }
        guard (1...4).contains(shape.count), shape.allSatisfy({ $0 > 0 }) else {
            throw reject("shape \(shape) must have 1–4 positive dims")
        }
        guard shape.reduce(1, *) == values.count else {
            throw reject("shape \(shape) holds \(shape.reduce(1, *)) values, \(values.count) given")
        }
        let bytes: [UInt8]
        switch type {
        case .f32: bytes = HalfPrecisionEncoding.encode(values, halfKind: nil)
        case .f16: bytes = HalfPrecisionEncoding.encode(values, halfKind: .ieee)
        case .bf16: bytes = HalfPrecisionEncoding.encode(values, halfKind: .brain)
        default: throw reject("type \(type.name) cannot be written (use F32, F16 or BF16)")
        }
        names.insert(name)
        pending.append(Pending(name: name, dims: shape.reversed(), type: type, bytes: bytes))
    }

    /// Adds a tensor from an array (see the buffer variant).
    public mutating func addTensor(_ name: String, shape: [Int], values: [Float], type: GGMLType = .f32) throws {
        try values.withUnsafeBufferPointer { try addTensor(name, shape: shape, values: $0, type: type) }
    }

    /// Writes the file (v3, little-endian) atomically.
    public func write(to url: URL) throws {
        if let stored = metadata["general.alignment"], stored.int != alignment {
            throw ModelFileError.invalidArgument(
                file: url.lastPathComponent, tensor: "general.alignment",
                reason: "metadata says \(stored) but the writer aligns to \(alignment)")
        }
        var header = ByteWriter()
        header.raw(Array("GGUF".utf8))
        header.u32(3)
        header.u64(UInt64(pending.count))
        header.u64(UInt64(metadataKeys.count))
        for key in metadataKeys {
            guard let value = metadata[key] else { continue }
            header.string(key)
            header.u32(value.type.rawValue)
            try GGUFWriter.encode(value, key: key, file: url.lastPathComponent, into: &header)
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in pending {
            header.string(tensor.name)
            header.u32(UInt32(tensor.dims.count))
            for dim in tensor.dims { header.u64(UInt64(dim)) }
            header.u32(tensor.type.rawValue)
            header.u64(UInt64(offset))
            offsets.append(offset)
            offset = GGUFWriter.aligned(offset + tensor.bytes.count, alignment)
        }
        header.pad(to: alignment)

        let out = try AtomicFileWriter(url: url)
        try out.write(header.bytes)
        var written = 0
        for (tensor, start) in zip(pending, offsets) {
            try out.writeZeros(start - written)
            try out.write(tensor.bytes)
            written = start + tensor.bytes.count
        }
        try out.writeZeros(GGUFWriter.aligned(written, alignment) - written)
        try out.commit()
    }

    static func aligned(_ n: Int, _ alignment: Int) -> Int {
        (n + alignment - 1) / alignment * alignment
    }

    /// Encodes a value's payload (its type tag is written by the caller); array elements must match the
    /// declared element type.
    static func encode(_ value: GGUFValue, key: String, file: String, into out: inout ByteWriter) throws {
        switch value {
        case .uint8(let v): out.raw([v])
        case .int8(let v): out.raw([UInt8(bitPattern: v)])
        case .uint16(let v): out.u16(v)
        case .int16(let v): out.u16(UInt16(bitPattern: v))
        case .uint32(let v): out.u32(v)
        case .int32(let v): out.u32(UInt32(bitPattern: v))
        case .uint64(let v): out.u64(v)
        case .int64(let v): out.u64(UInt64(bitPattern: v))
        case .float32(let v): out.u32(v.bitPattern)
        case .float64(let v): out.u64(v.bitPattern)
        case .bool(let v): out.raw([v ? 1 : 0])
        case .string(let v): out.string(v)
        case .array(let elementType, let elements):
            out.u32(elementType.rawValue)
            out.u64(UInt64(elements.count))
            for (index, element) in elements.enumerated() {
                guard element.type == elementType else {
                    throw ModelFileError.invalidArgument(
                        file: file, tensor: "metadata \(key)",
                        reason: "element \(index) is \(element.type) in an array of \(elementType)")
                }
                try encode(element, key: key, file: file, into: &out)
            }
        }
    }
}
