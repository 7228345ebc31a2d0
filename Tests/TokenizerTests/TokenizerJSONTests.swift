import Foundation
import XCTest

@testable import Tokenizer

/// tokenizer.json import and export.
final class TokenizerJSONTests: XCTestCase {
    /// Where the export round trip leaves its files, for `scripts/golden/tokenizer.py --verify-export`.
    static let exportDirectory = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("secateur-tokenizer-export")

    func testExportedTokenizerJSONRoundTripsToIdenticalIds() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let directory = Self.exportDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("tokenizer.json")
        try tokenizer.tokenizerJSON().write(to: url)
        try tokenizer.tokenizerConfigJSON().write(to: directory.appendingPathComponent("tokenizer_config.json"))

        let loaded = try BPETokenizer.load(tokenizerJSON: url)
        XCTAssertEqual(loaded.vocabSize, tokenizer.vocabSize)
        XCTAssertEqual(loaded.bosID, tokenizer.bosID)
        XCTAssertEqual(loaded.eosID, tokenizer.eosID)
        XCTAssertEqual(loaded.unknownID, tokenizer.unknownID)
        XCTAssertEqual(loaded.addBOS, tokenizer.addBOS)
        XCTAssertEqual(loaded.addedTokens, tokenizer.addedTokens)
        XCTAssertEqual(loaded.merges.count, tokenizer.merges.count)
        for item in try TokenizerFixtures.golden().cases {
            XCTAssertEqual(loaded.encode(item.text), item.ids, item.name)
            XCTAssertEqual(loaded.decode(item.ids), item.decoded, item.name)
        }
        // Exporting the loaded tokenizer gives the same bytes again.
        XCTAssertEqual(try loaded.tokenizerJSON(), try tokenizer.tokenizerJSON())
    }

    func testExportIsValidJSONWithHFLayout() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: tokenizer.tokenizerJSON()) as? [String: Any])
        let model = try XCTUnwrap(object["model"] as? [String: Any])
        XCTAssertEqual(model["type"] as? String, "BPE")
        XCTAssertEqual((model["vocab"] as? [String: Any])?.count, tokenizer.vocabSize)
        XCTAssertEqual((model["merges"] as? [Any])?.count, tokenizer.merges.count)
        let pre = try XCTUnwrap(object["pre_tokenizer"] as? [String: Any])
        XCTAssertEqual(pre["type"] as? String, "Sequence")
        let steps = try XCTUnwrap(pre["pretokenizers"] as? [[String: Any]])
        XCTAssertEqual(steps.map { $0["type"] as? String }, ["Digits", "ByteLevel"])
        XCTAssertEqual((object["added_tokens"] as? [Any])?.count, 17)
    }

    /// A tiny byte-level tokenizer.json: 256 byte tokens, a few merges in the legacy "a b" form.
    static func tinyTokenizerJSON(merges: String, extra: String = "", postProcessor: String = "null") -> Data {
        var vocab = (0..<256).map { byte -> String in
            JSONWriter.quoted(String(ByteLevelAlphabet.scalars[byte])) + ": \(byte)"
        }
        vocab += ["\"he\": 256", "\"ll\": 257", "\"hell\": 258", "\"hello\": 259", "\"Ġw\": 260", "\"<eos>\": 261"]
        let json = """
            {"version": "1.0", "added_tokens": [
              {"id": 261, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": false, "special": true}\(extra)],
             "normalizer": null,
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
             "post_processor": \(postProcessor),
             "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
             "model": {"type": "BPE", "dropout": null, "unk_token": null, "fuse_unk": false, "byte_fallback": false,
               "vocab": {\(vocab.joined(separator: ", "))},
               "merges": \(merges)}}
            """
        return Data(json.utf8)
    }

    func testLoadsBothMergeForms() throws {
        let legacy = try BPETokenizer(
            tokenizerJSON: Self.tinyTokenizerJSON(merges: #"["h e", "l l", "he ll", "hell o", "Ġ w"]"#),
            source: "legacy.json")
        let pairs = try BPETokenizer(
            tokenizerJSON: Self.tinyTokenizerJSON(
                merges: #"[["h", "e"], ["l", "l"], ["he", "ll"], ["hell", "o"], ["Ġ", "w"]]"#),
            source: "pairs.json")
        for tokenizer in [legacy, pairs] {
            XCTAssertEqual(tokenizer.encode("hello world<eos>"), [259, 260, 111, 114, 108, 100, 261])
            XCTAssertEqual(tokenizer.decode([259, 260, 261]), "hello w<eos>")
            XCTAssertNil(tokenizer.bosID)
            XCTAssertFalse(tokenizer.addBOS)
        }
    }

    func testTemplatePostProcessorSetsBOS() throws {
        let template = """
            {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<eos>", "type_id": 0}},
             {"Sequence": {"id": "A", "type_id": 0}}], "pair": [],
             "special_tokens": {"<eos>": {"id": "<eos>", "ids": [261], "tokens": ["<eos>"]}}}
            """
        let tokenizer = try BPETokenizer(
            tokenizerJSON: Self.tinyTokenizerJSON(merges: "[]", postProcessor: template), source: "template.json")
        XCTAssertTrue(tokenizer.addBOS)
        XCTAssertEqual(tokenizer.encode("hi"), [261, 104, 105])
    }

    func testAddedTokenOptions() throws {
        let extra = """
            , {"id": 259, "content": "hello", "single_word": true, "lstrip": true, "rstrip": true,
               "normalized": true, "special": false}
            """
        let tokenizer = try BPETokenizer(
            tokenizerJSON: Self.tinyTokenizerJSON(merges: "[]", extra: extra), source: "options.json")
        // lstrip/rstrip swallow the spaces around "hello"; single_word rejects "xhello".
        XCTAssertEqual(tokenizer.encode("a hello b"), [97, 259, 98])
        XCTAssertEqual(tokenizer.encode("xhello")[0], 120)
        XCTAssertEqual(tokenizer.encode("xhello").count, 6)
        XCTAssertEqual(tokenizer.decode([259], skipSpecialTokens: true), "hello")
        XCTAssertEqual(tokenizer.decode([261, 259], skipSpecialTokens: true), "hello")
    }

    /// Found by the tokenizer fuzz target: an id beyond Int32 trapped ("Not enough bits to represent a
    /// signed value") instead of failing; a fractional id was truncated.
    func testTokenIDsOutsideInt32AreErrorsNotTraps() throws {
        let json = String(decoding: Self.tinyTokenizerJSON(merges: "[]"), as: UTF8.self)
        let template = """
            {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<eos>", "type_id": 0}},
             {"Sequence": {"id": "A", "type_id": 0}}], "pair": [],
             "special_tokens": {"<eos>": {"id": "<eos>", "ids": [ID], "tokens": ["<eos>"]}}}
            """
        for id in ["2222222222222222222223", "4294967297", "2147483648", "-1", "1.5"] {
            let cases = [
                ("model.vocab.he", json.replacingOccurrences(of: "\"he\": 256", with: "\"he\": \(id)")),
                ("added_tokens[0].id", json.replacingOccurrences(of: "{\"id\": 261", with: "{\"id\": \(id)")),
                (
                    "post_processor.special_tokens.<eos>.ids",
                    json.replacingOccurrences(
                        of: "\"post_processor\": null",
                        with: "\"post_processor\": " + template.replacingOccurrences(of: "ID", with: id))
                ),
            ]
            for (field, text) in cases {
                XCTAssertThrowsError(try BPETokenizer(tokenizerJSON: Data(text.utf8), source: "ids.json")) { error in
                    XCTAssertTrue("\(error)".contains(field), "\(id) in \(field): \(error)")
                }
            }
        }
    }

    func testRejectsWhatItCannotHonour() throws {
        let bad = String(decoding: Self.tinyTokenizerJSON(merges: "[]"), as: UTF8.self)
        let cases: [(String, String)] = [
            (bad.replacingOccurrences(of: "\"type\": \"BPE\"", with: "\"type\": \"Unigram\""), "Unigram"),
            (
                bad.replacingOccurrences(of: "\"byte_fallback\": false", with: "\"byte_fallback\": true"),
                "byte_fallback"
            ),
            (
                bad.replacingOccurrences(
                    of: "\"decoder\": {\"type\": \"ByteLevel\"", with: "\"decoder\": {\"type\": \"Metaspace\""),
                "Metaspace"
            ),
            (
                bad.replacingOccurrences(of: "\"normalizer\": null", with: "\"normalizer\": {\"type\": \"Lowercase\"}"),
                "Lowercase"
            ),
        ]
        for (json, word) in cases {
            XCTAssertThrowsError(try BPETokenizer(tokenizerJSON: Data(json.utf8), source: "bad.json")) { error in
                XCTAssertTrue("\(error)".contains(word) && "\(error)".contains("bad.json"), "\(error)")
            }
        }
        XCTAssertThrowsError(
            try BPETokenizer(tokenizerJSON: Self.tinyTokenizerJSON(merges: #"["h x"]"#), source: "merge.json")
        ) { error in
            XCTAssertTrue("\(error)".contains("merge #0"), "\(error)")
        }
        XCTAssertThrowsError(try BPETokenizer.load(tokenizerJSON: URL(fileURLWithPath: "/nonexistent/tokenizer.json")))
    }

    func testGGUFInitRejectsBadMetadata() throws {
        let metadata = try TokenizerFixtures.metadata()
        XCTAssertThrowsError(
            try BPETokenizer(
                tokens: metadata.tokens, merges: ["Ġ"], tokenTypes: nil, preTokenizer: "smollm", bosID: nil, eosID: nil,
                addBOS: false, unknownID: nil)
        ) { error in XCTAssertTrue("\(error)".contains("merge #0"), "\(error)") }
        XCTAssertThrowsError(
            try BPETokenizer(
                tokens: metadata.tokens, merges: metadata.merges, tokenTypes: nil, preTokenizer: "smollm",
                bosID: metadata.tokens.count, eosID: nil, addBOS: false, unknownID: nil)
        ) { error in XCTAssertTrue("\(error)".contains("bos_token_id"), "\(error)") }
    }
}
