import Model
import Tensor
import XCTest

@testable import Pruning

/// `WeightChange` against a direct computation over the linears of each block.
final class WeightChangeTests: XCTestCase {
    func testRelativeChangeAndZerosMatchADirectComputation() throws {
        let model = TinyModel.make(seed: 1)
        var random = TestRandom(seed: 9)
        var mask = PruningMask(shape: ModelShape(model.config), method: "test", pattern: "0.5")
        for id in model.linearIDs where id.layer == 1 {
            let w = model.weight(id).dequantized()
            let flags = (0..<w.count).map { _ in UInt8(random.below(2)) }
            try mask.set(id, mask: LinearMask(rows: w.rows, cols: w.cols, pruned: flags))
        }
        let pruned = try mask.apply(to: model)
        let changes = try WeightChange.layers(from: model, to: pruned)
        XCTAssertEqual(changes.count, 2)
        for layer in 0..<2 {
            var difference = 0.0
            var norm = 0.0
            var zerosA = 0
            var zerosB = 0
            var count = 0
            for kind in LinearKind.allCases {
                let a = model.blocks[layer].weight(kind).dequantized()
                let b = pruned.blocks[layer].weight(kind).dequantized()
                for i in 0..<a.count {
                    difference += Double(b.data[i] - a.data[i]) * Double(b.data[i] - a.data[i])
                    norm += Double(a.data[i]) * Double(a.data[i])
                    zerosA += a.data[i] == 0 ? 1 : 0
                    zerosB += b.data[i] == 0 ? 1 : 0
                }
                count += a.count
            }
            XCTAssertEqual(changes[layer].weights, count)
            XCTAssertEqual(changes[layer].relativeChange, (difference / norm).squareRoot(), accuracy: 1e-12)
            XCTAssertEqual(changes[layer].zeroFractionA, Double(zerosA) / Double(count))
            XCTAssertEqual(changes[layer].zeroFractionB, Double(zerosB) / Double(count))
        }
        XCTAssertEqual(changes[0].relativeChange, 0, "block 0 is not in the mask")
        XCTAssertEqual(changes[0].zeroFractionB, changes[0].zeroFractionA)
        XCTAssertEqual(changes[1].zeroFractionB, mask.layerSparsity(1), accuracy: 1e-3)
        // Zeroing half the weights at random removes about half of the squared norm.
        XCTAssertEqual(changes[1].relativeChange, 0.5.squareRoot(), accuracy: 0.03)
    }

    func testScaledWeightsAndErrors() throws {
        let model = TinyModel.make(seed: 2)
        var tripled: [LinearID: Weight] = [:]
        for id in model.linearIDs {
            let w = model.weight(id).dequantized().copy()
            for i in 0..<w.count { w.data[i] *= 3 }
            tripled[id] = Weight(w)
        }
        let changes = try WeightChange.layers(from: model, to: model.replacing(tripled))
        for change in changes { XCTAssertEqual(change.relativeChange, 2, accuracy: 1e-6) }

        let other = TinyModel.make(seed: 1, layers: 3)
        XCTAssertThrowsError(try WeightChange.layers(from: model, to: other)) { error in
            guard case PruningError.modelMismatch = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try WeightChange.layers(from: model, to: model, isCancelled: { true })) { error in
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        var empty = WeightChange()
        XCTAssertTrue(empty.relativeChange.isNaN, "no weights: undefined")
        empty.add(Matrix(rows: 2, cols: 3), Matrix(rows: 2, cols: 3))
        XCTAssertTrue(empty.relativeChange.isNaN, "all-zero weights: undefined")
        XCTAssertEqual(empty.zeroFractionA, 1)
    }
}
