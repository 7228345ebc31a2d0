import Foundation
import XCTest

@testable import Tokenizer

/// Token ids in tokenizer.json are whole numbers small enough to index a table (issue 16: C5, S3):
/// 400000000 or 2147483647 asked for gigabytes, 4294967297 was truncated to 1, 1.5 was accepted.
final class TokenIDValidationTests: XCTestCase {
    private func tokenizerJSON(vocabID: String = "260", addedID: String = "261") -> Data {
        let text = String(decoding: TokenizerJSONTests.tinyTokenizerJSON(merges: "[]"), as: UTF8.self)
            .replacingOccurrences(of: "\"Ġw\": 260", with: "\"Ġw\": \(vocabID)")
            .replacingOccurrences(of: "{\"id\": 261,", with: "{\"id\": \(addedID),")
        return Data(text.utf8)
    }

    private func assertRejected(
        vocabID: String = "260", addedID: String = "261", mentions field: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertThrowsError(
            try BPETokenizer(tokenizerJSON: tokenizerJSON(vocabID: vocabID, addedID: addedID), source: "t.json"),
            file: file, line: line
        ) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(field), message, file: file, line: line)
            XCTAssertTrue(message.contains("t.json"), message, file: file, line: line)
        }
    }

    func testValidIDsLoad() throws {
        let tokenizer = try BPETokenizer(tokenizerJSON: tokenizerJSON(), source: "t.json")
        XCTAssertEqual(tokenizer.vocabSize, 262)
    }

    func testHugeVocabularyIDIsAnError() {
        assertRejected(vocabID: "400000000", mentions: "model.vocab.Ġw")
    }

    func testHugeAddedTokenIDIsAnError() {
        assertRejected(addedID: "2147483647", mentions: "added_tokens[0].id")
    }

    func testIDBeyondInt32IsAnErrorNotATruncation() {
        assertRejected(vocabID: "4294967297", mentions: "model.vocab.Ġw")
    }

    func testFractionalAndNegativeIDsAreErrors() {
        assertRejected(vocabID: "1.5", mentions: "model.vocab.Ġw")
        assertRejected(vocabID: "-3", mentions: "model.vocab.Ġw")
        assertRejected(addedID: "true", mentions: "added_tokens[0].id")
    }
}
