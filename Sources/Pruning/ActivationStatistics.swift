import Tensor

/// Running statistics of one linear layer's input activations over the calibration sequences, as the anchors'
/// layer wrappers keep them (`wanda/lib/layerwrapper.py`, `DSnoT/lib/layerwrapper.py`, `sparsegpt.py`).
///
/// Every sequence counts as one sample, as in the references, which run the calibration set with batch size 1:
/// - `scalerRow[j] = (1/N) Σ_seq Σ_tok x_j²`, as the running mean `s ← s·n/(n+1) + ‖x_j‖²/(n+1)`;
/// - `sumRow[j] = (1/N) Σ_seq Σ_tok x_j` the same way (DSnoT's `sum_metric_row`);
/// - `mean[j]`, `variance[j]`: per-sequence mean and population variance, combined by token-weighted averaging
///   (DSnoT's approximation, not the pooled variance);
/// - `hessian = (2/N) Σ XᵀX` in Float32 (SparseGPT's `H ← H·n/(n+b) + (2/(n+b))·XᵀX` without the rescaling at every
///   batch: `Σ XᵀX` is accumulated in Float32 by the GEMM, upper blocks only, and scaled and mirrored once when read).
public final class ActivationStatistics: @unchecked Sendable {
    /// Which statistics to collect (the Hessian costs a `cols²·tokens` product, the rest one pass over the input).
    public struct Kinds: OptionSet, Sendable, Hashable {
        /// The option bits.
        public let rawValue: Int
        /// Creates a set from raw bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Wanda's `scaler_row`.
        public static let squaredNorms = Kinds(rawValue: 1)
        /// DSnoT's `sum_metric_row`, `mean` and `var`.
        public static let moments = Kinds(rawValue: 2)
        /// SparseGPT's Hessian `2XᵀX/N`.
        public static let hessian = Kinds(rawValue: 4)
    }

    /// Input features (columns of the linear layer's weight).
    public let columns: Int
    /// What is collected.
    public let kinds: Kinds
    /// Sequences seen (the references' `nsamples`).
    public private(set) var sequences = 0
    /// Tokens seen (DSnoT's `ntokens`).
    public private(set) var tokens = 0
    /// `(1/N) Σ x_j²` per input column (empty unless `.squaredNorms`).
    public private(set) var scalerRow: [Float]
    /// `(1/N) Σ x_j` per input column (empty unless `.moments`).
    public private(set) var sumRow: [Float]
    /// Token-weighted mean of per-sequence means (empty unless `.moments`).
    public private(set) var mean: [Float]
    /// Token-weighted mean of per-sequence population variances (empty unless `.moments`).
    public private(set) var variance: [Float]
    /// `(2/N) Σ XᵀX`, `(columns, columns)` (nil unless `.hessian`); computed from the running sum when read.
    public var hessian: Matrix? {
        guard let gram else { return nil }
        if let finished { return finished }
        let n = columns
        let h = Matrix(rows: n, cols: n)
        let scale = hessianSequences > 0 ? Float(2 / Double(hessianSequences)) : 0
        for i in 0..<n {
            for j in i..<n { h.data[i * n + j] = gram.data[i * n + j] * scale }
            for j in 0..<i { h.data[i * n + j] = h.data[j * n + i] }
        }
        finished = h
        return h
    }
    /// Σ XᵀX, valid on and above the diagonal.
    private let gram: Matrix?
    /// The last `hessian` built, until the next `add`.
    private var finished: Matrix?

    /// Empty statistics for a layer with `columns` inputs.
    public init(columns: Int, kinds: Kinds) {
        self.columns = columns
        self.kinds = kinds
        scalerRow = kinds.contains(.squaredNorms) ? [Float](repeating: 0, count: columns) : []
        let moments = kinds.contains(.moments)
        sumRow = moments ? [Float](repeating: 0, count: columns) : []
        mean = moments ? [Float](repeating: 0, count: columns) : []
        variance = moments ? [Float](repeating: 0, count: columns) : []
        gram = kinds.contains(.hessian) ? Matrix(rows: columns, cols: columns) : nil
    }

    /// Adds a batch of sequences: `input` holds `lengths.reduce(0, +)` rows of `columns` values, sequence after
    /// sequence (the rows a `LinearInputHook` receives for a batch laid out by `BatchLayout(lengths:)`).
    public func add(_ input: UnsafePointer<Float>, lengths: [Int]) {
        let rows = lengths.reduce(0, +)
        if rows == 0 { return }
        if kinds.contains(.squaredNorms) || kinds.contains(.moments) {
            var offset = 0
            for length in lengths {
                addSequence(input + offset * columns, rows: length)
                offset += length
            }
        } else {
            sequences += lengths.count
            tokens += rows
        }
        if let gram {
            symmetricGram(input, rows: rows, cols: columns, into: gram.data, accumulate: hessianSequences > 0)
            hessianSequences += lengths.count
            finished = nil
        }
    }

    /// One sequence's column sums and sums of squares (in Double), folded into the running means.
    private func addSequence(_ x: UnsafePointer<Float>, rows: Int) {
        let n = columns
        let sum = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let squares = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            sum.deallocate()
            squares.deallocate()
        }
        columnSums(x, rows: rows, cols: n, sum: sum, squares: squares)
        let previous = sequences
        sequences += 1
        // The references scale by a Python float ratio, applied to a float32 tensor.
        let decay = Float(Double(previous) / Double(sequences))
        let count = Float(sequences)
        if kinds.contains(.squaredNorms) {
            for j in 0..<n {
                let norm = Float(squares[j]).squareRoot()
                scalerRow[j] = scalerRow[j] * decay + norm * norm / count
            }
        }
        if kinds.contains(.moments) {
            let seen = Float(tokens)
            let here = Float(rows)
            for j in 0..<n {
                let m = sum[j] / Double(rows)
                let v = max(0, squares[j] / Double(rows) - m * m)
                if tokens == 0 {
                    mean[j] = Float(m)
                    variance[j] = Float(v)
                } else {
                    variance[j] = (variance[j] * seen + Float(v) * here) / (seen + here)
                    mean[j] = (mean[j] * seen + Float(m) * here) / (seen + here)
                }
                sumRow[j] = sumRow[j] * decay + Float(sum[j]) / count
            }
        }
        tokens += rows
    }

    private var hessianSequences = 0
}

/// Per-column Σx and Σx² of `rows × cols` row-major `x`, accumulated in Double.
///
/// Sixteen columns (one cache line) at a time, down all rows, with the sums in registers; column blocks are
/// spread over the cores.
func columnSums(
    _ x: UnsafePointer<Float>, rows: Int, cols: Int, sum: UnsafeMutablePointer<Double>,
    squares: UnsafeMutablePointer<Double>
) {
    let blocks = cols / 16
    let tasks = min(blocks, 4 * TensorThreads.count)
    if tasks > 0 {
        parallelFor(tasks) { task in
            var block = task
            while block < blocks {
                let j = block * 16
                var s0 = SIMD8<Double>()
                var s1 = SIMD8<Double>()
                var q0 = SIMD8<Double>()
                var q1 = SIMD8<Double>()
                var row = UnsafeRawPointer(x + j)
                for _ in 0..<rows {
                    let v = row.loadUnaligned(as: SIMD16<Float>.self)
                    let lo = SIMD8<Double>(v.lowHalf)
                    let hi = SIMD8<Double>(v.highHalf)
                    s0 += lo
                    s1 += hi
                    q0 = q0.addingProduct(lo, lo)
                    q1 = q1.addingProduct(hi, hi)
                    row += cols * MemoryLayout<Float>.stride
                }
                for l in 0..<8 {
                    sum[j + l] = s0[l]
                    sum[j + 8 + l] = s1[l]
                    squares[j + l] = q0[l]
                    squares[j + 8 + l] = q1[l]
                }
                block += tasks
            }
        }
    }
    for j in (blocks * 16)..<cols {
        var s = 0.0
        var q = 0.0
        for r in 0..<rows {
            let v = Double(x[r * cols + j])
            s += v
            q += v * v
        }
        sum[j] = s
        squares[j] = q
    }
}

/// C (+)= XᵀX for `rows × cols` row-major X on and above the diagonal (blocks of 128 rows of C; what lies below
/// the diagonal is unspecified): the product is symmetric, so this skips up to half of the work.
func symmetricGram(
    _ x: UnsafePointer<Float>, rows: Int, cols: Int, into c: UnsafeMutablePointer<Float>, accumulate: Bool
) {
    // Panels of 128 rows keep the GEMM at full speed (measured for 576 and 1536 columns) while skipping the blocks
    // below the diagonal: 54 % of the full product for 1536 columns, 61 % for 576.
    let panel = cols >= 256 ? 128 : cols
    var i0 = 0
    while i0 < cols {
        let ni = min(panel, cols - i0)
        // One product per block row: columns i0 ..< cols, i.e. the diagonal block and everything right of it.
        matmulTN(
            x + i0, x + i0, c + i0 * cols + i0, m: ni, n: cols - i0, k: rows, lda: cols, ldb: cols, ldc: cols,
            accumulate: accumulate)
        i0 += ni
    }
}
