import CSQLite
import Foundation
import XCTest

@testable import Store

/// Issue 16 on the store: a truncated store is not silently recreated (S7); `.sql` keeps a bounded
/// number of rows (C8), calls only listed functions (S8) and answers the reading pragmas it lists.
final class StoreHardeningTests: XCTestCase {
    func testTruncatedStoreWithPayloadsIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("s.db")
        do {
            let store = try Store(path: path)
            try store.startSession(argv: ["test"])
            try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try Data("payload".utf8).write(to: URL(fileURLWithPath: path + ".payloads/ab"))
        for suffix in ["", "-wal", "-shm"] { truncate(path + suffix, 0) }
        XCTAssertThrowsError(try Store(path: path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("truncated store") && message.contains(".payloads"), message)
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, 0, "left as it was")
        // A new, empty store (no payloads yet) still opens.
        XCTAssertNoThrow(try Store(path: folder.path("fresh.db")))
    }

    func testEndlessQueryKeepsTheCapAndCountsTheRest() throws {
        let folder = try TemporaryFolder()
        let store = try Store(path: folder.path("q.db"))
        let endless = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT x FROM r"
        let capped = try store.queryAll(readOnly: endless, maxRows: 3)
        XCTAssertEqual(capped.last?.rows, [[.integer(1)], [.integer(2)], [.integer(3)]])
        XCTAssertEqual(capped.last?.heldBack, QueryResult.maximumCounted)
        XCTAssertEqual(capped.last?.heldBackIsLowerBound, true)
        let finite = try store.queryAll(
            readOnly: "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r WHERE x < 10) SELECT x FROM r",
            maxRows: 4)
        XCTAssertEqual(finite.last?.rows.count, 4)
        XCTAssertEqual(finite.last?.heldBack, 6)
        XCTAssertEqual(finite.last?.heldBackIsLowerBound, false)
    }

    func testOnlyListedFunctionsMayBeCalled() throws {
        let folder = try TemporaryFolder()
        let store = try Store(path: folder.path("f.db"))
        for sql in [
            "SELECT fts3_tokenizer('simple')", "SELECT load_extension('/nonexistent')",
            "SELECT hex(fts3_tokenizer('simple'))",
        ] {
            XCTAssertThrowsError(try store.query(readOnly: sql), sql) { error in
                guard case StoreError.notReadOnly(_, let reason) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains("is not on the list"), reason)
            }
        }
        XCTAssertEqual(
            try store.query(readOnly: "SELECT upper('a'), round(2.5), json_extract('{\"a\":1}', '$.a')").rows,
            [[.text("A"), .real(3), .integer(1)]])
        XCTAssertEqual(try store.query(readOnly: "SELECT count(*) FROM runs").rows, [[.integer(0)]])
    }

    func testListedReadingPragmasAnswer() throws {
        let folder = try TemporaryFolder()
        let store = try Store(path: folder.path("p.db"))
        XCTAssertEqual(try store.query(readOnly: "PRAGMA journal_mode").rows, [[.text("wal")]])
        XCTAssertEqual(try store.query(readOnly: "PRAGMA main.journal_mode;").rows, [[.text("wal")]])
        XCTAssertThrowsError(try store.query(readOnly: "PRAGMA journal_mode = DELETE"))
        XCTAssertThrowsError(try store.query(readOnly: "PRAGMA journal_mode=DELETE"))
        XCTAssertEqual(try store.query(readOnly: "PRAGMA journal_mode").rows, [[.text("wal")]])
    }
}
