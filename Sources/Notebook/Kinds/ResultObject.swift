import Foundation
import Store

/// The `result` kind: a table of results (what `eval` returns), printed in the current mode and
/// exportable as CSV, JSON or Markdown.
public final class ResultObject: SessionObject {
    /// Stored as `result`.
    public static let kind: ObjectKind = .result
    /// CSV, JSON or Markdown, as `.mode` prints them.
    public static let exportFormats = [
        ExportFormat(name: "csv", extensions: ["csv"], summary: "comma-separated values, numbers exact"),
        ExportFormat(name: "json", extensions: ["json"], summary: "an array of objects, one per row"),
        ExportFormat(name: "markdown", extensions: ["md", "markdown"], summary: "a Markdown table"),
    ]

    /// The table.
    public let table: ResultTable

    /// A result holding `table`.
    public init(table: ResultTable) {
        self.table = table
    }

    /// `3 rows × 4 columns (task, acc, acc_norm, n)`.
    public var summary: String {
        let rows = table.rows.count
        return "\(rows) row\(rows == 1 ? "" : "s") × \(table.columns.count) columns ("
            + table.columns.joined(separator: ", ") + ")"
    }

    /// The table as aligned text, cut to `lines` rows.
    public func preview(lines: Int) -> [String] {
        var shown = table
        shown.title = nil
        shown.rows = Array(table.rows.prefix(lines))
        var text = TableRenderer.render(shown, mode: .table).split(separator: "\n").map(String.init)
        if table.rows.count > lines { text.append("… \(table.rows.count - lines) more rows") }
        return text
    }

    /// Writes the table in the chosen format.
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        let mode = OutputMode(rawValue: format.name) ?? .csv
        try Data(TableRenderer.render(table, mode: mode).utf8).write(to: url, options: .atomic)
        return "\(table.rows.count) rows"
    }

    /// The whole table is the state (results are small).
    public func archive(into context: ArchiveContext) throws -> ObjectArchive {
        try ObjectArchive(state: table)
    }

    /// Decodes the table.
    public static func restore(from context: RestoreContext) throws -> ResultObject {
        ResultObject(table: try context.state(ResultTable.self))
    }
}
