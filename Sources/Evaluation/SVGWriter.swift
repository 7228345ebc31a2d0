import Foundation

/// Builds an SVG document as plain text: elements with escaped attributes, nothing else.
struct SVGWriter {
    private(set) var lines: [String] = []
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// `<name a="v" ...>text</name>` (self-closing without text).
    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        let attrs = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        if let text {
            lines.append("<\(name)\(attrs)>\(Self.escape(text))</\(name)>")
        } else {
            lines.append("<\(name)\(attrs)/>")
        }
    }

    /// Opens a group; close it with `close("g")`.
    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        lines.append("<\(name)\(attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined())>")
    }

    /// Closes an element opened with `open`.
    mutating func close(_ name: String) { lines.append("</\(name)>") }

    /// The finished document.
    func document(title: String) -> String {
        let header =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"sans-serif\" font-size=\"12\">"
        return
            ([
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", header, "<title>\(Self.escape(title))</title>",
                "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            ] + lines + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// XML text with `& < > " '` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A drawing coordinate (two decimals).
    static func number(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A data value exactly as given (shortest representation that reads back to the same Double).
    static func data(_ v: Double) -> String { "\(v)" }
}
