import Dispatch

/// How a weight's values are stored: plain floats, half precision, or one of ggml's block formats.
///
/// Every encoding decodes to exactly the Float32 values gguf-py's `gguf.quants.dequantize` gives (ggml-quants.c
/// `dequantize_row_*`: products and sums are separate float32 operations, no FMA), so a kernel that multiplies the
/// decoded values changes a result only by its summation order. Rows are whole blocks: a row of `cols` elements
/// takes `rowBytes(cols:)` bytes and starts where the previous one ends.
public enum WeightEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case f32
    case f16
    case bf16
    case q8_0
    case q4_0
    case q4_1
    case q5_0
    case q5_1
    case q4_K
    case q5_K
    case q6_K

    /// Elements per block (1 for the plain types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q8_0, .q4_0, .q4_1, .q5_0, .q5_1: return 32
        case .q4_K, .q5_K, .q6_K: return 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q8_0: return 34
        case .q4_0: return 18
        case .q4_1: return 20
        case .q5_0: return 22
        case .q5_1: return 24
        case .q4_K: return 144
        case .q5_K: return 176
        case .q6_K: return 210
        }
    }

    /// ggml's name for the encoding (`"Q4_1"`).
    public var description: String { rawValue.uppercased() }

    /// Bytes of one row of `cols` elements, or nil when `cols` is not a whole number of blocks.
    public func rowBytes(cols: Int) -> Int? {
        cols % blockSize == 0 ? cols / blockSize * blockBytes : nil
    }

    /// A kernel decodes `n` consecutive blocks starting at `src` into `dst`.
    typealias Decoder = (_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) -> Void

    var decoder: Decoder {
        switch self {
        case .f32: return Self.decodeF32
        case .f16: return Self.decodeF16
        case .bf16: return Self.decodeBF16
        case .q8_0: return Self.decodeQ8_0
        case .q4_0: return Self.decodeQ4_0
        case .q4_1: return Self.decodeQ4_1
        case .q5_0: return Self.decodeQ5_0
        case .q5_1: return Self.decodeQ5_1
        case .q4_K: return Self.decodeQ4_K
        case .q5_K: return Self.decodeQ5_K
        case .q6_K: return Self.decodeQ6_K
        }
    }

    /// Decodes `blocks` whole blocks at `src` into `dst` (`blocks · blockSize` floats) on the calling thread.
    @inline(__always)
    public func decode(_ src: UnsafeRawPointer, into dst: UnsafeMutablePointer<Float>, blocks: Int) {
        decoder(src, dst, blocks)
    }

    /// Below this many elements `decodeParallel` stays on the calling thread.
    public static let parallelThreshold = 1 << 16

    /// Decodes `blocks` whole blocks using every core (several chunks per core, so a busy core does not hold the
    /// others up). The caller has checked that `src` holds `blocks · blockBytes` bytes and `dst` room for the floats.
    public func decodeParallel(_ src: UnsafeRawPointer, into dst: UnsafeMutablePointer<Float>, blocks: Int) {
        if blocks * blockSize < Self.parallelThreshold {
            decoder(src, dst, blocks)
            return
        }
        let run = DecodeRun(decoder: decoder, src: src, dst: dst, blockSize: blockSize, blockBytes: blockBytes)
        let chunks = min(blocks, 16)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            run.blocks((blocks * c / chunks)..<(blocks * (c + 1) / chunks))
        }
    }
}

/// The pointers of one parallel decode, shared read-only by the worker threads (each writes its own blocks).
private struct DecodeRun: @unchecked Sendable {
    let decoder: WeightEncoding.Decoder
    let src: UnsafeRawPointer
    let dst: UnsafeMutablePointer<Float>
    let blockSize: Int
    let blockBytes: Int

    func blocks(_ range: Range<Int>) {
        if range.isEmpty { return }
        decoder(src + range.lowerBound * blockBytes, dst + range.lowerBound * blockSize, range.count)
    }
}

/// Reads an IEEE half at `offset` (unaligned allowed) as Float; exact, like numpy's `astype(np.float32)`.
@inline(__always)
func loadHalf(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
}
