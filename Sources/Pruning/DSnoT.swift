import Foundation
import Model
import Tensor

/// DSnoT: training-free mask refinement by grow/prune swaps within each row (`DSnoT/lib/prune.py::prune_DSnoT`).
///
/// Start from an initial mask (Wanda, magnitude or SparseGPT's `w²/U_ii²`, without weight updates), then per row
/// with `D_ij = W_ij · sumRow_j` (the expected output shift of removing `W_ij`) and `e = Σ_{j pruned} D_ij`:
/// regrow a pruned weight (ranked by `D_ij / var_j^pow`: the top if `e > 0`, the bottom otherwise) and prune a kept
/// one (ranked by ascending Wanda score, negative-D first and positive-D reversed at the end: the front if `e > 0`,
/// the back if `e < 0`), so the pruned count stays constant; `e ← e + D_prune − D_grow`. A row stops once
/// `|e| ≤ updateThreshold` (or, with `requireSameSign`, once a swap would flip the sign of `e`); at most `maxCycles`.
/// N:M: the pruned partner is the lowest initial score among the kept weights of the regrown weight's own group,
/// and the sign check always applies (as in the reference).
///
/// Departures from the reference, both where it indexes outside its candidate lists: regrow candidates are the
/// pruned weights only (the reference's list also holds the kept ones, with metric 0, in the middle, so a very long
/// run could "regrow" a kept weight), kept weights with `D = 0` sit between the negative and positive ones (the
/// reference maps them all to column 0), and a row stops when its candidates run out.
public struct DSnoT: Sendable, Equatable, CustomStringConvertible {
    /// Where the initial mask comes from.
    public enum Initial: String, Sendable, CaseIterable {
        case wanda, sparsegpt, magnitude
    }

    /// Which linears keep their initial mask (`--skip_layer`).
    public enum Skip: String, Sendable, CaseIterable {
        /// Refine every linear (`no_skip`).
        case none
        /// Keep the MLP's initial masks; refine q, k, v, o (the reference default).
        case mlp
        /// Keep the attention projections' initial masks; refine gate, up, down.
        case attention
    }

    /// Initial mask (default Wanda).
    public var initial: Initial
    /// Maximum grow/prune cycles per row (default 50).
    public var maxCycles: Int
    /// A row stops once `|e|` is at most this (default 0.1).
    public var updateThreshold: Float
    /// Exponent of the variance in the regrowth ranking (default 1; 0 ranks by `D` alone).
    public var varianceExponent: Float
    /// Linears left at their initial mask (default `.mlp`).
    public var skip: Skip
    /// Also stop a row when a swap would flip the sign of `e` (the reference's `without_same_sign=False`; its
    /// default is off for unstructured patterns; N:M always checks).
    public var requireSameSign: Bool

    /// DSnoT with the reference defaults.
    public init(
        initial: Initial = .wanda, maxCycles: Int = 50, updateThreshold: Float = 0.1, varianceExponent: Float = 1,
        skip: Skip = .mlp, requireSameSign: Bool = false
    ) {
        self.initial = initial
        self.maxCycles = maxCycles
        self.updateThreshold = updateThreshold
        self.varianceExponent = varianceExponent
        self.skip = skip
        self.requireSameSign = requireSameSign
    }

    /// `dsnot initial=wanda` plus any non-default option.
    public var description: String {
        var text = "dsnot initial=\(initial.rawValue)"
        if maxCycles != 50 { text += " cycles=\(maxCycles)" }
        if updateThreshold != 0.1 { text += " threshold=\(updateThreshold)" }
        if varianceExponent != 1 { text += " pow=\(varianceExponent)" }
        if skip != .mlp { text += " skip=\(skip.rawValue)" }
        if requireSameSign { text += " same_sign=true" }
        return text
    }

    /// Checks the options.
    public func validate() throws {
        guard maxCycles >= 0 else {
            throw PruningError.badOption(name: "cycles", value: "\(maxCycles)", reason: "must be 0 or more")
        }
        guard updateThreshold >= 0, updateThreshold.isFinite else {
            throw PruningError.badOption(
                name: "threshold", value: "\(updateThreshold)", reason: "must be a finite number ≥ 0")
        }
        guard varianceExponent.isFinite else {
            throw PruningError.badOption(name: "pow", value: "\(varianceExponent)", reason: "must be finite")
        }
    }

    /// Whether linears of `kind` keep their initial mask.
    public func skips(_ kind: LinearKindGroup) -> Bool {
        switch skip {
        case .none: return false
        case .mlp: return kind == .mlp
        case .attention: return kind == .attention
        }
    }

    /// The refined mask of `weight`. `initialScores` ranks the initial mask (lowest pruned first); `statistics`
    /// must hold squared norms and moments.
    func mask(
        weight: Matrix, initialScores: Matrix, statistics: ActivationStatistics, pattern: SparsityPattern,
        refine: Bool
    ) -> LinearMask {
        let rows = weight.rows
        let cols = weight.cols
        guard refine else {
            return maskLowestPerRow(initialScores.data, rows: rows, cols: cols, pattern: pattern)
        }
        let wanda = Wanda.scores(weight: weight, scalerRow: statistics.scalerRow)
        let pruned = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rows * cols, 1))
        defer { pruned.deallocate() }
        pruned.initialize(repeating: 0, count: rows * cols)
        let sumRow = statistics.sumRow
        let variance = statistics.variance
        sumRow.withUnsafeBufferPointer { sumRow in
            variance.withUnsafeBufferPointer { variance in
                parallelChunks(rows) { range in
                    var work = RowWork(cols: cols)
                    for r in range {
                        let context = RowContext(
                            weight: weight.data + r * cols, initial: initialScores.data + r * cols,
                            wanda: wanda.data + r * cols, sumRow: sumRow.baseAddress, variance: variance.baseAddress,
                            cols: cols, pruned: pruned + r * cols)
                        switch pattern {
                        case .unstructured(let ratio):
                            refineUnstructured(context, k: prunedCount(of: cols, ratio: ratio), work: &work)
                        case .nOfM(let n, let m):
                            refineNOfM(context, n: n, m: m, work: &work)
                        }
                    }
                    work.deallocate()
                }
            }
        }
        return LinearMask(rows: rows, cols: cols, pruned: pruned)
    }

    /// One row's inputs and output flags.
    private struct RowContext {
        let weight: UnsafePointer<Float>
        let initial: UnsafePointer<Float>
        let wanda: UnsafePointer<Float>
        let sumRow: UnsafePointer<Float>?
        let variance: UnsafePointer<Float>?
        let cols: Int
        let pruned: UnsafeMutablePointer<UInt8>

        init(
            weight: UnsafeMutablePointer<Float>, initial: UnsafeMutablePointer<Float>,
            wanda: UnsafeMutablePointer<Float>, sumRow: UnsafePointer<Float>?, variance: UnsafePointer<Float>?,
            cols: Int, pruned: UnsafeMutablePointer<UInt8>
        ) {
            self.weight = UnsafePointer(weight)
            self.initial = UnsafePointer(initial)
            self.wanda = UnsafePointer(wanda)
            self.sumRow = sumRow
            self.variance = variance
            self.cols = cols
            self.pruned = pruned
        }

        /// `D_j = W_j · sumRow_j`.
        func shift(_ j: Int) -> Float { weight[j] * (sumRow?[j] ?? 0) }
    }

    /// Scratch buffers reused across the rows of one task.
    private struct RowWork {
        let order: UnsafeMutablePointer<Int32>
        let keys: UnsafeMutablePointer<UInt64>
        let values: UnsafeMutablePointer<Float>
        let grow: UnsafeMutablePointer<Int32>
        let prune: UnsafeMutablePointer<Int32>

        init(cols: Int) {
            let n = max(cols, 1)
            order = .allocate(capacity: n)
            keys = .allocate(capacity: n)
            values = .allocate(capacity: n)
            grow = .allocate(capacity: n)
            prune = .allocate(capacity: n)
        }

        func deallocate() {
            order.deallocate()
            keys.deallocate()
            values.deallocate()
            grow.deallocate()
            prune.deallocate()
        }
    }

    /// The regrowth ranking of pruned column `j`: `D_j / var_j^pow`.
    private func growScore(_ row: RowContext, _ j: Int) -> Float {
        let d = row.shift(j)
        if varianceExponent == 0 { return d }
        let v = row.variance?[j] ?? 0
        return d / (varianceExponent == 1 ? v : powf(v, varianceExponent))
    }

    /// Sorts the pruned columns (flags set in `row.pruned`) by regrowth score into `work.grow`; returns their count.
    private func regrowthOrder(_ row: RowContext, work: inout RowWork) -> Int {
        var count = 0
        for j in 0..<row.cols where row.pruned[j] != 0 {
            work.keys[count] = scoreKey(growScore(row, j), j)
            count += 1
        }
        sortKeys(work.keys, count: count)
        for i in 0..<count { work.grow[i] = Int32(truncatingIfNeeded: work.keys[i] & 0xFFFF_FFFF) }
        return count
    }

    /// The pruned weights' summed shift, accumulated like torch's Float32 row sum (here in Double, then rounded).
    private func initialError(_ row: RowContext) -> Float {
        var e = 0.0
        for j in 0..<row.cols where row.pruned[j] != 0 { e += Double(row.shift(j)) }
        return Float(e)
    }

    private func refineUnstructured(_ row: RowContext, k: Int, work: inout RowWork) {
        let cols = row.cols
        stableOrder(row.initial, count: cols, order: work.order, scratch: work.keys)
        for i in 0..<k { row.pruned[Int(work.order[i])] = 1 }
        if k == 0 || k == cols { return }
        var e = initialError(row)
        let initialSign = torchSign(e)
        let growCount = regrowthOrder(row, work: &work)
        // Kept columns by ascending Wanda score (stable), then negative-D first, zero-D, positive-D reversed.
        var keptCount = 0
        for j in 0..<cols where row.pruned[j] == 0 {
            work.keys[keptCount] = scoreKey(row.wanda[j], j)
            keptCount += 1
        }
        sortKeys(work.keys, count: keptCount)
        var front = 0
        for pass in 0..<2 {
            for i in 0..<keptCount {
                let j = Int(work.keys[i] & 0xFFFF_FFFF)
                let d = row.shift(j)
                if (pass == 0 && d < 0) || (pass == 1 && d == 0) {
                    work.prune[front] = Int32(j)
                    front += 1
                }
            }
        }
        for i in stride(from: keptCount - 1, through: 0, by: -1) {
            let j = Int(work.keys[i] & 0xFFFF_FFFF)
            if row.shift(j) > 0 {
                work.prune[front] = Int32(j)
                front += 1
            }
        }
        var growLow = 0
        var growHigh = growCount - 1
        var pruneLow = 0
        var pruneHigh = keptCount - 1
        var cycle = 0
        while cycle < maxCycles {
            cycle += 1
            guard growLow <= growHigh, pruneLow <= pruneHigh else { return }
            let g: Int
            if e > 0 {
                g = Int(work.grow[growHigh])
                growHigh -= 1
            } else {
                g = Int(work.grow[growLow])
                growLow += 1
            }
            let p: Int
            if e < 0 {
                p = Int(work.prune[pruneHigh])
                pruneHigh -= 1
            } else {
                p = Int(work.prune[pruneLow])
                pruneLow += 1
            }
            let dGrow = row.shift(g)
            let dPrune = row.shift(p)
            let after = e + dPrune - dGrow
            guard abs(e) > updateThreshold, !requireSameSign || torchSign(after) == initialSign else { return }
            row.pruned[p] = 1
            row.pruned[g] = 0
            e += dPrune
            e -= dGrow
        }
    }

    private func refineNOfM(_ row: RowContext, n: Int, m: Int, work: inout RowWork) {
        let cols = row.cols
        markNOfM(row.initial, count: cols, n: n, m: m, pruned: row.pruned)
        // Initial scores with the pruned entries (and, later, the newly pruned ones) excluded.
        let available = work.values
        for j in 0..<cols { available[j] = row.pruned[j] != 0 ? .infinity : row.initial[j] }
        var e = initialError(row)
        let initialSign = torchSign(e)
        let growCount = regrowthOrder(row, work: &work)
        var growLow = 0
        var growHigh = growCount - 1
        var cycle = 0
        while cycle < maxCycles {
            cycle += 1
            guard growLow <= growHigh else { return }
            let g: Int
            if e > 0 {
                g = Int(work.grow[growHigh])
                growHigh -= 1
            } else {
                g = Int(work.grow[growLow])
                growLow += 1
            }
            let start = g - g % m
            var p = -1
            var best = Float.infinity
            for j in start..<(start + m) where available[j] < best {
                best = available[j]
                p = j
            }
            guard p >= 0 else { return }
            let dGrow = row.shift(g)
            let dPrune = row.shift(p)
            let after = e + dPrune - dGrow
            available[p] = .infinity
            guard torchSign(after) == initialSign, abs(e) > updateThreshold else { return }
            row.pruned[p] = 1
            row.pruned[g] = 0
            e += dPrune
            e -= dGrow
        }
    }
}

/// The two halves of a LLaMA block, for options that treat attention and MLP linears differently.
public enum LinearKindGroup: String, Sendable {
    /// q, k, v, o.
    case attention
    /// gate, up, down.
    case mlp

    /// The half `kind` belongs to.
    public init(_ kind: LinearKind) {
        switch kind {
        case .q, .k, .v, .o: self = .attention
        case .gate, .up, .down: self = .mlp
        }
    }
}

/// `torch.sign`: -1, 0 or 1.
@inline(__always)
private func torchSign(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
