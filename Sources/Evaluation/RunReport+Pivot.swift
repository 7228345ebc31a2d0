import Foundation

extension RunReport {
    /// `metric` (as `measure`) with one column per sparsity pattern, one row per method × calibration source
    /// (mean ± std over seeds), the dense baseline's value in every column of its row: the shape of a
    /// pruning-methods table. Columns: unstructured patterns by sparsity (`50 %`), then N:M by M and N.
    public func pivotByPattern(_ runs: [RunRecord], metric: String) throws -> ReportTable {
        let included = try matching(runs)
        let taskColumns = tasks ?? orderedTasks(included)
        let patterns = Self.patternOrder(Set(included.filter { !$0.isDense }.map(\.pattern)))
        var cells: [[String]: [String: [Double]]] = [:]
        for run in latestPerSeed(included) {
            guard let value = measure(metric, of: run, tasks: taskColumns) else { continue }
            let key = rowKey(run, [run.method, run.calibration])
            for pattern in run.isDense ? patterns : [run.pattern] {
                cells[key, default: [:]][pattern, default: []].append(value)
            }
        }
        guard cells.keys.contains(where: { $0[0] != RunRecord.denseMethod }) else {
            throw EvaluationError.invalidReport("no run with a '\(metric)' value matches the filter")
        }
        let rows = Self.rowOrder(cells.keys).map { key in
            key.map { ReportValue.text($0) } + patterns.map { Self.estimate(cells[key]?[$0] ?? []) }
        }
        let header = ["method", "calibration"] + vary + patterns.map(Self.patternLabel)
        return ReportTable(header: header, rows: rows)
    }

    /// Patterns as columns: fractions ascending, then N:M by M then N, then anything else alphabetically.
    static func patternOrder(_ patterns: Set<String>) -> [String] {
        func rank(_ pattern: String) -> (Int, Double, Double, String) {
            if let fraction = Double(pattern) { return (0, fraction, 0, pattern) }
            let parts = pattern.split(separator: ":").compactMap { Double($0) }
            if parts.count == 2 { return (1, parts[1], parts[0], pattern) }
            return (2, 0, 0, pattern)
        }
        return patterns.sorted { rank($0) < rank($1) }
    }

    /// A column header: a fraction as a percentage (`0.5` → `50 %`), N:M as it is.
    static func patternLabel(_ pattern: String) -> String {
        guard let fraction = Double(pattern) else { return pattern }
        return String(format: "%g %%", fraction * 100)
    }
}
