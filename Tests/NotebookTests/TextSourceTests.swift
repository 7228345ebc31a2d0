import Calibration
import Foundation
import XCTest

final class TextSourceTests: XCTestCase {
    private func parse(_ text: String, _ format: TextSource.Format = .jsonl) throws -> TextSource {
        try TextSource.parse(Data(text.utf8), format: format, path: "f.\(format.rawValue)")
    }

    private func failure(_ text: String, _ format: TextSource.Format = .jsonl) -> TextSourceError? {
        do {
            _ = try parse(text, format)
            return nil
        } catch {
            return error as? TextSourceError
        }
    }

    func testJSONLAndTxt() throws {
        let source = try parse("{\"text\": \"a\\nb\", \"id\": 1}\n\n  \n{\"text\":\"é ✂\"}\r\n")
        XCTAssertEqual(source.documents, ["a\nb", "é ✂"])
        XCTAssertEqual(source.characterCount, 6)
        XCTAssertEqual(try parse("one\r\ntwo\n\nthree", .txt).documents, ["one", "two", "three"])
    }

    func testErrorsNameTheLine() {
        XCTAssertEqual(
            failure("{\"text\":\"a\"}\n{\"txt\":\"b\"}\n"), .missingText(path: "f.jsonl", line: 2, keys: ["txt"]))
        XCTAssertEqual(failure("{\"text\":\"a\"}\n\n{oops\n"), .invalidJSON(path: "f.jsonl", line: 3))
        XCTAssertEqual(failure("[1,2]\n"), .notAnObject(path: "f.jsonl", line: 1))
        XCTAssertEqual(failure("{\"text\": 5}\n"), .textNotString(path: "f.jsonl", line: 1))
        XCTAssertEqual(failure("\n \n"), .empty(path: "f.jsonl"))
        XCTAssertEqual(failure("", .txt), .empty(path: "f.txt"))
        XCTAssertTrue(
            TextSourceError.missingText(path: "f.jsonl", line: 2, keys: ["txt"]).description.contains("f.jsonl:2"))
        do {
            _ = try TextSource.parse(Data([0x66, 0xFF, 0x0A]), format: .txt, path: "b.txt")
            XCTFail("invalid UTF-8 accepted")
        } catch {
            XCTAssertEqual(error as? TextSourceError, .notUTF8(path: "b.txt", line: 1))
        }
    }

    func testFormatsByExtensionAndUnreadableFiles() {
        XCTAssertEqual(TextSource.Format(path: "a/b.JSONL"), .jsonl)
        XCTAssertEqual(TextSource.Format(path: "b.txt"), .txt)
        XCTAssertNil(TextSource.Format(path: "b.csv"))
        XCTAssertThrowsError(
            try TextSource.load(url: URL(fileURLWithPath: "/nonexistent.txt"), path: "nonexistent.txt"))
        XCTAssertThrowsError(try TextSource.load(url: URL(fileURLWithPath: "/x.csv"), path: "x.csv")) { error in
            XCTAssertEqual(error as? TextSourceError, .unsupportedExtension(path: "x.csv"))
        }
    }

    func testCancellationStopsLongFiles() {
        let text = String(repeating: "line\n", count: 10_000)
        XCTAssertThrowsError(try TextSource.parse(Data(text.utf8), format: .txt, path: "t.txt", isCancelled: { true }))
    }
}
