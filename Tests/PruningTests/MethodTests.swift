import Model
import Tensor
import XCTest

@testable import Pruning

/// Exactness invariants of each method on single matrices.
final class MethodTests: XCTestCase {
    /// Weights with Q4-like ties: few distinct magnitudes.
    private func tiedWeights(rows: Int, cols: Int, seed: UInt64 = 41) -> Matrix {
        var random = TestRandom(seed: seed)
        let w = Matrix(rows: rows, cols: cols)
        for i in 0..<w.count { w.data[i] = Float(random.below(9) - 4) * 0.125 }
        return w
    }

    private func scalerRow(cols: Int, seed: UInt64 = 43) -> [Float] {
        var random = TestRandom(seed: seed)
        return (0..<cols).map { j in (1 + abs(random.normal())) * (j % 13 == 0 ? 50 : 1) }
    }

    func testMagnitudeMatrixPrunesExactlyTheCountWithTies() {
        let w = tiedWeights(rows: 48, cols: 80)
        for ratio in [0.1, 0.5, 0.6, 0.93] {
            let mask = Magnitude().mask(weight: w, pattern: .unstructured(ratio))
            XCTAssertEqual(mask.prunedCount, Int(Double(w.count) * ratio), "ratio \(ratio)")
            var maxPruned: Float = 0
            var minKept = Float.infinity
            for r in 0..<w.rows {
                for c in 0..<w.cols {
                    if mask.isKept(r, c) {
                        minKept = min(minKept, abs(w[r, c]))
                    } else {
                        maxPruned = max(maxPruned, abs(w[r, c]))
                    }
                }
            }
            XCTAssertLessThanOrEqual(maxPruned, minKept)
        }
    }

    func testMagnitudeRowScopeAndNOfM() {
        let w = tiedWeights(rows: 16, cols: 64)
        let rowMask = Magnitude(scope: .row).mask(weight: w, pattern: .unstructured(0.3))
        for r in 0..<16 { XCTAssertEqual(rowMask.prunedCount(row: r), 19) }
        let nm = Magnitude().mask(weight: w, pattern: .nOfM(n: 2, m: 4))
        assertNOfM(nm, n: 2, m: 4)
    }

    func testWandaPrunesTheLowestScoresOfEveryRow() {
        let w = tiedWeights(rows: 40, cols: 96)
        let s = scalerRow(cols: 96)
        let scores = Wanda.scores(weight: w, scalerRow: s)
        for ratio in [0.5, 0.6, 0.25] {
            let mask = Wanda().mask(weight: w, scalerRow: s, pattern: .unstructured(ratio))
            for r in 0..<w.rows {
                XCTAssertEqual(mask.prunedCount(row: r), Int(96 * ratio))
                // Stable order: every pruned (score, column) precedes every kept one.
                var lastPruned: (Float, Int) = (-1, -1)
                var firstKept: (Float, Int) = (.infinity, Int.max)
                for c in 0..<96 {
                    let key = (scores[r, c], c)
                    if mask.isKept(r, c) {
                        if key < firstKept { firstKept = key }
                    } else if key > lastPruned {
                        lastPruned = key
                    }
                }
                XCTAssertTrue(lastPruned < firstKept, "row \(r)")
            }
        }
        for (n, m) in [(2, 4), (4, 8), (1, 3)] {
            assertNOfM(Wanda().mask(weight: w, scalerRow: s, pattern: .nOfM(n: n, m: m)), n: n, m: m)
        }
    }

    func testWandaVariantReachesTheTargetSparsity() {
        var random = TestRandom(seed: 47)
        let w = random.matrix(64, 128, scale: 1)
        let s = scalerRow(cols: 128)
        for ratio in [0.3, 0.5, 0.7] {
            let mask = Wanda(useVariant: true).mask(weight: w, scalerRow: s, pattern: .unstructured(ratio))
            XCTAssertEqual(mask.sparsity, ratio, accuracy: 0.002, "ratio \(ratio)")
            // Per row the pruned set is a prefix of the ascending scores (plus ties): a threshold mask.
            let scores = Wanda.scores(weight: w, scalerRow: s)
            for r in 0..<64 {
                let pruned = (0..<128).filter { !mask.isKept(r, $0) }.map { scores[r, $0] }
                let kept = (0..<128).filter { mask.isKept(r, $0) }.map { scores[r, $0] }
                if let a = pruned.max(), let b = kept.min() { XCTAssertLessThan(a, b) }
            }
        }
    }

    func testSparseGPTMatchesAStraightTranslationOfFasterprune() throws {
        var random = TestRandom(seed: 53)
        let cols = 96
        let x = random.matrix(300, cols, scale: 1)
        for r in 0..<300 { x.data[r * cols + 7] = 0 }  // a dead input
        let stats = ActivationStatistics(columns: cols, kinds: .hessian)
        stats.add(x.data, lengths: [100, 100, 100])
        let factor = try InverseHessianFactor(hessian: stats.hessian!, dampening: 0.01, linear: "t")
        let w = random.matrix(24, cols, scale: 0.3)
        for pattern in [SparsityPattern.unstructured(0.5), .nOfM(n: 2, m: 4), .unstructured(0.7)] {
            let fast = SparseGPT(blockSize: 32).prune(weight: w, factor: factor, pattern: pattern)
            let (oracle, oracleMask) = referenceFasterprune(w, factor, pattern: pattern, blockSize: 32)
            XCTAssertEqual(fast.mask, oracleMask, "\(pattern)")
            let updated = try XCTUnwrap(fast.updatedWeight)
            var worst: Float = 0
            var norm: Float = 0
            for i in 0..<w.count {
                worst = max(worst, abs(updated.data[i] - oracle.data[i]))
                norm = max(norm, abs(oracle.data[i]))
                if !fast.mask.isKept(i / cols, i % cols) { XCTAssertEqual(updated.data[i], 0) }
            }
            XCTAssertLessThan(worst, 1e-5 * norm, "\(pattern)")
            if case .nOfM(let n, let m) = pattern { assertNOfM(fast.mask, n: n, m: m) }
            XCTAssertTrue((0..<24).allSatisfy { !fast.mask.isKept($0, 7) }, "the dead column is pruned")
        }
    }

    func testSparseGPTBeatsWandaOnEveryLinearOfTheTinyModel() throws {
        let model = TinyModel.make()
        let calibration = TinyModel.calibration(count: 8, length: 32)
        for layer in 0..<2 {
            let inputs = linearInputs(model, layer: layer, calibration: calibration)
            for kind in LinearKind.allCases {
                let x = try XCTUnwrap(inputs[kind])
                let stats = ActivationStatistics(columns: x.cols, kinds: [.squaredNorms, .hessian])
                stats.add(x.data, lengths: calibration.map(\.count))
                let w = model.blocks[layer].weight(kind).dequantized()
                let factor = try InverseHessianFactor(hessian: stats.hessian!, dampening: 0.01, linear: "\(kind)")
                for pattern in [SparsityPattern.unstructured(0.5), .nOfM(n: 2, m: 4)] {
                    let wanda = Wanda().mask(weight: w, scalerRow: stats.scalerRow, pattern: pattern)
                    let sparse = SparseGPT().prune(weight: w, factor: factor, pattern: pattern)
                    let wandaError = reconstructionError(w, masked(w, wanda), inputs: x)
                    let sparseError = reconstructionError(w, try XCTUnwrap(sparse.updatedWeight), inputs: x)
                    XCTAssertLessThan(sparseError, wandaError, "layer \(layer) \(kind) \(pattern)")
                    XCTAssertEqual(sparse.mask.sparsity, wanda.sparsity, accuracy: 0.02)
                }
            }
        }
    }

    func testOWLSparsitiesFollowTheFormula() throws {
        let ratios = [3.0, 5.5, 4.0, 9.0, 1.5]
        let sparsities = try OWL.blockSparsities(outlierRatios: ratios, target: 0.6, lambda: 0.08)
        XCTAssertEqual(sparsities.reduce(0, +) / 5, 0.6, accuracy: 1e-12)
        XCTAssertEqual(sparsities.max()! - sparsities.min()!, 0.16, accuracy: 1e-12)  // a span of 2λ
        XCTAssertEqual(sparsities[4], sparsities.max()!)  // fewest outliers: pruned most
        XCTAssertEqual(sparsities[3], sparsities.min()!)
        for (d, s) in zip(ratios, sparsities) {
            let r = (d - 1.5) / 7.5 * 0.16
            let mean = ratios.map { ($0 - 1.5) / 7.5 * 0.16 }.reduce(0, +) / 5
            XCTAssertEqual(s, 1 - (r - mean + 0.4), accuracy: 1e-12)
        }
        XCTAssertEqual(try OWL.blockSparsities(outlierRatios: [2, 2, 2], target: 0.5, lambda: 0.08), [0.5, 0.5, 0.5])
        XCTAssertThrowsError(try OWL.blockSparsities(outlierRatios: [1, 9], target: 0.97, lambda: 0.08))
        // r − mean = −1, −0.5, 0, 0.5, 1: numpy rounds half to even.
        XCTAssertEqual(OWL.blockN(outlierRatios: [1, 2, 3, 4, 5], n: 4, m: 8, lambda: 2), [5, 4, 4, 4, 3])
        XCTAssertEqual(OWL.blockN(outlierRatios: [1, 9], n: 2, m: 4, lambda: 6), [3, 1])
    }

    func testOWLOutlierRatio() {
        let a = Matrix(rows: 1, cols: 10, copying: [1, 1, 1, 1, 1, 1, 1, 1, 1, 100])
        let b = Matrix(rows: 1, cols: 10, copying: [Float](repeating: 1, count: 10))
        // mean 5.45, threshold 5 · 5.45 = 27.25: one score of 20 is above.
        XCTAssertEqual(OWL.outlierRatio(scores: [a, b], threshold: 5), 5)
    }

    /// The expected output shift of pruning, `Σ_{j pruned} W_ij · sumRow_j`, per row.
    private func shift(_ w: Matrix, _ mask: LinearMask, _ sumRow: [Float]) -> [Double] {
        (0..<w.rows).map { r in
            (0..<w.cols).filter { !mask.isKept(r, $0) }.reduce(0.0) { $0 + Double(w[r, $1]) * Double(sumRow[$1]) }
        }
    }

    func testDSnoTLowersThePerRowErrorOfItsStart() throws {
        let model = TinyModel.make()
        let calibration = TinyModel.calibration(count: 8, length: 32)
        let inputs = linearInputs(model, layer: 0, calibration: calibration)
        for kind in [LinearKind.q, .o, .down] {
            let x = try XCTUnwrap(inputs[kind])
            let stats = ActivationStatistics(columns: x.cols, kinds: [.squaredNorms, .moments])
            stats.add(x.data, lengths: calibration.map(\.count))
            let w = model.blocks[0].weight(kind).dequantized()
            let initial = Wanda.scores(weight: w, scalerRow: stats.scalerRow)
            for pattern in [SparsityPattern.unstructured(0.5), .nOfM(n: 2, m: 4)] {
                let start = maskLowestPerRow(initial.data, rows: w.rows, cols: w.cols, pattern: pattern)
                for sameSign in [false, true] {
                    let dsnot = DSnoT(skip: .none, requireSameSign: sameSign)
                    let refined = dsnot.mask(
                        weight: w, initialScores: initial, statistics: stats, pattern: pattern, refine: true)
                    let before = shift(w, start, stats.sumRow)
                    let after = shift(w, refined, stats.sumRow)
                    let total = (before.map(abs).reduce(0, +), after.map(abs).reduce(0, +))
                    XCTAssertLessThan(total.1, total.0, "\(kind) \(pattern) same sign \(sameSign)")
                    var changedRows = 0
                    for r in 0..<w.rows {
                        XCTAssertEqual(refined.prunedCount(row: r), start.prunedCount(row: r))
                        if refined.words[(r * refined.wordsPerRow)..<((r + 1) * refined.wordsPerRow)]
                            != start.words[(r * start.wordsPerRow)..<((r + 1) * start.wordsPerRow)]
                        {
                            changedRows += 1
                        }
                        if sameSign && pattern == .unstructured(0.5) {
                            XCTAssertLessThanOrEqual(abs(after[r]), abs(before[r]) + 1e-4, "\(kind) row \(r)")
                        }
                    }
                    XCTAssertGreaterThan(changedRows, 0)
                    if case .nOfM(let n, let m) = pattern { assertNOfM(refined, n: n, m: m) }
                    let kept = dsnot.mask(
                        weight: w, initialScores: initial, statistics: stats, pattern: pattern, refine: false)
                    XCTAssertEqual(kept, start, "a skipped linear keeps its initial mask")
                }
            }
        }
        XCTAssertTrue(DSnoT().skips(.mlp))
        XCTAssertFalse(DSnoT().skips(.attention))
    }
}

/// Every aligned group of `m` in every row has exactly `n` pruned weights.
func assertNOfM(_ mask: LinearMask, n: Int, m: Int, file: StaticString = #filePath, line: UInt = #line) {
    for r in 0..<mask.rows {
        for g in stride(from: 0, to: mask.cols, by: m) {
            let pruned = (g..<(g + m)).filter { !mask.isKept(r, $0) }.count
            if pruned != n {
                XCTFail("row \(r) group \(g / m) has \(pruned) pruned, expected \(n)", file: file, line: line)
                return
            }
        }
    }
}

/// `fasterprune` written out as in `sparsegpt.py`, column by column on whole columns (the oracle).
func referenceFasterprune(
    _ weight: Matrix, _ factor: InverseHessianFactor, pattern: SparsityPattern, blockSize: Int
) -> (Matrix, LinearMask) {
    let rows = weight.rows
    let cols = weight.cols
    let u = factor.upper
    let w = weight.copy()
    for c in 0..<cols where factor.dead[c] { for r in 0..<rows { w[r, c] = 0 } }
    var pruned = [UInt8](repeating: 0, count: rows * cols)
    var i1 = 0
    while i1 < cols {
        let i2 = min(i1 + blockSize, cols)
        let count = i2 - i1
        var err = [Float](repeating: 0, count: rows * count)
        if case .unstructured(let ratio) = pattern {
            var tmp: [Float] = []
            for r in 0..<rows {
                for i in 0..<count { tmp.append(w[r, i1 + i] * w[r, i1 + i] / (u[i1 + i, i1 + i] * u[i1 + i, i1 + i])) }
            }
            let threshold = tmp.sorted()[Int(Double(tmp.count) * ratio)]
            for r in 0..<rows {
                for i in 0..<count where tmp[r * count + i] <= threshold { pruned[r * cols + i1 + i] = 1 }
            }
        }
        for i in 0..<count {
            let col = i1 + i
            let d = u[col, col]
            if case .nOfM(let n, let m) = pattern, i % m == 0 {
                for r in 0..<rows {
                    let order = (0..<m).sorted { a, b in
                        let sa = w[r, col + a] * w[r, col + a] / (u[col + a, col + a] * u[col + a, col + a])
                        let sb = w[r, col + b] * w[r, col + b] / (u[col + b, col + b] * u[col + b, col + b])
                        return (sa, a) < (sb, b)
                    }
                    for g in order.prefix(n) { pruned[r * cols + col + g] = 1 }
                }
            }
            for r in 0..<rows {
                let value = w[r, col]
                let q: Float = pruned[r * cols + col] != 0 ? 0 : value
                let e = (value - q) / d
                for j in col..<i2 { w[r, j] -= e * u[col, j] }
                w[r, col] = q
                err[r * count + i] = e
            }
        }
        for r in 0..<rows {
            for j in i2..<cols {
                var s: Float = 0
                for i in 0..<count { s += err[r * count + i] * u[i1 + i, j] }
                w[r, j] -= s
            }
        }
        i1 = i2
    }
    return (w, LinearMask(rows: rows, cols: cols, pruned: pruned))
}
