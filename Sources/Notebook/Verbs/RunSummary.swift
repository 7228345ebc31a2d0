import Foundation
import Store

/// The prune runs of the store (`runs` view) with their latest task accuracies (`run_metrics`), grouped the way
/// the paper's tables are: method × pattern × calibration source, mean and sample standard deviation over runs.
struct RunSummary {
    /// One run.
    struct Run {
        var id: Int64
        var method: String
        var pattern: String
        var sparsity: Double?
        var source: String
        var ppl: Double?
        var accuracy: Double?
        var tasks: [String: Double]
    }

    var runs: [Run] = []

    /// Reads the successful runs, filtered by the given `runs` columns (text equality; sparsity numerically).
    init(store: Store, model: String?, pattern: String?, sparsity: Double?) throws {
        var conditions = ["status = 'ok'"]
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        if let model { conditions.append("model = \(quoted(model))") }
        if let pattern { conditions.append("pattern = \(quoted(pattern))") }
        if let sparsity { conditions.append("abs(sparsity - \(NumberFormat.exact(sparsity))) < 1e-9") }
        let result = try store.query(
            readOnly: "SELECT run_id, method, pattern, sparsity, calib_source, ppl, avg_acc FROM runs WHERE "
                + conditions.joined(separator: " AND ") + " ORDER BY run_id")
        let metrics = try store.query(
            readOnly: "SELECT run_id, dataset, value FROM run_metrics WHERE key = 'acc' AND dataset IS NOT NULL "
                + "ORDER BY metric_id")
        var tasks: [Int64: [String: Double]] = [:]
        for row in metrics.rows {
            guard case .integer(let id) = row[0], case .text(let task) = row[1], let value = Self.double(row[2]) else {
                continue
            }
            tasks[id, default: [:]][task] = value
        }
        for row in result.rows {
            guard case .integer(let id) = row[0] else { continue }
            runs.append(
                Run(
                    id: id, method: Self.text(row[1]), pattern: Self.text(row[2]), sparsity: Self.double(row[3]),
                    source: Self.text(row[4]), ppl: Self.double(row[5]), accuracy: Self.double(row[6]),
                    tasks: tasks[id] ?? [:]))
        }
    }

    /// The report table: one row per method × pattern × source.
    func table() -> ResultTable {
        let taskNames = Set(runs.flatMap { $0.tasks.keys }).sorted()
        var table = ResultTable(
            title: "runs by method and calibration source (mean, std over runs)",
            columns: ["method", "pattern", "calib_source", "runs", "ppl", "ppl_std"] + taskNames + [
                "avg_acc", "avg_acc_std",
            ])
        var groups: [[Run]] = []
        for run in runs {
            if let index = groups.firstIndex(where: {
                $0[0].method == run.method && $0[0].pattern == run.pattern && $0[0].source == run.source
            }) {
                groups[index].append(run)
            } else {
                groups.append([run])
            }
        }
        for group in groups {
            let ppl = Self.meanStd(group.compactMap(\.ppl))
            let accuracy = Self.meanStd(group.compactMap(\.accuracy))
            var row: [TableValue] = [
                .text(group[0].method), .text(group[0].pattern), .text(group[0].source), .int(Int64(group.count)),
                ppl.mean, ppl.std,
            ]
            for task in taskNames { row.append(Self.meanStd(group.compactMap { $0.tasks[task] }).mean) }
            row += [accuracy.mean, accuracy.std]
            table.append(row)
        }
        return table
    }

    static func meanStd(_ values: [Double]) -> (mean: TableValue, std: TableValue) {
        guard !values.isEmpty else { return (.null, .null) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (.float(mean), .null) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (.float(mean), .float(variance.squareRoot()))
    }

    static func text(_ value: SQLValue) -> String {
        if case .null = value { return "" }
        return value.description
    }

    static func double(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let real): return real
        case .integer(let integer): return Double(integer)
        case .text(let text): return Double(text)
        default: return nil
        }
    }
}
