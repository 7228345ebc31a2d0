import Foundation
import Tensor

/// One tensor of a safetensors header.
public struct SafeTensorsTensorInfo: TensorTableEntry, Equatable {
    /// The tensor name.
    public let name: String
    /// The element type.
    public let dtype: SafeTensorsDType
    /// The shape, PyTorch order (rows first); `[]` is a scalar.
    public let shape: [Int]
    /// The byte range inside the data section (which starts after the 8-byte length and the header).
    public let dataOffsets: Range<Int>

    /// Creates a header entry.
    public init(name: String, dtype: SafeTensorsDType, shape: [Int], dataOffsets: Range<Int>) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.dataOffsets = dataOffsets
    }

    /// The number of elements (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file mapped into memory: u64 header length, a JSON header (`__metadata__` plus, per tensor,
/// `dtype`, `shape`, `data_offsets`), then the data. Every entry is validated on open.
public final class SafeTensorsFile: TensorTable {
    /// Headers larger than this are refused (the reference implementation's limit).
    public static let maxHeaderBytes = 100_000_000

    /// Where the file was opened from.
    public let url: URL
    /// The `__metadata__` strings (empty when absent).
    public let metadata: [String: String]
    /// Tensor names, sorted.
    public let tensorNames: [String]
    /// The header entries by name.
    public let tensors: [String: SafeTensorsTensorInfo]
    /// The absolute offset of the data section (8 + header length).
    public let dataOffset: Int

    private let file: MappedFile

    /// Opens and validates `url`.
    public init(url: URL) throws {
        self.url = url
        file = try MappedFile(url: url)
        let name = file.displayName
        var reader = ByteReader(bytes: file.bytes, file: name)
        let headerLength = try reader.count("the header length")
        guard headerLength <= SafeTensorsFile.maxHeaderBytes else {
            throw ModelFileError.badHeaderJSON(
                file: name, field: "the header length",
                reason: "\(headerLength) bytes is over the \(SafeTensorsFile.maxHeaderBytes)-byte limit")
        }
        try reader.require(headerLength, "the JSON header")
        dataOffset = 8 + headerLength
        let headerBytes = Data(UnsafeRawBufferPointer(rebasing: file.bytes[8..<dataOffset]))
        let dataSize = file.count - dataOffset

        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: headerBytes)
        } catch {
            throw ModelFileError.badHeaderJSON(file: name, field: "the header", reason: "not valid JSON")
        }
        guard let header = object as? [String: Any] else {
            throw ModelFileError.badHeaderJSON(file: name, field: "the header", reason: "not a JSON object")
        }

        var meta: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let dictionary = raw as? [String: Any] else {
                throw ModelFileError.badHeaderJSON(file: name, field: "__metadata__", reason: "not an object")
            }
            for (key, value) in dictionary {
                guard let text = value as? String else {
                    throw ModelFileError.badHeaderJSON(
                        file: name, field: "__metadata__.\(key)", reason: "metadata values must be strings")
                }
                meta[key] = text
            }
        }
        metadata = meta

        var table: [String: SafeTensorsTensorInfo] = [:]
        for (tensorName, raw) in header where tensorName != "__metadata__" {
            let info = try SafeTensorsFile.parseEntry(tensorName, raw, file: name)
            guard info.dataOffsets.upperBound <= dataSize else {
                throw ModelFileError.tensorOutOfBounds(
                    file: name, tensor: tensorName, start: dataOffset + info.dataOffsets.lowerBound,
                    end: dataOffset + info.dataOffsets.upperBound, fileSize: file.count)
            }
            table[tensorName] = info
        }
        // The format packs tensors without padding: every byte belongs to exactly one tensor.
        try checkTensorByteRanges(table.map { ($0.key, $0.value.dataOffsets) }, alignment: 1, file: name)
        tensors = table
        tensorNames = table.keys.sorted()
    }

    /// Opens the safetensors file at `path`.
    public convenience init(path: String) throws {
        try self.init(url: URL(fileURLWithPath: path))
    }

    /// The file's name, as errors show it.
    public var fileName: String { file.displayName }

    /// Converts `name` into `buffer` (exactly the tensor's element count): F16/BF16 widened exactly, U8/BOOL as
    /// their integer values.
    public func readFloats(_ name: String, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        let info = try info(name)
        precondition(
            buffer.count == info.elementCount,
            "readFloats(\(name)): buffer holds \(buffer.count) floats, "
                + "tensor has \(info.elementCount)")
        try withRawBytes(name) { bytes in
            switch info.dtype {
            case .f32:
                try GGMLDequantizer.dequantize(.f32, bytes: bytes, count: info.elementCount, into: buffer)
            case .f16:
                try GGMLDequantizer.dequantize(.f16, bytes: bytes, count: info.elementCount, into: buffer)
            case .bf16:
                try GGMLDequantizer.dequantize(.bf16, bytes: bytes, count: info.elementCount, into: buffer)
            case .u8, .bool:
                for i in 0..<info.elementCount { buffer[i] = Float(bytes[i]) }
            case .other(let dtype):
                throw ModelFileError.unsupportedTensorType(file: file.displayName, tensor: name, type: dtype)
            }
        }
    }

    /// F16 and BF16 tensors as views of the mapped file; F32 and the rest read as Float32.
    public func weight(_ name: String) throws -> Weight {
        let info = try info(name)
        let encoding: WeightEncoding
        switch info.dtype {
        case .f16: encoding = .f16
        case .bf16: encoding = .bf16
        default: return try floatWeight(name)
        }
        precondition(info.shape.count == 2, "weight(\(name)): the caller checks the shape is 2-D")
        guard let base = file.bytes.baseAddress else { preconditionFailure("a tensor lies inside a non-empty file") }
        return Weight(
            encoding: encoding, rows: info.shape[0], cols: info.shape[1],
            bytes: base + dataOffset + info.dataOffsets.lowerBound, owner: file, mapped: true)
    }

    /// The raw bytes of a U8 or BOOL tensor (masks).
    public func bytes(_ name: String) throws -> [UInt8] {
        let info = try info(name)
        guard info.dtype == .u8 || info.dtype == .bool else {
            throw ModelFileError.unsupportedTensorType(
                file: file.displayName, tensor: name, type: "\(info.dtype.name) (bytes() reads U8 or BOOL)")
        }
        return try withRawBytes(name) { [UInt8]($0) }
    }

    /// Calls `body` with the stored bytes of `name`; the pointer is valid only inside `body`.
    public func withRawBytes<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let info = try info(name)
        let begin = dataOffset + info.dataOffsets.lowerBound
        let end = dataOffset + info.dataOffsets.upperBound
        return try withExtendedLifetime(file) {
            try body(UnsafeRawBufferPointer(rebasing: file.bytes[begin..<end]))
        }
    }

    /// Validates one header entry: dtype string, non-negative shape, offsets whose span matches shape × dtype.
    static func parseEntry(_ name: String, _ raw: Any, file: String) throws -> SafeTensorsTensorInfo {
        func bad(_ field: String, _ reason: String) -> ModelFileError {
            .badHeaderJSON(file: file, field: "\(name).\(field)", reason: reason)
        }
        guard let entry = raw as? [String: Any] else {
            throw ModelFileError.badHeaderJSON(file: file, field: name, reason: "not an object")
        }
        guard let dtypeName = entry["dtype"] as? String else { throw bad("dtype", "missing or not a string") }
        guard let shapeArray = entry["shape"] as? [Any] else { throw bad("shape", "missing or not an array") }
        let shape = try shapeArray.map { element -> Int in
            guard let dim = SafeTensorsFile.integer(element), dim >= 0 else {
                throw bad("shape", "\(shapeArray) has an entry that is not a non-negative integer")
            }
            return dim
        }
        guard let offsetArray = entry["data_offsets"] as? [Any], offsetArray.count == 2,
            let begin = SafeTensorsFile.integer(offsetArray[0]), let end = SafeTensorsFile.integer(offsetArray[1]),
            begin >= 0, begin <= end
        else {
            throw bad("data_offsets", "must be [begin, end] with 0 ≤ begin ≤ end")
        }
        let dtype = SafeTensorsDType(name: dtypeName)
        var elements = 1
        for dim in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw bad("shape", "\(shape) overflows") }
            elements = product
        }
        if let size = dtype.size {
            let (expected, overflow) = elements.multipliedReportingOverflow(by: size)
            if overflow || expected != end - begin {
                throw ModelFileError.sizeMismatch(
                    file: file, tensor: name, shape: shape, dtype: dtypeName,
                    expectedBytes: overflow ? Int.max : expected,
                    actualBytes: end - begin)
            }
        }
        return SafeTensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }

    /// A JSON number as an exact `Int` (rejects fractions).
    static func integer(_ value: Any) -> Int? {
        if let i = value as? Int { return i }
        if let d = value as? Double, d.rounded() == d, abs(d) < 9.0e15 { return Int(d) }
        return nil
    }
}
