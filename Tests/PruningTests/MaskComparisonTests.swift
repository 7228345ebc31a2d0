import Model
import XCTest

@testable import Pruning

/// `MaskComparison` against counting weight by weight with `isKept`.
final class MaskComparisonTests: XCTestCase {
    /// Widths that are not multiples of 64 (hidden 72, MLP 100), so padding bits are in play.
    private let shape = ModelShape(
        LlamaConfig(
            modelType: "llama", hiddenSize: 72, intermediateSize: 100, numHiddenLayers: 3, numAttentionHeads: 4,
            numKeyValueHeads: 2, headDim: 16, vocabSize: 50, rmsNormEps: 1e-5, ropeTheta: 10000,
            maxPositionEmbeddings: 64, tieWordEmbeddings: true))

    /// A mask pruning each weight with probability `rate`; linears for which `skip` holds get no entry (dense).
    private func randomMask(seed: UInt64, rate: Int, skip: (LinearID) -> Bool = { _ in false }) throws -> PruningMask {
        var random = TestRandom(seed: seed)
        var mask = PruningMask(shape: shape, method: "test", pattern: "0.5")
        for id in mask.allLinearIDs where !skip(id) {
            let (rows, cols) = shape.linearShape(id.kind)
            let flags = (0..<(rows * cols)).map { _ in UInt8(random.below(100) < rate ? 1 : 0) }
            try mask.set(id, mask: LinearMask(rows: rows, cols: cols, pruned: flags))
        }
        return mask
    }

    /// The counts of block `layer` (nil: every block), one weight at a time.
    private func naive(
        _ a: PruningMask, _ b: PruningMask, layer: Int?
    ) -> (
        weights: Int, prunedA: Int, prunedB: Int, keptA: Int, keptBoth: Int, prunedBoth: Int, prunedEither: Int
    ) {
        var c = (weights: 0, prunedA: 0, prunedB: 0, keptA: 0, keptBoth: 0, prunedBoth: 0, prunedEither: 0)
        for id in a.allLinearIDs where layer == nil || id.layer == layer {
            let (rows, cols) = shape.linearShape(id.kind)
            for r in 0..<rows {
                for col in 0..<cols {
                    let keptA = a.linears[id]?.isKept(r, col) ?? true
                    let keptB = b.linears[id]?.isKept(r, col) ?? true
                    c.weights += 1
                    if !keptA { c.prunedA += 1 }
                    if !keptB { c.prunedB += 1 }
                    if keptA { c.keptA += 1 }
                    if keptA && keptB { c.keptBoth += 1 }
                    if !keptA && !keptB { c.prunedBoth += 1 }
                    if !keptA || !keptB { c.prunedEither += 1 }
                }
            }
        }
        return c
    }

    func testCountsOverlapJaccardAndSparsityMatchANaiveCount() throws {
        let a = try randomMask(seed: 1, rate: 50)
        let b = try randomMask(seed: 2, rate: 30) { $0.layer == 1 && ($0.kind == .up || $0.kind == .o) }
        let comparison = try MaskComparison(a, b)
        XCTAssertEqual(comparison.layers.count, 3)
        for (layer, overlap) in Array(zip(0..., comparison.layers)) + [(-1, comparison.total)] {
            let c = naive(a, b, layer: layer < 0 ? nil : layer)
            XCTAssertEqual(overlap.weights, c.weights)
            XCTAssertEqual(overlap.prunedA, c.prunedA)
            XCTAssertEqual(overlap.prunedB, c.prunedB)
            XCTAssertEqual(overlap.keptA, c.keptA)
            XCTAssertEqual(overlap.keptBoth, c.keptBoth)
            XCTAssertEqual(overlap.prunedBoth, c.prunedBoth)
            XCTAssertEqual(overlap.prunedEither, c.prunedEither)
            XCTAssertEqual(overlap.keptOverlap, Double(c.keptBoth) / Double(c.keptA))
            XCTAssertEqual(overlap.prunedJaccard, Double(c.prunedBoth) / Double(c.prunedEither))
            XCTAssertEqual(overlap.sparsityA, layer < 0 ? a.totalSparsity : a.layerSparsity(layer))
            XCTAssertEqual(overlap.sparsityB, layer < 0 ? b.totalSparsity : b.layerSparsity(layer))
        }
        XCTAssertEqual(comparison.total.weights, a.weightCount)
        XCTAssertEqual(comparison.total.sparsityA, 0.5, accuracy: 0.01)
        XCTAssertLessThan(comparison.layers[1].sparsityB, comparison.layers[0].sparsityB, "two dense linears")
        // Independent masks at rates p and q: overlap ≈ 1 − q, Jaccard ≈ pq / (p + q − pq).
        XCTAssertEqual(comparison.layers[0].keptOverlap, 0.7, accuracy: 0.01)
        XCTAssertEqual(comparison.layers[0].prunedJaccard, 0.15 / 0.65, accuracy: 0.01)
    }

    func testIdenticalDenseAndFullyPrunedEdgeCases() throws {
        let a = try randomMask(seed: 3, rate: 60)
        let same = try MaskComparison(a, a)
        XCTAssertEqual(same.total.keptOverlap, 1)
        XCTAssertEqual(same.total.prunedJaccard, 1)
        XCTAssertEqual(same.total.sparsityA, same.total.sparsityB)

        let dense = PruningMask(shape: shape, method: "none", pattern: "0")
        let neither = try MaskComparison(dense, dense)
        XCTAssertEqual(neither.total.sparsityA, 0)
        XCTAssertEqual(neither.total.keptOverlap, 1)
        XCTAssertTrue(neither.total.prunedJaccard.isNaN, "nothing pruned: Jaccard undefined")

        let all = try randomMask(seed: 4, rate: 100)
        let versus = try MaskComparison(all, a)
        XCTAssertEqual(versus.total.sparsityA, 1)
        XCTAssertTrue(versus.total.keptOverlap.isNaN, "nothing kept: overlap undefined")
        XCTAssertEqual(versus.total.prunedJaccard, a.totalSparsity)
    }

    func testShapeMismatchAndCancellation() throws {
        let a = try randomMask(seed: 5, rate: 50)
        let other = PruningMask(shape: ModelShape(TinyModel.config()), method: "test", pattern: "0.5")
        XCTAssertThrowsError(try MaskComparison(a, other)) { error in
            guard case PruningError.modelMismatch = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try MaskComparison(a, a, isCancelled: { true })) { error in
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
    }
}
