import Foundation
import XCTest

@testable import Store

/// The convenience views over a session shaped like DESIGN.md's example.
final class ViewsTests: XCTestCase {
    var folder: TemporaryFolder!
    var store: Store!
    var wandaRun: Int64 = 0
    var magnitudeRun: Int64 = 0

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
        store = try Store(path: folder.path("v.db"))
        try store.startSession(argv: ["secateur"])
        let s = store!
        func p(_ k: String, _ v: String, _ t: String = "string", defaulted: Bool = false) -> Param {
            Param(key: k, value: v, type: t, defaulted: defaulted)
        }
        let m = try XCTUnwrap(s.record("m = load models/x.gguf", verb: "load", bind: "m", kind: .model).object)
        let wiki = try XCTUnwrap(s.record("wiki = text w.jsonl", verb: "text", bind: "wiki", kind: .text).object)
        let sq = try XCTUnwrap(s.record("sq = text squad_dev.jsonl", verb: "text", bind: "sq", kind: .text).object)
        let cal = try XCTUnwrap(
            s.record(
                "cal = sample wiki n=128 len=2048 seed=0", verb: "sample", bind: "cal", kind: .calib,
                inputs: [(wiki, "source")], params: [p("source", "wiki", "object"), p("seed", "0", "int")]
            ).object)
        let syn = try XCTUnwrap(
            s.record(
                "syn = generate m from=wiki seed=0", verb: "generate", bind: "syn", kind: .calib,
                inputs: [(m, "model"), (wiki, "from")]
            ).object)
        let good = try XCTUnwrap(
            s.record(
                "good = filter syn model=m drop=0.2", verb: "filter", bind: "good", kind: .calib,
                inputs: [(syn, "calib"), (m, "model")]
            ).object)
        let wanda = try s.record(
            "k = prune m calib=good method=wanda pattern=2:4", verb: "prune", bind: "k", kind: .mask,
            inputs: [(m, "model"), (good, "calib")],
            params: [
                p("model", "m", "object"), p("calib", "good", "object"), p("method", "wanda"),
                p("pattern", "2:4", "pattern"), p("sparsity", "0.5", "float"),
                p("seed", "0", "int", defaulted: true),
            ])
        wandaRun = wanda.cell.id
        let k = try XCTUnwrap(wanda.object)
        try s.recordMetrics(
            object: k.id, cell: wanda.cell.id,
            [Metric(key: "sparsity", value: 0.5)] + (0..<3).map { Metric(key: "sparsity", value: 0.5, layer: $0) })
        let pruned = try XCTUnwrap(
            s.record("p = apply m k", verb: "apply", bind: "p", kind: .model, inputs: [(m, "model"), (k, "mask")])
                .object)
        let evalP = try s.record(
            "eval p ppl on=sq", verb: "eval", bind: nil, kind: nil, inputs: [(pruned, "model"), (sq, "on")])
        try s.recordMetric(object: pruned.id, cell: evalP.cell.id, key: "ppl", value: 31.5, dataset: "sq")
        let evalM = try s.record(
            "eval m ppl on=sq", verb: "eval", bind: nil, kind: nil, inputs: [(m, "model"), (sq, "on")])
        try s.recordMetric(object: m.id, cell: evalM.cell.id, key: "ppl", value: 20.25, dataset: "sq")
        try s.recordMetric(object: m.id, cell: evalM.cell.id, key: "ppl", value: 18.0, dataset: "wiki")
        let tasks = try s.record(
            "eval p tasks=piqa,arc_easy", verb: "eval", bind: nil, kind: nil, inputs: [(pruned, "model")])
        try s.recordMetrics(
            object: pruned.id, cell: tasks.cell.id,
            [
                Metric(key: "acc", value: 0.6, dataset: "piqa"), Metric(key: "acc", value: 0.4, dataset: "arc_easy"),
                Metric(key: "acc_norm", value: 0.7, dataset: "piqa"),
            ])
        let again = try s.record("eval p tasks=piqa", verb: "eval", bind: nil, kind: nil, inputs: [(pruned, "model")])
        try s.recordMetric(object: pruned.id, cell: again.cell.id, key: "acc", value: 0.62, dataset: "piqa")

        let magnitude = try s.record(
            "k2 = prune m calib=cal method=magnitude pattern=0.6 seed=1", verb: "prune", bind: "k2", kind: .mask,
            inputs: [(m, "model"), (cal, "calib")],
            params: [p("method", "magnitude"), p("pattern", "0.6", "pattern"), p("seed", "1", "int")])
        magnitudeRun = magnitude.cell.id
        // A failed prune leaves a cell but no mask: no run.
        let failed = try s.beginCell(source: "k3 = prune m calib=nope", verb: "prune", boundName: "k3")
        try s.finishCell(failed.id, status: .error, error: "no object named nope", wall: 0, cpu: 0)
    }

    override func tearDown() {
        store = nil
        folder = nil
    }

    func testRunsHasOneRowPerPruneWithItsContext() throws {
        let r = try store.query(
            readOnly: """
                SELECT run_id, model, method, pattern, sparsity, seed, calib, calib_source, calib_origin,
                       pruned_model, ppl, ppl_dataset, base_ppl, avg_acc, status, mask
                FROM runs ORDER BY run_id
                """)
        XCTAssertEqual(r.rows.count, 2)
        XCTAssertEqual(
            r.rows[0],
            [
                .integer(wandaRun), .text("m"), .text("wanda"), .text("2:4"), .real(0.5), .integer(0), .text("good"),
                .text("wiki"), .text("generate"), .text("p"), .real(31.5), .text("sq"), .real(20.25), .real(0.51),
                .text("ok"), .text("k"),
            ])
        XCTAssertEqual(
            r.rows[1],
            [
                .integer(magnitudeRun), .text("m"), .text("magnitude"), .text("0.6"), .real(0.6), .integer(1),
                .text("cal"), .text("wiki"), .text("sample"), .null, .null, .null, .null, .null, .text("ok"),
                .text("k2"),
            ])
        // The design's one-liner works and sorts NULL ppl first (SQLite's order), the pruned run after.
        let top = try store.query(readOnly: "SELECT mask, ppl FROM runs ORDER BY ppl LIMIT 5")
        XCTAssertEqual(top.rows, [[.text("k2"), .null], [.text("k"), .real(31.5)]])
    }

    func testSparsityFallsBackToPatternWhenNotRecorded() throws {
        let m = try XCTUnwrap(store.object(named: "m"))
        try store.record(
            "k4 = prune m method=sparsegpt pattern=4:8", verb: "prune", bind: "k4", kind: .mask,
            inputs: [(m, "model")], params: [Param(key: "pattern", value: "4:8", type: "pattern")])
        let r = try store.query(readOnly: "SELECT sparsity, calib, calib_source FROM runs WHERE mask = 'k4'")
        XCTAssertEqual(r.rows, [[.real(0.5), .null, .null]])
    }

    func testAvgAccPrefersTheRecordedMean() throws {
        let p = try XCTUnwrap(store.object(named: "p"))
        try store.recordMetric(object: p.id, cell: nil, key: "avg_acc", value: 0.55)
        let r = try store.query(readOnly: "SELECT avg_acc FROM runs WHERE mask = 'k'")
        XCTAssertEqual(r.rows, [[.real(0.55)]])
    }

    func testRunMetricsIsTheLongForm() throws {
        let r = try store.query(
            readOnly: """
                SELECT mask, object, kind, key, value, layer, dataset FROM run_metrics
                WHERE run_id = \(wandaRun) ORDER BY metric_id
                """)
        XCTAssertEqual(r.rows.count, 4 + 1 + 3 + 1)
        XCTAssertEqual(r.rows[0], [.text("k"), .text("k"), .text("mask"), .text("sparsity"), .real(0.5), .null, .null])
        XCTAssertEqual(r.rows[1][5], .integer(0))
        XCTAssertEqual(
            r.rows[4], [.text("k"), .text("p"), .text("model"), .text("ppl"), .real(31.5), .null, .text("sq")])
        XCTAssertEqual(
            r.rows[8], [.text("k"), .text("p"), .text("model"), .text("acc"), .real(0.62), .null, .text("piqa")])
        let dense = try store.query(readOnly: "SELECT count(*) FROM run_metrics WHERE object = 'm'")
        XCTAssertEqual(dense.rows, [[.integer(0)]], "metrics of the dense model are not a run's")
    }

    func testHistoryListsCellsInOrderWithStatusAndTiming() throws {
        let r = try store.query(readOnly: "SELECT seq, verb, status, error, wall_seconds, cpu_seconds FROM history")
        XCTAssertEqual(r.rows.count, 14)
        XCTAssertEqual(r.rows.map { $0[0] }, (1...14).map { SQLValue.integer(Int64($0)) })
        XCTAssertEqual(r.rows[0], [.integer(1), .text("load"), .text("ok"), .null, .real(0.5), .real(0.75)])
        XCTAssertEqual(
            r.rows.last,
            [.integer(14), .text("prune"), .text("error"), .text("no object named nope"), .real(0), .real(0)])
    }

    func testCalibLineageFollowsCalibrationChainsOnly() throws {
        let good = try XCTUnwrap(store.object(named: "good"))
        let r = try store.query(
            readOnly: """
                SELECT o.name, l.depth FROM calib_lineage l JOIN objects o ON o.id = l.object_id
                WHERE l.calib_id = \(good.id) ORDER BY l.depth, o.name
                """)
        XCTAssertEqual(
            r.rows, [[.text("good"), .integer(0)], [.text("syn"), .integer(1)], [.text("wiki"), .integer(2)]])
    }

    func testViewsStayFastWithManyRuns() throws {
        let m = try XCTUnwrap(store.object(named: "m"))
        let cal = try XCTUnwrap(store.object(named: "cal"))
        try store.transaction {
            for i in 0..<300 {
                let made = try store.record(
                    "k\(i) = prune m calib=cal", verb: "prune", bind: "k\(i)", kind: .mask,
                    inputs: [(m, "model"), (cal, "calib")],
                    params: [Param(key: "method", value: "wanda", type: "string")])
                let mask = try XCTUnwrap(made.object)
                try store.recordMetrics(
                    object: mask.id, cell: made.cell.id, (0..<30).map { Metric(key: "sparsity", value: 0.5, layer: $0) }
                )
            }
        }
        let start = Date()
        let r = try store.query(readOnly: "SELECT * FROM runs ORDER BY ppl LIMIT 5")
        XCTAssertEqual(r.rows.count, 5)
        XCTAssertEqual(try store.query(readOnly: "SELECT count(*) FROM runs").rows, [[.integer(302)]])
        // Not a timing assertion on speed, only a guard against accidentally quadratic views.
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }
}
