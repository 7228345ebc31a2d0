/// Usage lines and `?verb` help, generated from a verb's spec.
public enum UsageFormatter {
    /// `NAME = sample TEXT [n=INT] [len=INT] [seed=INT]`.
    public static func usage(_ spec: CommandSpec) -> String {
        var parts: [String] = []
        if spec.produces != nil { parts.append("[NAME =]") }
        parts.append(spec.name)
        for argument in spec.positionals {
            let placeholder = placeholder(argument)
            parts.append(argument.isRequired ? placeholder : "[\(placeholder)]")
        }
        for argument in spec.keys {
            let text = "\(argument.name)=\(argument.type.metavariable)"
            parts.append(argument.isRequired ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// How a positional argument is shown: its placeholder, else its name in capitals (`TEXT`, `MODEL`).
    public static func placeholder(_ argument: ArgumentSpec) -> String {
        argument.placeholder ?? argument.name.uppercased()
    }

    /// The full help for `?verb`: summary, usage, arguments with types and defaults, examples.
    public static func help(_ spec: CommandSpec) -> String {
        var text = "\(spec.name) — \(spec.summary)\n\nusage: \(usage(spec))\n"
        if !spec.discussion.isEmpty {
            text += "\n\(spec.discussion)\n"
        }
        if let kind = spec.produces {
            text += "\nproduces: a \(kind.rawValue) object\n"
        }
        let rows: [[String]] =
            spec.positionals.map { argument in
                [placeholder(argument), argument.type.noun, defaultText(argument), argument.help]
            }
            + spec.keys.map { argument in
                ["\(argument.name)=", argument.type.noun, defaultText(argument), argument.help]
            }
        if !rows.isEmpty {
            text += "\narguments:\n" + columns(rows, indent: "  ")
        }
        if !spec.examples.isEmpty {
            text += "\nexamples:\n" + spec.examples.map { "  \($0)\n" }.joined()
        }
        return text
    }

    /// Rows of cells padded into aligned columns (the last column is not padded).
    public static func columns(_ rows: [[String]], indent: String = "") -> String {
        guard let count = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < count - 1 {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    private static func defaultText(_ argument: ArgumentSpec) -> String {
        if let fallback = argument.defaultValue { return "default \(fallback.text)" }
        return argument.isRequired ? "required" : "optional"
    }
}
