import Foundation
import Notebook
import Store
import XCTest

/// `report` and `plot` over a store built by a session on a 2-layer model: the tables and the SVG data points
/// are checked against the metrics as stored, aggregated here independently of the report code.
final class ReportAndPlotTests: XCTestCase {
    private static let tinyModel = Result<URL, any Error> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-tiny-\(UUID().uuidString)")
        try TinyModel.export(layers: 2, to: folder)
        return folder
    }

    override class func tearDown() {
        if case .success(let folder) = tinyModel { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    private static func data(_ name: String) -> String {
        PackageRoot.url.appendingPathComponent("data/\(name)").path
    }

    /// The pruned models of the session, by method, pattern and calibration source (as the report groups them).
    private static let runs: [(model: String, method: String, pattern: String, source: String)] = [
        ("pw0", "wanda", "0.5", "wiki"), ("pw1", "wanda", "0.5", "wiki"), ("pn", "wanda", "0.5", "cnn"),
        ("pw24", "wanda", "2:4", "wiki"), ("pm", "magnitude", "0.5", "-"), ("pm24", "magnitude", "2:4", "-"),
        ("ps", "sparsegpt", "0.6", "wiki"),
    ]

    /// A session that loads the tiny model, samples three calibration sets (two seeds of wiki, one of cnn),
    /// prunes seven times and measures perplexity and two tasks on the base model and every pruned one.
    private func prunedStore() throws -> (TestWorkspace, Session) {
        let workspace = try TestWorkspace()
        let session = try workspace.session(mode: .json)
        let masks = ["pw0": "calib=c0", "pw1": "calib=c1", "pn": "calib=cn", "pw24": "calib=c0", "ps": "calib=c0"]
        var script = """
            m = load \(try Self.tinyModel.get().path)
            wiki = text \(Self.data("text/wikipedia.jsonl"))
            cnn = text \(Self.data("text/cnn.jsonl"))
            sq = text \(Self.data("text/squad_dev.jsonl"))
            c0 = sample wiki n=2 len=32 seed=0 model=m
            c1 = sample wiki n=2 len=32 seed=1 model=m
            cn = sample cnn n=2 len=32 seed=0 model=m
            eval m ppl on=sq seqlen=32 limit=2
            eval m tasks=arc_easy,boolq limit=3 dir=\(Self.data("tasks"))

            """
        for run in Self.runs {
            script += """
                k_\(run.model) = prune m \(masks[run.model] ?? "") method=\(run.method) pattern=\(run.pattern)
                \(run.model) = apply m k_\(run.model)
                eval \(run.model) ppl on=sq seqlen=32 limit=2
                eval \(run.model) tasks=arc_easy,boolq limit=3 dir=\(Self.data("tasks"))

                """
        }
        let summary = workspace.run(session, script, bail: true)
        XCTAssertEqual(summary.failures, 0, workspace.errors)
        return (workspace, session)
    }

    /// The latest whole-object metric `key` of the object named `name` on `dataset`, straight from `metrics`.
    private func stored(_ store: Store, _ name: String, _ key: String, dataset: String?) throws -> Double {
        let result = try store.query(
            readOnly: """
                SELECT m.value FROM metrics m JOIN objects o ON o.id = m.object_id
                WHERE o.name = '\(name)' AND m.key = '\(key)' AND m.layer IS NULL
                  AND m.dataset IS \(dataset.map { "'\($0)'" } ?? "NULL")
                ORDER BY m.id DESC LIMIT 1
                """)
        return try XCTUnwrap(result.rows.first?.first?.double, "\(name) \(key) \(dataset ?? "")")
    }

    /// `mean ± sample std` with two decimals, just the mean for one value.
    private func cell(_ values: [Double]) -> String {
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return String(format: "%.2f", mean) }
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return String(format: "%.2f ± %.2f", mean, variance.squareRoot())
    }

    /// The JSON table the last command printed, as rows of text.
    private func printedTable(_ workspace: TestWorkspace) throws -> [[String: String]] {
        let output = workspace.output
        let start = try XCTUnwrap(output.firstIndex(of: "["), output)
        let end = try XCTUnwrap(output.lastIndex(of: "]"), output)
        let rows = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(output[start...end].utf8)) as? [[String: Any]], output)
        return rows.map { $0.mapValues { "\($0)" } }
    }

    func testReportTablesAndPlotPointsEqualTheStoredMetrics() throws {
        let (workspace, session) = try prunedStore()
        let store = session.store
        func ppl(_ model: String) throws -> Double { try stored(store, model, "ppl", dataset: "sq") }
        func acc(_ model: String, _ task: String) throws -> Double {
            try stored(store, model, "acc", dataset: task) * 100
        }
        func average(_ model: String) throws -> Double { (try acc(model, "arc_easy") + acc(model, "boolq")) / 2 }
        func row(_ method: String, _ pattern: String, _ source: String, _ models: [String]) throws -> [String: String] {
            [
                "method": method, "pattern": pattern, "calibration": source, "runs": String(models.count),
                "ARC-e": cell(try models.map { try acc($0, "arc_easy") }),
                "BoolQ": cell(try models.map { try acc($0, "boolq") }),
                "average": cell(try models.map(average)), "ppl": cell(try models.map(ppl)),
            ]
        }

        workspace.clearOutput()
        workspace.run(session, "report")
        XCTAssertEqual(
            try printedTable(workspace),
            [
                try row("dense", "-", "-", ["m"]), try row("magnitude", "0.5", "-", ["pm"]),
                try row("magnitude", "2:4", "-", ["pm24"]), try row("sparsegpt", "0.6", "wiki", ["ps"]),
                try row("wanda", "0.5", "cnn", ["pn"]), try row("wanda", "0.5", "wiki", ["pw0", "pw1"]),
                try row("wanda", "2:4", "wiki", ["pw24"]),
            ], workspace.errors)

        workspace.clearOutput()
        workspace.run(session, "report pattern=2:4 source=wiki")
        XCTAssertEqual(
            try printedTable(workspace).map { $0["method"] ?? "" }, ["dense", "wanda"], "the baseline passes filters")

        workspace.clearOutput()
        workspace.run(session, "report by=pattern metric=ppl")
        let dense = cell([try ppl("m")])
        XCTAssertEqual(
            try printedTable(workspace),
            [
                ["method": "dense", "calibration": "-", "50 %": dense, "60 %": dense, "2:4": dense],
                [
                    "method": "magnitude", "calibration": "-", "50 %": cell([try ppl("pm")]), "60 %": "-",
                    "2:4": cell([try ppl("pm24")]),
                ],
                ["method": "sparsegpt", "calibration": "wiki", "50 %": "-", "60 %": cell([try ppl("ps")]), "2:4": "-"],
                ["method": "wanda", "calibration": "cnn", "50 %": cell([try ppl("pn")]), "60 %": "-", "2:4": "-"],
                [
                    "method": "wanda", "calibration": "wiki", "50 %": cell([try ppl("pw0"), try ppl("pw1")]),
                    "60 %": "-", "2:4": cell([try ppl("pw24")]),
                ],
            ], workspace.errors)

        workspace.clearOutput()
        workspace.run(session, "report metric=ppl")
        XCTAssertTrue(workspace.errors.contains("metric=ppl is not available with by=source"), workspace.errors)

        // Perplexity against sparsity: one series per method and source, N:M runs their own series; a point is
        // the mean over seeds at the mask's stored sparsity.
        func point(_ models: [String]) throws -> [Double] {
            let sparsity = try stored(store, "k_" + models[0], "sparsity", dataset: nil)
            return [sparsity, try models.map(ppl).reduce(0, +) / Double(models.count)]
        }
        XCTAssertEqual(workspace.run(session, "plot ppl ppl.svg").failures, 0, workspace.errors)
        let points = try SVGAttributes.read(workspace.folder.appendingPathComponent("ppl.svg"))
            .filter { $0["class"] == "point" }
        XCTAssertEqual(
            Dictionary(
                grouping: points.map { ($0["data-series"] ?? "", [$0["data-x"] ?? "", $0["data-y"] ?? ""]) },
                by: \.0
            ).mapValues { $0.map { $0.1.map { Double($0) ?? .nan } } },
            [
                "magnitude": [try point(["pm"])], "magnitude / 2:4": [try point(["pm24"])],
                "sparsegpt / wiki": [try point(["ps"])], "wanda / cnn": [try point(["pn"])],
                "wanda / wiki": [try point(["pw0", "pw1"])], "wanda / wiki / 2:4": [try point(["pw24"])],
            ])

        XCTAssertEqual(workspace.run(session, "plot acc acc.svg method=wanda").failures, 0, workspace.errors)
        let accuracy = try SVGAttributes.read(workspace.folder.appendingPathComponent("acc.svg"))
            .filter { $0["class"] == "point" }
        XCTAssertEqual(
            accuracy.map { [$0["data-series"] ?? "", $0["data-y"] ?? ""] },
            [
                ["cnn", "\(try average("pn"))"], ["wiki", "\((try average("pw0") + average("pw1")) / 2)"],
                ["wiki / 2:4", "\(try average("pw24"))"],
            ])
    }

    func testMinKPlusPlusHistogramCountsEqualTheStoredScores() throws {
        let workspace = try TestWorkspace()
        let session = try workspace.session()
        let script = """
            m = load \(try Self.tinyModel.get().path)
            wiki = text \(Self.data("text/wikipedia.jsonl"))
            cal = sample wiki n=6 len=32 seed=0 model=m
            score cal model=m
            score cal model=m k=0.5
            score wiki model=m n=5 len=24
            plot minkpp mk.svg of=cal,wiki bins=4
            """
        XCTAssertEqual(workspace.run(session, script, bail: true).failures, 0, workspace.errors)
        XCTAssertTrue(workspace.output.contains("wrote 2 distributions of 11 scores to mk.svg (svg)"), workspace.output)

        // The scores of each set's latest `score` cell, in sample order, read from the metrics table.
        func scores(_ name: String) throws -> [Double] {
            try session.store.query(
                readOnly: """
                    SELECT m.value FROM metrics m JOIN objects o ON o.id = m.object_id
                    WHERE o.name = '\(name)' AND m.key = 'sample_minkpp'
                      AND m.cell_id = (SELECT max(m2.cell_id) FROM metrics m2
                                       WHERE m2.object_id = o.id AND m2.key = 'sample_minkpp')
                    ORDER BY CAST(m.dataset AS INTEGER)
                    """
            ).rows.map { try XCTUnwrap($0[0].double) }
        }
        let sets = ["cal": try scores("cal"), "wiki": try scores("wiki")]
        XCTAssertEqual(sets["cal"]?.count, 6)
        XCTAssertEqual(sets["wiki"]?.count, 5)
        let all = sets.values.flatMap { $0 }
        let (lo, hi) = (try XCTUnwrap(all.min()), try XCTUnwrap(all.max()))
        let edges = (0...4).map { $0 == 4 ? hi : lo + (hi - lo) * Double($0) / 4 }

        let bins = try SVGAttributes.read(workspace.folder.appendingPathComponent("mk.svg"))
            .filter { $0["class"] == "bin" }
        for (name, values) in sets {
            let mine = bins.filter { $0["data-series"] == name }
            XCTAssertEqual(mine.map { Double($0["data-lower"] ?? "") ?? .nan }, Array(edges.dropLast()), name)
            XCTAssertEqual(mine.map { Double($0["data-upper"] ?? "") ?? .nan }, Array(edges.dropFirst()), name)
            let expected = (0..<4).map { k in
                values.filter { $0 >= edges[k] && ($0 < edges[k + 1] || (k == 3 && $0 == hi)) }.count
            }
            XCTAssertEqual(mine.map { Int($0["data-count"] ?? "") ?? -1 }, expected, name)
        }
        // The latest scoring of cal (k=0.5) is the one drawn: its mean is the stored summary of that cell.
        let mean = try session.store.query(
            readOnly: """
                SELECT m.value FROM metrics m JOIN objects o ON o.id = m.object_id
                WHERE o.name = 'cal' AND m.key = 'minkpp' ORDER BY m.id DESC LIMIT 1
                """
        ).rows.first?.first?.double
        XCTAssertEqual(try XCTUnwrap(mean), (sets["cal"] ?? []).reduce(0, +) / 6, accuracy: 1e-12)

        workspace.clearOutput()
        workspace.run(session, "plot minkpp none.svg of=wiki,m")
        XCTAssertTrue(
            workspace.errors.contains("'m' is a model, but a calib or text is needed here"), workspace.errors)
        workspace.clearOutput()
        workspace.run(session, "other = sample wiki n=2 len=16 seed=3 model=m\nplot minkpp none.svg of=other")
        XCTAssertTrue(
            workspace.errors.contains("other has no Min-K%++ scores: run `score other` first"), workspace.errors)
    }

    func testSelfGeneratedSetsReportApartAndVarySplitsThemByTheirSettings() throws {
        let workspace = try TestWorkspace()
        let session = try workspace.session(mode: .json)
        var script = """
            m = load \(try Self.tinyModel.get().path)
            wiki = text \(Self.data("text/wikipedia.jsonl"))
            sq = text \(Self.data("text/squad_dev.jsonl"))
            c = sample wiki n=2 len=16 seed=0 model=m
            k_c = prune m calib=c method=wanda pattern=2:4
            p_c = apply m k_c
            eval p_c ppl on=sq seqlen=32 limit=2

            """
        for (prefix, seed) in [(0, 0), (4, 0), (4, 1)] {
            script += """
                g\(prefix)_\(seed) = generate m from=wiki n=3 len=8 prefix=\(prefix) seed=\(seed)
                f\(prefix)_\(seed) = filter g\(prefix)_\(seed) model=m drop=0.3
                k\(prefix)_\(seed) = prune m calib=f\(prefix)_\(seed) method=wanda pattern=2:4
                p\(prefix)_\(seed) = apply m k\(prefix)_\(seed)
                eval p\(prefix)_\(seed) ppl on=sq seqlen=32 limit=2

                """
        }
        let summary = workspace.run(session, script, bail: true)
        XCTAssertEqual(summary.failures, 0, workspace.errors)
        func ppl(_ model: String) throws -> Double { try stored(session.store, model, "ppl", dataset: "sq") }

        workspace.clearOutput()
        workspace.run(session, "report vary=prefix")
        let rows = try printedTable(workspace).map { [$0["calibration"] ?? "", $0["prefix"] ?? "", $0["ppl"] ?? ""] }
        XCTAssertEqual(
            rows,
            [
                ["self:wiki", "0", cell([try ppl("p0_0")])],
                ["self:wiki", "4", cell([try ppl("p4_0"), try ppl("p4_1")])],
                ["wiki", "-", cell([try ppl("p_c")])],
            ], workspace.errors)

        workspace.clearOutput()
        workspace.run(session, "report vary=drop")
        XCTAssertEqual(
            try printedTable(workspace).map { [$0["calibration"] ?? "", $0["drop"] ?? "", $0["runs"] ?? ""] },
            [["self:wiki", "0.3", "2"], ["wiki", "-", "1"]], "without prefix apart, a seed counts once")

        workspace.clearOutput()
        workspace.run(session, "report vary=prefix,drop")
        XCTAssertEqual(
            try printedTable(workspace).map { [$0["prefix"] ?? "", $0["drop"] ?? "", $0["runs"] ?? ""] },
            [["0", "0.3", "1"], ["4", "0.3", "2"], ["-", "-", "1"]], workspace.errors)
    }
}
