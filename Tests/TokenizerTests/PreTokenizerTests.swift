import Foundation
import XCTest

@testable import Tokenizer

/// The hand-written pre-tokenizer patterns against HF `pre_tokenize_str` on every golden case.
final class PreTokenizerTests: XCTestCase {
    /// The pre-tokenizers the golden script ran, by the key it stored them under.
    static let configurations: [String: PreTokenizer] = [
        "gpt2": .byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true),
        "smollm": .sequence([
            .digits(individual: true), .byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true),
        ]),
        "llama3": .sequence([
            .split(pattern: SplitPattern.llama3Source, isRegex: true, behavior: .isolated, invert: false),
            .byteLevel(addPrefixSpace: false, trimOffsets: false, useRegex: false),
        ]),
        "qwen2": .sequence([
            .split(pattern: SplitPattern.qwen2Source, isRegex: true, behavior: .isolated, invert: false),
            .byteLevel(addPrefixSpace: false, trimOffsets: false, useRegex: false),
        ]),
    ]

    func testPiecesMatchReference() throws {
        for (key, preTokenizer) in Self.configurations {
            for item in try TokenizerFixtures.golden().cases {
                guard let expected = item.pretokens[key] else {
                    XCTFail("\(item.name): no '\(key)' pre-tokens in the fixture")
                    continue
                }
                let pieces = try preTokenizer.split(item.text).map { ByteLevelAlphabet.encode($0.utf8) }
                XCTAssertEqual(pieces, expected, "\(key) / \(item.name)")
            }
        }
    }

    func testGGUFNamesMapToPipelines() throws {
        XCTAssertEqual(try PreTokenizer.fromGGUF(name: "smollm").split("a  12"), ["a", "  ", "1", "2"])
        XCTAssertEqual(try PreTokenizer.fromGGUF(name: "gpt2").split("a  12"), ["a", " ", " 12"])
        XCTAssertEqual(try PreTokenizer.fromGGUF(name: "llama-bpe").split("a 12345"), ["a", " ", "123", "45"])
        XCTAssertEqual(try PreTokenizer.fromGGUF(name: "qwen2").split("(x 12"), ["(x", " ", "1", "2"])
        XCTAssertThrowsError(try PreTokenizer.fromGGUF(name: "no-such-pre")) { error in
            XCTAssertTrue("\(error)".contains("no-such-pre"), "\(error)")
        }
    }

    func testGPT2WhitespaceRules() throws {
        let gpt2 = PreTokenizer.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)
        XCTAssertEqual(try gpt2.split("a  b"), ["a", " ", " b"])  // \s+(?!\S) leaves one space for " b"
        XCTAssertEqual(try gpt2.split("a\tb"), ["a", "\t", "b"])  // a lone tab before a letter: \s+
        XCTAssertEqual(try gpt2.split("x   "), ["x", "   "])  // trailing run is kept whole
        XCTAssertEqual(try gpt2.split("\n\n c"), ["\n\n", " c"])
        XCTAssertEqual(try gpt2.split("it's 'S"), ["it", "'s", " '", "S"])  // contractions are case-sensitive
        XCTAssertEqual(try gpt2.split(" !!x"), [" !!", "x"])
    }

    func testSplitBehaviors() throws {
        func split(_ behavior: SplitBehavior, invert: Bool = false) throws -> [String] {
            try PreTokenizer.split(pattern: "-", isRegex: false, behavior: behavior, invert: invert).split("a-b--c-")
        }
        // Expected values from HF tokenizers' Split("-", behavior) on "a-b--c-".
        XCTAssertEqual(try split(.removed), ["a", "b", "c"])
        XCTAssertEqual(try split(.isolated), ["a", "-", "b", "-", "-", "c", "-"])
        XCTAssertEqual(try split(.mergedWithPrevious), ["a-", "b-", "-", "c-"])
        XCTAssertEqual(try split(.mergedWithNext), ["a", "-b", "-", "-c", "-"])
        XCTAssertEqual(try split(.contiguous), ["a", "-", "b", "--", "c", "-"])
        XCTAssertEqual(try split(.removed, invert: true), ["-", "-", "-", "-"])
    }

    func testFallbackRegexAndPrefixSpace() throws {
        let words = PreTokenizer.split(pattern: #"\s+"#, isRegex: true, behavior: .removed, invert: false)
        XCTAssertEqual(try words.split("héllo  wörld\t😀x"), ["héllo", "wörld", "😀x"])
        let prefixed = PreTokenizer.byteLevel(addPrefixSpace: true, trimOffsets: true, useRegex: true)
        XCTAssertEqual(try prefixed.split("Hello world"), [" Hello", " world"])
        XCTAssertEqual(try prefixed.split(" Hello"), [" Hello"])
        XCTAssertEqual(try PreTokenizer.digits(individual: false).split("ab12c345"), ["ab", "12", "c", "345"])
    }

    func testASCIIClassesAgreeWithUnicodeCategories() {
        // The ASCII fast path is arithmetic; the general-category path is the oracle.
        for value in UInt32(0)..<128 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected: CharClass
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: expected = .letter
            case .decimalNumber, .letterNumber, .otherNumber: expected = .number
            default: expected = (0x09...0x0D).contains(value) || value == 0x20 ? .whitespace : .other
            }
            XCTAssertEqual(CharClass.ofASCII(value), expected, "U+\(String(value, radix: 16))")
        }
        XCTAssertEqual(CharClass.of(0x85), .whitespace)
        XCTAssertEqual(CharClass.of(0x3000), .whitespace)
        XCTAssertEqual(CharClass.of(0x00B2), .number)  // superscript two is No
        XCTAssertEqual(CharClass.of(0x0301), .other)  // combining marks are neither L nor N
        XCTAssertEqual(CharClass.of(0x1C), .other)  // not \s in Oniguruma, unlike Python's isspace
    }
}
