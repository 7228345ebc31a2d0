import Foundation

/// The paper's table from run records: one row per method × pattern × calibration source (mean ± std
/// over seeds and the number of runs), one column per task, the average over tasks, and perplexity.
public struct RunReport: Sendable {
    /// Which runs to include.
    public var filter: RunFilter
    /// Task columns in order; nil: every task measured on an included run, in the canonical order.
    public var tasks: [String]?
    /// The accuracy metric per task: `acc` (as Wanda reports), or `acc_norm` (acc where a task has none).
    public var accuracyKey: String
    /// Report accuracies in percent.
    public var percent: Bool
    /// The perplexity metric key.
    public var perplexityKey: String
    /// The dataset perplexity was measured on (nil: the latest of any dataset).
    public var perplexityDataset: String?

    /// A report definition.
    public init(
        filter: RunFilter = RunFilter(), tasks: [String]? = nil, accuracyKey: String = "acc", percent: Bool = true,
        perplexityKey: String = "ppl", perplexityDataset: String? = nil
    ) {
        self.filter = filter
        self.tasks = tasks
        self.accuracyKey = accuracyKey
        self.percent = percent
        self.perplexityKey = perplexityKey
        self.perplexityDataset = perplexityDataset
    }

    /// The accuracy of `run` on `task` (acc when `accuracyKey` is missing there), scaled.
    public func accuracy(_ run: RunRecord, task: String) -> Double? {
        (run.value(accuracyKey, dataset: task) ?? run.value("acc", dataset: task)).map { percent ? $0 * 100 : $0 }
    }

    /// The mean accuracy of `run` over `tasks`; nil unless every task was measured (no partial averages).
    public func average(_ run: RunRecord, tasks: [String]) -> Double? {
        guard !tasks.isEmpty else { return nil }
        let values = tasks.compactMap { accuracy(run, task: $0) }
        return values.count == tasks.count ? values.reduce(0, +) / Double(values.count) : nil
    }

    /// The table over `runs`. Rows sort by method, pattern and calibration source; a seed run twice
    /// counts once (its latest record).
    public func table(_ runs: [RunRecord]) throws -> ReportTable {
        let included = runs.filter(filter.matches)
        guard !included.isEmpty else {
            throw EvaluationError.invalidReport(
                runs.isEmpty ? "no runs in the store" : "no run matches the filter (\(runs.count) runs in all)")
        }
        let columns = tasks ?? orderedTasks(included)
        var groups: [[String]: [RunRecord]] = [:]
        for run in included { groups[[run.method, run.pattern, run.calibration], default: []].append(run) }
        var header = ["method", "pattern", "calibration", "n"]
        header += columns.map { TaskName(rawValue: $0)?.displayName ?? $0 }
        header += ["average", perplexityKey]
        var rows: [[ReportValue]] = []
        for key in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let members = latestPerSeed(groups[key] ?? [])
            var row: [ReportValue] = key.map { .text($0) } + [.number(Double(members.count))]
            for task in columns { row.append(Self.estimate(members.compactMap { accuracy($0, task: task) })) }
            row.append(Self.estimate(members.compactMap { average($0, tasks: columns) }))
            row.append(Self.estimate(members.compactMap { $0.value(perplexityKey, dataset: perplexityDataset) }))
            rows.append(row)
        }
        return ReportTable(header: header, rows: rows)
    }

    /// One series per calibration source: the mean over seeds of `metric` against sparsity, for plots
    /// such as perplexity (or average accuracy) against sparsity. `metric`: `average`, or a metric key.
    public func sparsitySeries(_ runs: [RunRecord], metric: String) throws -> [PlotSeries] {
        let included = runs.filter(filter.matches)
        let columns = tasks ?? orderedTasks(included)
        var bySource: [String: [Double: [Double]]] = [:]
        for run in latestPerSeed(included) {
            guard let sparsity = run.sparsity else { continue }
            let value = metric == "average" ? average(run, tasks: columns) : run.value(metric, dataset: nil)
            guard let value else { continue }
            bySource[run.calibration, default: [:]][sparsity, default: []].append(value)
        }
        guard !bySource.isEmpty else {
            throw EvaluationError.invalidReport("no run with a sparsity and a '\(metric)' value matches the filter")
        }
        return bySource.keys.sorted().map { source in
            let points = (bySource[source] ?? [:]).sorted { $0.key < $1.key }.map { sparsity, values in
                PlotPoint(x: sparsity, y: values.reduce(0, +) / Double(values.count))
            }
            return PlotSeries(name: source, points: points)
        }
    }

    private func orderedTasks(_ runs: [RunRecord]) -> [String] {
        RunRecord.canonicalOrder(Set(runs.flatMap(\.tasks)))
    }

    /// The latest record of each seed (records without a seed are all kept), in input order.
    private func latestPerSeed(_ runs: [RunRecord]) -> [RunRecord] {
        var lastIndex: [[String]: Int] = [:]
        for (i, run) in runs.enumerated() {
            if let seed = run.seed {
                lastIndex[[run.method, run.pattern, run.calibration, String(run.sparsity ?? -1), String(seed)]] = i
            }
        }
        return runs.enumerated().filter { i, run in
            guard let seed = run.seed else { return true }
            return lastIndex[[run.method, run.pattern, run.calibration, String(run.sparsity ?? -1), String(seed)]] == i
        }.map(\.element)
    }

    private static func estimate(_ values: [Double]) -> ReportValue {
        guard !values.isEmpty else { return .missing }
        let mean = values.reduce(0, +) / Double(values.count)
        return .estimate(mean: mean, std: MeanWithStandardError.sampleStandardDeviation(values), n: values.count)
    }
}
