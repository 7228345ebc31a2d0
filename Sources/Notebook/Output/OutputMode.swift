/// How result tables are printed (`.mode`).
public enum OutputMode: String, CaseIterable, Sendable {
    /// Aligned columns (the default on a terminal).
    case table
    /// RFC 4180 comma-separated values (the default when stdout is piped).
    case csv
    /// A JSON array of objects, one per row.
    case json
    /// A GitHub-flavoured Markdown table.
    case markdown
}
