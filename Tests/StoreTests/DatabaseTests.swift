import CSQLite
import Foundation
import XCTest

@testable import Store

final class DatabaseTests: XCTestCase {
    func testTypedBindingRoundTrip() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)")
        let blob = Data([0, 1, 2, 255])
        let statement = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        try statement.execute([Int.max, 0.1, "héllo ✂︎ wörld", blob, nil])
        try statement.execute([Int64.min, -2.5, "", Data(), SQLValue.null])
        try statement.execute([true, Float(1.5), "a\u{0}b", "x", Int32(7)])

        let read = try db.prepare("SELECT i, d, s, b, n FROM t ORDER BY rowid")
        XCTAssertEqual(read.columnNames, ["i", "d", "s", "b", "n"])
        XCTAssertTrue(try read.step())
        XCTAssertEqual(read.int(at: 0), Int.max)
        XCTAssertEqual(read.double(at: 1), 0.1)
        XCTAssertEqual(read.string(at: 2), "héllo ✂︎ wörld")
        XCTAssertEqual(read.data(at: 3), blob)
        XCTAssertTrue(read.isNull(at: 4))
        XCTAssertNil(read.string(at: 4))
        XCTAssertEqual(read.value(at: 4), .null)
        XCTAssertTrue(try read.step())
        XCTAssertEqual(read.int64(at: 0), Int64.min)
        XCTAssertEqual(read.value(at: 1), .real(-2.5))
        XCTAssertEqual(read.string(at: 2), "", "an empty string must not become NULL")
        XCTAssertFalse(read.isNull(at: 2))
        XCTAssertEqual(read.data(at: 3), Data(), "an empty blob must not become NULL")
        XCTAssertFalse(read.isNull(at: 3))
        XCTAssertTrue(try read.step())
        XCTAssertEqual(read.value(at: 0), .integer(1))
        XCTAssertEqual(read.double(at: 1), 1.5)
        XCTAssertEqual(read.string(at: 2), "a\u{0}b", "text with an embedded NUL keeps its length")
        XCTAssertEqual(read.value(at: 4), .text("7"), "column affinity TEXT converts the integer")
        XCTAssertFalse(try read.step())
    }

    func testRowsAndScalars() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (k TEXT, v REAL); INSERT INTO t VALUES ('a', 1), ('b', 2.5)")
        let rows = try db.fetchAll("SELECT k, v FROM t WHERE v > ? ORDER BY k", [0])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[1]["k"], .text("b"))
        XCTAssertEqual(rows[1].get("v", as: Double.self), 2.5)
        XCTAssertEqual(rows[0].get("v", as: Int.self), 1)
        XCTAssertNil(rows[0].get("missing", as: Int.self))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(2))
        XCTAssertEqual(try db.scalar("SELECT v FROM t WHERE k = ?", ["zzz"]), .null)
        XCTAssertNil(try db.fetchOne("SELECT * FROM t WHERE k = 'zzz'"))
        let named = try db.prepare("SELECT v FROM t WHERE k = :key")
        try named.bind(named: [":key": "a"])
        XCTAssertTrue(try named.step())
        XCTAssertEqual(named.double(at: 0), 1)
    }

    func testErrorsPrintLikeGRDB() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (a TEXT NOT NULL)")
        do {
            try db.execute("INSERT INTO t(a) VALUES (?)", [nil])
            XCTFail("NOT NULL must be enforced")
        } catch let error as SQLiteError {
            XCTAssertEqual(error.code, SQLITE_CONSTRAINT)
            XCTAssertEqual(error.extendedCode, 1299)  // SQLITE_CONSTRAINT_NOTNULL
            XCTAssertEqual(
                error.description,
                "SQLite error 19: NOT NULL constraint failed: t.a - while executing `INSERT INTO t(a) VALUES (?)`")
        }
        do {
            _ = try db.prepare("SELEC 1")
            XCTFail("a syntax error must throw")
        } catch let error as SQLiteError {
            XCTAssertEqual(error.code, SQLITE_ERROR)
            XCTAssertTrue(
                error.description.hasPrefix("SQLite error 1: near \"SELEC\": syntax error"), error.description)
            XCTAssertTrue(error.description.hasSuffix("- while executing `SELEC 1`"), error.description)
        }
        XCTAssertThrowsError(try db.prepare("SELECT 1; SELECT 2"), "prepare takes exactly one statement")
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (?)", [1, 2]), "argument count is checked")
    }

    func testForeignKeysAreEnforced() throws {
        let db = try Database(path: ":memory:")
        XCTAssertEqual(try db.scalar("PRAGMA foreign_keys"), .integer(1))
        XCTAssertEqual(try db.scalar("PRAGMA synchronous"), .integer(1), "NORMAL")
        try db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))")
        XCTAssertThrowsError(try db.execute("INSERT INTO c VALUES (42)")) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_CONSTRAINT)
        }
    }

    func testTransactionsCommitRollBackAndNest() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.transaction { try db.execute("INSERT INTO t VALUES (1)") }
        struct Boom: Error {}
        XCTAssertThrowsError(
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            })
        XCTAssertFalse(db.isInTransaction)
        try db.transaction {
            try db.execute("INSERT INTO t VALUES (3)")
            XCTAssertThrowsError(
                try db.transaction {
                    try db.execute("INSERT INTO t VALUES (4)")
                    throw Boom()
                })
            try db.transaction { try db.execute("INSERT INTO t VALUES (5)") }
        }
        let values = try db.fetchAll("SELECT v FROM t ORDER BY v").compactMap { $0.get("v", as: Int.self) }
        XCTAssertEqual(values, [1, 3, 5])
    }

    func testMultiStatementExecuteSkipsCommentsAndBlanks() throws {
        let db = try Database(path: ":memory:")
        try db.execute(
            """
            -- a comment
            CREATE TABLE t (v INTEGER);   /* another */
            INSERT INTO t VALUES (1);

            INSERT INTO t VALUES ('two; not a separator');
            """)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(2))
        XCTAssertEqual(db.changes, 1)
        XCTAssertEqual(db.lastInsertRowID, 2)
    }

    func testClosedInDeinitReleasesTheFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("a.db")
        var db: Database? = try Database(path: path)
        try db?.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (v); INSERT INTO t VALUES (1)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
        db = nil
        // The last connection to close checkpoints and deletes the WAL file.
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try Database(path: path, mode: .readOnly)
        XCTAssertEqual(try reopened.scalar("SELECT v FROM t"), .integer(1))
        XCTAssertTrue(reopened.isReadOnly)
        XCTAssertThrowsError(try reopened.execute("INSERT INTO t VALUES (2)")) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_READONLY)
        }
    }
}
