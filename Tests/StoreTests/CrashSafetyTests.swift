import Foundation
import XCTest

@testable import Store

/// A cell is committed `running` before work; a dead process's running cells become `interrupted` on the next open.
final class CrashSafetyTests: XCTestCase {
    /// Runs a short-lived process and returns its pid once it has exited (a pid that is certainly dead).
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testDroppedHandleLeavesRunningCellMarkedInterruptedOnReopen() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("crash.db")
        var store: Store? = try Store(path: path)
        let session = try XCTUnwrap(store).startSession(argv: ["secateur", "--db", path])
        let done = try XCTUnwrap(store).record("m = load a.gguf", verb: "load", bind: "m", kind: .model)
        try XCTUnwrap(store).recordMetric(
            object: try XCTUnwrap(done.object).id, cell: done.cell.id, key: "ppl", value: 12.5)
        let cell = try XCTUnwrap(store).beginCell(source: "k = prune m method=wanda", verb: "prune", boundName: "k")
        XCTAssertEqual(cell.status, .running)
        XCTAssertEqual(cell.seq, 2)

        // Committed before any work: another connection already sees it.
        let observer = try Database(path: path, mode: .readOnly)
        XCTAssertEqual(try observer.scalar("SELECT status FROM cells WHERE id = ?", [cell.id]), .text("running"))

        store = nil  // like a kill: no finishCell, no endSession
        let reopened = try Store(path: path)
        XCTAssertEqual(reopened.recoveredCells.map(\.id), [cell.id])
        let recovered = try XCTUnwrap(reopened.cell(id: cell.id))
        XCTAssertEqual(recovered.status, .interrupted)
        XCTAssertNotNil(recovered.finished)
        XCTAssertTrue(recovered.error?.contains("process \(getpid())") ?? false, recovered.error ?? "nil")
        XCTAssertEqual(try reopened.cell(id: done.cell.id)?.status, .ok, "finished cells are untouched")
        XCTAssertEqual(try reopened.object(named: "m")?.id, done.object?.id, "earlier objects intact")
        XCTAssertEqual(try reopened.metrics(objectID: try XCTUnwrap(done.object).id).map(\.value), [12.5])
        XCTAssertNil(try reopened.object(named: "k"), "no name bound by the interrupted cell")
        XCTAssertNil(try reopened.sessions().first(where: { $0.id == session.id })?.ended)
        XCTAssertEqual(try reopened.database.scalar("PRAGMA integrity_check"), .text("ok"))
        XCTAssertEqual(try reopened.database.scalar("PRAGMA foreign_key_check"), .null)

        // A second open finds nothing left to recover.
        let again = try Store(path: path)
        XCTAssertTrue(again.recoveredCells.isEmpty)
    }

    func testLiveSessionInThisProcessIsLeftAlone() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("two.db")
        let first = try Store(path: path)
        try first.startSession(argv: ["first"])
        let cell = try first.beginCell(source: "eval m ppl", verb: "eval")
        let second = try Store(path: path)
        XCTAssertTrue(second.recoveredCells.isEmpty)
        XCTAssertEqual(try second.cell(id: cell.id)?.status, .running)
        try first.finishCell(cell.id, status: .ok, wall: 1, cpu: 2)
        XCTAssertEqual(try second.cell(id: cell.id)?.status, .ok)
    }

    func testEndedSessionStoreDroppedWithoutRunningCellsRecoversNothing() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("clean.db")
        do {
            let store = try Store(path: path)
            try store.startSession()
            try store.record("t = text a.txt", verb: "text", bind: "t", kind: .text)
            try store.endSession()
        }
        let store = try Store(path: path)
        XCTAssertTrue(store.recoveredCells.isEmpty)
        XCTAssertNotNil(try store.sessions().first?.ended)
    }

    /// Sessions written by other processes: dead pid, live pid, and a reused pid (live but a different process).
    func testOtherProcessesAreJudgedByPidAndStartToken() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("others.db")
        _ = try Store(path: path)
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer {
            if sleeper.isRunning { sleeper.terminate() }
        }
        let live = sleeper.processIdentifier
        let dead = try deadPID()
        let host = ProcessIdentity.hostName

        let raw = try Database(path: path)
        func addSession(pid: Int32, token: String?, host: String) throws -> Int64 {
            try raw.execute(
                "INSERT INTO sessions(started_at, pid, host, process_token) VALUES ('2025-01-01 00:00:00.000', ?, ?, ?)",
                [pid, host, token])
            let session = raw.lastInsertRowID
            try raw.execute(
                """
                INSERT INTO cells(session_id, seq, source, verb, status, started_at)
                VALUES (?, 1, 'x = work', 'work', 'running', '2025-01-01 00:00:00.000')
                """, [session])
            return raw.lastInsertRowID
        }
        let deadCell = try addSession(pid: dead, token: nil, host: host)
        let liveCell = try addSession(pid: live, token: ProcessIdentity.token(pid: live), host: host)
        let reusedCell = try addSession(pid: live, token: "another-boot/12345", host: host)
        let elsewhereCell = try addSession(pid: live, token: nil, host: host + "-elsewhere")

        let store = try Store(path: path)
        XCTAssertEqual(Set(store.recoveredCells.map(\.id)), [deadCell, reusedCell, elsewhereCell])
        XCTAssertEqual(try store.cell(id: liveCell)?.status, .running, "a live process keeps its running cell")

        sleeper.terminate()
        sleeper.waitUntilExit()
        let later = try Store(path: path)
        XCTAssertEqual(later.recoveredCells.map(\.id), [liveCell])
    }

    func testFinishAfterRecoveryRecordsTheRealOutcome() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("late.db")
        let store = try Store(path: path)
        try store.startSession()
        let cell = try store.beginCell(source: "eval m ppl", verb: "eval")
        try store.database.execute("UPDATE cells SET status = 'interrupted' WHERE id = ?", [cell.id])
        try store.finishCell(cell.id, status: .ok, wall: 3, cpu: 4)
        let finished = try XCTUnwrap(store.cell(id: cell.id))
        XCTAssertEqual(finished.status, .ok)
        XCTAssertEqual(finished.wallSeconds, 3)
        XCTAssertEqual(finished.cpuSeconds, 4)
    }
}
