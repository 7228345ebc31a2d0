/// The outcome of one read-only query: column names and rows of values, ready to print.
public struct QueryResult: Sendable, Equatable {
    /// Column names, in order.
    public let columns: [String]
    /// Rows, each with one value per column.
    public let rows: [[SQLValue]]
    /// Rows the query produced beyond the cap and did not keep (0 when it ended within it).
    public let heldBack: Int
    /// True when counting stopped at `QueryResult.maximumCounted` rows: `heldBack` is a lower bound.
    public let heldBackIsLowerBound: Bool

    /// Rows counted (not kept) past the cap before the query is stopped: an endless recursive query ends here.
    public static let maximumCounted = 1_000_000

    /// Makes a result from columns and rows.
    public init(columns: [String], rows: [[SQLValue]], heldBack: Int = 0, heldBackIsLowerBound: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.heldBack = heldBack
        self.heldBackIsLowerBound = heldBackIsLowerBound
    }
}
