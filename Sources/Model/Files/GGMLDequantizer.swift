import Dispatch

/// Turns ggml-encoded tensor bytes into Float32, bit-identical to gguf-py's `gguf.quants.dequantize`
/// (which follows ggml-quants.c `dequantize_row_*`; products and sums are separate float32 operations, no FMA).
public enum GGMLDequantizer {
    /// Below this many elements the work stays on the calling thread.
    public static let parallelThreshold = 1 << 16

    /// Dequantizes `count` elements of `type` stored in `bytes` into `output` (which holds `count` floats).
    ///
    /// Throws `unsupportedTensorType` for types without a dequantizer and `sizeMismatch` when `bytes` or
    /// `output` do not match `count`; `file` and `tensor` only label those errors.
    public static func dequantize(
        _ type: GGMLType, bytes: UnsafeRawBufferPointer, count: Int, into output: UnsafeMutableBufferPointer<Float>,
        file: String = "<memory>", tensor: String = "<bytes>"
    ) throws {
        guard let kernel = kernel(for: type), let block = type.blockSize, let size = type.typeSize else {
            throw ModelFileError.unsupportedTensorType(file: file, tensor: tensor, type: type.name)
        }
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
        let run = UnsafeKernelRun(kernel: kernel, src: src, dst: dst, blockSize: block, typeSize: size)
        if count < parallelThreshold {
            run.blocks(0..<blocks)
            return
        }
        // Several chunks per core so a core slowed by other work does not hold the others up.
        let chunks = min(blocks, 16)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            run.blocks((blocks * c / chunks)..<(blocks * (c + 1) / chunks))
        }
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

    /// A kernel decodes `n` consecutive blocks starting at `src` into `dst`.
    typealias Kernel = (_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) -> Void

    static func kernel(for type: GGMLType) -> Kernel? {
        switch type {
        case .f32: return decodeF32
        case .f16: return decodeF16
        case .bf16: return decodeBF16
        case .q8_0: return decodeQ8_0
        case .q4_0: return decodeQ4_0
        case .q4_1: return decodeQ4_1
        case .q5_0: return decodeQ5_0
        case .q5_1: return decodeQ5_1
        case .q4_K: return decodeQ4_K
        case .q5_K: return decodeQ5_K
        case .q6_K: return decodeQ6_K
        default: return nil
        }
    }
}

/// The pointers of one dequantization, shared read-only by the worker threads (each writes its own blocks).
private struct UnsafeKernelRun: @unchecked Sendable {
    let kernel: GGMLDequantizer.Kernel
    let src: UnsafeRawPointer
    let dst: UnsafeMutablePointer<Float>
    let blockSize: Int
    let typeSize: Int

    func blocks(_ range: Range<Int>) {
        if range.isEmpty { return }
        kernel(src + range.lowerBound * typeSize, dst + range.lowerBound * blockSize, range.count)
    }
}

/// Reads an IEEE half at `offset` (unaligned allowed) as Float; exact, like numpy's `astype(np.float32)`.
@inline(__always)
func loadHalf(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
}
