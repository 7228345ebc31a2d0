import Tensor

/// SparseGPT: prune with optimal-brain-surgeon weight updates (`sparsegpt.py::SparseGPT.fasterprune`).
///
/// With `U` the upper Cholesky factor of the dampened inverse Hessian, columns are processed in blocks of
/// `blockSize`. Unstructured: once per block, prune the entries of `w²/U_ii²` (over the whole rows×block) that are
/// ≤ the value at position `int(numel·s)` of their sorted order. N:M: at every column `i` with `i % m == 0`, in each
/// row, prune the `n` lowest `w²/U_ii²` of the next `m` columns, scored on the already updated weights. Each column's
/// error `(w − q)/U_ii` is spread over the later columns of the block (`W[:, i:] −= err ⊗ U[i, i:]`), then over the
/// columns after the block with one product (`W[:, i2:] −= Err · U[i1:i2, i2:]`).
public struct SparseGPT: Sendable, Equatable, CustomStringConvertible {
    /// Columns per block (`blocksize`, default 128). For N:M it is rounded down to a multiple of M so that groups
    /// stay aligned (128 already is for M = 4 and 8).
    public var blockSize: Int
    /// Fraction of the mean Hessian diagonal added to the diagonal (`percdamp`, default 0.01).
    public var dampening: Double

    /// SparseGPT with the reference defaults.
    public init(blockSize: Int = 128, dampening: Double = 0.01) {
        self.blockSize = blockSize
        self.dampening = dampening
    }

    /// `sparsegpt` plus any non-default option.
    public var description: String {
        var text = "sparsegpt"
        if blockSize != 128 { text += " blocksize=\(blockSize)" }
        if dampening != 0.01 { text += " dampening=\(dampening)" }
        return text
    }

    /// Checks the options: a positive block size and a dampening in [0, 1].
    public func validate() throws {
        guard blockSize > 0 else {
            throw PruningError.badOption(name: "blocksize", value: "\(blockSize)", reason: "must be a positive integer")
        }
        guard dampening >= 0, dampening <= 1 else {
            throw PruningError.badOption(name: "dampening", value: "\(dampening)", reason: "must lie in [0, 1]")
        }
    }

    /// Prunes `weight` with the factor of its input Hessian; returns the mask, the updated weights (pruned entries
    /// exactly 0) and the OBS loss `Σ (w−q)²/U_ii² / 2`.
    func prune(weight: Matrix, factor: InverseHessianFactor, pattern: SparsityPattern) -> LinearPruneResult {
        let rows = weight.rows
        let cols = weight.cols
        precondition(factor.columns == cols, "SparseGPT: factor has \(factor.columns) columns, weight \(cols)")
        let w = weight.copy()
        for c in 0..<cols where factor.dead[c] {
            for r in 0..<rows { w.data[r * cols + c] = 0 }
        }
        let u = factor.upper
        let pruned = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rows * cols, 1))
        defer { pruned.deallocate() }
        pruned.initialize(repeating: 0, count: rows * cols)
        var block = blockSize
        if case .nOfM(_, let m) = pattern { block = max(m, block - block % m) }
        let err = Matrix(rows: rows, cols: block)
        var rowLoss = [Double](repeating: 0, count: rows)
        var i1 = 0
        while i1 < cols {
            let i2 = min(i1 + block, cols)
            let count = i2 - i1
            if case .unstructured(let ratio) = pattern {
                markBlock(w, u, from: i1, to: i2, ratio: ratio, pruned: pruned)
            }
            rowLoss.withUnsafeMutableBufferPointer { rowLoss in
                parallelChunks(rows) { range in
                    for r in range {
                        rowLoss[r] += sweepRow(
                            r, w, u, from: i1, to: i2, pattern: pattern, pruned: pruned + r * cols,
                            err: err.data + r * block)
                    }
                }
            }
            if i2 < cols {
                // W[:, i2:] += (−Err) · U[i1:i2, i2:]  (err holds the negated errors)
                matmulNN(
                    err.data, u.data + i1 * cols + i2, w.data + i2, m: rows, n: cols - i2, k: count, lda: block,
                    ldb: cols, ldc: cols, accumulate: true)
            }
            i1 = i2
        }
        let mask = LinearMask(rows: rows, cols: cols, pruned: pruned)
        return LinearPruneResult(mask: mask, updatedWeight: w, loss: rowLoss.reduce(0, +) / 2)
    }

    /// Unstructured block mask: `w²/U_ii² ≤ sort(...)[int(numel·ratio)]` over rows × columns `i1..<i2`.
    private func markBlock(
        _ w: Matrix, _ u: Matrix, from i1: Int, to i2: Int, ratio: Double, pruned: UnsafeMutablePointer<UInt8>
    ) {
        let rows = w.rows
        let cols = w.cols
        let count = i2 - i1
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(rows * count, 1))
        defer { scores.deallocate() }
        var d2 = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let d = u.data[(i1 + i) * cols + i1 + i]
            d2[i] = d * d
        }
        for r in 0..<rows {
            let row = w.data + r * cols + i1
            for i in 0..<count { scores[r * count + i] = row[i] * row[i] / d2[i] }
        }
        let k = prunedCount(of: rows * count, ratio: ratio)
        guard k < rows * count else {
            for r in 0..<rows { (pruned + r * cols + i1).update(repeating: 1, count: count) }
            return
        }
        let threshold = kthSmallestValue(scores, count: rows * count, k: k)
        for r in 0..<rows {
            for i in 0..<count where scores[r * count + i] <= threshold { pruned[r * cols + i1 + i] = 1 }
        }
    }

    /// Processes columns `i1..<i2` of row `r`: quantize to 0 where pruned, spread the error over the later columns of
    /// the block, store `−err` for the trailing product. Returns the row's Σ (w−q)²/U_ii².
    private func sweepRow(
        _ r: Int, _ w: Matrix, _ u: Matrix, from i1: Int, to i2: Int, pattern: SparsityPattern,
        pruned: UnsafeMutablePointer<UInt8>, err: UnsafeMutablePointer<Float>
    ) -> Double {
        let cols = w.cols
        let row = w.data + r * cols
        var loss = 0.0
        for col in i1..<i2 {
            let i = col - i1
            let d = u.data[col * cols + col]
            if case .nOfM(let n, let m) = pattern, i % m == 0 {
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: m) { keys in
                    for g in 0..<m {
                        let dg = u.data[(col + g) * cols + col + g]
                        let wg = row[col + g]
                        keys[g] = scoreKey(wg * wg / (dg * dg), g)
                    }
                    sortKeys(keys.baseAddress, count: m)
                    for g in 0..<n { pruned[col + Int(keys[g] & 0xFFFF_FFFF)] = 1 }
                }
            }
            let value = row[col]
            guard pruned[col] != 0 else {
                err[i] = 0
                continue
            }
            let e = value / d
            loss += Double(value * value / (d * d))
            err[i] = -e
            row[col] = 0
            let uRow = u.data + col * cols
            var j = col + 1
            while j < i2 {
                row[j] -= e * uRow[j]
                j += 1
            }
        }
        return loss
    }
}

/// What pruning one linear layer produced.
public struct LinearPruneResult: Sendable {
    /// Keep/prune bits.
    public let mask: LinearMask
    /// New weights (SparseGPT), pruned entries exactly 0; nil when the method only masks.
    public let updatedWeight: Matrix?
    /// SparseGPT's OBS loss estimate `Σ (w−q)²/U_ii² / 2`; nil for other methods.
    public let loss: Double?
}
