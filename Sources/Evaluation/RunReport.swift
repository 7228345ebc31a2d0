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
    /// Calibration settings (`prefix`, `drop`, `n` …) whose values split rows apart, each shown as a column.
    public var vary: [String]

    /// A report definition.
    public init(
        filter: RunFilter = RunFilter(), tasks: [String]? = nil, accuracyKey: String = "acc", percent: Bool = true,
        perplexityKey: String = "ppl", perplexityDataset: String? = nil, vary: [String] = []
    ) {
        self.filter = filter
        self.tasks = tasks
        self.accuracyKey = accuracyKey
        self.percent = percent
        self.perplexityKey = perplexityKey
        self.perplexityDataset = perplexityDataset
        self.vary = vary
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

    /// The table over `runs`. Rows sort by method, pattern and calibration source, the dense baseline
    /// first; a seed run twice counts once (its latest record).
    public func table(_ runs: [RunRecord]) throws -> ReportTable {
        let included = try matching(runs)
        let columns = tasks ?? orderedTasks(included)
        var groups: [[String]: [RunRecord]] = [:]
        for run in included {
            groups[rowKey(run, [run.method, run.pattern, run.calibration]), default: []].append(run)
        }
        var header = ["method", "pattern", "calibration"] + vary + ["runs"]
        header += columns.map { TaskName(rawValue: $0)?.displayName ?? $0 }
        header += ["average", perplexityKey]
        var rows: [[ReportValue]] = []
        for key in Self.rowOrder(groups.keys) {
            let members = latestPerSeed(groups[key] ?? [])
            var row: [ReportValue] = key.map { .text($0) } + [.number(Double(members.count))]
            for task in columns { row.append(Self.estimate(members.compactMap { accuracy($0, task: task) })) }
            row.append(Self.estimate(members.compactMap { average($0, tasks: columns) }))
            row.append(Self.estimate(members.compactMap { $0.value(perplexityKey, dataset: perplexityDataset) }))
            rows.append(row)
        }
        return ReportTable(header: header, rows: rows)
    }

    /// `metric` of `run`: `average` (over `tasks`), the perplexity key (on `perplexityDataset`), a task's
    /// accuracy, or any other metric key (latest on any dataset).
    public func measure(_ metric: String, of run: RunRecord, tasks: [String]) -> Double? {
        if metric == "average" { return average(run, tasks: tasks) }
        if metric == perplexityKey { return run.value(perplexityKey, dataset: perplexityDataset) }
        if TaskName(rawValue: metric) != nil { return accuracy(run, task: metric) }
        return run.value(metric, dataset: nil)
    }

    /// One series per calibration source (per method and source when several methods are included; N:M runs
    /// apart, named with their pattern): the mean over seeds of `metric` (as `measure`) against sparsity, for
    /// plots such as perplexity against sparsity. The dense baseline is no series.
    public func sparsitySeries(_ runs: [RunRecord], metric: String) throws -> [PlotSeries] {
        let included = runs.filter { filter.matches($0) && !$0.isDense }
        let columns = tasks ?? orderedTasks(included)
        let severalMethods = Set(included.map(\.method)).count > 1
        var bySeries: [String: [Double: [Double]]] = [:]
        for run in latestPerSeed(included) {
            guard let sparsity = run.sparsity, let value = measure(metric, of: run, tasks: columns) else { continue }
            var parts = [severalMethods ? run.method : nil, run.calibration == "-" ? nil : run.calibration]
                .compactMap { $0 }
            if parts.isEmpty { parts = [run.method] }
            if run.pattern.contains(":") { parts.append(run.pattern) }
            let name = parts.joined(separator: " / ")
            bySeries[name, default: [:]][sparsity, default: []].append(value)
        }
        guard !bySeries.isEmpty else {
            throw EvaluationError.invalidReport("no run with a sparsity and a '\(metric)' value matches the filter")
        }
        return bySeries.keys.sorted().map { name in
            let points = (bySeries[name] ?? [:]).sorted { $0.key < $1.key }.map { sparsity, values in
                PlotPoint(x: sparsity, y: values.reduce(0, +) / Double(values.count))
            }
            return PlotSeries(name: name, points: points)
        }
    }

    /// `key` followed by the run's value of each `vary` setting (`-` where it has none).
    func rowKey(_ run: RunRecord, _ key: [String]) -> [String] {
        key + vary.map { run.isDense ? "-" : run.calibrationSettings[$0] ?? "-" }
    }

    /// Row keys (method first) in order: the dense baseline first, then field by field, numbers by value.
    static func rowOrder(_ keys: some Collection<[String]>) -> [[String]] {
        keys.sorted { a, b in
            let (aDense, bDense) = (a.first == RunRecord.denseMethod, b.first == RunRecord.denseMethod)
            return aDense != bDense ? aDense : a.lexicographicallyPrecedes(b, by: fieldPrecedes)
        }
    }

    /// Numbers before text and in numeric order (`2` < `16`), text alphabetically.
    private static func fieldPrecedes(_ a: String, _ b: String) -> Bool {
        switch (Double(a), Double(b)) {
        case (let x?, let y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a < b
        }
    }

    /// The runs the filter includes; throws unless at least one of them is a pruning run.
    func matching(_ runs: [RunRecord]) throws -> [RunRecord] {
        let included = runs.filter(filter.matches)
        guard included.contains(where: { !$0.isDense }) else {
            let all = runs.filter { !$0.isDense }.count
            throw EvaluationError.invalidReport(
                all == 0 ? "no runs in the store" : "no run matches the filter (\(all) runs in all)")
        }
        return included
    }

    func orderedTasks(_ runs: [RunRecord]) -> [String] {
        RunRecord.canonicalOrder(Set(runs.flatMap(\.tasks)))
    }

    /// The latest record of each seed (records without a seed are all kept), in input order.
    func latestPerSeed(_ runs: [RunRecord]) -> [RunRecord] {
        func key(_ run: RunRecord, seed: Int) -> [String] {
            rowKey(run, [run.method, run.pattern, run.calibration, String(run.sparsity ?? -1), String(seed)])
        }
        var lastIndex: [[String]: Int] = [:]
        for (i, run) in runs.enumerated() {
            if let seed = run.seed { lastIndex[key(run, seed: seed)] = i }
        }
        return runs.enumerated().filter { i, run in
            guard let seed = run.seed else { return true }
            return lastIndex[key(run, seed: seed)] == i
        }.map(\.element)
    }

    static func estimate(_ values: [Double]) -> ReportValue {
        guard !values.isEmpty else { return .missing }
        let mean = values.reduce(0, +) / Double(values.count)
        return .estimate(mean: mean, std: MeanWithStandardError.sampleStandardDeviation(values), n: values.count)
    }
}
