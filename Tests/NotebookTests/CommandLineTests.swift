import Foundation
import Store
import XCTest

/// The executable without a terminal: `-c`, scripts, stdin, `--bail`, `SECATEUR_DB`, exit statuses.
final class CommandLineTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        try workspace.writeSampleText()
    }

    func testCommandsScriptsAndStdinShareOneSemantics() throws {
        try workspace.write("a.session", "wiki = text docs.jsonl\n.sql SELECT count(*) AS n FROM objects\n")
        let script = try Binary.run(["--db", "a.db", "a.session"], in: workspace.folder)
        let piped = try Binary.run(
            ["--db", "b.db"], in: workspace.folder,
            input: "wiki = text docs.jsonl\n.sql SELECT count(*) AS n FROM objects\n")
        let commands = try Binary.run(
            ["--db", "c.db", "-c", "wiki = text docs.jsonl", "-c", ".sql SELECT count(*) AS n FROM objects"],
            in: workspace.folder)
        let expected = "wiki: text, 3 documents, 43 characters, from docs.jsonl\nn\n1\n"
        for result in [script, piped, commands] {
            XCTAssertEqual(result.output, expected)
            XCTAssertEqual(result.status, 0)
        }
    }

    func testContinuationLinesAndCommentsFromStdin() throws {
        let result = try Binary.run(
            ["--db", "x.db"], in: workspace.folder,
            input: "# a comment\nwiki = text \\\n  docs.jsonl   # trailing\n.sql SELECT source \\\n FROM cells\n")
        XCTAssertEqual(
            result.output,
            "wiki: text, 3 documents, 43 characters, from docs.jsonl\nsource\nwiki = text    docs.jsonl   # trailing\n"
                + ".sql SELECT source   FROM cells\n")
    }

    func testFailuresContinueUnlessBail() throws {
        let script = "show nothing\nwiki = text docs.jsonl\n"
        let relaxed = try Binary.run(["--db", "r.db"], in: workspace.folder, input: script)
        XCTAssertEqual(relaxed.status, 0)
        XCTAssertTrue(relaxed.output.hasPrefix("stdin:1: error: no object named 'nothing'"), relaxed.output)
        XCTAssertTrue(relaxed.output.contains("wiki: text"))
        let strict = try Binary.run(["--db", "s.db", "--bail"], in: workspace.folder, input: script)
        XCTAssertEqual(strict.status, 1)
        XCTAssertFalse(strict.output.contains("wiki: text"))
        let commands = try Binary.run(
            ["--db", "t.db", "--bail", "-c", "show nothing", "-c", "wiki = text docs.jsonl"], in: workspace.folder)
        XCTAssertEqual(commands.status, 1)
        XCTAssertFalse(commands.output.contains("wiki: text"))
    }

    func testQuitStopsAndUnreadableScriptsAreReported() throws {
        let quit = try Binary.run(["--db", "q.db"], in: workspace.folder, input: ".quit\nwiki = text docs.jsonl\n")
        XCTAssertEqual(quit.status, 0)
        XCTAssertEqual(quit.output, "")
        let missing = try Binary.run(["--db", "m.db", "--bail", "nope.session"], in: workspace.folder)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.output.contains("cannot read nope.session"), missing.output)
    }

    func testDatabaseFromEnvironmentAndDefault() throws {
        _ = try Binary.run(
            ["-c", "wiki = text docs.jsonl"], in: workspace.folder, environment: ["SECATEUR_DB": "env.db"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("env.db").path))
        _ = try Binary.run(["-c", "wiki = text docs.jsonl"], in: workspace.folder)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("secateur.db").path))
        let flag = try Binary.run(
            ["--db=flag.db", "-c", ".objects"], in: workspace.folder, environment: ["SECATEUR_DB": "env.db"])
        XCTAssertEqual(flag.output, "name,kind,id,summary\n")
    }

    func testOptionErrorsHelpAndVersion() throws {
        let bad = try Binary.run(["--nope"], in: workspace.folder)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.output.hasPrefix("secateur: unknown option --nope\nusage: secateur"), bad.output)
        XCTAssertEqual(try Binary.run(["--db"], in: workspace.folder).status, 2)
        XCTAssertEqual(try Binary.run(["-c"], in: workspace.folder).status, 2)
        let help = try Binary.run(["--help"], in: workspace.folder)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("[--db FILE] [--bail] [-i] [-c COMMANDS] [SCRIPT ...]"))
        XCTAssertTrue(try Binary.run(["--version"], in: workspace.folder).output.hasPrefix("secateur "))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("secateur.db").path))
    }

    func testReplayingASavedSessionOnAFreshDatabaseGivesIdenticalResults() throws {
        try workspace.write("other.txt", "alpha beta\ngamma\n")
        let original = """
            .mode csv
            wiki = text docs.jsonl
            other = text "other.txt"
            wiki = text other.txt
            show wiki preview=2
            export other out/other.jsonl overwrite=true
            back = text out/other.jsonl
            .sql SELECT o.name, m.key, m.value FROM metrics m JOIN objects o ON o.id = m.object_id ORDER BY m.id
            """
        try workspace.write("original.session", original + "\n.save saved.session\n")
        let first = try Binary.run(["--db", "first.db", "original.session"], in: workspace.folder)
        XCTAssertEqual(first.status, 0, first.output)
        let replay = try Binary.run(["--db", "replay.db", "saved.session"], in: workspace.folder)
        XCTAssertEqual(replay.status, 0, replay.output)
        let firstLines = first.output.split(separator: "\n").dropLast()
        XCTAssertEqual(
            Transcript.mask(firstLines.joined(separator: "\n")),
            Transcript.mask(replay.output.split(separator: "\n").joined(separator: "\n")))
        let query =
            "SELECT o.name, o.kind, o.digest, m.key, m.value FROM metrics m JOIN objects o ON o.id = m.object_id ORDER BY m.id"
        let a = try Database(path: workspace.folder.appendingPathComponent("first.db").path, mode: .readOnly).fetchAll(
            query)
        let b = try Database(path: workspace.folder.appendingPathComponent("replay.db").path, mode: .readOnly).fetchAll(
            query)
        XCTAssertEqual(a.map(\.values), b.map(\.values))
        XCTAssertEqual(a.count, 12)
    }
}
