/// Word n-gram shingles: documents split on whitespace exactly as Python's `str.split()`, each run of
/// `size` consecutive words joined by one space (n-grams never cross documents).
public enum WordShingles {
    /// The words of `text`, split at Python's whitespace (Unicode White_Space plus U+001C–U+001F).
    public static func words(_ text: String) -> [String] {
        // Scalars, not characters: a combining mark after a space is a word of its own in Python.
        text.unicodeScalars.split(whereSeparator: isPythonWhitespace).map { String(String.UnicodeScalarView($0)) }
    }

    /// The set of `size`-word shingles of every document.
    public static func shingles<Documents: Sequence>(_ documents: Documents, size: Int = 3) -> Set<String>
    where Documents.Element == String {
        precondition(size >= 1, "a shingle has at least one word")
        var out = Set<String>()
        for document in documents {
            let w = words(document)
            guard w.count >= size else { continue }
            for i in 0...(w.count - size) { out.insert(w[i..<(i + size)].joined(separator: " ")) }
        }
        return out
    }

    /// Whether Python's `str.isspace` holds for `scalar`.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
