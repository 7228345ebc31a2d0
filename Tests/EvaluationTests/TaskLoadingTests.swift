import Foundation
import XCTest

@testable import Evaluation

final class TaskLoadingTests: XCTestCase {
    private func line(_ id: Int, gold: Int = 1) -> String {
        #"{"doc_id": \#(id), "contexts": ["Q:", "Q:"], "continuations": [" a", " bb"], "choices": ["a", "bb"], "gold": \#(gold)}"#
    }

    private func write(_ lines: [String], task: String = "piqa") throws -> (TaskSuite, String) {
        let folder = try EvaluationTestSupport.temporaryDirectory(self)
        let file = folder.appendingPathComponent("\(task).jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        return (TaskSuite(directory: folder.path), file.path)
    }

    func testReadsDocumentsInFileOrderAndHonoursTheLimit() throws {
        let (suite, _) = try write([line(7), "", line(3, gold: 0), line(9)])
        let all = try suite.load("piqa")
        XCTAssertEqual(all.documents.map(\.docID), [7, 3, 9])
        XCTAssertEqual(all.documents[1].gold, 0)
        XCTAssertEqual(all.documents[0].continuations, [" a", " bb"])
        XCTAssertEqual(all.requestCount, 6)
        XCTAssertEqual(try suite.load("piqa", limit: 2).documents.map(\.docID), [7, 3])
        XCTAssertEqual(try suite.load("piqa", limit: 50).documents.count, 3)
    }

    func testLimitZeroIsAnError() throws {
        let (suite, _) = try write([line(0)])
        XCTAssertThrowsError(try suite.load("piqa", limit: 0)) { error in
            XCTAssertEqual(error as? EvaluationError, .invalidLimit(0))
            XCTAssertTrue("\(error)".contains("at least 1"), "\(error)")
        }
        XCTAssertThrowsError(try suite.load(list: "piqa", limit: -3)) {
            XCTAssertEqual($0 as? EvaluationError, .invalidLimit(-3))
        }
    }

    func testUnknownTaskListsTheKnownOnes() throws {
        let (suite, _) = try write([line(0)])
        XCTAssertThrowsError(try suite.load(list: "piqa,sciq")) { error in
            XCTAssertEqual(error as? EvaluationError, .unknownTask("sciq", known: TaskSuite.known))
            let text = "\(error)"
            for name in ["sciq", "piqa", "arc_easy", "arc_challenge", "hellaswag", "boolq", "winogrande", "mmlu"] {
                XCTAssertTrue(text.contains(name), "\(text) should mention \(name)")
            }
        }
        XCTAssertThrowsError(try TaskName.list(" , ")) { XCTAssertEqual($0 as? EvaluationError, .noTasks) }
        XCTAssertEqual(try TaskName.list("hellaswag, PIQA,hellaswag"), [.hellaswag, .piqa])
    }

    func testMissingTaskFileSaysRunSetup() throws {
        let (suite, _) = try write([line(0)])
        XCTAssertThrowsError(try suite.load("boolq")) { error in
            XCTAssertEqual(error as? EvaluationError, .missingTaskFile(task: "boolq", path: suite.file(for: .boolq)))
            XCTAssertTrue("\(error)".contains("scripts/setup"), "\(error)")
            XCTAssertTrue("\(error)".contains("boolq.jsonl"), "\(error)")
        }
        XCTAssertEqual(suite.available, [.piqa])
    }

    func testMalformedLinesAreNamedByLineNumber() throws {
        let cases: [(String, String)] = [
            ("{not json", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            (
                #"{"doc_id": 1, "contexts": ["a", "a"], "continuations": [" x", " y"], "choices": ["x", "y"]}"#,
                "\"gold\""
            ),
            (
                #"{"doc_id": "one", "contexts": ["a", "a"], "continuations": [" x", " y"], "choices": ["x", "y"], "gold": 0}"#,
                "doc_id"
            ),
            (
                #"{"doc_id": 1, "contexts": ["a"], "continuations": [" x", " y"], "choices": ["x", "y"], "gold": 0}"#,
                "one of each"
            ),
            (
                #"{"doc_id": 1, "contexts": ["a", "a"], "continuations": [" x", " y"], "choices": ["x", "y"], "gold": 2}"#,
                "gold 2"
            ),
            (#"{"doc_id": 1, "contexts": ["a"], "continuations": [" x"], "choices": ["x"], "gold": 0}"#, "at least 2"),
            (
                #"{"doc_id": 1, "contexts": ["a", 3], "continuations": [" x", " y"], "choices": ["x", "y"], "gold": 0}"#,
                "contexts"
            ),
        ]
        for (bad, mention) in cases {
            let (suite, file) = try write([line(0), "", line(1), bad, line(3)])
            XCTAssertThrowsError(try suite.load("piqa"), bad) { error in
                guard case .malformedLine(let f, let number, _)? = error as? EvaluationError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(f, file)
                XCTAssertEqual(number, 4, bad)
                XCTAssertTrue("\(error)".contains("piqa.jsonl:4:"), "\(error)")
                XCTAssertTrue("\(error)".contains(mention), "\(error) should mention \(mention)")
            }
            // A limit that stops before the bad line never reads it.
            XCTAssertEqual(try suite.load("piqa", limit: 2).documents.count, 2)
        }
    }

    func testEmptyFileIsAnError() throws {
        let (suite, file) = try write(["", "  "])
        XCTAssertThrowsError(try suite.load("piqa")) {
            XCTAssertEqual($0 as? EvaluationError, .emptyTaskFile(path: file))
        }
    }

    func testPreparedTaskFilesLoad() throws {
        let suite = TaskSuite(directory: try EvaluationTestSupport.taskDirectory())
        for task in TaskName.allCases where task != .mmlu || suite.available.contains(.mmlu) {
            let loaded = try suite.load(task, limit: 5)
            XCTAssertEqual(loaded.documents.count, 5, task.rawValue)
            for document in loaded.documents {
                XCTAssertTrue(document.choices.indices.contains(document.gold))
            }
        }
        let winogrande = try suite.load(.winogrande, limit: 1).documents[0]
        XCTAssertNotEqual(winogrande.contexts[0], winogrande.contexts[1])
        XCTAssertEqual(winogrande.continuations[0], winogrande.continuations[1])
    }
}
