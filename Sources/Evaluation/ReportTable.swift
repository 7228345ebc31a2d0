/// A table: a header and rows of cells (the notebook renders it in its output modes).
public struct ReportTable: Sendable, Equatable {
    /// Column names.
    public let header: [String]
    /// Rows, each with one cell per column.
    public let rows: [[ReportValue]]

    /// A table; every row must have one cell per column.
    public init(header: [String], rows: [[ReportValue]]) {
        precondition(rows.allSatisfy { $0.count == header.count }, "one cell per column")
        self.header = header
        self.rows = rows
    }

    /// The cell in `row` under `column` (nil when there is no such column).
    public func value(row: Int, column: String) -> ReportValue? {
        header.firstIndex(of: column).map { rows[row][$0] }
    }
}
