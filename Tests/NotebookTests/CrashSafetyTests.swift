import Foundation
import Store
import XCTest

/// `kill -9` in the middle of a long command, then a restart on the same database.
final class CrashSafetyTests: XCTestCase {
    func testKillDuringALongCommandLosesNothingStored() throws {
        let workspace = try TestWorkspace()
        try workspace.writeSampleText()
        try BigText.write(to: workspace.folder.appendingPathComponent("big.jsonl"))
        let database = workspace.folder.appendingPathComponent("crash.db").path
        try workspace.write("long.session", "wiki = text docs.jsonl\nbig = text big.jsonl\nafter = text docs.jsonl\n")
        let running = try Binary.start(["--db", "crash.db", "long.session"], in: workspace.folder)
        try waitForRunningCell(verb: "text", source: "big = text big.jsonl", database: database)
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        XCTAssertEqual(running.process.terminationReason, .uncaughtSignal)

        let restart = try Binary.run(
            ["--db", "crash.db", "-c", ".objects", "-c", ".sql SELECT source, status FROM cells ORDER BY id"],
            in: workspace.folder)
        XCTAssertEqual(restart.status, 0, restart.output)
        XCTAssertTrue(
            restart.output.contains(
                "was still running when its process ended; it is now marked interrupted: big = text big.jsonl"),
            restart.output)
        XCTAssertTrue(
            restart.output.contains("wiki,text,1,\"3 documents, 43 characters, from docs.jsonl\""), restart.output)
        XCTAssertFalse(restart.output.contains("big,text"), restart.output)
        XCTAssertTrue(
            restart.output.contains("wiki = text docs.jsonl,ok\nbig = text big.jsonl,interrupted\n"), restart.output)
        XCTAssertFalse(restart.output.contains("after = text"), restart.output)

        let db = try Database(path: database, mode: .readOnly)
        XCTAssertEqual(try db.scalar("PRAGMA integrity_check"), .text("ok"))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM objects"), .integer(1))
        let metrics = try db.fetchAll("SELECT key, value FROM metrics WHERE object_id = 1 ORDER BY id")
        XCTAssertEqual(
            metrics.map { $0.values },
            [
                [.text("documents"), .real(3)], [.text("characters"), .real(43)], [.text("bytes"), .real(85)],
            ])
        let payloads = workspace.folder.appendingPathComponent("crash.db.payloads")
        let files = FileManager.default.enumerator(atPath: payloads.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(files.filter { $0.hasPrefix("tmp/") }, [], "temporary payload files left")

        let reuse = try Binary.run(["--db", "crash.db", "-c", "show wiki preview=1"], in: workspace.folder)
        XCTAssertTrue(reuse.output.contains("[0] the first document"), reuse.output)
    }

    private func waitForRunningCell(verb: String, source: String, database: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: database),
                let db = try? Database(path: database, mode: .readOnly),
                let count = try? db.scalar(
                    "SELECT count(*) FROM cells WHERE status = 'running' AND verb = ? AND source = ?", [verb, source]),
                count == .integer(1)
            {
                return
            }
            usleep(20_000)
        }
        XCTFail("the long command never started")
    }
}

/// Opening a database that cannot be used prints one clear line, exits non-zero and leaves the file alone.
final class StartupErrorTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    private func assertRefused(
        _ name: String, mentions: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let url = workspace.folder.appendingPathComponent(name)
        let before = try Data(contentsOf: url)
        let result = try Binary.run(["--db", name, "-c", ".objects"], in: workspace.folder)
        XCTAssertEqual(result.status, 1, result.output, file: file, line: line)
        XCTAssertTrue(result.output.hasPrefix("secateur: "), result.output, file: file, line: line)
        XCTAssertTrue(result.output.contains(mentions), result.output, file: file, line: line)
        XCTAssertEqual(result.output.split(separator: "\n").count, 1, result.output, file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: url), before, "the file was changed", file: file, line: line)
    }

    func testNotADatabase() throws {
        try workspace.write("notes.db", "these are my notes, not SQLite\n")
        try assertRefused("notes.db", mentions: "notes.db")
    }

    func testAnotherProgramsDatabase() throws {
        let path = workspace.folder.appendingPathComponent("other.db").path
        do {
            let db = try Database(path: path)
            try db.execute(
                "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'a')")
        }
        try assertRefused("other.db", mentions: "customers")
    }

    func testNewerSchema() throws {
        let path = workspace.folder.appendingPathComponent("new.db").path
        _ = try Binary.run(["--db", "new.db", "-c", ".objects"], in: workspace.folder)
        do {
            let db = try Database(path: path)
            let version = try db.scalar("PRAGMA user_version")
            guard case .integer(let current) = version, current > 0 else {
                return XCTFail("the store records no schema version in user_version: \(version)")
            }
            try db.execute("PRAGMA user_version = \(current + 100)")
        }
        try assertRefused("new.db", mentions: "newer")
    }

    func testLockedDatabase() throws {
        let path = workspace.folder.appendingPathComponent("busy.db").path
        _ = try Binary.run(["--db", "busy.db", "-c", ".objects"], in: workspace.folder)
        let holder = try Database(path: path)
        try holder.execute("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE")
        let started = Date()
        let result = try Binary.run(["--db", "busy.db", "-c", ".objects"], in: workspace.folder)
        try holder.execute("ROLLBACK")
        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains("lock"), result.output)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
    }
}
