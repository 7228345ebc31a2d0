/// How two masks agree on a set of weights (one block, or the whole model): counts of kept and pruned weights.
public struct MaskOverlap: Sendable, Equatable {
    /// Weights compared.
    public var weights = 0
    /// Weights pruned by the first mask.
    public var prunedA = 0
    /// Weights pruned by the second mask.
    public var prunedB = 0
    /// Weights kept by both masks.
    public var keptBoth = 0
    /// Weights pruned by both masks.
    public var prunedBoth = 0

    /// No weights yet.
    public init() {}

    /// Weights kept by the first mask.
    public var keptA: Int { weights - prunedA }

    /// Weights pruned by at least one mask.
    public var prunedEither: Int { prunedA + prunedB - prunedBoth }

    /// Fraction of the weights the first mask prunes.
    public var sparsityA: Double { weights == 0 ? 0 : Double(prunedA) / Double(weights) }

    /// Fraction of the weights the second mask prunes.
    public var sparsityB: Double { weights == 0 ? 0 : Double(prunedB) / Double(weights) }

    /// |kept A ∩ kept B| / |kept A|; NaN when the first mask keeps nothing.
    public var keptOverlap: Double { keptA == 0 ? .nan : Double(keptBoth) / Double(keptA) }

    /// |pruned A ∩ pruned B| / |pruned A ∪ pruned B|; NaN when neither mask prunes anything.
    public var prunedJaccard: Double { prunedEither == 0 ? .nan : Double(prunedBoth) / Double(prunedEither) }

    /// Adds the counts of two `(rows, cols)` masks (same shape, padding bits 0 as `LinearMask` keeps them).
    public mutating func add(_ a: LinearMask, _ b: LinearMask) {
        precondition(a.rows == b.rows && a.cols == b.cols, "MaskOverlap: \(a.rows)×\(a.cols) vs \(b.rows)×\(b.cols)")
        var keptA = 0
        var keptB = 0
        var both = 0
        var either = 0
        for (u, v) in zip(a.words, b.words) {
            keptA += u.nonzeroBitCount
            keptB += v.nonzeroBitCount
            both += (u & v).nonzeroBitCount
            either += (u | v).nonzeroBitCount
        }
        weights += a.count
        prunedA += a.count - keptA
        prunedB += a.count - keptB
        keptBoth += both
        prunedBoth += a.count - either
    }

    /// Adds another set of counts (per-block counts summed into the whole model's).
    public mutating func add(_ other: MaskOverlap) {
        weights += other.weights
        prunedA += other.prunedA
        prunedB += other.prunedB
        keptBoth += other.keptBoth
        prunedBoth += other.prunedBoth
    }
}
