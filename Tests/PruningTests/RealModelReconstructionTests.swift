import Model
import Tensor
import XCTest

@testable import Pruning

/// Invariants on the default model's first blocks (calibration: the parity fixture's tokens).
final class RealModelReconstructionTests: XCTestCase {
    func testSparseGPTReconstructsBetterThanWandaOnTheFirstBlocks() throws {
        let golden = try PruningParityTests.golden()
        let model = try DefaultModel.load()
        let calibration = golden.tokens
        var lines: [String] = []
        for layer in 0..<2 {
            let inputs = linearInputs(model, layer: layer, calibration: calibration)
            var factors: [InputGroup: InverseHessianFactor] = [:]
            for kind in LinearKind.allCases {
                let x = try XCTUnwrap(inputs[kind])
                let stats = ActivationStatistics(columns: x.cols, kinds: [.squaredNorms, .moments, .hessian])
                stats.add(x.data, lengths: calibration.map(\.count))
                let factor =
                    try factors[InputGroup(kind)]
                    ?? InverseHessianFactor(hessian: stats.hessian!, dampening: 0.01, linear: "\(kind)")
                factors[InputGroup(kind)] = factor
                let w = model.blocks[layer].weight(kind).dequantized()
                for pattern in [SparsityPattern.unstructured(0.5), .nOfM(n: 2, m: 4)] {
                    let wanda = Wanda().mask(weight: w, scalerRow: stats.scalerRow, pattern: pattern)
                    let sparse = SparseGPT().prune(weight: w, factor: factor, pattern: pattern)
                    let wandaError = reconstructionError(w, masked(w, wanda), inputs: x)
                    let sparseError = reconstructionError(w, try XCTUnwrap(sparse.updatedWeight), inputs: x)
                    lines.append(
                        "layers.\(layer).\(kind.rawValue) \(pattern): sparsegpt \(sparseError) < wanda \(wandaError)")
                    XCTAssertLessThan(sparseError, wandaError, "layers.\(layer).\(kind) \(pattern)")
                }
                // DSnoT lowers the mean output shift of its Wanda start on the linears it refines.
                let initial = Wanda.scores(weight: w, scalerRow: stats.scalerRow)
                let start = maskLowestPerRow(initial.data, rows: w.rows, cols: w.cols, pattern: .unstructured(0.5))
                let refined = DSnoT(skip: .none).mask(
                    weight: w, initialScores: initial, statistics: stats, pattern: .unstructured(0.5), refine: true)
                func shift(_ mask: LinearMask) -> Double {
                    var total = 0.0
                    for r in 0..<w.rows {
                        var e = 0.0
                        for c in 0..<w.cols where !mask.isKept(r, c) { e += Double(w[r, c]) * Double(stats.sumRow[c]) }
                        total += abs(e)
                    }
                    return total
                }
                let before = shift(start)
                let after = shift(refined)
                lines.append("layers.\(layer).\(kind.rawValue) dsnot Σ|e|: \(after) < \(before)")
                XCTAssertLessThan(after, before, "layers.\(layer).\(kind)")
            }
        }
        print(lines.joined(separator: "\n"))
    }
}
