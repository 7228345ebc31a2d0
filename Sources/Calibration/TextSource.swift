import Foundation

/// Raw documents from a file: `.jsonl` (one JSON object per line with a string field `"text"`) or
/// `.txt` (one document per line). Blank lines are skipped; the order of documents is kept.
public struct TextSource: Sendable {
    /// The file formats a text source is read from.
    public enum Format: String, Sendable, Codable {
        /// One JSON object per line, with a `"text"` string.
        case jsonl
        /// One document per line.
        case txt

        /// The format for a file name by its extension (`.jsonl`, `.txt`), nil for any other.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "jsonl": self = .jsonl
            case "txt": self = .txt
            default: return nil
            }
        }
    }

    /// The file the documents came from, as given.
    public let path: String
    /// How the file was read.
    public let format: Format
    /// The documents, in file order.
    public let documents: [String]

    /// A source of `documents` said to come from `path` in `format`.
    public init(path: String, format: Format, documents: [String]) {
        self.path = path
        self.format = format
        self.documents = documents
    }

    /// The number of characters (grapheme clusters) over all documents.
    public var characterCount: Int { documents.reduce(0) { $0 + $1.count } }

    /// Reads `url` (shown in errors as `path`); the format comes from the extension.
    public static func load(url: URL, path: String, isCancelled: () -> Bool = { false }) throws -> TextSource {
        guard let format = Format(path: path) else {
            throw TextSourceError.unsupportedExtension(path: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw TextSourceError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, format: format, path: path, isCancelled: isCancelled)
    }

    /// Parses file contents already in memory (a stored payload, or a file just read).
    public static func parse(
        _ data: Data, format: Format, path: String, isCancelled: () -> Bool = { false }
    ) throws -> TextSource {
        var documents: [String] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            if lineNumber % 4096 == 0, isCancelled() { throw CancellationError() }
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            var lineData = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if lineData.last == UInt8(ascii: "\r") { lineData = lineData.dropLast() }
            guard let line = String(data: lineData, encoding: .utf8) else {
                throw TextSourceError.notUTF8(path: path, line: lineNumber)
            }
            if line.allSatisfy(\.isWhitespace) { continue }
            switch format {
            case .txt:
                documents.append(line)
            case .jsonl:
                documents.append(try text(ofJSONLine: lineData, path: path, line: lineNumber))
            }
        }
        guard !documents.isEmpty else { throw TextSourceError.empty(path: path) }
        return TextSource(path: path, format: format, documents: documents)
    }

    private static func text(ofJSONLine data: Data, path: String, line: Int) throws -> String {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw TextSourceError.invalidJSON(path: path, line: line)
        }
        guard let record = object as? [String: Any] else {
            throw TextSourceError.notAnObject(path: path, line: line)
        }
        guard let value = record["text"] else {
            throw TextSourceError.missingText(path: path, line: line, keys: record.keys.sorted())
        }
        guard let text = value as? String else {
            throw TextSourceError.textNotString(path: path, line: line)
        }
        return text
    }
}

/// A text file that cannot be used as a source of documents.
public enum TextSourceError: Error, CustomStringConvertible, Equatable {
    /// The extension is neither `.jsonl` nor `.txt`.
    case unsupportedExtension(path: String)
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// The file has no non-blank line.
    case empty(path: String)
    /// A line is not valid UTF-8.
    case notUTF8(path: String, line: Int)
    /// A JSONL line is not valid JSON.
    case invalidJSON(path: String, line: Int)
    /// A JSONL line is JSON but not an object.
    case notAnObject(path: String, line: Int)
    /// A JSONL object has no `"text"` field.
    case missingText(path: String, line: Int, keys: [String])
    /// A JSONL object's `"text"` is not a string.
    case textNotString(path: String, line: Int)

    /// What is wrong, where, and what to do.
    public var description: String {
        switch self {
        case .unsupportedExtension(let path):
            return "\(path): unknown text format; use .jsonl (a \"text\" field per line) or .txt (a document per line)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .empty(let path):
            return "\(path) has no documents (every line is blank)"
        case .notUTF8(let path, let line):
            return "\(path):\(line): not valid UTF-8"
        case .invalidJSON(let path, let line):
            return "\(path):\(line): not valid JSON (each line of a .jsonl file is one JSON object)"
        case .notAnObject(let path, let line):
            return "\(path):\(line): expected a JSON object with a \"text\" field"
        case .missingText(let path, let line, let keys):
            let found = keys.isEmpty ? "it has no fields" : "it has " + keys.joined(separator: ", ")
            return "\(path):\(line): no \"text\" field (\(found))"
        case .textNotString(let path, let line):
            return "\(path):\(line): the \"text\" field is not a string"
        }
    }
}
