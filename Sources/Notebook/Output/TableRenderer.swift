import Tokenizer

/// Prints result tables in each output mode.
public enum TableRenderer {
    /// The table as text in `mode`, ending with a newline.
    public static func render(_ table: ResultTable, mode: OutputMode) -> String {
        switch mode {
        case .table: return aligned(table)
        case .csv: return csv(table)
        case .json: return json(table)
        case .markdown: return markdown(table)
        }
    }

    /// Columns padded to their widest cell, numbers right-aligned, a dashed rule under the header.
    static func aligned(_ table: ResultTable) -> String {
        let cells = table.rows.map { $0.map { oneLine($0.display) } }
        var widths = table.columns.map(\.count)
        for row in cells {
            for (column, text) in row.enumerated() {
                widths[column] = max(widths[column], text.count)
            }
        }
        let numeric = table.columns.indices.map { column in
            !table.rows.isEmpty && table.rows.allSatisfy { $0[column].isNumeric || $0[column] == .null }
        }
        func line(_ texts: [String]) -> String {
            var parts: [String] = []
            for (column, text) in texts.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - text.count)
                let isLast = column == texts.count - 1
                parts.append(numeric[column] ? padding + text : (isLast ? text : text + padding))
            }
            return parts.joined(separator: "  ")
        }
        var output = table.title.map { $0 + "\n" } ?? ""
        output += line(table.columns) + "\n"
        output += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in cells {
            output += line(row) + "\n"
        }
        if table.rows.isEmpty { output += "(no rows)\n" }
        return output
    }

    /// RFC 4180: fields with commas, quotes, line breaks or edge spaces are quoted; floats exact.
    static func csv(_ table: ResultTable) -> String {
        func field(_ text: String) -> String {
            let needsQuotes =
                text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                || text.first == " " || text.last == " "
            return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var output = table.columns.map(field).joined(separator: ",") + "\n"
        for row in table.rows {
            output += row.map { field($0.exact) }.joined(separator: ",") + "\n"
        }
        return output
    }

    /// `[{"column": value, …}, …]`, one row per line, keys in column order, floats exact, NaN as null.
    static func json(_ table: ResultTable) -> String {
        if table.rows.isEmpty { return "[]\n" }
        let lines = table.rows.map { row in
            "{" + zip(table.columns, row).map { jsonString($0) + ":" + jsonValue($1) }.joined(separator: ",") + "}"
        }
        return "[" + lines.joined(separator: ",\n ") + "]\n"
    }

    /// A Markdown table; numeric columns right-aligned, `|` escaped.
    static func markdown(_ table: ResultTable) -> String {
        func cell(_ text: String) -> String { oneLine(text).replacingOccurrences(of: "|", with: "\\|") }
        let numeric = table.columns.indices.map { column in
            !table.rows.isEmpty && table.rows.allSatisfy { $0[column].isNumeric || $0[column] == .null }
        }
        var output = table.title.map { "**\($0)**\n\n" } ?? ""
        output += "| " + table.columns.map(cell).joined(separator: " | ") + " |\n"
        output += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in table.rows {
            output += "| " + row.map { cell($0.display) }.joined(separator: " | ") + " |\n"
        }
        return output
    }

    /// JSON text for a string, escaping quotes, backslashes and control characters.
    static func jsonString(_ text: String) -> String { JSONWriter.quoted(text) }

    private static func jsonValue(_ value: TableValue) -> String {
        switch value {
        case .null: return "null"
        case .int(let integer): return String(integer)
        case .float(let real): return real.isFinite ? NumberFormat.exact(real) : "null"
        case .text(let text): return jsonString(text)
        case .bool(let flag): return flag ? "true" : "false"
        }
    }

    private static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\t", with: " ")
    }
}
