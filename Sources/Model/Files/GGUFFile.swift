import Foundation
import Tensor

/// A GGUF (v2 or v3, little-endian) file mapped into memory: metadata, tensor table, and dequantized tensors
/// on demand. Layout: magic `GGUF`, u32 version, u64 tensor count, u64 metadata count, the metadata, the tensor
/// table, padding to `general.alignment` (default 32), then the data section that tensor offsets are relative to.
public final class GGUFFile: TensorTable {
    /// The alignment of the data section when `general.alignment` is absent.
    public static let defaultAlignment = 32
    /// The deepest nesting of arrays accepted in metadata (guards the parser against hostile files).
    static let maxArrayDepth = 16

    /// Where the file was opened from.
    public let url: URL
    /// The GGUF version (2 or 3).
    public let version: UInt32
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Metadata values by key.
    public let metadata: [String: GGUFValue]
    /// Tensor names in file order.
    public let tensorNames: [String]
    /// The tensor table by name.
    public let tensors: [String: GGUFTensorInfo]
    /// The data-section alignment (`general.alignment`, default 32).
    public let alignment: Int
    /// The absolute byte offset of the data section.
    public let dataOffset: Int

    private let file: MappedFile

    /// Opens and validates `url`: header, metadata, tensor table, and that every tensor lies inside the file.
    public init(url: URL) throws {
        self.url = url
        file = try MappedFile(url: url)
        let name = file.displayName
        var reader = ByteReader(bytes: file.bytes, file: name)

        try reader.require(4, "the magic number")
        let magic = Array(file.bytes[0..<4])
        guard magic == Array("GGUF".utf8) else {
            throw ModelFileError.badMagic(file: name, expected: "GGUF", found: GGUFFile.describeMagic(magic))
        }
        reader.position = 4
        version = try reader.integer(UInt32.self, "the version")
        guard version == 2 || version == 3 else {
            throw ModelFileError.unsupportedVersion(file: name, version: version)
        }
        let tensorCount = try reader.count("the tensor count")
        let keyCount = try reader.count("the metadata count")
        // Each metadata entry takes at least 13 bytes and each tensor entry at least 24: a count that cannot fit
        // means the header is corrupt (and must not drive a huge allocation).
        try reader.require(keyCount, each: 13, "the metadata (\(keyCount) entries)")

        var keys: [String] = []
        var values: [String: GGUFValue] = [:]
        keys.reserveCapacity(keyCount)
        for index in 0..<keyCount {
            let key = try reader.string("the key of metadata entry \(index)")
            let rawType = try reader.integer(UInt32.self, "the type of metadata \(key)")
            guard let type = GGUFValueType(rawValue: rawType) else {
                throw ModelFileError.invalidMetadata(file: name, key: key, reason: "unknown value type \(rawType)")
            }
            let value = try GGUFFile.readValue(type, key: key, depth: 0, reader: &reader)
            if values.updateValue(value, forKey: key) != nil {
                throw ModelFileError.invalidMetadata(file: name, key: key, reason: "the key appears twice")
            }
            keys.append(key)
        }
        metadataKeys = keys
        metadata = values

        var align = GGUFFile.defaultAlignment
        if let value = values["general.alignment"] {
            guard let a = value.int, a > 0, a & (a - 1) == 0 else {
                throw ModelFileError.invalidMetadata(
                    file: name, key: "general.alignment", reason: "\(value) is not a positive power of two")
            }
            align = a
        }
        alignment = align

        try reader.require(tensorCount, each: 24, "the tensor table (\(tensorCount) entries)")
        var names: [String] = []
        var table: [String: GGUFTensorInfo] = [:]
        names.reserveCapacity(tensorCount)
        for index in 0..<tensorCount {
            let info = try GGUFFile.readTensorInfo(index: index, alignment: align, reader: &reader)
            if table.updateValue(info, forKey: info.name) != nil {
                throw ModelFileError.invalidTensorInfo(file: name, tensor: info.name, reason: "the name appears twice")
            }
            names.append(info.name)
        }
        tensorNames = names
        tensors = table

        let start = (reader.position + align - 1) / align * align
        dataOffset = start
        var ranges: [(name: String, bytes: Range<Int>)] = []
        for tensorName in names {
            guard let info = table[tensorName], let bytes = info.byteCount else { continue }
            let (begin, overflow1) = start.addingReportingOverflow(info.offset)
            let (end, overflow2) = begin.addingReportingOverflow(bytes)
            if overflow1 || overflow2 || end > file.count {
                throw ModelFileError.tensorOutOfBounds(
                    file: name, tensor: tensorName, start: overflow1 ? Int.max : begin, end: overflow2 ? Int.max : end,
                    fileSize: file.count)
            }
            ranges.append((tensorName, info.offset..<(info.offset + bytes)))
        }
        try checkTensorByteRanges(ranges, alignment: align, file: name)
    }

    /// Opens the GGUF file at `path`.
    public convenience init(path: String) throws {
        try self.init(url: URL(fileURLWithPath: path))
    }

    /// The file's name, as errors show it.
    public var fileName: String { file.displayName }

    /// The file size in bytes.
    public var fileSize: Int { file.count }

    /// The metadata value for `key`, if present.
    public subscript(key: String) -> GGUFValue? { metadata[key] }

    /// Dequantizes `name` straight into `buffer` (exactly the tensor's element count), using every core; PyTorch's
    /// row-major order is ggml's memory order.
    public func readFloats(_ name: String, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        let info = try info(name)
        guard info.type.isDequantizable else {
            throw ModelFileError.unsupportedTensorType(file: file.displayName, tensor: name, type: info.type.name)
        }
        precondition(
            buffer.count == info.elementCount,
            "readFloats(\(name)): buffer holds \(buffer.count) floats, tensor has \(info.elementCount)")
        try withRawBytes(name) { bytes in
            try GGMLDequantizer.dequantize(
                info.type, bytes: bytes, count: info.elementCount, into: buffer, file: file.displayName, tensor: name)
        }
    }

    /// The tensor as a view of the mapped file in its encoding; F32 (and types without kernels: an error) as before.
    public func weight(_ name: String) throws -> Weight {
        let info = try info(name)
        guard let encoding = info.type.encoding else {
            throw ModelFileError.unsupportedTensorType(file: file.displayName, tensor: name, type: info.type.name)
        }
        let shape = info.shape
        precondition(shape.count == 2, "weight(\(name)): the caller checks the shape is 2-D")
        if encoding == .f32 { return try floatWeight(name) }
        guard let bytes = file.bytes.baseAddress else { preconditionFailure("a tensor lies inside a non-empty file") }
        return Weight(
            encoding: encoding, rows: shape[0], cols: shape[1], bytes: bytes + dataOffset + info.offset, owner: file,
            mapped: true)
    }

    /// Calls `body` with the stored (possibly quantized) bytes of `name`; the pointer is valid only inside `body`.
    public func withRawBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let info = try info(name)
        guard let count = info.byteCount else {
            throw ModelFileError.unsupportedTensorType(file: file.displayName, tensor: name, type: info.type.name)
        }
        let begin = dataOffset + info.offset
        return try withExtendedLifetime(file) {
            try body(UnsafeRawBufferPointer(rebasing: file.bytes[begin..<(begin + count)]))
        }
    }

    /// Reads one metadata value of `type` (recursing into arrays).
    static func readValue(
        _ type: GGUFValueType, key: String, depth: Int, reader: inout ByteReader
    ) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try reader.integer(UInt8.self, "metadata \(key)"))
        case .int8: return .int8(try reader.integer(Int8.self, "metadata \(key)"))
        case .uint16: return .uint16(try reader.integer(UInt16.self, "metadata \(key)"))
        case .int16: return .int16(try reader.integer(Int16.self, "metadata \(key)"))
        case .uint32: return .uint32(try reader.integer(UInt32.self, "metadata \(key)"))
        case .int32: return .int32(try reader.integer(Int32.self, "metadata \(key)"))
        case .uint64: return .uint64(try reader.integer(UInt64.self, "metadata \(key)"))
        case .int64: return .int64(try reader.integer(Int64.self, "metadata \(key)"))
        case .float32: return .float32(Float(bitPattern: try reader.integer(UInt32.self, "metadata \(key)")))
        case .float64: return .float64(Double(bitPattern: try reader.integer(UInt64.self, "metadata \(key)")))
        case .bool:
            let byte = try reader.integer(UInt8.self, "metadata \(key)")
            guard byte <= 1 else {
                throw ModelFileError.invalidMetadata(file: reader.file, key: key, reason: "bool byte is \(byte)")
            }
            return .bool(byte == 1)
        case .string: return .string(try reader.string("metadata \(key)"))
        case .array:
            guard depth < maxArrayDepth else {
                throw ModelFileError.invalidMetadata(
                    file: reader.file, key: key, reason: "arrays nested deeper than \(maxArrayDepth)")
            }
            let rawType = try reader.integer(UInt32.self, "the element type of metadata \(key)")
            guard let elementType = GGUFValueType(rawValue: rawType) else {
                throw ModelFileError.invalidMetadata(
                    file: reader.file, key: key, reason: "unknown array element type \(rawType)")
            }
            let count = try reader.count("the length of metadata \(key)")
            // Strings and arrays take at least 8 bytes each: reject counts the rest of the file cannot hold.
            try reader.require(count, each: elementType.fixedSize ?? 8, "\(count) elements of metadata \(key)")
            var elements: [GGUFValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                elements.append(try readValue(elementType, key: key, depth: depth + 1, reader: &reader))
            }
            return .array(elementType, elements)
        }
    }

    /// Reads one tensor-table entry and checks its dims, type and offset alignment.
    static func readTensorInfo(index: Int, alignment: Int, reader: inout ByteReader) throws -> GGUFTensorInfo {
        let name = try reader.string("the name of tensor \(index)")
        let rank = try reader.integer(UInt32.self, "the rank of tensor \(name)")
        guard rank <= 4 else {
            throw ModelFileError.invalidTensorInfo(
                file: reader.file, tensor: name, reason: "\(rank) dims (ggml allows 4)")
        }
        var dims: [Int] = []
        var elements = 1
        for axis in 0..<Int(rank) {
            let dim = try reader.integer(UInt64.self, "dim \(axis) of tensor \(name)")
            guard dim <= UInt64(Int.max) else {
                throw ModelFileError.invalidTensorInfo(file: reader.file, tensor: name, reason: "dim \(axis) is \(dim)")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
            guard !overflow else {
                throw ModelFileError.invalidTensorInfo(
                    file: reader.file, tensor: name, reason: "element count overflows (dims \(dims + [Int(dim)]))")
            }
            elements = product
            dims.append(Int(dim))
        }
        let type = GGMLType(rawValue: try reader.integer(UInt32.self, "the type of tensor \(name)"))
        let offset = try reader.integer(UInt64.self, "the offset of tensor \(name)")
        guard offset <= UInt64(Int.max), Int(offset) % alignment == 0 else {
            throw ModelFileError.invalidTensorInfo(
                file: reader.file, tensor: name,
                reason: "offset \(offset) is not a multiple of the alignment \(alignment)")
        }
        if let block = type.blockSize, let ne0 = dims.first, ne0 % block != 0 {
            throw ModelFileError.invalidTensorInfo(
                file: reader.file, tensor: name,
                reason: "row length \(ne0) is not a multiple of the \(type.name) block size \(block)")
        }
        if let size = type.typeSize, let block = type.blockSize {
            let (_, overflow) = (elements / block).multipliedReportingOverflow(by: size)
            if overflow {
                throw ModelFileError.invalidTensorInfo(file: reader.file, tensor: name, reason: "byte size overflows")
            }
        }
        return GGUFTensorInfo(name: name, dims: dims, type: type, offset: Int(offset))
    }

    /// Renders four leading bytes for an error: as text when printable, else as hex.
    static func describeMagic(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "\"\(String(decoding: bytes, as: UTF8.self))\" (\(hex))"
        }
        return hex.isEmpty ? "nothing" : hex
    }
}
