import Foundation
import XCTest

@testable import Tokenizer

/// The whole held-out text (data/text/squad_dev.jsonl, SQuAD v1.1 dev paragraphs) against checksums of HF's ids,
/// with throughput.
final class CorpusParityTests: XCTestCase {
    func testHeldOutCorpusMatchesReferenceChecksums() throws {
        let corpus = try XCTUnwrap(try TokenizerFixtures.golden().corpus, "fixture has no corpus block")
        let url = TokenizerFixtures.packageRoot.appendingPathComponent(corpus.file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("\(url.path) is missing: run scripts/setup")
            return
        }
        struct Document: Decodable { let text: String }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let documents = try lines.map { try JSONDecoder().decode(Document.self, from: Data($0.utf8)).text }
        let text = documents.joined(separator: corpus.joiner)
        XCTAssertEqual(documents.count, corpus.documents)
        XCTAssertEqual(text.utf8.count, corpus.textBytes)
        guard TokenizerFixtures.fnv1a64(text.utf8) == corpus.textFNV1a64 else {
            XCTFail("\(corpus.file) changed since the fixture was made: rerun scripts/golden/tokenizer.py")
            return
        }

        let tokenizer = try TokenizerFixtures.tokenizer(preTokenizer: "smollm")  // fresh: cold word cache
        let start = Date()
        let ids = tokenizer.encode(text)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(ids.count, corpus.idCount)
        XCTAssertEqual(TokenizerFixtures.fnv1a64(ids: ids), corpus.idsFNV1a64)
        XCTAssertEqual(tokenizer.decode(ids), text)

        let plain = try TokenizerFixtures.tokenizer(preTokenizer: "gpt2").encode(text)
        XCTAssertEqual(plain.count, corpus.idsTransformersGGUFCount)
        XCTAssertEqual(TokenizerFixtures.fnv1a64(ids: plain), corpus.idsTransformersGGUFFNV1a64)

        let megabytes = Double(text.utf8.count) / 1_000_000
        FileHandle.standardError.write(
            Data(
                String(
                    format: "tokenizer: %@ %.2f MB -> %d ids in %.3f s = %.1f MB/s (cold cache)\n", corpus.file,
                    megabytes, ids.count, seconds, megabytes / seconds
                ).utf8))
    }
}
