/// A table of results: named columns and rows of values, printed in the session's output mode.
public struct ResultTable: Equatable, Sendable, Codable {
    /// A line printed above the table in the human modes (table, markdown); nil for none.
    public var title: String?
    /// The column names.
    public var columns: [String]
    /// The rows; each has one value per column.
    public var rows: [[TableValue]]

    /// A table with `columns` and optional rows.
    public init(title: String? = nil, columns: [String], rows: [[TableValue]] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row (it must have one value per column).
    public mutating func append(_ row: [TableValue]) {
        precondition(row.count == columns.count, "row has \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    /// A two-column table of labels and values (`show`).
    public static func properties(_ pairs: [(String, String)], title: String? = nil) -> ResultTable {
        ResultTable(title: title, columns: ["property", "value"], rows: pairs.map { [.text($0.0), .text($0.1)] })
    }
}
