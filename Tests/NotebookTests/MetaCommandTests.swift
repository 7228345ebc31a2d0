import Foundation
import Notebook
import Store
import XCTest

final class MetaCommandTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        try workspace.writeSampleText()
    }

    func testSQLIsReadOnlyAndPrintsInTheCurrentMode() throws {
        let session = try workspace.session(mode: .csv)
        XCTAssertEqual(session.run(".sql SELECT 1 AS one, 'héllo ✂' AS s, 2.5 AS x, NULL AS n"), .succeeded)
        XCTAssertEqual(workspace.output, "one,s,x,n\n1,héllo ✂,2.5,\n")
        workspace.clearOutput()
        XCTAssertEqual(session.run(".mode json"), .succeeded)
        XCTAssertEqual(session.run(".sql SELECT 1 AS one"), .succeeded)
        XCTAssertEqual(workspace.output, "[{\"one\":1}]\n")
        for statement in [
            "DELETE FROM cells", "DROP TABLE cells", "INSERT INTO cells(source) VALUES('x')",
            "ATTACH 'x.db' AS x", "PRAGMA journal_mode=DELETE",
        ] {
            XCTAssertEqual(session.run(".sql \(statement)"), .failed, statement)
        }
        XCTAssertEqual(session.run(".sql"), .failed)
        XCTAssertEqual(session.run(".sql SELEC 1"), .failed)
        XCTAssertEqual(try session.store.cells(session: session.record.id).filter { $0.verb == ".sql" }.count, 8)
    }

    func testModeTimerEchoAndTheirErrors() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run(".mode"), .succeeded)
        XCTAssertEqual(workspace.output, "table\n")
        XCTAssertEqual(session.run(".mode markdown"), .succeeded)
        XCTAssertEqual(session.mode, .markdown)
        XCTAssertEqual(session.run(".mode xml"), .failed)
        XCTAssertEqual(session.run(".mode mardown"), .failed)
        XCTAssertTrue(workspace.errors.contains("did you mean 'markdown'?"), workspace.errors)
        XCTAssertEqual(session.run(".timer on"), .succeeded)
        workspace.clearOutput()
        XCTAssertEqual(session.run("wiki = text docs.jsonl"), .succeeded)
        XCTAssertTrue(workspace.output.contains(" s wall, "), workspace.output)
        XCTAssertEqual(session.run(".timer maybe"), .failed)
        XCTAssertEqual(session.run(".echo on"), .succeeded)
        workspace.clearOutput()
        _ = session.run(".timer off")
        XCTAssertEqual(workspace.output, ".timer off\n")
        XCTAssertEqual(session.run(".nonsense"), .failed)
        XCTAssertEqual(session.run(".qiut"), .failed)
        XCTAssertTrue(workspace.errors.contains("did you mean '.quit'?"), workspace.errors)
        XCTAssertEqual(session.run(".quit"), .quit)
        XCTAssertEqual(session.run(".exit"), .quit)
    }

    func testHelpIsGeneratedFromTheSpecs() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run("?draw"), .succeeded)
        let help = workspace.output
        XCTAssertTrue(help.hasPrefix("draw — random numbers from a seed\n\nusage: [NAME =] draw [FROM] [n=INT]"), help)
        XCTAssertTrue(help.contains("  n=        an integer from 1 to 100"), help)
        XCTAssertTrue(help.contains("default 2:4"), help)
        XCTAssertTrue(help.contains("seed="), help)
        workspace.clearOutput()
        XCTAssertEqual(session.run(".help draw"), .succeeded)
        XCTAssertEqual(workspace.output, help)
        workspace.clearOutput()
        XCTAssertEqual(session.run(".help"), .succeeded)
        for word in ["show", "export", "text", ".sql SQL", ".save FILE", ".quit"] {
            XCTAssertTrue(workspace.output.contains(word), word)
        }
        XCTAssertEqual(session.run("?drwa"), .failed)
        XCTAssertTrue(workspace.errors.contains("did you mean 'draw'?"), workspace.errors)
        workspace.clearOutput()
        XCTAssertEqual(session.run(".help .sql"), .succeeded)
        XCTAssertTrue(workspace.output.hasPrefix(".sql SQL\n"))
    }

    func testObjectsListsBindingsOptionallyByKind() throws {
        let session = try workspace.session(mode: .csv)
        _ = workspace.run(session, "wiki = text docs.jsonl\nr = table rows=1")
        workspace.clearOutput()
        XCTAssertEqual(session.run(".objects"), .succeeded)
        XCTAssertEqual(
            workspace.output,
            "name,kind,id,summary\nr,result,2,\"1 row × 3 columns (n, square, root)\"\n"
                + "wiki,text,1,\"3 documents, 43 characters, from docs.jsonl\"\n")
        workspace.clearOutput()
        XCTAssertEqual(session.run(".objects text"), .succeeded)
        XCTAssertEqual(workspace.output.split(separator: "\n").count, 2)
        XCTAssertEqual(session.run(".objects model2"), .failed)
    }

    func testSchemaPrintsCreateStatements() throws {
        let session = try workspace.session()
        XCTAssertEqual(session.run(".schema cells"), .succeeded)
        XCTAssertTrue(workspace.output.hasPrefix("CREATE TABLE cells"), workspace.output)
        XCTAssertEqual(session.run(".schema nothing_here"), .failed)
    }

    func testHistoryComesFromTheStoreAcrossSessions() throws {
        do {
            let first = try workspace.session(mode: .csv)
            _ = first.run("wiki = text docs.jsonl")
            try first.close()
        }
        let second = try workspace.session(mode: .csv)
        _ = second.run("show wiki preview=0")
        workspace.clearOutput()
        XCTAssertEqual(second.run(".history 2"), .succeeded)
        let lines = workspace.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[1].hasPrefix("1,1,ok,"), String(lines[1]))
        XCTAssertTrue(lines[1].hasSuffix(",wiki = text docs.jsonl"), String(lines[1]))
        XCTAssertTrue(lines[2].hasSuffix(",show wiki preview=0"))
        XCTAssertEqual(second.run(".history 0"), .failed)
    }

    func testSaveWritesSuccessfulCommandsAndReadRunsThem() throws {
        let session = try workspace.session(mode: .csv)
        let script = """
            .mode csv
            wiki = text docs.jsonl
            x = smaple wiki
            d = draw wiki n=3 seed=7
            show nothing
            .sql SELECT count(*) AS n FROM objects
            .objects
            """
        XCTAssertEqual(workspace.run(session, script).failures, 2)
        XCTAssertEqual(session.run(".save saved.session"), .succeeded)
        let saved = try String(
            contentsOfFile: workspace.folder.appendingPathComponent("saved.session").path, encoding: .utf8)
        XCTAssertEqual(
            saved.split(separator: "\n").dropFirst(),
            [
                ".mode csv", "wiki = text docs.jsonl", "d = draw wiki n=3 seed=7",
                ".sql SELECT count(*) AS n FROM objects",
            ])
        let fresh = try workspace.session(
            database: workspace.folder.appendingPathComponent("fresh.db").path, mode: .csv)
        workspace.clearOutput()
        XCTAssertEqual(fresh.run(".read saved.session"), .succeeded, workspace.errors)
        XCTAssertEqual(fresh.objects.names, ["d", "wiki"])
        XCTAssertEqual(fresh.run(".read missing.session"), .failed)
        XCTAssertEqual(fresh.run(".read a b"), .failed)
        XCTAssertEqual(fresh.run(".save /nonexistent-folder/x.session"), .failed)
    }

    func testReadStopsAtDepthAndReportsScriptLines() throws {
        let session = try workspace.session()
        try workspace.write("loop.session", "# reads itself\n.read loop.session\n")
        XCTAssertEqual(session.run(".read loop.session"), .failed)
        XCTAssertTrue(workspace.errors.contains("nested too deeply"), workspace.errors)
        try workspace.write("bad.session", "wiki = text docs.jsonl\n\nshow wkii\n")
        workspace.clearOutput()
        XCTAssertEqual(session.run(".read bad.session"), .failed)
        XCTAssertTrue(workspace.errors.hasPrefix("bad.session:3: error: no object named 'wkii'"), workspace.errors)
    }

    func testBailStopsAScriptAtTheFirstFailure() throws {
        let session = try workspace.session()
        let summary = workspace.run(session, "show nothing\nwiki = text docs.jsonl\n", bail: true)
        XCTAssertTrue(summary.bailed)
        XCTAssertNil(session.objects.handle(named: "wiki"))
        let goOn = workspace.run(session, "show nothing\nwiki = text docs.jsonl\n", bail: false)
        XCTAssertEqual(goOn.failures, 1)
        XCTAssertNotNil(session.objects.handle(named: "wiki"))
    }

    func testExportChoosesTheFormatByExtensionOrKey() throws {
        let session = try workspace.session()
        _ = workspace.run(session, "wiki = text docs.jsonl\nr = table rows=2")
        XCTAssertEqual(session.run("export wiki out/copy.jsonl"), .succeeded, workspace.errors)
        let copy = try String(
            contentsOfFile: workspace.folder.appendingPathComponent("out/copy.jsonl").path, encoding: .utf8)
        XCTAssertEqual(
            copy, "{\"text\":\"the first document\"}\n{\"text\":\"a second one, with ✂\"}\n{\"text\":\"third\"}\n")
        XCTAssertEqual(session.run("c = text out/copy.jsonl"), .succeeded)
        XCTAssertEqual(try session.objects.handle(named: "c")?.object(as: TextObject.self).source.documents.count, 3)
        XCTAssertEqual(session.run("export wiki plain.txt"), .succeeded)
        XCTAssertEqual(session.run("export r r.csv"), .succeeded)
        let csv = try String(contentsOfFile: workspace.folder.appendingPathComponent("r.csv").path, encoding: .utf8)
        XCTAssertEqual(csv, "n,square,root\n1,1,1.0\n2,4,\(2.0.squareRoot())\n")
        XCTAssertEqual(session.run("export r r.data format=markdown"), .succeeded)
        XCTAssertEqual(session.run("export r r.safetensors"), .failed)
        XCTAssertTrue(workspace.errors.contains("formats: csv (.csv), json (.json), markdown (.md)"), workspace.errors)
    }
}
