import Foundation
import XCTest

@testable import Store

/// Sessions, cells, params, objects, lineage and metrics through the typed API.
final class StoreRecordsTests: XCTestCase {
    var folder: TemporaryFolder!
    var store: Store!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
        store = try Store(path: folder.path("r.db"))
    }

    override func tearDown() {
        store = nil
        folder = nil
    }

    func testSessionRecordsProcessAndArguments() throws {
        XCTAssertNil(store.session)
        let before = Date(timeIntervalSinceNow: -1)
        let session = try store.startSession(argv: ["secateur", "-c", "x = load \"a b\""], version: "0.1")
        XCTAssertEqual(session.pid, getpid())
        XCTAssertEqual(session.argv, ["secateur", "-c", "x = load \"a b\""])
        XCTAssertEqual(session.version, "0.1")
        XCTAssertEqual(session.host, ProcessIdentity.hostName)
        XCTAssertGreaterThan(session.started, before)
        XCTAssertNil(session.ended)
        XCTAssertEqual(store.session, session)
        assertStoreError(try store.startSession()) {
            if case .invalid = $0 { return true }
            return false
        }
        try store.endSession()
        XCTAssertNil(store.session)
        XCTAssertNotNil(try store.sessions().first?.ended)
        XCTAssertEqual(try store.startSession().id, session.id + 1)
    }

    func testCellsAreNumberedPerSessionAndFinished() throws {
        assertStoreError(try store.beginCell(source: "x", verb: "x")) { $0 == .noSession }
        let s1 = try store.startSession()
        let a = try store.beginCell(source: "m = load a.gguf", verb: "load", boundName: "m")
        let b = try store.beginCell(source: ".sql SELECT 1", verb: ".sql")
        XCTAssertEqual([a.seq, b.seq], [1, 2])
        XCTAssertEqual(a.sessionID, s1.id)
        XCTAssertEqual(a.boundName, "m")
        XCTAssertNil(b.boundName)
        try store.finishCell(a.id, status: .ok, wall: 1.25, cpu: 2.5)
        try store.finishCell(b.id, status: .error, error: "no such table: x", wall: 0.01, cpu: 0.01)
        assertStoreError(try store.finishCell(b.id, status: .running, wall: 0, cpu: 0)) {
            if case .invalid = $0 { return true }
            return false
        }
        assertStoreError(try store.finishCell(9999, status: .ok, wall: 0, cpu: 0)) {
            if case .invalid(let m) = $0 { return m.contains("9999") }
            return false
        }
        try store.endSession()
        let s2 = try store.startSession()
        let c = try store.beginCell(source: "eval m ppl", verb: "eval")
        XCTAssertEqual(c.seq, 1, "numbering restarts in a new session")
        try store.finishCell(c.id, status: .interrupted, error: "interrupted by Ctrl-C", wall: 5, cpu: 9)

        let first = try store.cells(session: s1.id)
        XCTAssertEqual(first.map(\.status), [.ok, .error])
        XCTAssertEqual(first[0].wallSeconds, 1.25)
        XCTAssertEqual(first[0].cpuSeconds, 2.5)
        XCTAssertEqual(first[1].error, "no such table: x")
        XCTAssertNotNil(first[1].finished)
        XCTAssertEqual(try store.cells(session: s2.id).map(\.status), [.interrupted])
        XCTAssertEqual(try store.cells().map(\.id), [a.id, b.id, c.id])
        XCTAssertNil(try store.cell(id: 12345))
    }

    func testParamsKeepOrderDefaultsAndLastValue() throws {
        try store.startSession()
        let cell = try store.beginCell(source: "cal = sample wiki n=128", verb: "sample", boundName: "cal")
        try store.recordParams(
            cell: cell.id,
            [
                Param(key: "source", value: "wiki", type: "object"),
                Param(key: "n", value: "128", type: "int"),
                Param(key: "len", value: "2048", type: "int", defaulted: true),
                Param(key: "seed", value: "0", type: "int", defaulted: true),
            ])
        try store.recordParams(cell: cell.id, [Param(key: "n", value: "64", type: "int")])
        let params = try store.params(cell: cell.id)
        XCTAssertEqual(params.map(\.key), ["source", "n", "len", "seed"])
        XCTAssertEqual(params[1].value, "64")
        XCTAssertEqual(params.map(\.defaulted), [false, false, true, true])
        let bySQL = try store.query(readOnly: "SELECT value FROM params WHERE key = 'seed'")
        XCTAssertEqual(bySQL.rows, [[.text("0")]])
    }

    func testNamesCanBeReboundAndOldObjectsStay() throws {
        try store.startSession()
        let m1 = try XCTUnwrap(store.record("m = load a.gguf", verb: "load", bind: "m", kind: .model).object)
        let t = try XCTUnwrap(store.record("t = text a.txt", verb: "text", bind: "t", kind: .text).object)
        let m2 = try XCTUnwrap(store.record("m = load b.gguf", verb: "load", bind: "m", kind: .model).object)
        let m3 = try XCTUnwrap(store.record("m = text c.txt", verb: "text", bind: "m", kind: .text).object)
        XCTAssertEqual(try store.object(named: "m")?.id, m3.id)
        XCTAssertEqual(try store.object(named: "m")?.kind, .text)
        XCTAssertEqual(try store.objectVersions(named: "m").map(\.id), [m1.id, m2.id, m3.id])
        XCTAssertEqual(try store.object(id: m1.id)?.kind, .model, "the old binding is still there")
        XCTAssertEqual(try store.currentObjects().map(\.name), ["m", "t"])
        XCTAssertEqual(try store.objects(kind: .text).map(\.id), [m3.id, t.id])
        XCTAssertEqual(try store.objects(kind: .model).map(\.id), [], "m is now a text")
        XCTAssertNil(try store.object(named: "nothing"))
        let latest = try store.query(readOnly: "SELECT name, id, kind, verb FROM latest_objects")
        XCTAssertEqual(
            latest.rows,
            [
                [.text("m"), .integer(m3.id), .text("text"), .text("text")],
                [.text("t"), .integer(t.id), .text("text"), .text("text")],
            ])
    }

    func testObjectFieldsProvenanceAndValidation() throws {
        try store.startSession()
        let cell = try store.beginCell(source: "k = prune m", verb: "prune", boundName: "k")
        let digest = try store.putPayload(Data([1, 2, 3]))
        let k = try store.recordObject(
            name: "k", kind: .mask, cell: cell.id, provenance: #"{"method":"wanda","layers":30}"#,
            digest: "content-digest", payload: digest)
        XCTAssertEqual(k.name, "k")
        XCTAssertEqual(k.kind, .mask)
        XCTAssertEqual(k.cellID, cell.id)
        XCTAssertEqual(k.digest, "content-digest")
        XCTAssertEqual(k.payload, digest)
        XCTAssertEqual(k.provenanceDictionary?["method"] as? String, "wanda")
        XCTAssertEqual(k.provenanceDictionary?["layers"] as? Int, 30)
        XCTAssertLessThan(abs(k.created.timeIntervalSinceNow), 5)
        XCTAssertEqual(try store.objects(producedBy: cell.id).map(\.id), [k.id])

        let anonymous = try store.recordObject(name: nil, kind: .result, cell: cell.id)
        XCTAssertNil(anonymous.name)
        XCTAssertEqual(anonymous.provenance, "{}")
        XCTAssertFalse(try store.currentObjects().contains { $0.id == anonymous.id }, "unnamed objects bind no name")

        XCTAssertThrowsError(try store.recordObject(name: "bad", kind: .mask, cell: cell.id, provenance: "{not json")) {
            XCTAssertTrue(String(describing: $0).contains("CHECK constraint failed"), "\($0)")
        }
        assertStoreError(
            try store.recordObject(name: "bad", kind: .mask, cell: cell.id, payload: String(repeating: "0", count: 64))
        ) {
            if case .invalid(let m) = $0 { return m.contains("putPayload") }
            return false
        }
        XCTAssertThrowsError(try store.recordObject(name: "orphan", kind: .mask, cell: 424242)) {
            XCTAssertTrue(String(describing: $0).contains("FOREIGN KEY constraint failed"), "\($0)")
        }
        XCTAssertNil(try store.object(named: "bad"))
    }

    func testLineageInputsAndAncestors() throws {
        try store.startSession()
        let m = try XCTUnwrap(store.record("m = load a.gguf", verb: "load", bind: "m", kind: .model).object)
        let wiki = try XCTUnwrap(store.record("wiki = text w.jsonl", verb: "text", bind: "wiki", kind: .text).object)
        let cal = try store.record(
            "cal = sample wiki", verb: "sample", bind: "cal", kind: .calib, inputs: [(wiki, "source")])
        let calib = try XCTUnwrap(cal.object)
        let prune = try store.record(
            "k = prune m calib=cal", verb: "prune", bind: "k", kind: .mask, inputs: [(m, "model"), (calib, "calib")])
        let k = try XCTUnwrap(prune.object)
        try store.recordInput(cell: prune.cell.id, object: m.id, role: "model")  // recorded twice: harmless
        XCTAssertEqual(
            try store.inputs(cell: prune.cell.id),
            [
                InputRecord(cellID: prune.cell.id, objectID: m.id, role: "model"),
                InputRecord(cellID: prune.cell.id, objectID: calib.id, role: "calib"),
            ])
        XCTAssertEqual(try store.ancestors(of: k.id).map(\.name), ["m", "cal", "wiki"])
        XCTAssertEqual(try store.ancestors(of: wiki.id), [])
    }

    func testMetricsSingleBatchedAndNaN() throws {
        try store.startSession()
        let made = try store.record("k = prune m", verb: "prune", bind: "k", kind: .mask)
        let k = try XCTUnwrap(made.object)
        let id = try store.recordMetric(object: k.id, cell: made.cell.id, key: "sparsity", value: 0.5)
        var perLayer = (0..<30).map { Metric(key: "sparsity", value: 0.5 + Double($0) / 1000, layer: $0) }
        perLayer.append(Metric(key: "ppl", value: .nan, dataset: "sq"))
        try store.recordMetrics(object: k.id, cell: made.cell.id, perLayer)
        let metrics = try store.metrics(objectID: k.id)
        XCTAssertEqual(metrics.count, 32)
        XCTAssertEqual(metrics[0].id, id)
        XCTAssertNil(metrics[0].layer)
        XCTAssertEqual(metrics[1].layer, 0)
        XCTAssertEqual(metrics[30].value, 0.529)
        XCTAssertTrue(metrics[31].value.isNaN)
        XCTAssertEqual(metrics[31].dataset, "sq")
        XCTAssertEqual(try store.metrics(cell: made.cell.id).count, 32)
        XCTAssertThrowsError(try store.recordMetrics(object: 987_654, cell: made.cell.id, [Metric(key: "a", value: 1)]))
        XCTAssertEqual(try store.database.scalar("SELECT count(*) FROM metrics"), .integer(32))
        XCTAssertFalse(store.database.isInTransaction)
    }
}
