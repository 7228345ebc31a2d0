import Evaluation
import Store

extension CommandSpec {
    /// `report pattern=2:4`, `report by=pattern metric=ppl`: the paper's tables from the store.
    public static let report = CommandSpec(
        name: "report",
        summary: "the prune runs of the store as a table: by calibration source (tasks, average, ppl) or by pattern",
        discussion: """
            Reads every successful prune (the `runs` view) with the metrics of its mask and pruned models \
            (`run_metrics`), plus a `dense` row: the metrics of the model that was pruned. Runs with the same \
            method, pattern and calibration source are averaged: cells are `mean ± std` (sample standard \
            deviation over seeds; a seed pruned twice counts once, its latest run), two decimals, accuracies in \
            percent. by=source (the paper's table): rows = method × pattern × calibration source, columns = \
            `runs`, each task's `acc`, their average (only over runs with every task) and `ppl`. by=pattern (a \
            pruning-methods table): rows = method × calibration source, one column per pattern (50 %, 60 %, 2:4, \
            4:8), cells = metric=; the dense row holds the baseline in every column. The filters keep the dense \
            row except model= and method=. vary=KEY,… splits rows further by parameters of the commands that \
            made the calibration set (generate's prefix and n, filter's drop …), one column each, so that seeds \
            are averaged only within one configuration: the ablation tables. A self-generated set's source reads `self:` and the prompts' text. Printed in the current \
            .mode (.mode markdown for a README); exact values: .sql SELECT * FROM runs.
            """,
        keys: [
            .key("by", .choice(["source", "pattern"]), default: "source", help: "the table's shape"),
            .key(
                "metric", .choice(["ppl", "average"] + TaskName.allCases.map(\.rawValue)),
                help: "by=pattern: the cells (default ppl; average: mean task accuracy; a task: its acc)"),
            .key("model", .string, help: "only runs pruning this model (its name)"),
            .key("pattern", .pattern, help: "only this pattern (2:4, 0.5)"),
            .key("sparsity", .float(0...1), help: "only runs with this numeric sparsity"),
            .key("method", .string, help: "only this method"),
            .key("source", .string, help: "only runs calibrated on this text (its name)"),
            .key("on", .string, help: "perplexity measured on this text (its name; default: the latest of any)"),
            .key(
                "vary", .list(.string),
                help: "split rows by these settings of the calibration commands (prefix, drop, n, len …)"),
        ],
        produces: .result,
        examples: [
            "report", "report pattern=2:4", "report model=m sparsity=0.5", "report by=pattern metric=ppl",
            "report vary=prefix,drop,n method=wanda",
        ]
    ) { context, arguments in
        let filter = RunFilter(
            model: try arguments.optionalString("model"), pattern: arguments.value("pattern")?.text,
            sparsity: try arguments.optionalFloat("sparsity"), method: try arguments.optionalString("method"),
            calibration: try arguments.optionalString("source"))
        let report = RunReport(
            filter: filter, perplexityDataset: try arguments.optionalString("on"),
            vary: try arguments.strings("vary"))
        let runs = try RunRecord.all(in: context.store)
        let table: ResultTable
        if try arguments.string("by") == "pattern" {
            let metric = try arguments.optionalString("metric") ?? "ppl"
            table = ResultTable(
                try report.pivotByPattern(runs, metric: metric),
                title: "\(metric) by method and pattern (mean ± std over seeds)")
        } else {
            if let metric = try arguments.optionalString("metric") {
                throw NotebookError.invalidValue(
                    argument: "metric", value: metric, expected: "available with by=source",
                    reason: "by=source shows every task, their average and ppl; add by=pattern", keyed: true,
                    at: arguments.entry("metric")?.range ?? .point(0))
            }
            table = ResultTable(
                try report.table(runs), title: "runs by method and calibration source (mean ± std over seeds)")
        }
        return CommandResult(object: ResultObject(table: table), tables: [table])
    }
}
