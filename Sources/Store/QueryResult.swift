/// The outcome of one read-only query: column names and rows of values, ready to print.
public struct QueryResult: Sendable, Equatable {
    /// Column names, in order.
    public let columns: [String]
    /// Rows, each with one value per column.
    public let rows: [[SQLValue]]

    /// Makes a result from columns and rows.
    public init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        self.rows = rows
    }
}
