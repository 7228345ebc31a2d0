import XCTest

@testable import Evaluation

final class RunReportTests: XCTestCase {
    private func run(
        _ method: String, _ calibration: String, seed: Int, pattern: String = "2:4", model: String = "m",
        acc: [String: Double], ppl: Double?
    ) -> RunRecord {
        var metrics = acc.sorted { $0.key < $1.key }.map { RunMetric(key: "acc", dataset: $0.key, value: $0.value) }
        if let ppl { metrics.append(RunMetric(key: "ppl", dataset: "squad_dev", value: ppl)) }
        return RunRecord(
            method: method, pattern: pattern, calibration: calibration, seed: seed, model: model,
            sparsity: pattern == "2:4" ? 0.5 : Double(pattern), metrics: metrics)
    }

    private var runs: [RunRecord] {
        [
            run("wanda", "wiki", seed: 0, acc: ["piqa": 0.60, "boolq": 0.50], ppl: 30),
            run("wanda", "wiki", seed: 1, acc: ["piqa": 0.62, "boolq": 0.54], ppl: 34),
            run("wanda", "wiki", seed: 1, acc: ["piqa": 0.64, "boolq": 0.56], ppl: 32),  // rerun of seed 1 wins
            run("wanda", "syn", seed: 0, acc: ["piqa": 0.66, "boolq": 0.52], ppl: 28),
            run("sparsegpt", "wiki", seed: 0, acc: ["piqa": 0.61], ppl: 29),
            run("wanda", "wiki", seed: 0, pattern: "0.6", acc: ["piqa": 0.55, "boolq": 0.50], ppl: 60),
            run("wanda", "wiki", seed: 0, model: "other", acc: ["piqa": 0.1, "boolq": 0.1], ppl: 999),
        ]
    }

    func testTableRowsAreMethodTimesCalibrationWithMeanAndStdOverSeeds() throws {
        let table = try RunReport(filter: RunFilter(model: "m", pattern: "2:4")).table(runs)
        XCTAssertEqual(table.header, ["method", "pattern", "calibration", "runs", "PIQA", "BoolQ", "average", "ppl"])
        XCTAssertEqual(table.rows.map { $0[0] }, [.text("sparsegpt"), .text("wanda"), .text("wanda")])
        XCTAssertEqual(table.rows.map { $0[2] }, [.text("wiki"), .text("syn"), .text("wiki")])
        XCTAssertEqual(table.value(row: 2, column: "runs"), .number(2))
        guard case .estimate(let piqa, let piqaStd, let n)? = table.value(row: 2, column: "PIQA") else {
            return XCTFail("PIQA cell")
        }
        XCTAssertEqual(piqa, 62, accuracy: 1e-9)
        XCTAssertEqual(piqaStd, (8.0).squareRoot(), accuracy: 1e-9)  // 60 and 64
        XCTAssertEqual(n, 2)
        XCTAssertEqual(table.value(row: 2, column: "average")?.number ?? 0, (55 + 60) / 2, accuracy: 1e-9)
        XCTAssertEqual(table.value(row: 2, column: "ppl")?.number ?? 0, 31, accuracy: 1e-9)
        // SparseGPT has no BoolQ: the cell is missing and so is its average (no partial averages).
        XCTAssertEqual(table.value(row: 0, column: "BoolQ"), .missing)
        XCTAssertEqual(table.value(row: 0, column: "average"), .missing)
        guard case .estimate(_, let single, 1)? = table.value(row: 0, column: "PIQA") else { return XCTFail("one run") }
        XCTAssertTrue(single.isNaN)
    }

    func testFiltersAndFormattedCells() throws {
        let report = RunReport(filter: RunFilter(sparsity: 0.6), tasks: ["piqa"], percent: false)
        let table = try report.table(runs)
        XCTAssertEqual(table.rows.count, 1)
        XCTAssertEqual(table.header, ["method", "pattern", "calibration", "runs", "PIQA", "average", "ppl"])
        XCTAssertEqual(table.value(row: 0, column: "PIQA")?.number, 0.55)
        let wanda = try RunReport(filter: RunFilter(model: "m", method: "wanda", calibration: "wiki")).table(runs)
        XCTAssertEqual(
            wanda.rows.map { $0.map { $0.formatted(decimals: 2) } },
            [
                ["wanda", "0.6", "wiki", "1", "55.00", "50.00", "52.50", "60.00"],
                ["wanda", "2:4", "wiki", "2", "62.00 ± 2.83", "53.00 ± 4.24", "57.50 ± 3.54", "31.00 ± 1.41"],
            ])
        XCTAssertThrowsError(try RunReport(filter: RunFilter(method: "owl")).table(runs)) {
            XCTAssertTrue("\($0)".contains("no run matches"), "\($0)")
        }
        XCTAssertThrowsError(try RunReport().table([])) { XCTAssertTrue("\($0)".contains("no runs"), "\($0)") }
    }

    func testPivotByPatternHasTheDenseBaselineInEveryColumn() throws {
        let dense = RunRecord.dense(model: "m", metrics: [RunMetric(key: "ppl", dataset: "squad_dev", value: 20)])
        let table = try RunReport(filter: RunFilter(model: "m")).pivotByPattern(runs + [dense], metric: "ppl")
        XCTAssertEqual(table.header, ["method", "calibration", "60 %", "2:4"])
        XCTAssertEqual(
            table.rows.map { $0.map { $0.formatted(decimals: 2) } },
            [
                ["dense", "-", "20.00", "20.00"],
                ["sparsegpt", "wiki", "-", "29.00"],
                ["wanda", "syn", "-", "28.00"],
                ["wanda", "wiki", "60.00", "31.00 ± 1.41"],
            ])
        // The baseline passes a pattern filter (it is every pattern's reference) but not a method filter.
        let twoFour = try RunReport(filter: RunFilter(pattern: "2:4")).table(runs + [dense])
        XCTAssertEqual(twoFour.rows.first?.first, .text("dense"))
        XCTAssertEqual(twoFour.value(row: 0, column: "ppl")?.number, 20)
        let wandaOnly = try RunReport(filter: RunFilter(method: "wanda")).table(runs + [dense])
        XCTAssertFalse(wandaOnly.rows.contains { $0.first == .text("dense") })
        XCTAssertThrowsError(try RunReport(filter: RunFilter(pattern: "4:8")).table(runs + [dense])) {
            XCTAssertTrue("\($0)".contains("no run matches the filter (7 runs in all)"), "\($0)")
        }
        XCTAssertEqual(
            RunReport.patternOrder(["4:8", "2:4", "0.6", "1:4", "0.5"]), ["0.5", "0.6", "1:4", "2:4", "4:8"])
        XCTAssertEqual(["0.5", "0.6", "2:4"].map(RunReport.patternLabel), ["50 %", "60 %", "2:4"])
    }

    func testVarySplitsRowsBySettingInNumericOrderAndKeepsEachSettingsSeeds() throws {
        func ablation(prefix: String, seed: Int, ppl: Double) -> RunRecord {
            RunRecord(
                method: "wanda", pattern: "2:4", calibration: "self:wiki",
                calibrationSettings: ["prefix": prefix, "drop": "0.2"], seed: seed, model: "m", sparsity: 0.5,
                metrics: [RunMetric(key: "ppl", dataset: "squad_dev", value: ppl)])
        }
        let runs = [
            ablation(prefix: "16", seed: 0, ppl: 40), ablation(prefix: "2", seed: 0, ppl: 30),
            ablation(prefix: "2", seed: 1, ppl: 34), ablation(prefix: "0", seed: 0, ppl: 50),
            RunRecord.dense(model: "m", metrics: [RunMetric(key: "ppl", dataset: "squad_dev", value: 20)]),
        ]
        let table = try RunReport(vary: ["prefix"]).table(runs)
        XCTAssertEqual(table.header, ["method", "pattern", "calibration", "prefix", "runs", "average", "ppl"])
        XCTAssertEqual(
            table.rows.map { row in [0, 3, 4, 6].map { row[$0].formatted(decimals: 2) } },
            [
                ["dense", "-", "1", "20.00"], ["wanda", "0", "1", "50.00"], ["wanda", "2", "2", "32.00 ± 2.83"],
                ["wanda", "16", "1", "40.00"],
            ])
        // Without vary= the settings merge, and a seed counts once (its latest run: prefix 0 for seed 0).
        let merged = try RunReport().table(runs)
        XCTAssertEqual(merged.value(row: 1, column: "runs"), .number(2))
        XCTAssertEqual(merged.value(row: 1, column: "ppl")?.number ?? 0, 42, accuracy: 1e-9)
        let pivot = try RunReport(vary: ["drop"]).pivotByPattern(runs, metric: "ppl")
        XCTAssertEqual(pivot.header, ["method", "calibration", "drop", "2:4"])
        XCTAssertEqual(pivot.rows.map { $0[2] }, [.text("-"), .text("0.2")])
    }

    func testAccNormFallsBackToAccAndSeriesAgainstSparsity() throws {
        var record = run("wanda", "wiki", seed: 0, acc: ["piqa": 0.6, "boolq": 0.5], ppl: 30)
        record.metrics.append(RunMetric(key: "acc_norm", dataset: "piqa", value: 0.7))
        let report = RunReport(accuracyKey: "acc_norm")
        XCTAssertEqual(report.accuracy(record, task: "piqa"), 70)
        XCTAssertEqual(report.accuracy(record, task: "boolq"), 50)

        let series = try RunReport(filter: RunFilter(model: "m", method: "wanda")).sparsitySeries(runs, metric: "ppl")
        // N:M runs are a series of their own: 2:4 and 50 % unstructured are different points at x = 0.5.
        XCTAssertEqual(series.map(\.name), ["syn / 2:4", "wiki", "wiki / 2:4"])
        XCTAssertEqual(series[1].points, [PlotPoint(x: 0.6, y: 60)])
        XCTAssertEqual(series[2].points, [PlotPoint(x: 0.5, y: 31)])
        let svg = try LinePlot(title: "ppl", xLabel: "sparsity", yLabel: "ppl", series: series).svg()
        let points = SVGElements.parse(svg).withClass("point")
        XCTAssertEqual(points.map { SVGElements.number($0, "data-y") }, [28, 60, 31])
        let methods = try RunReport(filter: RunFilter(model: "m", pattern: "2:4")).sparsitySeries(runs, metric: "ppl")
        XCTAssertEqual(methods.map(\.name), ["sparsegpt / wiki / 2:4", "wanda / syn / 2:4", "wanda / wiki / 2:4"])
    }
}
