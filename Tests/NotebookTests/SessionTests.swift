import Foundation
import Notebook
import Store
import XCTest

final class SessionTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        try workspace.writeSampleText()
    }

    func testSuccessfulCellRecordsParamsInputsObjectMetricsAndTimes() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("wiki = text docs.jsonl"), .succeeded, workspace.errors)
        XCTAssertEqual(session.run("d = draw wiki n=2 tasks=piqa"), .succeeded, workspace.errors)
        let store = session.store
        let cells = try store.cells(session: session.record.id)
        XCTAssertEqual(cells.map(\.status), [.ok, .ok])
        XCTAssertEqual(cells.map(\.verb), ["text", "draw"])
        XCTAssertEqual(cells[1].boundName, "d")
        XCTAssertNotNil(cells[1].wallSeconds)
        XCTAssertNotNil(cells[1].cpuSeconds)
        let params = try store.params(cell: cells[1].id)
        XCTAssertEqual(
            Set(params.map(\.key)), ["from", "n", "scale", "method", "pattern", "tasks", "verbose", "seed"])
        XCTAssertEqual(params.first { $0.key == "seed" }, Param(key: "seed", value: "0", type: "int", defaulted: true))
        XCTAssertEqual(params.first { $0.key == "from" }?.value, "wiki")
        XCTAssertEqual(params.first { $0.key == "from" }?.type, "object")
        let inputs = try store.inputs(cell: cells[1].id)
        XCTAssertEqual(inputs.map(\.role), ["from"])
        let wiki = try XCTUnwrap(store.object(named: "wiki"))
        XCTAssertEqual(inputs.first?.objectID, wiki.id)
        XCTAssertEqual(wiki.kind, .text)
        XCTAssertNotNil(wiki.payload)
        XCTAssertEqual(wiki.digest?.count, 64)
        let textMetrics = try store.metrics(objectID: wiki.id)
        XCTAssertEqual(textMetrics.first { $0.key == "documents" }?.value, 3)
        let d = try XCTUnwrap(store.object(named: "d"))
        XCTAssertEqual(d.kind, .result)
        XCTAssertEqual(try store.metrics(objectID: d.id).map(\.key), ["sum"])
        XCTAssertEqual(try store.ancestors(of: d.id).map(\.name), ["wiki"])
        XCTAssertTrue(workspace.output.contains("wiki: text, 3 documents, 43 characters, from docs.jsonl"))
    }

    func testUnnamedResultsAreBoundToUnderscore() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("table rows=2"), .succeeded)
        XCTAssertEqual(session.objects.handle(named: "_")?.kind, .result)
        XCTAssertEqual(try session.store.cells(session: session.record.id).last?.boundName, "_")
        XCTAssertEqual(session.run("measure _ value=2"), .succeeded, workspace.errors)
    }

    func testFailuresBindNothingAndRecordTheError() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("wiki = text docs.jsonl"), .succeeded)
        let before = try session.store.currentObjects().count
        for line in [
            "x = fail wiki", "x = smaple wiki", "x = draw n=abc", "x = draw \"unterminated", "x = measure wiki value=1",
            "x = draw tasks=nope", "x = text docs.jsonl extra", "x = show wiki", "x = text missing.jsonl",
        ] {
            XCTAssertEqual(session.run(line), .failed, line)
            XCTAssertNil(session.objects.handle(named: "x"), line)
        }
        XCTAssertEqual(try session.store.currentObjects().count, before)
        let cells = try session.store.cells(session: session.record.id)
        XCTAssertEqual(cells.count, 10)
        XCTAssertEqual(cells.dropFirst().map(\.status), Array(repeating: .error, count: 9))
        XCTAssertTrue(cells[1].error?.contains("the test verb always fails") ?? false)
        XCTAssertEqual(session.run("show wiki"), .succeeded, "the session goes on after errors")
    }

    func testErrorsShowTheLineACaretAndTheUsage() throws {
        let session = try workspace.session()
        _ = session.run("wiki = text docs.jsonl")
        session.run("x = draw wiki scael=2")
        XCTAssertEqual(
            workspace.errors,
            """
            error: draw has no key 'scael' (did you mean 'scale='?)
              x = draw wiki scael=2
                            ^~~~~
            usage: [NAME =] draw [FROM] [n=INT] [scale=FLOAT] [method=magnitude|wanda|sparsegpt] [pattern=0.6|2:4] \
            [tasks=piqa|arc_easy|arc_challenge,…] [verbose=true|false] [label=TEXT] [seed=INT]

            """)
        workspace.clearOutput()
        session.run("x = smaple wiki")
        XCTAssertEqual(
            workspace.errors,
            "error: unknown verb 'smaple' (did you mean 'sample'?); .help lists the verbs\n  x = smaple wiki\n"
                + "      ^~~~~~\n")
        workspace.clearOutput()
        session.run("show wiki extra")
        XCTAssertTrue(workspace.errors.contains("usage: show NAME [preview=INT]"), workspace.errors)
    }

    /// Ctrl-C (the token cancelled) and a lower module's `CancellationError` end a command the same way.
    func testInterruptedCommandIsRecordedAndBindsNothing() throws {
        let session = try workspace.session()
        for command in ["s = slow steps=50 cancel_at=10", "t = slow steps=50 raise_at=3"] {
            workspace.clearOutput()
            XCTAssertEqual(session.run(command), .interrupted, command)
            XCTAssertNil(session.objects.handle(named: String(command.prefix(1))))
            let cell = try XCTUnwrap(session.store.cells(session: session.record.id).last)
            XCTAssertEqual(cell.status, .interrupted)
            XCTAssertEqual(cell.error, "interrupted")
            XCTAssertTrue(try session.store.objects(producedBy: cell.id).isEmpty)
            XCTAssertEqual(workspace.errors, "interrupted: nothing was bound\n")
        }
        XCTAssertEqual(session.run("s = slow steps=5"), .succeeded, "a new command gets a fresh token")
    }

    func testEveryStatementThatReachesTheStoreIsOneFinishedCell() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("t = text docs.jsonl"), .succeeded, workspace.errors)
        XCTAssertEqual(session.run("x = = text"), .failed)
        XCTAssertEqual(session.run("smaple t"), .failed)
        XCTAssertEqual(session.run("fail on=t"), .failed)
        XCTAssertEqual(session.run(".mode xml"), .failed, "a rejected .mode records nothing")
        XCTAssertEqual(session.run(".mode csv"), .succeeded)
        XCTAssertEqual(session.run(".sql SELECT 1"), .succeeded)
        XCTAssertEqual(session.run(".sql SELECT * FROM nowhere"), .failed)
        XCTAssertEqual(session.run(".timer on"), .succeeded, "other meta commands record nothing")
        let cells = try session.store.cells(session: session.record.id)
        XCTAssertEqual(cells.map(\.verb), ["text", "x", "smaple", "fail", ".mode", ".sql", ".sql"])
        XCTAssertEqual(cells.map(\.status), [.ok, .error, .error, .error, .ok, .ok, .error])
        XCTAssertTrue(cells.allSatisfy { $0.wallSeconds != nil && $0.cpuSeconds != nil })
        XCTAssertTrue(cells[1].error?.contains("=") == true, cells[1].error ?? "")
    }

    func testProvenanceIsTheTypeTheSummaryAndTheKindsState() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("t = text docs.jsonl"), .succeeded, workspace.errors)
        let record = try XCTUnwrap(session.objects.handle(named: "t")?.record)
        let envelope = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(record.provenance.utf8)) as? [String: Any])
        XCTAssertEqual(Set(envelope.keys), ["type", "summary", "state"])
        XCTAssertEqual(envelope["type"] as? String, "text")
        XCTAssertEqual(envelope["summary"] as? String, session.objects.handle(named: "t")?.summary)
        XCTAssertEqual((envelope["state"] as? [String: Any])?["format"] as? String, "jsonl")
    }

    func testCancelRunningCommandFromAnotherThreadStopsASlowQuery() throws {
        let session = try workspace.session()
        let started = Date()
        let cancel = session.canceller
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { cancel() }
        let outcome = session.run(
            ".sql WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        XCTAssertEqual(outcome, .interrupted)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(try session.store.cells(session: session.record.id).last?.status, .interrupted)
        XCTAssertEqual(session.run(".sql SELECT 1"), .succeeded)
    }

    func testSignalInterruptCancelsOnlyTokensThatExistWhenItArrives() {
        let before = CancellationToken()
        CancellationToken.interruptFromSignal()
        let after = CancellationToken()
        XCTAssertTrue(before.isCancelled)
        XCTAssertFalse(after.isCancelled)
        XCTAssertThrowsError(try before.check())
        let closure = after.isCancelledClosure
        after.cancel()
        XCTAssertTrue(closure())
    }

    func testRebindingKeepsTheOldObjectInTheStore() throws {
        let session = try workspace.session()
        try workspace.write("other.txt", "one\ntwo\n")
        XCTAssertEqual(session.run("t = text docs.jsonl"), .succeeded)
        let first = try XCTUnwrap(session.objects.handle(named: "t"))
        XCTAssertEqual(session.run("t = text other.txt"), .succeeded)
        let second = try XCTUnwrap(session.objects.handle(named: "t"))
        XCTAssertNotEqual(first.id, second.id)
        XCTAssertEqual(try session.store.objectVersions(named: "t").map(\.id), [first.id, second.id])
        XCTAssertEqual(try first.object(as: TextObject.self).source.documents.count, 3)
        XCTAssertEqual(try second.object(as: TextObject.self).source.documents, ["one", "two"])
    }

    func testMetricsOnExistingObjectsWithLayerAndDataset() throws {
        let session = try workspace.session()
        _ = session.run("wiki = text docs.jsonl")
        XCTAssertEqual(session.run("measure wiki value=0.25 layer=3 dataset=sq"), .succeeded, workspace.errors)
        let wiki = try XCTUnwrap(session.store.object(named: "wiki"))
        let score = try XCTUnwrap(session.store.metrics(objectID: wiki.id).first { $0.key == "score" })
        XCTAssertEqual(score.value, 0.25)
        XCTAssertEqual(score.layer, 3)
        XCTAssertEqual(score.dataset, "sq")
        XCTAssertEqual(session.run("x = measure wiki value=1"), .failed, "measure makes no object to name")
    }

    func testObjectsComeBackLazilyInANewProcessWithoutTheSourceFile() throws {
        do {
            let session = try workspace.session()
            XCTAssertEqual(workspace.run(session, "wiki = text docs.jsonl\nr = table rows=4").failures, 0)
            try session.close()
        }
        try FileManager.default.removeItem(at: workspace.folder.appendingPathComponent("docs.jsonl"))
        let reopened = try workspace.session()
        let wiki = try XCTUnwrap(reopened.objects.handle(named: "wiki"))
        XCTAssertFalse(wiki.isLoaded)
        XCTAssertEqual(wiki.summary, "3 documents, 43 characters, from docs.jsonl")
        let text = try wiki.object(as: TextObject.self)
        XCTAssertEqual(text.source.documents, ["the first document", "a second one, with ✂", "third"])
        XCTAssertTrue(wiki.isLoaded)
        let result = try XCTUnwrap(reopened.objects.handle(named: "r")).object(as: ResultObject.self)
        XCTAssertEqual(result.table.rows.count, 4)
        XCTAssertEqual(result.table.rows[1], [.int(2), .int(4), .float(2.0.squareRoot())])
        XCTAssertEqual(reopened.run("d = draw wiki"), .succeeded, workspace.errors)
    }

    func testAMissingPayloadIsAClearErrorNotACrash() throws {
        let digest: String
        do {
            let session = try workspace.session()
            _ = session.run("wiki = text docs.jsonl")
            digest = try XCTUnwrap(session.store.object(named: "wiki")?.payload)
            let url = session.store.payloadURL(digest)
            try FileManager.default.removeItem(at: url)
        }
        let reopened = try workspace.session()
        XCTAssertEqual(reopened.run("export wiki copy.jsonl"), .failed)
        XCTAssertTrue(workspace.errors.contains(digest.prefix(8)), workspace.errors)
        XCTAssertEqual(reopened.run("show wiki"), .succeeded, "show still describes what the store knows")
        XCTAssertTrue(workspace.output.contains("restore"), workspace.output)
    }

    func testStoreViewsSeeTheRecordedCells() throws {
        let session = try workspace.session(mode: .csv)
        _ = session.run("wiki = text docs.jsonl")
        workspace.clearOutput()
        XCTAssertEqual(session.run(".sql SELECT verb, status, bound_name FROM history ORDER BY cell_id"), .succeeded)
        XCTAssertEqual(workspace.output, "verb,status,bound_name\ntext,ok,wiki\n.sql,running,\n")
    }
}
