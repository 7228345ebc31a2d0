import Tensor

/// Magnitude pruning: drop the smallest `|W|`, no calibration (`wanda/lib/prune.py::prune_magnitude`).
///
/// The anchors (Wanda, SparseGPT `--gmp`, OWL) compare a whole matrix against one threshold; RIA's
/// `per_outneuron` compares within each row (`scope: .row`). N:M always compares within each row's aligned groups.
/// The references prune `|W| ≤ sort(|W|)[int(numel·s)]`, which takes every tie of the threshold value too; with
/// the dequantized Q4_1 baseline (≤ 16 distinct values per block) ties are common, so this prunes exactly
/// `int(numel·s)` weights, ties broken by position (row-major), and the count matches the requested sparsity.
public struct Magnitude: Sendable, Equatable, CustomStringConvertible {
    /// Which weights compete for pruning under an unstructured pattern.
    public enum Scope: String, Sendable, CaseIterable {
        /// One threshold for the whole matrix (the anchors' default).
        case matrix
        /// Each output row on its own.
        case row
    }

    /// Comparison group for unstructured patterns.
    public var scope: Scope

    /// Magnitude pruning over `scope` (default: the whole matrix).
    public init(scope: Scope = .matrix) { self.scope = scope }

    /// `magnitude` or `magnitude scope=row`.
    public var description: String { scope == .matrix ? "magnitude" : "magnitude scope=row" }

    /// The mask for `weight` under `pattern`.
    public func mask(weight: Matrix, pattern: SparsityPattern) -> LinearMask {
        let rows = weight.rows
        let cols = weight.cols
        let scores = Matrix(rows: rows, cols: cols)
        for i in 0..<weight.count { scores.data[i] = abs(weight.data[i]) }
        if case .unstructured(let ratio) = pattern, scope == .matrix {
            return Self.matrixMask(scores, ratio: ratio)
        }
        return maskLowestPerRow(scores.data, rows: rows, cols: cols, pattern: pattern)
    }

    /// Prunes the `int(numel · ratio)` lowest scores of the whole matrix, ties broken by row-major position.
    static func matrixMask(_ scores: Matrix, ratio: Double) -> LinearMask {
        let count = scores.count
        let k = prunedCount(of: count, ratio: ratio)
        let pruned = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 1))
        defer { pruned.deallocate() }
        pruned.initialize(repeating: 0, count: count)
        if k >= count {
            pruned.update(repeating: 1, count: count)
        } else if k > 0 {
            let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
            defer { keys.deallocate() }
            // Row-major positions fit the 32-bit index field for any matrix below 2³² elements.
            precondition(count < 1 << 32, "Magnitude: matrix of \(count) elements is too large to rank")
            for i in 0..<count { keys[i] = scoreKey(scores.data[i], i) }
            selectSmallest(keys, count: count, k: k)
            for i in 0..<k { pruned[Int(keys[i] & 0xFFFF_FFFF)] = 1 }
        }
        return LinearMask(rows: scores.rows, cols: scores.cols, pruned: pruned)
    }
}
