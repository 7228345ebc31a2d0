import Model
import Tensor
import XCTest

@testable import Pruning

final class SequentialPrunerTests: XCTestCase {
    private let model = TinyModel.make()
    private let calibration = TinyModel.calibration(count: 6, length: 24)

    private func prune(
        _ method: PruningMethod, _ pattern: SparsityPattern, propagation: PruningConfiguration.Propagation = .pruned,
        batchTokens: Int = 50
    ) throws -> PruningMask {
        let config = PruningConfiguration(
            method: method, pattern: pattern, propagation: propagation, batchTokens: batchTokens)
        return try SequentialPruner(config).prune(model, calibration: calibration)
    }

    private let everyMethod: [PruningMethod] = [
        .magnitude(Magnitude()), .wanda(Wanda()), .sparseGPT(SparseGPT()), .owl(OWL()),
        .owl(OWL(base: .sparsegpt)), .dsnot(DSnoT()), .dsnot(DSnoT(initial: .sparsegpt, skip: .none)),
    ]

    func testSparsityZeroChangesNothing() throws {
        for method in everyMethod {
            let mask = try prune(method, .unstructured(0))
            XCTAssertEqual(mask.totalSparsity, 0)
            XCTAssertTrue(mask.updatedWeights.isEmpty)
            let pruned = try mask.apply(to: model)
            for id in model.linearIDs { XCTAssertEqual(pruned.weight(id).dequantized().toArray(), model.weight(id).dequantized().toArray()) }
            XCTAssertEqual(try pruned.logits(calibration).toArray(), try model.logits(calibration).toArray())
        }
    }

    func testEveryMethodMeetsItsPatternOnEveryLinear() throws {
        for method in everyMethod {
            let half = try prune(method, .unstructured(0.5))
            XCTAssertEqual(Set(half.linears.keys), Set(model.linearIDs), method.description)
            switch method {
            case .wanda, .dsnot:
                for (id, mask) in half.linears {
                    for r in 0..<mask.rows {
                        XCTAssertEqual(mask.prunedCount(row: r), mask.cols / 2, "\(method) \(id)")
                    }
                }
            case .magnitude:
                for (id, mask) in half.linears { XCTAssertEqual(mask.prunedCount, mask.count / 2, "\(id)") }
            case .sparseGPT:
                XCTAssertEqual(half.totalSparsity, 0.5, accuracy: 0.01)
                XCTAssertEqual(Set(half.updatedWeights.keys), Set(model.linearIDs))
                XCTAssertEqual(half.losses.count, model.linearIDs.count)
            case .owl:
                XCTAssertEqual(half.blockPatterns.count, 2)
                let targets = half.blockPatterns.compactMap(Double.init)
                XCTAssertEqual(targets.reduce(0, +) / 2, 0.5, accuracy: 1e-12)
                XCTAssertEqual(Set(targets.map { ($0 * 1e9).rounded() }), [0.42e9, 0.58e9], "two blocks: ±λ")
                for layer in 0..<2 { XCTAssertEqual(half.layerSparsity(layer), targets[layer], accuracy: 0.02) }
            }
            let nm = try prune(method, .nOfM(n: 2, m: 4))
            if case .owl = method {
                for (layer, p) in nm.blockPatterns.enumerated() {
                    let n = Int(p.split(separator: ":")[0])!
                    for kind in LinearKind.allCases {
                        assertNOfM(nm.linears[LinearID(layer: layer, kind: kind)]!, n: n, m: 4)
                    }
                }
            } else {
                for mask in nm.linears.values { assertNOfM(mask, n: 2, m: 4) }
            }
            // The pruned model's zeros are exactly the mask's pruned bits (updated weights never revive one).
            let pruned = try half.apply(to: model)
            for (id, mask) in half.linears {
                let w = pruned.weight(id).dequantized()
                for r in 0..<mask.rows {
                    for c in 0..<mask.cols where !mask.isKept(r, c) { XCTAssertEqual(w[r, c], 0) }
                }
            }
        }
    }

    func testBatchingDoesNotChangeTheMask() throws {
        for method: PruningMethod in [.wanda(Wanda()), .dsnot(DSnoT())] {
            let oneBatch = try prune(method, .unstructured(0.5), batchTokens: 10_000)
            let perSequence = try prune(method, .unstructured(0.5), batchTokens: 1)
            XCTAssertEqual(oneBatch.linears, perSequence.linears, method.description)
        }
        let a = try prune(.sparseGPT(SparseGPT()), .nOfM(n: 2, m: 4), batchTokens: 10_000)
        let b = try prune(.sparseGPT(SparseGPT()), .nOfM(n: 2, m: 4), batchTokens: 24)
        for (id, w) in a.updatedWeights {
            let other = b.updatedWeights[id]!
            for i in 0..<w.count { XCTAssertEqual(w.data[i], other.data[i], accuracy: 1e-4 * max(1, abs(w.data[i]))) }
        }
    }

    func testPropagationChoiceMatters() throws {
        let pruned = try prune(.wanda(Wanda()), .unstructured(0.6), propagation: .pruned)
        let dense = try prune(.wanda(Wanda()), .unstructured(0.6), propagation: .dense)
        // Block 0 sees the same (embedding) inputs either way; block 1 sees different ones.
        for kind in LinearKind.allCases {
            XCTAssertEqual(
                pruned.linears[LinearID(layer: 0, kind: kind)], dense.linears[LinearID(layer: 0, kind: kind)])
        }
        XCTAssertNotEqual(
            LinearKind.allCases.map { pruned.linears[LinearID(layer: 1, kind: $0)]! },
            LinearKind.allCases.map { dense.linears[LinearID(layer: 1, kind: $0)]! })
    }

    func testProgressAndCancellation() throws {
        var calls: [[Int]] = []
        let config = PruningConfiguration(method: .owl(OWL()), pattern: .unstructured(0.5))
        _ = try SequentialPruner(config).prune(model, calibration: calibration, progress: { calls.append([$0, $1]) })
        XCTAssertEqual(calls, [[1, 4], [2, 4], [3, 4], [4, 4]])
        var checks = 0
        XCTAssertThrowsError(
            try SequentialPruner(PruningConfiguration(method: .wanda(Wanda()), pattern: .unstructured(0.5)))
                .prune(
                    model, calibration: calibration,
                    isCancelled: {
                        checks += 1
                        return checks > 3
                    })
        ) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        XCTAssertThrowsError(
            try SequentialPruner(PruningConfiguration(method: .magnitude(Magnitude()), pattern: .unstructured(0.5)))
                .prune(model, calibration: [], isCancelled: { true })
        ) { XCTAssertTrue($0 is CancellationError) }
    }

    func testBadInputsAreClearErrors() throws {
        func error(_ method: PruningMethod, _ pattern: SparsityPattern, calibration: [[Int32]]? = nil) -> String {
            let config = PruningConfiguration(method: method, pattern: pattern)
            do {
                _ = try SequentialPruner(config).prune(model, calibration: calibration ?? self.calibration)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(error(.wanda(Wanda()), .unstructured(1)).contains("outside [0, 1)"))
        XCTAssertTrue(error(.wanda(Wanda()), .unstructured(-0.1)).contains("outside [0, 1)"))
        XCTAssertTrue(error(.wanda(Wanda()), .nOfM(n: 4, m: 4)).contains("0 < N < M"))
        XCTAssertTrue(error(.sparseGPT(SparseGPT()), .nOfM(n: 2, m: 5)).contains("not a multiple of M=5"))
        XCTAssertTrue(error(.wanda(Wanda()), .unstructured(0.5), calibration: []).contains("needs calibration"))
        XCTAssertTrue(
            error(.wanda(Wanda()), .unstructured(0.5), calibration: [[1, 2], []]).contains("sequence 1 is empty"))
        let foreign = error(.wanda(Wanda()), .unstructured(0.5), calibration: [[1, 2, 30000]])
        XCTAssertTrue(foreign.contains("token 30000 at position 2") && foreign.contains("another tokenizer"), foreign)
        XCTAssertTrue(error(.wanda(Wanda(useVariant: true)), .nOfM(n: 2, m: 4)).contains("unstructured"))
        XCTAssertTrue(error(.sparseGPT(SparseGPT(blockSize: 0)), .unstructured(0.5)).contains("blocksize"))
        XCTAssertTrue(error(.owl(OWL(lambda: -1)), .unstructured(0.5)).contains("lambda"))
        XCTAssertTrue(error(.owl(OWL(lambda: 0.3)), .unstructured(0.9)).contains("OWL assigns block"))
        XCTAssertEqual(error(.magnitude(Magnitude()), .unstructured(0.5), calibration: []), "no error")
    }
}
