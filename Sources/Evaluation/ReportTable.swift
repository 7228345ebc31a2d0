import Foundation

/// A table: a header and rows of cells (the notebook renders it in its own output modes).
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

    /// A GitHub-flavoured markdown table (text columns left-aligned, numeric columns right-aligned).
    public func markdown(decimals: Int = 2) -> String {
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        let numeric = header.indices.map { c in
            rows.contains { if case .text = $0[c] { return false } else { return true } }
                && rows.allSatisfy { if case .text = $0[c] { return false } else { return true } }
        }
        var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined())
        for row in rows {
            lines.append("| " + row.map { escape($0.formatted(decimals: decimals)) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
