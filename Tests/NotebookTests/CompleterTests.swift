import Foundation
import Notebook
import Store
import XCTest

final class CompleterTests: XCTestCase {
    private var workspace: TestWorkspace!
    private var completer: Completer!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        try workspace.writeSampleText()
        try workspace.write("data/text/wiki.jsonl", "{\"text\":\"x\"}\n")
        try workspace.write("data/text/notes.md", "x\n")
        let session = try workspace.session()
        XCTAssertEqual(
            workspace.run(session, "wiki = text docs.jsonl\nwords = text data/text/wiki.jsonl\nres = table").failures, 0
        )
        completer = Completer(session: session)
    }

    private func texts(_ line: String) -> [String] {
        completer.complete(line: line, cursor: line.count).candidates.map(\.text)
    }

    func testVerbsFirstAlsoAfterAnAssignment() {
        XCTAssertEqual(texts("sh"), ["show"])
        XCTAssertEqual(texts("x = te"), ["text", "table"].filter { $0.hasPrefix("te") })
        XCTAssertEqual(
            texts("x = "),
            [
                "apply", "diff", "draw", "eval", "export", "fail", "filter", "generate", "load", "measure", "plot",
                "prune", "report", "sample", "score", "show", "similar", "slow", "table", "text",
            ])
        XCTAssertEqual(completer.complete(line: "sh", cursor: 2).insertion, "show ")
        XCTAssertEqual(texts("?dr"), ["draw"])
    }

    func testObjectNamesOfTheRightKindThenKeys() {
        XCTAssertEqual(texts("fail "), ["wiki", "words"])
        XCTAssertEqual(texts("measure "), ["res", "wiki", "words", "value=", "layer=", "dataset="])
        XCTAssertEqual(texts("show w"), ["wiki", "words"])
        XCTAssertEqual(completer.complete(line: "show w", cursor: 6).insertion, "w")
        XCTAssertEqual(texts("show wiki "), ["preview="])
        XCTAssertEqual(texts("show wiki pre"), ["preview="])
        XCTAssertEqual(completer.complete(line: "show wiki pre", cursor: 13).insertion, "preview=")
        XCTAssertEqual(texts("measure wiki value=1 "), ["layer=", "dataset="])
    }

    func testEnumValuesBoolsAndListElements() {
        XCTAssertEqual(texts("draw method="), ["magnitude", "wanda", "sparsegpt"])
        XCTAssertEqual(texts("draw method=w"), ["wanda"])
        XCTAssertEqual(texts("draw verbose="), ["true", "false"])
        let list = completer.complete(line: "draw tasks=piqa,arc_", cursor: 20)
        XCTAssertEqual(list.candidates.map(\.text), ["arc_easy", "arc_challenge"])
        XCTAssertEqual(list.start, 16)
        XCTAssertEqual(list.insertion, "arc_")
        XCTAssertEqual(texts("draw from=w"), ["wiki", "words"])
    }

    func testFilePathsForPathArguments() {
        XCTAssertEqual(texts("x = text d"), ["docs.jsonl", "data/"])
        XCTAssertEqual(texts("x = text data/text/"), ["data/text/wiki.jsonl"])
        XCTAssertEqual(texts("export wiki data/text/n"), ["data/text/notes.md"])
        let folder = completer.complete(line: "x = text da", cursor: 11)
        XCTAssertEqual(folder.candidates.first?.appendsSpace, false)
        XCTAssertEqual(folder.insertion, "data/")
        XCTAssertEqual(texts("draw w"), ["wiki", "words"])
    }

    func testMetaCommands() {
        XCTAssertEqual(texts(".sc"), [".schema"])
        XCTAssertEqual(texts(".mode m"), ["markdown"])
        XCTAssertEqual(texts(".timer "), ["on", "off"])
        XCTAssertEqual(texts(".help dr"), ["draw"])
        XCTAssertTrue(texts(".sql SELECT * FROM ce").contains("cells"))
        XCTAssertEqual(texts(".read d"), ["docs.jsonl", "data/"])
        XCTAssertEqual(texts(".objects t"), ["text"])
    }

    func testNothingForUnknownVerbsOrInsideComments() {
        XCTAssertEqual(texts("nosuchverb "), [])
        XCTAssertEqual(texts("show wiki # sh"), [])
        XCTAssertEqual(texts("wiki "), [])
    }

    func testCursorInTheMiddleCompletesTheWordBeforeIt() {
        let line = "sh wiki"
        XCTAssertEqual(completer.complete(line: line, cursor: 2).candidates.map(\.text), ["show"])
    }
}
