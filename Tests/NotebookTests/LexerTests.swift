import Notebook
import XCTest

final class LexerTests: XCTestCase {
    private func kinds(_ line: String) throws -> [Token.Kind] { try Lexer.tokenize(line).map(\.kind) }
    private func texts(_ line: String) throws -> [String] { try Lexer.tokenize(line).map(\.text) }

    func testWordsEqualsAndRanges() throws {
        let tokens = try Lexer.tokenize("cal = sample wiki n=128 pattern=2:4")
        XCTAssertEqual(tokens.map(\.text), ["cal", "=", "sample", "wiki", "n", "=", "128", "pattern", "=", "2:4"])
        XCTAssertEqual(
            tokens.map(\.kind), [.word, .equals, .word, .word, .word, .equals, .word, .word, .equals, .word])
        XCTAssertEqual(tokens[3].range, SourceRange(13, 17))
        XCTAssertTrue(tokens[4].touches(tokens[5]))
        XCTAssertFalse(tokens[0].touches(tokens[1]))
    }

    func testPathsListsAndNumbersStayOneWord() throws {
        XCTAssertEqual(
            try texts("load models/SmolLM2-135M-Instruct.Q4_1.gguf tasks=piqa,arc_easy t=-1.5e-3"),
            ["load", "models/SmolLM2-135M-Instruct.Q4_1.gguf", "tasks", "=", "piqa,arc_easy", "t", "=", "-1.5e-3"])
    }

    func testCommentEndsTheLineOnlyAtATokenStart() throws {
        XCTAssertEqual(try texts("show a # a comment = \"x"), ["show", "a"])
        XCTAssertEqual(try texts("text a#b.txt"), ["text", "a#b.txt"])
        let output = try Lexer("x = y # note").scan()
        XCTAssertEqual(output.commentStart, 6)
    }

    func testDoubleQuotedEscapes() throws {
        let tokens = try Lexer.tokenize(#"generate prompt="say \"hi\"\n\tok \\ \u{2702}""#)
        XCTAssertEqual(tokens.last?.kind, .quoted)
        XCTAssertEqual(tokens.last?.text, "say \"hi\"\n\tok \\ ✂")
    }

    func testSingleQuotesAreLiteralExceptQuoteAndBackslash() throws {
        XCTAssertEqual(try texts(#"x 'a\nb' 'it\'s' 'c:\\d'"#), ["x", #"a\nb"#, "it's", #"c:\d"#])
    }

    func testQuotedStringKeepsEqualsSpacesAndHash() throws {
        XCTAssertEqual(try texts(#"text "my file = #1.txt""#), ["text", "my file = #1.txt"])
    }

    func testUTF8Survives() throws {
        let tokens = try Lexer.tokenize("note texte=\"héllo ✂ 日本\" naïve")
        XCTAssertEqual(tokens.map(\.text), ["note", "texte", "=", "héllo ✂ 日本", "naïve"])
        XCTAssertEqual(tokens[4].range, SourceRange(24, 29))
    }

    func testApostropheInsideAWordIsLiteral() throws {
        XCTAssertEqual(try texts("text it's.txt"), ["text", "it's.txt"])
    }

    func testUnterminatedQuoteIsReportedAtTheQuote() {
        XCTAssertThrowsError(try Lexer.tokenize(#"text "abc"#)) { error in
            XCTAssertEqual(error as? NotebookError, .unterminatedQuote(at: SourceRange(5, 9)))
        }
        let output = try? Lexer(#"show "ab"#).scan()
        XCTAssertEqual(output?.unterminatedQuote, SourceRange(5, 8))
        XCTAssertEqual(output?.tokens.last?.text, "ab")
    }

    func testInvalidEscapesAreRejectedWithTheirPlace() {
        XCTAssertThrowsError(try Lexer.tokenize(#"x "a\qb""#)) { error in
            XCTAssertEqual(error as? NotebookError, .invalidEscape("\\q", at: SourceRange(4, 6)))
        }
        XCTAssertThrowsError(try Lexer.tokenize(#"x "\u{110000}""#))
        XCTAssertThrowsError(try Lexer.tokenize(#"x "\u12""#))
    }

    func testEmptyAndBlankLines() throws {
        XCTAssertEqual(try kinds(""), [])
        XCTAssertEqual(try kinds("   \t "), [])
    }
}
