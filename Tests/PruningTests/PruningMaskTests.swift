import Foundation
import Model
import Tensor
import XCTest

@testable import Pruning

final class PruningMaskTests: XCTestCase {
    func testLinearMaskPacksRowsOnWordBoundaries() throws {
        var random = TestRandom(seed: 11)
        let rows = 5
        let cols = 70  // two words per row, the second one partial
        let flags = (0..<(rows * cols)).map { _ in UInt8(random.below(2)) }
        let mask = LinearMask(rows: rows, cols: cols, pruned: flags)
        XCTAssertEqual(mask.wordsPerRow, 2)
        for r in 0..<rows {
            for c in 0..<cols { XCTAssertEqual(mask.isKept(r, c), flags[r * cols + c] == 0) }
            XCTAssertEqual(mask.prunedCount(row: r), flags[(r * cols)..<((r + 1) * cols)].filter { $0 != 0 }.count)
        }
        XCTAssertEqual(mask.prunedCount, flags.filter { $0 != 0 }.count)
        XCTAssertEqual(mask.keepBytes(), flags.map { $0 == 0 ? 1 : 0 })
        let copy = try LinearMask(rows: rows, cols: cols, words: mask.words)
        XCTAssertEqual(copy, mask)
        var padded = mask.words
        padded[1] |= 1 << 63
        XCTAssertThrowsError(try LinearMask(rows: rows, cols: cols, words: padded))
        XCTAssertEqual(LinearMask(rows: 3, cols: 64).prunedCount, 0)

        let w = Matrix(rows: rows, cols: cols)
        w.fill(2)
        mask.zeroPruned(w.data)
        for i in 0..<(rows * cols) { XCTAssertEqual(w.data[i], flags[i] == 0 ? 2 : 0) }
    }

    private func sampleMask(model: LlamaModel) throws -> PruningMask {
        var mask = PruningMask(
            shape: ModelShape(model.config), method: "sparsegpt", pattern: "0.5", metadata: ["seed": "0", "calib": "x"])
        var random = TestRandom(seed: 13)
        for id in model.linearIDs where id.layer == 1 || id.kind == .q {
            let w = model.weight(id).dequantized()
            let flags = (0..<w.count).map { _ in UInt8(random.below(2)) }
            let linear = LinearMask(rows: w.rows, cols: w.cols, pruned: flags)
            var updated: Matrix? = nil
            if id.kind == .down || id.kind == .q {
                let u = random.matrix(w.rows, w.cols, scale: 0.1)
                linear.zeroPruned(u.data)
                updated = u
            }
            try mask.set(id, mask: linear, updatedWeight: updated)
            mask.losses[id] = Double(id.layer) + 0.5
        }
        mask.blockPatterns = ["0.45", "0.55"]
        return mask
    }

    func testSerializationRoundTrip() throws {
        let model = TinyModel.make()
        let mask = try sampleMask(model: model)
        let data = try mask.serialized()
        XCTAssertEqual(Array(data.prefix(8)), Array("SCTRMASK".utf8))
        let decoded = try PruningMask(serialized: data)
        XCTAssertEqual(decoded.shape, mask.shape)
        XCTAssertEqual(decoded.method, "sparsegpt")
        XCTAssertEqual(decoded.pattern, "0.5")
        XCTAssertEqual(decoded.metadata, ["seed": "0", "calib": "x"])
        XCTAssertEqual(decoded.blockPatterns, ["0.45", "0.55"])
        XCTAssertEqual(decoded.linears, mask.linears)
        XCTAssertEqual(decoded.losses, mask.losses)
        XCTAssertEqual(Set(decoded.updatedWeights.keys), Set(mask.updatedWeights.keys))
        for (id, w) in mask.updatedWeights { XCTAssertEqual(decoded.updatedWeights[id]?.toArray(), w.toArray()) }
        XCTAssertEqual(try decoded.serialized(), data, "encoding is deterministic")
        XCTAssertEqual(decoded.totalSparsity, mask.totalSparsity)
        // Bits are 1/8 byte per weight; updated linears add 4 bytes per kept weight only.
        let bits = mask.linears.values.reduce(0) { $0 + $1.words.count * 8 }
        let kept = mask.updatedWeights.keys.reduce(0) { $0 + mask.linears[$1]!.count - mask.linears[$1]!.prunedCount }
        XCTAssertLessThan(data.count, bits + 4 * kept + 4096)
    }

    func testCorruptDataIsRejected() throws {
        let model = TinyModel.make()
        let data = try sampleMask(model: model).serialized()
        XCTAssertThrowsError(try PruningMask(serialized: Data("not a mask".utf8))) {
            XCTAssertTrue("\($0)".contains("SCTRMASK"), "\($0)")
        }
        XCTAssertThrowsError(try PruningMask(serialized: data.prefix(data.count - 3))) {
            XCTAssertTrue("\($0)".contains("truncated"), "\($0)")
        }
        var flipped = data
        flipped[data.count - 1] ^= 0x40
        XCTAssertThrowsError(try PruningMask(serialized: flipped)) {
            XCTAssertTrue("\($0)".contains("checksum"), "\($0)")
        }
        var newer = data
        newer[8] = 9
        XCTAssertThrowsError(try PruningMask(serialized: newer)) {
            XCTAssertEqual($0 as? PruningError, .unsupportedMaskVersion(found: 9, supported: 1))
        }
    }

    func testApplyZeroesAndSubstitutes() throws {
        let model = TinyModel.make()
        let mask = try sampleMask(model: model)
        let pruned = try mask.apply(to: model)
        for id in model.linearIDs {
            let w = pruned.weight(id).dequantized()
            if let updated = mask.updatedWeights[id] {
                XCTAssertTrue(w === updated || w.toArray() == updated.toArray())
            } else if let linear = mask.linears[id] {
                XCTAssertEqual(w.toArray(), masked(model.weight(id).dequantized(), linear).toArray())
            } else {
                XCTAssertTrue(pruned.weight(id) === model.weight(id), "\(id) has no entry and stays shared")
            }
        }
        XCTAssertTrue(pruned.embedding === model.embedding, "embeddings are never pruned")
        // The dense model is untouched.
        XCTAssertNotEqual(
            model.weight(LinearID(layer: 1, kind: .up)).dequantized().toArray(),
            pruned.weight(LinearID(layer: 1, kind: .up)).dequantized().toArray())
    }

    func testApplyToDifferentModelFails() throws {
        let mask = try sampleMask(model: TinyModel.make())
        let other = TinyModel.make(layers: 3)
        XCTAssertThrowsError(try mask.apply(to: other)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("mask was made for a model with 2 layers, hidden 64"), text)
            XCTAssertTrue(text.contains("this model has 3 layers, hidden 64"), text)
        }
    }

    func testSetRejectsWrongShapes() throws {
        let model = TinyModel.make()
        var mask = PruningMask(shape: ModelShape(model.config), method: "wanda", pattern: "0.5")
        XCTAssertThrowsError(try mask.set(LinearID(layer: 0, kind: .q), mask: LinearMask(rows: 64, cols: 128))) {
            XCTAssertEqual(
                $0 as? PruningError, .linearShapeMismatch(linear: "layers.0.q", mask: [64, 128], model: [64, 64]))
        }
        XCTAssertThrowsError(try mask.set(LinearID(layer: 5, kind: .q), mask: LinearMask(rows: 64, cols: 64))) {
            XCTAssertEqual($0 as? PruningError, .layerOutOfRange(linear: "layers.5.q", layers: 2))
        }
    }

    func testSparsityAccounting() throws {
        let model = TinyModel.make()
        var mask = PruningMask(shape: ModelShape(model.config), method: "x", pattern: "0.5")
        let id = LinearID(layer: 0, kind: .down)  // 64 × 128
        var linear = LinearMask(rows: 64, cols: 128)
        for r in 0..<64 { for c in 0..<64 { linear.setKept(r, c, false) } }
        try mask.set(id, mask: linear)
        XCTAssertEqual(mask.sparsity(id), 0.5)
        let blockWeights = 64 * 64 * 2 + 32 * 64 * 2 + 128 * 64 * 3
        XCTAssertEqual(mask.layerSparsity(0), Double(64 * 64) / Double(blockWeights), accuracy: 1e-12)
        XCTAssertEqual(mask.layerSparsity(1), 0)
        XCTAssertEqual(mask.totalSparsity, Double(64 * 64) / Double(2 * blockWeights), accuracy: 1e-12)
    }
}

final class PruningMaskExportTests: XCTestCase {
    func testSafeTensorsExportHoldsOneU8TensorPerLinear() throws {
        let model = TinyModel.make()
        let mask = try SequentialPruner(PruningConfiguration(method: .wanda(Wanda()), pattern: .nOfM(n: 2, m: 4)))
            .prune(model, calibration: TinyModel.calibration())
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mask-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try mask.exportSafeTensors(to: url)
        let file = try SafeTensorsFile(url: url)
        XCTAssertEqual(Set(file.tensorNames), Set(model.linearIDs.map(\.hfWeightName)))
        XCTAssertEqual(file.metadata["method"], "wanda")
        XCTAssertEqual(file.metadata["pattern"], "2:4")
        XCTAssertEqual(file.metadata["mask_semantics"], "1 = kept, 0 = pruned")
        XCTAssertEqual(file.metadata["calibration_sequences"], "6")
        for id in model.linearIDs {
            let linear = try XCTUnwrap(mask.linears[id])
            XCTAssertEqual(try file.info(id.hfWeightName).dtype, .u8)
            XCTAssertEqual(try file.shape(id.hfWeightName), [linear.rows, linear.cols])
            XCTAssertEqual(try file.bytes(id.hfWeightName), linear.keepBytes())
        }
    }
}
