/// Renders every error the same way: what went wrong, the line with a caret under the fault, the usage.
public enum ErrorRenderer {
    /// `error: …`, then (when the error points into `line`) the line and a caret, then `usage: …` if given.
    /// `origin` (`script.session:12`) prefixes the first line for errors in scripts.
    public static func render(_ error: any Error, line: String?, origin: String? = nil, usage: String? = nil) -> String
    {
        let prefix = origin.map { "\($0): " } ?? ""
        var text = "\(prefix)error: \(String(describing: error))\n"
        if let line, let notebookError = error as? NotebookError, let range = notebookError.range {
            let shown = line.replacingOccurrences(of: "\t", with: " ")
            let clamped = min(range.lowerBound, shown.count)
            let width = max(1, min(range.length, max(1, shown.count - clamped)))
            text += "  \(shown)\n"
            text +=
                "  " + String(repeating: " ", count: clamped) + "^" + String(repeating: "~", count: width - 1) + "\n"
        }
        if let usage {
            text += "usage: \(usage)\n"
        }
        return text
    }
}
