import Foundation
import XCTest

@testable import Tokenizer

/// Ids and decoded text against HF tokenizers (scripts/golden/tokenizer.py) on every golden case.
final class GoldenParityTests: XCTestCase {
    /// Where two id lists first differ, with the tokens around it, for a readable failure.
    static func firstDifference(_ got: [Int32], _ expected: [Int32], _ tokenizer: BPETokenizer) -> String? {
        if got == expected { return nil }
        let shorter = min(got.count, expected.count)
        let index = (0..<shorter).first { got[$0] != expected[$0] } ?? shorter
        let window = { (ids: [Int32]) in
            ids[max(0, index - 2)..<min(ids.count, index + 3)].map { "\($0):\(tokenizer.tokenString($0))" }
        }
        return "first difference at \(index) of \(got.count)/\(expected.count): got \(window(got)) "
            + "expected \(window(expected))"
    }

    func testMetadataMatchesReference() throws {
        let metadata = try TokenizerFixtures.metadata()
        let golden = try TokenizerFixtures.golden()
        let tokenizer = try TokenizerFixtures.tokenizer()
        XCTAssertEqual(metadata.model, "gpt2")
        XCTAssertEqual(metadata.preTokenizer, "smollm")
        XCTAssertEqual(tokenizer.vocabSize, golden.vocabSize)
        XCTAssertEqual(tokenizer.bosID, golden.bosTokenID)
        XCTAssertEqual(tokenizer.eosID, golden.eosTokenID)
        XCTAssertFalse(tokenizer.addBOS)
        XCTAssertEqual(tokenizer.addedTokens.filter(\.special).map(\.id), golden.specialTokenIDs)
        // SmolLM2 has no token for 21 bytes (0x04, 0x06, 0x13, 0x14, 0x16, 0x1D, 0xC0, 0xC1, 0xF1, 0xF2, 0xF5–0xFF);
        // like transformers' GGUF conversion, the BPE model has no unknown token, so those bytes are dropped.
        XCTAssertEqual(tokenizer.model.byteTokens.filter { $0 < 0 }.count, 21)
        XCTAssertNil(tokenizer.modelUnknownID)
        XCTAssertEqual(tokenizer.unknownID, 0)
        XCTAssertGreaterThanOrEqual(golden.cases.map { $0.text.utf8.count }.reduce(0, +), 5000)
    }

    func testIdsMatchReferenceOnEveryCase() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        for item in try TokenizerFixtures.golden().cases {
            let ids = tokenizer.encode(item.text)
            XCTAssertEqual(ids, item.ids, "\(item.name): " + (Self.firstDifference(ids, item.ids, tokenizer) ?? ""))
        }
    }

    func testPlainGPT2PreTokenizerMatchesTransformersGGUFBuild() throws {
        // transformers 5.x maps tokenizer.ggml.pre = "smollm" to plain ByteLevel (no Digits step).
        let tokenizer = try TokenizerFixtures.tokenizer(preTokenizer: "gpt2")
        var differing = 0
        for item in try TokenizerFixtures.golden().cases {
            let ids = tokenizer.encode(item.text)
            XCTAssertEqual(
                ids, item.idsTransformersGGUF,
                "\(item.name): " + (Self.firstDifference(ids, item.idsTransformersGGUF, tokenizer) ?? ""))
            if item.ids != item.idsTransformersGGUF { differing += 1 }
        }
        XCTAssertGreaterThan(differing, 0, "the fixture should show where the Digits step matters")
    }

    func testDecodeMatchesReference() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        for item in try TokenizerFixtures.golden().cases {
            XCTAssertEqual(tokenizer.decode(item.ids), item.decoded, item.name)
            XCTAssertEqual(tokenizer.decode(item.ids, skipSpecialTokens: true), item.decodedSkipSpecial, item.name)
            // Single tokens of a multi-byte character decode to U+FFFD exactly as HF's lossy UTF-8.
            XCTAssertEqual(item.ids.map { tokenizer.decode([$0]) }, item.decodedPieces, item.name)
        }
    }

    func testDecodeOfEncodeIsIdentity() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        for item in try TokenizerFixtures.golden().cases {
            // Only text with bytes the vocabulary lacks loses them (and then its decoding is HF's).
            let expected = item.name == "missing_bytes" ? item.decoded : item.text
            XCTAssertEqual(tokenizer.decode(tokenizer.encode(item.text)), expected, item.name)
        }
        XCTAssertTrue(
            try TokenizerFixtures.golden().cases.contains { $0.name == "missing_bytes" && $0.decoded != $0.text })
    }

    func testRepeatedEncodingUsesCacheConsistently() throws {
        let tokenizer = try TokenizerFixtures.tokenizer(preTokenizer: "smollm")
        let cases = try TokenizerFixtures.golden().cases.filter { $0.decoded == $0.text }
        let text = cases.map(\.text).joined(separator: "\n")
        let first = tokenizer.encode(text)
        let second = tokenizer.encode(text)  // now every word comes from the cache
        XCTAssertEqual(first, second)
        XCTAssertEqual(tokenizer.decode(first), text)
    }

    func testConcurrentEncodingAgrees() throws {
        let tokenizer = try TokenizerFixtures.tokenizer(preTokenizer: "smollm")
        let cases = try TokenizerFixtures.golden().cases
        final class Results: @unchecked Sendable {
            private let lock = NSLock()
            private var ids: [Int: [Int32]] = [:]
            func set(_ index: Int, _ value: [Int32]) { lock.withLock { ids[index] = value } }
            func get(_ index: Int) -> [Int32]? { lock.withLock { ids[index] } }
        }
        let results = Results()
        for _ in 0..<3 {
            DispatchQueue.concurrentPerform(iterations: cases.count) { index in
                results.set(index, tokenizer.encode(cases[index].text))
            }
            for (index, item) in cases.enumerated() {
                XCTAssertEqual(results.get(index), item.ids, item.name)
            }
        }
    }

    func testBOSIsPrependedWhenAsked() throws {
        let metadata = try TokenizerFixtures.metadata()
        let tokenizer = try BPETokenizer(
            tokens: metadata.tokens, merges: metadata.merges, tokenTypes: metadata.tokenTypes,
            preTokenizer: metadata.preTokenizer, bosID: metadata.bosID, eosID: metadata.eosID, addBOS: true,
            unknownID: metadata.unknownID)
        let item = try XCTUnwrap(try TokenizerFixtures.golden().cases.first)
        XCTAssertEqual(tokenizer.encode(item.text), [try XCTUnwrap(tokenizer.bosID)] + item.ids)
        XCTAssertEqual(tokenizer.encode(""), [try XCTUnwrap(tokenizer.bosID)])
    }

    func testTokenLookups() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        XCTAssertEqual(tokenizer.tokenString(1), "<|im_start|>")
        XCTAssertEqual(tokenizer.tokenID("<|im_end|>"), 2)
        XCTAssertTrue(tokenizer.isSpecialToken(0))
        XCTAssertFalse(tokenizer.isSpecialToken(17))
        let world = try XCTUnwrap(tokenizer.tokenID("Ġworld"))
        XCTAssertEqual(tokenizer.tokenBytes(world), Array(" world".utf8))
        XCTAssertEqual(tokenizer.tokenString(-1), "")
        XCTAssertEqual(tokenizer.decode([-5, Int32(tokenizer.vocabSize)]), "")
    }
}
