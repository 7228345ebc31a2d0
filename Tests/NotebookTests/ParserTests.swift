import Notebook
import XCTest

final class ParserTests: XCTestCase {
    private func command(_ line: String) throws -> CommandSyntax {
        guard case .command(let command) = try Parser.parse(line) else {
            XCTFail("not a command: \(line)")
            throw CancellationError()
        }
        return command
    }

    private func error(_ line: String) -> NotebookError? {
        do {
            _ = try Parser.parse(line)
            return nil
        } catch {
            return error
        }
    }

    func testAssignmentVerbPositionalsAndKeys() throws {
        let parsed = try command("k = prune m calib=good method=wanda pattern=2:4")
        XCTAssertEqual(parsed.binding?.text, "k")
        XCTAssertEqual(parsed.verb.text, "prune")
        XCTAssertEqual(parsed.arguments.map { $0.key?.text }, [nil, "calib", "method", "pattern"])
        XCTAssertEqual(parsed.arguments.map(\.value.text), ["m", "good", "wanda", "2:4"])
        XCTAssertEqual(parsed.arguments[1].range, SourceRange(12, 22))
    }

    func testAssignmentWithoutSpacesAndNoAssignment() throws {
        XCTAssertEqual(try command("a=text x.txt").binding?.text, "a")
        let plain = try command("eval p ppl on=sq seqlen=512")
        XCTAssertNil(plain.binding)
        XCTAssertEqual(plain.verb.text, "eval")
        XCTAssertEqual(plain.arguments.count, 4)
    }

    func testQuotedValues() throws {
        let parsed = try command(#"x = text "my docs/a b.txt" label='hi there'"#)
        XCTAssertEqual(parsed.arguments.map(\.value.text), ["my docs/a b.txt", "hi there"])
        XCTAssertEqual(parsed.arguments[0].value.kind, .quoted)
    }

    func testCommentsAndBlankLinesAreEmpty() throws {
        XCTAssertEqual(try Parser.parse("# just a comment"), .empty)
        XCTAssertEqual(try Parser.parse("   "), .empty)
        XCTAssertEqual(try command("show a   # trailing").arguments.count, 1)
    }

    func testMetaCommandKeepsTheRawArgument() throws {
        guard case .meta(let meta) = try Parser.parse("  .sql SELECT 'a=b' # x FROM t  ") else {
            return XCTFail("not meta")
        }
        XCTAssertEqual(meta.name, "sql")
        XCTAssertEqual(meta.argument, "SELECT 'a=b' # x FROM t")
        XCTAssertEqual(meta.argumentOffset, 7)
        XCTAssertEqual(meta.nameRange, SourceRange(2, 6))
        guard case .meta(let read) = try Parser.parse(#".read "my script.session""#) else { return XCTFail("not meta") }
        XCTAssertEqual(try read.tokens().map(\.text), ["my script.session"])
        XCTAssertEqual(try read.tokens().first?.range, SourceRange(6, 25))
    }

    func testHelp() throws {
        XCTAssertEqual(try Parser.parse("?"), .help(topic: nil))
        guard case .help(let topic) = try Parser.parse("?sample") else { return XCTFail("not help") }
        XCTAssertEqual(topic?.text, "sample")
        XCTAssertEqual(topic?.range, SourceRange(1, 7))
        XCTAssertNotNil(error("?sample prune"))
    }

    func testSpacedEqualsInArgumentsIsAnError() {
        XCTAssertEqual(error("x = sample wiki n = 128"), .spacedEquals(at: SourceRange(17, 19)))
    }

    func testMissingValue() {
        XCTAssertEqual(error("sample wiki n="), .missingValue(key: "n", at: SourceRange(12, 14)))
        XCTAssertEqual(error("sample wiki n= 5"), .missingValue(key: "n", at: SourceRange(12, 14)))
    }

    func testBadBindingNames() {
        XCTAssertEqual(error("2x = text a.txt"), .invalidName("2x", at: SourceRange(0, 2)))
        XCTAssertEqual(error("a-b = text a.txt"), .invalidName("a-b", at: SourceRange(0, 3)))
    }

    func testNothingAfterAssignment() {
        guard case .unexpectedToken(_, _, let range)? = error("x =") else { return XCTFail("expected an error") }
        XCTAssertEqual(range, .point(3))
    }

    func testStrayEqualsAndQuotedVerb() {
        guard case .unexpectedToken("=", _, _)? = error("show x=1 =2") else { return XCTFail("expected an error") }
        XCTAssertEqual(error("show a = b"), .spacedEquals(at: SourceRange(6, 8)))
        guard case .unexpectedToken(_, _, _)? = error(#""show" a"#) else { return XCTFail("expected an error") }
        guard case .unexpectedToken(_, _, _)? = error(#"show "a"b"#) else { return XCTFail("expected an error") }
    }

    func testUnterminatedQuote() {
        XCTAssertEqual(error(#"x = text "abc"#), .unterminatedQuote(at: SourceRange(9, 13)))
    }

    func testIdentifiers() {
        XCTAssertTrue(Parser.isIdentifier("wiki_2"))
        XCTAssertTrue(Parser.isIdentifier("_"))
        XCTAssertTrue(Parser.isIdentifier("données"))
        XCTAssertFalse(Parser.isIdentifier("2wiki"))
        XCTAssertFalse(Parser.isIdentifier("a.b"))
        XCTAssertFalse(Parser.isIdentifier(""))
    }
}

final class LineJoinerTests: XCTestCase {
    func testContinuationLinesJoinWithASpaceAndKeepTheFirstLineNumber() {
        var joiner = LineJoiner()
        XCTAssertEqual(joiner.feed("# header"), LineJoiner.Line(text: "# header", lineNumber: 1))
        XCTAssertNil(joiner.feed("syn = generate m \\"))
        XCTAssertTrue(joiner.isContinuing)
        XCTAssertNil(joiner.feed("  n=128 \\"))
        XCTAssertEqual(
            joiner.feed("  seed=0"), LineJoiner.Line(text: "syn = generate m    n=128    seed=0", lineNumber: 2))
        XCTAssertFalse(joiner.isContinuing)
        XCTAssertEqual(joiner.feed("show syn\r"), LineJoiner.Line(text: "show syn", lineNumber: 5))
    }

    func testEscapedBackslashAndCommentsDoNotContinue() {
        XCTAssertFalse(LineJoiner.continues("text a\\\\"))
        XCTAssertTrue(LineJoiner.continues("text a\\\\\\"))
        XCTAssertFalse(LineJoiner.continues("# comment \\"))
        XCTAssertFalse(LineJoiner.continues("plain"))
    }

    func testPendingStatementAtEndOfInput() {
        var joiner = LineJoiner()
        XCTAssertNil(joiner.feed("show a \\"))
        XCTAssertEqual(joiner.finish(), LineJoiner.Line(text: "show a ", lineNumber: 1))
        XCTAssertNil(joiner.finish())
    }
}
