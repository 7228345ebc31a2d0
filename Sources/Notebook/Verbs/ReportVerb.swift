import Store

extension CommandSpec {
    /// `report pattern=2:4`: the paper's table shape from the store.
    public static let report = CommandSpec(
        name: "report",
        summary: "the prune runs of the store as a table: method × calibration source, perplexity and task accuracy",
        discussion: """
            Reads the `runs` view (one row per successful prune) and the latest `acc` per task from `run_metrics`; \
            runs with the same method, pattern and calibration source are averaged (mean and sample standard \
            deviation over seeds). Printed in the current .mode (.mode markdown for a README).
            """,
        keys: [
            .key("model", .string, help: "only runs pruning this model (its name)"),
            .key("pattern", .string, help: "only this pattern, as typed (2:4, 0.5)"),
            .key("sparsity", .float(0...1), help: "only runs with this numeric sparsity"),
        ],
        produces: .result,
        examples: ["report", "report pattern=2:4", "report model=m sparsity=0.5"]
    ) { context, arguments in
        let summary = try RunSummary(
            store: context.store, model: try arguments.optionalString("model"),
            pattern: try arguments.optionalString("pattern"), sparsity: try arguments.optionalFloat("sparsity"))
        let table = summary.table()
        return CommandResult(object: ResultObject(table: table), tables: [table])
    }
}
