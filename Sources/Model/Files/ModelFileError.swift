import Foundation

/// A weight file (GGUF or safetensors) that cannot be read or written; names the file and the field or tensor.
public enum ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file cannot be opened, mapped or stat'ed.
    case cannotOpen(file: String, reason: String)
    /// The first bytes are not the format's magic.
    case badMagic(file: String, expected: String, found: String)
    /// A GGUF version other than 2 or 3.
    case unsupportedVersion(file: String, version: UInt32)
    /// The file ends before `field` (which starts at byte `offset`) could be read.
    case truncated(file: String, field: String, offset: Int, needed: Int, fileSize: Int)
    /// A metadata entry that is malformed (unknown value type, bad alignment, wrong type for a known key).
    case invalidMetadata(file: String, key: String, reason: String)
    /// A tensor-table entry that is malformed (too many dims, negative size, misaligned offset, duplicate).
    case invalidTensorInfo(file: String, tensor: String, reason: String)
    /// The tensor table places a tensor's bytes past the end of the file.
    case tensorOutOfBounds(file: String, tensor: String, start: Int, end: Int, fileSize: Int)
    /// Two tensors whose byte ranges overlap (a corrupt or crafted table: one would read the other's bytes).
    case overlappingTensors(file: String, first: String, second: String, firstRange: Range<Int>, secondRange: Range<Int>)
    /// Bytes of the data section that no tensor accounts for: a wrong type or shape in the table shrank a tensor.
    case unaccountedBytes(file: String, after: String?, before: String, count: Int)
    /// A tensor whose storage type has no dequantizer here.
    case unsupportedTensorType(file: String, tensor: String, type: String)
    /// A tensor name that the file does not contain; `similar` lists close names present in the file.
    case missingTensor(file: String, tensor: String, similar: [String])
    /// A safetensors header (or index) that is not the JSON the format requires.
    case badHeaderJSON(file: String, field: String, reason: String)
    /// A tensor whose byte size disagrees with its shape and element type.
    case sizeMismatch(file: String, tensor: String, shape: [Int], dtype: String, expectedBytes: Int, actualBytes: Int)
    /// A writer was given something it cannot store (wrong element count, duplicate name, bad value).
    case invalidArgument(file: String, tensor: String, reason: String)
    /// Writing or renaming the output file failed.
    case writeFailed(file: String, reason: String)

    /// The user-facing message: what is wrong, where, and what to do about it.
    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason):
            return "cannot open \(file): \(reason) (check the path; run scripts/setup to fetch the default model)"
        case .badMagic(let file, let expected, let found):
            return "\(file) is not a \(expected) file: it starts with \(found), expected \(expected.debugDescription) "
                + "(is it another format, or an HTML error page saved by a download?)"
        case .unsupportedVersion(let file, let version):
            if version > 0xFFFF && version.byteSwapped <= 3 {
                return "\(file): GGUF version \(version.byteSwapped) in big-endian byte order is not supported "
                    + "(convert it with a little-endian llama.cpp build)"
            }
            return "\(file): GGUF version \(version) is not supported (only v2 and v3; re-convert the model "
                + "with a current llama.cpp convert script)"
        case .truncated(let file, let field, let offset, let needed, let fileSize):
            return "\(file) is truncated: \(field) at byte \(offset) needs \(needed) bytes but the file has "
                + "\(fileSize) (incomplete download or copy? fetch the file again)"
        case .invalidMetadata(let file, let key, let reason):
            return "\(file): metadata \(key): \(reason) (the file is corrupt or was written by a buggy converter)"
        case .invalidTensorInfo(let file, let tensor, let reason):
            return "\(file): tensor \(tensor): \(reason) (the tensor table is corrupt)"
        case .tensorOutOfBounds(let file, let tensor, let start, let end, let fileSize):
            return "\(file): tensor \(tensor) occupies bytes \(start)..<\(end), past the end of the file (\(fileSize) "
                + "bytes): the tensor table is corrupt or the file is truncated"
        case .overlappingTensors(let file, let first, let second, let a, let b):
            return "\(file): tensors \(first) (bytes \(a.lowerBound)..<\(a.upperBound)) and \(second) (bytes "
                + "\(b.lowerBound)..<\(b.upperBound)) overlap: the tensor table is corrupt"
        case .unaccountedBytes(let file, let after, let before, let count):
            let place = after.map { "between tensors \($0) and \(before)" } ?? "before the first tensor, \(before)"
            return "\(file): \(count) bytes of tensor data \(place) belong to no tensor: a tensor's type or shape in "
                + "the table does not match its data (the tensor table is corrupt)"
        case .unsupportedTensorType(let file, let tensor, let type):
            return "\(file): tensor \(tensor) is stored as \(type), which cannot be read here (supported: "
                + "\(GGMLType.dequantizable.map(\.name).joined(separator: ", ")) in GGUF; F32, F16, BF16, U8 "
                + "in safetensors); convert the model to one of these"
        case .missingTensor(let file, let tensor, let similar):
            let hint = similar.isEmpty ? "" : " (similar names: \(similar.joined(separator: ", ")))"
            return "no tensor \(tensor) in \(file)\(hint)"
        case .badHeaderJSON(let file, let field, let reason):
            return "\(file): bad header JSON at \(field): \(reason) (not a valid safetensors file or index)"
        case .sizeMismatch(let file, let tensor, let shape, let dtype, let expectedBytes, let actualBytes):
            return "\(file): tensor \(tensor) of shape \(shape) and type \(dtype) needs \(expectedBytes) bytes, "
                + "but the file gives it \(actualBytes) (corrupt header, or a writer bug)"
        case .invalidArgument(let file, let tensor, let reason):
            return "cannot write \(tensor) to \(file): \(reason)"
        case .writeFailed(let file, let reason):
            return "cannot write \(file): \(reason) (check the folder exists, is writable and the disk has room)"
        }
    }
}
