import Foundation
import Model
import Tensor
import XCTest

/// Exported models reload into the same network.
final class ModelExportTests: XCTestCase {
    private func assertSameLogits(_ a: LanguageModel, _ b: LanguageModel, tolerance: Float, _ what: String) throws {
        let ids = a.tokenizer.encode("Exported weights must give the same logits, token for token.")
        XCTAssertEqual(b.tokenizer.encode("Exported weights must give the same logits, token for token."), ids)
        let x = try a.network.logits([ids])
        let y = try b.network.logits([ids])
        var maxDiff: Float = 0
        for i in 0..<x.count { maxDiff = max(maxDiff, abs(x.data[i] - y.data[i])) }
        XCTAssertLessThanOrEqual(maxDiff, tolerance, "\(what): max |Δlogit| \(maxDiff)")
    }

    func testSafetensorsFolderReloadsToIdenticalLogits() throws {
        let model = try DefaultModel.get()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-hf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.exportHuggingFace(to: folder)
        for name in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), name)
        }
        let reloaded = try LanguageModel.load(path: folder.path)
        XCTAssertEqual(reloaded.network.config, model.network.config)
        try assertSameLogits(model, reloaded, tolerance: 0, "safetensors f32")
    }

    func testGGUFExportReloadsToIdenticalLogits() throws {
        let model = try DefaultModel.get()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: file) }
        try model.exportGGUF(to: file)
        let reloaded = try LanguageModel.load(path: file.path)
        try assertSameLogits(model, reloaded, tolerance: 0, "gguf f32")
    }

    func testMaskedWeightsExportToGGUFAndReloadToIdenticalLogits() throws {
        // A pruned model's linears are compact weights with keep bits; q and k are permuted back to llama.cpp's
        // layout on export, which must see the masked values.
        let model = try DefaultModel.get()
        var replaced: [LinearID: Weight] = [:]
        for kind in [LinearKind.q, .k, .up] {
            let id = LinearID(layer: 1, kind: kind)
            let w = model.network.weight(id)
            let perRow = (w.cols + 63) / 64
            let keep = (0..<(w.rows * perRow)).map { i in UInt64(0x5555_5555_5555_5555) &>> UInt64(i % 3) }
            replaced[id] = w.masked(keep: keep)
        }
        let pruned = model.with(network: model.network.replacing(replaced))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: file) }
        try pruned.exportGGUF(to: file)
        let reloaded = try LanguageModel.load(path: file.path)
        let q = reloaded.network.weight(LinearID(layer: 1, kind: .q)).dequantized()
        XCTAssertEqual(q.toArray(), try XCTUnwrap(replaced[LinearID(layer: 1, kind: .q)]).dequantized().toArray())
        try assertSameLogits(pruned, reloaded, tolerance: 0, "gguf f32, masked")
    }

    func testUnknownArchitectureAndContradictingConfigAreClearErrors() throws {
        let model = try DefaultModel.get()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.exportHuggingFace(to: folder, dtype: .bf16)
        let configURL = folder.appendingPathComponent("config.json")
        let original = try String(contentsOf: configURL, encoding: .utf8)

        try original.replacingOccurrences(of: "\"llama\"", with: "\"gpt_neox\"").write(
            to: configURL, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LanguageModel.load(path: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("gpt_neox") && "\(error)".contains("config.json"), "\(error)")
        }
        try original.replacingOccurrences(of: "\"intermediate_size\" : 1536", with: "\"intermediate_size\" : 1024")
            .write(to: configURL, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LanguageModel.load(path: folder.path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("model.layers.0.mlp.gate_proj.weight") && message.contains("1536"), message)
        }
    }
}
