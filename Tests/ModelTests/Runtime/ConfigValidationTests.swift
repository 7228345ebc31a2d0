import Foundation
import Model
import XCTest

/// Hostile or mistaken configs (issue 16: C1–C4, C6, S2) are `badConfig` errors naming the field,
/// raised before any weight is allocated, never a crash, heap corruption or a NaN metric.
final class ConfigValidationTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TinyModelFiles.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Loads `path` and returns the error's text, failing if it loads.
    private func loadError(_ path: URL, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try LanguageModel.load(path: path.path)
            XCTFail("\(path.lastPathComponent) loaded", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    private func assertGGUFRejected(
        _ metadata: [String: GGUFValue], mentions field: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let url = folder.appendingPathComponent("\(UUID().uuidString).gguf")
        try TinyModelFiles.writeGGUF(to: url, metadata: metadata)
        let message = loadError(url, file: file, line: line)
        XCTAssertTrue(message.contains(field), "\(message) should name \(field)", file: file, line: line)
    }

    func testTinyGGUFLoadsAndRuns() throws {
        let url = folder.appendingPathComponent("ok.gguf")
        try TinyModelFiles.writeGGUF(to: url)
        let model = try LanguageModel.load(path: url.path)
        let logits = try model.network.logits([[1, 2, 3]])
        XCTAssertTrue((0..<logits.count).allSatisfy { logits.data[$0].isFinite })
    }

    /// C1: head_count 0 divided the hidden size (SIGFPE).
    func testGGUFZeroHeadCountIsAnError() throws {
        try assertGGUFRejected(["llama.attention.head_count": .uint32(0)], mentions: "llama.attention.head_count")
    }

    /// C2: negative INT32 head counts passed the shape check (−9 · −64 = 576) and crashed.
    func testGGUFNegativeHeadCountsAreAnError() throws {
        try assertGGUFRejected(
            ["llama.attention.head_count": .int32(-2), "llama.attention.head_count_kv": .int32(-1)],
            mentions: "llama.attention.head_count")
    }

    /// S2: eps, RoPE base, layers, context and rope.dimension_count.
    func testGGUFImplausibleScalarsAreErrors() throws {
        try assertGGUFRejected(["llama.attention.layer_norm_rms_epsilon": .float32(.nan)], mentions: "epsilon")
        try assertGGUFRejected(["llama.attention.layer_norm_rms_epsilon": .float32(-1)], mentions: "epsilon")
        try assertGGUFRejected(["llama.rope.freq_base": .float32(0)], mentions: "llama.rope.freq_base")
        try assertGGUFRejected(["llama.block_count": .int32(-1)], mentions: "llama.block_count")
        try assertGGUFRejected(["llama.context_length": .int32(-5)], mentions: "llama.context_length")
        try assertGGUFRejected(["llama.rope.dimension_count": .uint32(8)], mentions: "llama.rope.dimension_count")
        try assertGGUFRejected(["llama.attention.head_count_kv": .uint32(3)], mentions: "head_count_kv")
        try assertGGUFRejected(
            ["llama.rope.scaling.type": .string("llama3"), "llama.rope.scaling.factor": .float32(0)],
            mentions: "llama.rope.scaling.factor")
    }

    /// C6 (GGUF): one control token more than the embedding has rows was read past the matrix.
    func testGGUFTokenListLongerThanTheEmbeddingIsAnError() throws {
        let url = folder.appendingPathComponent("extra.gguf")
        try TinyModelFiles.writeGGUF(to: url, embeddingRows: 256, extraTokens: 1)
        let message = loadError(url)
        XCTAssertTrue(message.contains("tokenizer.ggml.tokens") && message.contains("256-row embedding"), message)
    }

    private func hfFolder() throws -> URL {
        let hf = folder.appendingPathComponent("hf")
        try TinyModelFiles.writeHuggingFaceFolder(to: hf)
        return hf
    }

    private func assertHFRejected(
        _ changes: [String: Any], mentions field: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let hf = try hfFolder()
        defer { try? FileManager.default.removeItem(at: hf) }
        try TinyModelFiles.editJSON(hf.appendingPathComponent("config.json")) { config in
            for (key, value) in changes { config[key] = value }
        }
        let message = loadError(hf, file: file, line: line)
        XCTAssertTrue(message.contains(field), "\(message) should name \(field)", file: file, line: line)
    }

    func testTinyHuggingFaceFolderLoads() throws {
        let hf = try hfFolder()
        XCTAssertEqual(try LanguageModel.load(path: hf.path).network.config.numAttentionHeads, 2)
    }

    /// C3: heads · head_dim matching the tensors with an odd head_dim loaded, then corrupted the heap.
    func testHFOddHeadDimIsAnError() throws {
        try assertHFRejected(
            ["num_attention_heads": 32, "num_key_value_heads": 16, "head_dim": 1],
            mentions: "head_dim")
    }

    /// C4: negative heads and head_dim asked for a 4 GB allocation.
    func testHFNegativeHeadsAreAnError() throws {
        try assertHFRejected(
            ["num_attention_heads": -2, "num_key_value_heads": -1, "head_dim": -16], mentions: "num_attention_heads")
    }

    /// S2 on config.json, and a non-integer value reported as a wrong type, not as invalid JSON.
    func testHFImplausibleValuesAreErrors() throws {
        try assertHFRejected(["num_hidden_layers": -1], mentions: "num_hidden_layers")
        try assertHFRejected(["rms_norm_eps": -1], mentions: "rms_norm_eps")
        try assertHFRejected(["rope_theta": 0], mentions: "rope_theta")
        try assertHFRejected(["max_position_embeddings": -5], mentions: "max_position_embeddings")
        try assertHFRejected(["num_key_value_heads": 3], mentions: "num_key_value_heads")
        try assertHFRejected(
            ["rope_scaling": ["rope_type": "llama3", "factor": 0.0] as [String: Any]], mentions: "rope_scaling")
        let hf = try hfFolder()
        try TinyModelFiles.editJSON(hf.appendingPathComponent("config.json")) { $0["hidden_size"] = 32.5 }
        let message = loadError(hf)
        XCTAssertTrue(message.contains("hidden_size") && !message.contains("not valid JSON"), message)
    }

    /// C6 (tokenizer.json): an added special token beyond the embedding is refused at load.
    func testHFAddedTokenBeyondTheEmbeddingIsAnError() throws {
        let hf = try hfFolder()
        try TinyModelFiles.editJSON(hf.appendingPathComponent("tokenizer.json")) { tokenizer in
            var added = tokenizer["added_tokens"] as? [[String: Any]] ?? []
            added.append(["id": 300, "content": "<|beyond|>", "special": true])
            tokenizer["added_tokens"] = added
        }
        let message = loadError(hf)
        XCTAssertTrue(message.contains("256-row embedding"), message)
    }
}
