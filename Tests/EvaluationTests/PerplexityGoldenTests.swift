import Calibration
import Evaluation
import Foundation
import Model
import XCTest

/// Perplexity on the held-out squad_dev text (seqlen 512, first 64 windows) against transformers
/// (scripts/golden/model.py).
final class PerplexityGoldenTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testHeldOutPerplexityMatchesTransformers() throws {
        let fixture = Self.root.appendingPathComponent("Tests/EvaluationTests/Fixtures/ppl_golden.json")
        let golden = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let modelURL = Self.root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf")
        let textURL = Self.root.appendingPathComponent("data/text/squad_dev.jsonl")
        for url in [modelURL, textURL] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "\(url.path) is missing: run scripts/setup")
        }
        let model = try LanguageModel.load(path: modelURL.path)
        let text = try TextSource.load(url: textURL, path: textURL.path)
        XCTAssertEqual(text.documents.count, golden["documents"] as? Int)
        let tokens = model.tokenizer.encode(text.documents.joined(separator: "\n\n"))
        XCTAssertEqual(tokens.count, golden["total_tokens"] as? Int)
        XCTAssertEqual(Array(tokens.prefix(16)), (golden["first_token_ids"] as? [Int])?.map(Int32.init))

        let windows = try PerplexityWindows(tokens: tokens, seqlen: 512, limit: 64)
        let result = try Perplexity.evaluate(model.network, windows: windows)
        XCTAssertEqual(result.tokensScored, golden["tokens_scored"] as? Int)
        let expected = try XCTUnwrap(golden["ppl"] as? Double)
        let perWindow = try XCTUnwrap(golden["window_mean_nll"] as? [Double])
        let worstWindow = zip(result.windowNLL, perWindow).map { abs($0 - $1) }.max() ?? .infinity
        print("ppl \(result.perplexity) vs \(expected), max per-window |ΔNLL| \(worstWindow)")
        XCTAssertEqual(result.perplexity, expected, accuracy: expected * 1e-3)
        XCTAssertLessThan(worstWindow, 1e-3)
    }
}
