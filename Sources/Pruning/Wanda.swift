import Tensor

/// Wanda: prune by `S_ij = |W_ij| · ‖x_j‖₂` within each output row (`wanda/lib/prune.py::prune_wanda`).
///
/// Unstructured: the `int(cols·s)` lowest scores of each row in stable ascending order (ties: lower column first).
/// N:M: the `n` lowest of every aligned group of `m` in each row. With `useVariant`, each row prunes the weights whose
/// ascending cumulative score stays within `α · rowsum` (plus ties of the last one), α found by bisection so that
/// the matrix sparsity is within 0.001 of the target.
public struct Wanda: Sendable, Equatable, CustomStringConvertible {
    /// Use the cumulative-sum variant (`--use_variant`; unstructured patterns only).
    public var useVariant: Bool

    /// Wanda, plain per-row ranking unless `useVariant`.
    public init(useVariant: Bool = false) { self.useVariant = useVariant }

    /// `wanda` or `wanda variant=true`.
    public var description: String { useVariant ? "wanda variant=true" : "wanda" }

    /// The score matrix `|W| · sqrt(scalerRow)`, Float32 as the reference computes it.
    public static func scores(weight: Matrix, scalerRow: [Float]) -> Matrix {
        precondition(scalerRow.count == weight.cols, "Wanda: \(scalerRow.count) statistics for \(weight.cols) columns")
        let scores = Matrix(rows: weight.rows, cols: weight.cols)
        let norms = scalerRow.map { $0.squareRoot() }
        let cols = weight.cols
        norms.withUnsafeBufferPointer { norms in
            parallelChunks(weight.rows) { range in
                for r in range {
                    let w = weight.data + r * cols
                    let s = scores.data + r * cols
                    for c in 0..<cols { s[c] = abs(w[c]) * norms[c] }
                }
            }
        }
        return scores
    }

    /// The mask for `weight` given its input statistics (`scalerRow`) under `pattern`.
    public func mask(weight: Matrix, scalerRow: [Float], pattern: SparsityPattern) -> LinearMask {
        let scores = Self.scores(weight: weight, scalerRow: scalerRow)
        if useVariant, case .unstructured(let ratio) = pattern {
            return Self.variantMask(scores, ratio: ratio)
        }
        return maskLowestPerRow(scores.data, rows: scores.rows, cols: scores.cols, pattern: pattern)
    }

    /// The cumulative variant: bisection on α in [0, 0.8] from 0.4 until |sparsity − ratio| ≤ 0.001 or the interval
    /// is narrower than 0.001 (`return_given_alpha`).
    static func variantMask(_ scores: Matrix, ratio: Double) -> LinearMask {
        let rows = scores.rows
        let cols = scores.cols
        // Per row: scores sorted ascending (stable), their running sums (accumulated in Double like torch.cumsum on
        // the CPU, stored as Float32) and the row total (Float32).
        let sorted = Matrix(rows: rows, cols: cols)
        let cumulative = Matrix(rows: rows, cols: cols)
        var totals = [Float](repeating: 0, count: rows)
        totals.withUnsafeMutableBufferPointer { totals in
            parallelChunks(rows) { range in
                let order = UnsafeMutablePointer<Int32>.allocate(capacity: max(cols, 1))
                let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(cols, 1))
                defer {
                    order.deallocate()
                    scratch.deallocate()
                }
                for r in range {
                    let s = scores.data + r * cols
                    stableOrder(s, count: cols, order: order, scratch: scratch)
                    var running = 0.0
                    var total = 0.0
                    for i in 0..<cols {
                        let v = s[Int(order[i])]
                        sorted.data[r * cols + i] = v
                        running += Double(v)
                        cumulative.data[r * cols + i] = Float(running)
                        total += Double(s[i])
                    }
                    totals[r] = Float(total)
                }
            }
        }
        // Per-row threshold value for a given α: the last sorted score whose cumulative sum is ≤ α·total.
        func thresholds(_ alpha: Double) -> (values: [Float], pruned: Int) {
            var values = [Float](repeating: -.infinity, count: rows)
            var pruned = 0
            for r in 0..<rows {
                let limit = totals[r] * Float(alpha)
                let cum = cumulative.data + r * cols
                var lo = 0
                var hi = cols
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cum[mid] <= limit { lo = mid + 1 } else { hi = mid }
                }
                // `lo` cumulative sums are within the limit; torch would index -1 when there are none.
                guard lo > 0 else { continue }
                let threshold = sorted.data[r * cols + lo - 1]
                values[r] = threshold
                let row = sorted.data + r * cols
                var count = lo
                while count < cols && row[count] <= threshold { count += 1 }
                pruned += count
            }
            return (values, pruned)
        }
        var alpha = 0.4
        var low = 0.0
        var high = 0.8
        var current = thresholds(alpha)
        func sparsity(_ pruned: Int) -> Float { Float(pruned) / Float(rows * cols) }
        while abs(Double(sparsity(current.pruned)) - ratio) > 0.001 && high - low >= 0.001 {
            let next: Double
            if Double(sparsity(current.pruned)) > ratio {
                next = (alpha + low) / 2
                high = alpha
            } else {
                next = (alpha + high) / 2
                low = alpha
            }
            alpha = next
            current = thresholds(alpha)
        }
        let pruned = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rows * cols, 1))
        defer { pruned.deallocate() }
        for r in 0..<rows {
            let threshold = current.values[r]
            let s = scores.data + r * cols
            for c in 0..<cols { pruned[r * cols + c] = s[c] <= threshold ? 1 : 0 }
        }
        return LinearMask(rows: rows, cols: cols, pruned: pruned)
    }
}
