import Evaluation

extension ResultTable {
    /// A report as a result table: counts as numbers, every other cell as the report prints it (`mean ± std`
    /// with `decimals` decimals, `-` where nothing was measured), so each output mode shows the same table.
    init(_ report: ReportTable, title: String?, decimals: Int = 2) {
        self.init(
            title: title, columns: report.header,
            rows: report.rows.map { row in
                row.map { cell -> TableValue in
                    if case .number(let value) = cell, value == value.rounded(), abs(value) < 1e15 {
                        return .int(Int64(value))
                    }
                    return .text(cell.formatted(decimals: decimals))
                }
            })
    }
}
