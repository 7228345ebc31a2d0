import Calibration
import Foundation
import Store

/// The `text` kind: raw documents from a `.jsonl` or `.txt` file. The file's bytes are kept as a payload,
/// so the object stays the same (and can be restored) even if the file later changes or disappears.
public final class TextObject: SessionObject {
    /// Stored as `text`.
    public static let kind: ObjectKind = .text
    /// JSONL with a `"text"` field, or one document per line.
    public static let exportFormats = [
        ExportFormat(name: "jsonl", extensions: ["jsonl"], summary: "one {\"text\": …} object per line"),
        ExportFormat(name: "txt", extensions: ["txt"], summary: "one document per line"),
    ]

    /// What is archived: where the text came from and its size (the bytes are the payload).
    struct State: Codable {
        var path: String
        var format: TextSource.Format
        var documents: Int
        var characters: Int
        var bytes: Int
    }

    /// The documents.
    public let source: TextSource
    /// The file's contents (the payload).
    public let contents: Data
    /// SHA-256 of the file's contents, hex.
    public let digest: String
    private let characters: Int

    /// A text object for `source`, read from `contents`.
    public init(source: TextSource, contents: Data) {
        self.source = source
        self.contents = contents
        self.digest = SHA256.hex(contents)
        self.characters = source.characterCount
    }

    /// `99 documents, 152 k characters, from data/text/wikipedia.jsonl`.
    public var summary: String {
        let documents = source.documents.count
        return "\(documents) document\(documents == 1 ? "" : "s"), \(TextObject.count(characters)) characters, "
            + "from \(source.path)"
    }

    /// Path, format, counts and digest.
    public var properties: [(label: String, value: String)] {
        [
            ("path", source.path), ("format", source.format.rawValue), ("documents", String(source.documents.count)),
            ("characters", String(characters)), ("bytes", String(contents.count)), ("sha256", digest),
        ]
    }

    /// The first documents, one line each, cut to 100 characters.
    public func preview(lines: Int) -> [String] {
        source.documents.prefix(lines).enumerated().map { index, document in
            let flat = document.replacingOccurrences(of: "\n", with: "⏎")
            let cut = flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
            return "[\(index)] \(cut)"
        }
    }

    /// Writes JSONL or one document per line (refused when a document contains a line break).
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        var text = ""
        switch format.name {
        case "txt":
            if let index = source.documents.firstIndex(where: { $0.contains(where: \.isNewline) }) {
                throw NotebookError.unwritableFile(
                    path: url.path, reason: "document \(index) has a line break; export to .jsonl instead")
            }
            text = source.documents.map { $0 + "\n" }.joined()
        default:
            text = source.documents.map { "{\"text\":" + TableRenderer.jsonString($0) + "}\n" }.joined()
        }
        try Data(text.utf8).write(to: url, options: .atomic)
        return "\(source.documents.count) documents"
    }

    /// The file's bytes as the payload; path and counts as state.
    public func archive(into context: ArchiveContext) throws -> ObjectArchive {
        let payload = try context.putPayload(contents)
        let state = State(
            path: source.path, format: source.format, documents: source.documents.count, characters: characters,
            bytes: contents.count)
        return try ObjectArchive(state: state, digest: digest, payload: payload)
    }

    /// Parses the stored bytes again.
    public static func restore(from context: RestoreContext) throws -> TextObject {
        let state = try context.state(State.self)
        let data = try context.payload()
        let source = try TextSource.parse(data, format: state.format, path: state.path)
        return TextObject(source: source, contents: data)
    }

    /// `1234`, `12.3 k`, `1.41 M`.
    static func count(_ value: Int) -> String {
        switch value {
        case ..<10_000: return String(value)
        case ..<1_000_000: return NumberFormat.significant(Double(value) / 1e3, digits: 3) + " k"
        default: return NumberFormat.significant(Double(value) / 1e6, digits: 3) + " M"
        }
    }
}
