import Foundation
import XCTest

@testable import Store

/// `.sql` must answer reads and refuse anything that could change the store, the connection or the disk.
final class ReadOnlyQueryTests: XCTestCase {
    var folder: TemporaryFolder!
    var store: Store!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
        store = try Store(path: folder.path("q.db"))
        try store.startSession(argv: ["test"])
        try store.record("m = load a.gguf", verb: "load", bind: "m", kind: .model)
    }

    override func tearDown() {
        store = nil
        folder = nil
    }

    /// A fingerprint of everything a write could touch.
    func fingerprint() throws -> [SQLValue] {
        let db = store.database
        return [
            try db.scalar("SELECT count(*) FROM cells"), try db.scalar("SELECT count(*) FROM objects"),
            try db.scalar("SELECT group_concat(name) FROM sqlite_schema"), try db.scalar("PRAGMA user_version"),
            try db.scalar("PRAGMA application_id"), try db.scalar("PRAGMA journal_mode"),
            try db.scalar("SELECT group_concat(name) FROM objects"),
        ]
    }

    func testReadsAreAnswered() throws {
        let r = try store.query(readOnly: "SELECT name, kind FROM objects ORDER BY id")
        XCTAssertEqual(r.columns, ["name", "kind"])
        XCTAssertEqual(r.rows, [[.text("m"), .text("model")]])
        XCTAssertEqual(try store.query(readOnly: "SELECT * FROM runs ORDER BY ppl LIMIT 5").rows.count, 0)
        XCTAssertEqual(
            try store.query(readOnly: "SELECT verb, status FROM history").rows, [[.text("load"), .text("ok")]])
        let info = try store.query(readOnly: "PRAGMA table_info(cells)")
        XCTAssertTrue(info.rows.contains { $0.contains(.text("wall_seconds")) })
        XCTAssertEqual(try store.query(readOnly: "PRAGMA user_version").rows, [[.integer(Int64(Store.schemaVersion))]])
        XCTAssertFalse(try store.query(readOnly: "SELECT * FROM pragma_table_info('objects')").rows.isEmpty)
        let recursive = try store.query(
            readOnly: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n"
        )
        XCTAssertEqual(recursive.rows, [[.integer(15)]])
        let several = try store.queryAll(readOnly: "SELECT 1 AS a; -- comment\n SELECT 'x' AS b, NULL AS c;")
        XCTAssertEqual(several.map(\.columns), [["a"], ["b", "c"]])
        XCTAssertEqual(several[1].rows, [[.text("x"), .null]])
        XCTAssertEqual(try store.query(readOnly: "SELECT 1; SELECT 2 AS two").columns, ["two"])
    }

    func testWritesAreRefusedAndChangeNothing() throws {
        let attached = folder.path("attached.db")
        let vacuumed = folder.path("copy.db")
        let attempts: [(sql: String, reason: String)] = [
            ("INSERT INTO objects(name, kind, created_at) VALUES ('x', 'model', 'now')", "insert into objects"),
            ("UPDATE cells SET status = 'ok'", "update cells"),
            ("DELETE FROM objects", "delete from objects"),
            ("DROP TABLE metrics", "drop metrics"),
            ("DROP VIEW runs", "drop runs"),
            ("CREATE TABLE evil (x)", "create evil"),
            ("CREATE TEMP TABLE scratch (x)", "create scratch"),
            ("CREATE INDEX i ON cells(source)", "create i"),
            ("ALTER TABLE cells ADD COLUMN evil", "alter"),
            ("PRAGMA user_version = 5", "PRAGMA user_version = … would change a setting"),
            ("PRAGMA user_version(5)", "PRAGMA user_version = … would change a setting"),
            ("PRAGMA query_only = 0", "PRAGMA query_only = … would change a setting"),
            ("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode = … would change a setting"),
            ("PRAGMA writable_schema = ON", "PRAGMA writable_schema is not a read-only pragma"),
            ("PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint is not a read-only pragma"),
            ("ATTACH DATABASE '\(attached)' AS other", "ATTACH"),
            ("DETACH DATABASE main", "DETACH"),
            ("BEGIN", "transaction control"),
            ("BEGIN IMMEDIATE", "transaction control"),
            ("SAVEPOINT s", "transaction control"),
            ("VACUUM", "modify the database"),
            ("VACUUM INTO '\(vacuumed)'", "modify the database"),
            ("REINDEX", "REINDEX"),
            ("ANALYZE", "ANALYZE"),
            ("SELECT 1; DELETE FROM objects", "delete from objects"),
            ("SELECT * FROM objects; UPDATE cells SET verb = 'x'; SELECT 1", "update cells"),
            (
                "WITH x AS (SELECT 1) INSERT INTO metrics(object_id, key, value) SELECT 1, 'k', 1 FROM x",
                "insert into metrics"
            ),
            (
                "INSERT INTO objects(name, kind, created_at) SELECT name, kind, created_at FROM objects RETURNING id",
                "insert"
            ),
            ("REPLACE INTO sessions(id, started_at, pid, host) VALUES (1, 'x', 1, 'h')", "insert into sessions"),
        ]
        let before = try fingerprint()
        for attempt in attempts {
            let error = assertStoreError(try store.query(readOnly: attempt.sql)) {
                if case .notReadOnly(_, let reason) = $0 { return reason.contains(attempt.reason) }
                return false
            }
            XCTAssertTrue(
                error?.description.hasPrefix(".sql accepts read-only statements only") ?? false, attempt.sql)
            XCTAssertEqual(try fingerprint(), before, "changed by \(attempt.sql)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: attached), "ATTACH created a file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: vacuumed), "VACUUM INTO created a file")
        // The store still works for reads and writes after every refusal.
        XCTAssertEqual(try store.query(readOnly: "SELECT count(*) FROM objects").rows, [[.integer(1)]])
        XCTAssertNoThrow(try store.record("t = text a.txt", verb: "text", bind: "t", kind: .text))
        XCTAssertEqual(try store.query(readOnly: "SELECT count(*) FROM objects").rows, [[.integer(2)]])
        XCTAssertFalse(store.database.isInTransaction)
    }

    func testEmptyAndBrokenSQL() throws {
        assertStoreError(try store.query(readOnly: "  -- nothing\n")) {
            if case .notReadOnly(_, "there is no statement to run") = $0 { return true }
            return false
        }
        XCTAssertThrowsError(try store.query(readOnly: "SELECT * FROM nowhere")) { error in
            XCTAssertTrue(String(describing: error).contains("no such table: nowhere"), "\(error)")
        }
    }

    func testLongQueryCanBeInterruptedFromAnotherThread() throws {
        final class Outcome: @unchecked Sendable {
            var error: (any Error)?
            var finished = false
            let lock = NSLock()
        }
        let outcome = Outcome()
        let store = self.store!
        let thread = Thread {
            let sql =
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000000) SELECT count(*) FROM n"
            do { _ = try store.query(readOnly: sql) } catch { outcome.lock.withLock { outcome.error = error } }
            outcome.lock.withLock { outcome.finished = true }
        }
        thread.start()
        let start = Date()
        // sqlite3_interrupt only affects statements already running: keep asking until the query gives up.
        while !outcome.lock.withLock({ outcome.finished }) && Date().timeIntervalSince(start) < 60 {
            Thread.sleep(forTimeInterval: 0.05)
            store.interrupt()
        }
        XCTAssertTrue(outcome.lock.withLock { outcome.finished }, "the query was not interrupted")
        let error = outcome.lock.withLock { outcome.error }
        XCTAssertEqual((error as? SQLiteError)?.code, 9, "SQLITE_INTERRUPT, got \(String(describing: error))")
        XCTAssertEqual(try store.query(readOnly: "SELECT 1").rows, [[.integer(1)]], "the connection is usable again")
    }

    func testDatabaseLevelCheckWorksOnAWritableConnectionToo() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (v); INSERT INTO t VALUES (1)")
        XCTAssertEqual(try db.query(readOnly: "SELECT v FROM t").rows, [[.integer(1)]])
        XCTAssertThrowsError(try db.query(readOnly: "SELECT 1; DELETE FROM t"))
        XCTAssertThrowsError(try db.query(readOnly: "PRAGMA user_version = 3"))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(1))
        XCTAssertEqual(try db.scalar("PRAGMA user_version"), .integer(0))
        // The authorizer is removed afterwards: ordinary writes still work.
        try db.execute("INSERT INTO t VALUES (2)")
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(2))
    }
}
