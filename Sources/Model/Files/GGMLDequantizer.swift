import Tensor

/// Turns ggml-encoded tensor bytes into Float32, bit-identical to gguf-py's `gguf.quants.dequantize`; the block
/// decoders themselves are Tensor's `WeightEncoding` kernels, shared with the compact-weight matmuls.
public enum GGMLDequantizer {
    /// Below this many elements the work stays on the calling thread.
    public static let parallelThreshold = WeightEncoding.parallelThreshold

    /// Dequantizes `count` elements of `type` stored in `bytes` into `output` (which holds `count` floats).
    ///
    /// Throws `unsupportedTensorType` for types without a dequantizer and `sizeMismatch` when `bytes` or
    /// `output` do not match `count`; `file` and `tensor` only label those errors.
    public static func dequantize(
        _ type: GGMLType, bytes: UnsafeRawBufferPointer, count: Int, into output: UnsafeMutableBufferPointer<Float>,
        file: String = "<memory>", tensor: String = "<bytes>"
    ) throws {
        guard let encoding = type.encoding else {
            throw ModelFileError.unsupportedTensorType(file: file, tensor: tensor, type: type.name)
        }
        let block = encoding.blockSize
        let size = encoding.blockBytes
        guard count % block == 0 else {
            throw ModelFileError.sizeMismatch(
                file: file, tensor: tensor, shape: [count], dtype: type.name,
                expectedBytes: (count + block - 1) / block * size, actualBytes: bytes.count)
        }
        let blocks = count / block
        guard bytes.count == blocks * size else {
            throw ModelFileError.sizeMismatch(
                file: file, tensor: tensor, shape: [count], dtype: type.name, expectedBytes: blocks * size,
                actualBytes: bytes.count)
        }
        precondition(output.count == count, "dequantize: output holds \(output.count) floats, tensor has \(count)")
        guard blocks > 0, let src = bytes.baseAddress, let dst = output.baseAddress else { return }
        encoding.decodeParallel(src, into: dst, blocks: blocks)
    }

    /// Dequantizes into a new array.
    public static func dequantize(
        _ type: GGMLType, bytes: UnsafeRawBufferPointer, count: Int, file: String = "<memory>",
        tensor: String = "<bytes>"
    ) throws -> [Float] {
        try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try dequantize(type, bytes: bytes, count: count, into: buffer, file: file, tensor: tensor)
            initialized = count
        }
    }
}
