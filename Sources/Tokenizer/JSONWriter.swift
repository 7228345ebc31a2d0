/// A small streaming JSON writer, so exported files keep HF's key order and the vocabulary in id order.
/// Its string quoting is the one JSON escaper of the package (safetensors headers, `.mode json`, JSONL export).
public struct JSONWriter {
    private(set) var text = ""

    /// Appends raw, already valid JSON.
    mutating func raw(_ json: String) {
        text += json
    }

    /// Appends a JSON string literal.
    mutating func string(_ value: String) {
        text += JSONWriter.quoted(value)
    }

    /// `"value"` with the escapes JSON requires (non-ASCII is written as UTF-8, as HF does).
    public static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// `true` or `false`.
    static func bool(_ value: Bool) -> String { value ? "true" : "false" }
}
