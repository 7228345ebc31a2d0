import Calibration
import Foundation
import Store

extension CommandSpec {
    /// `wiki = text data/text/wikipedia.jsonl`: documents from a `.jsonl` (with `"text"`) or `.txt` file.
    public static let text = CommandSpec(
        name: "text",
        summary: "read documents from a .jsonl file (a \"text\" field per line) or a .txt file (one per line)",
        discussion: "The file's bytes are stored with the object, so it stays the same if the file changes.",
        positionals: [.positional("path", .path(.input(extensions: ["jsonl", "txt"])), help: "the file to read")],
        produces: .text,
        examples: ["wiki = text data/text/wikipedia.jsonl", "sq = text data/text/squad_dev.jsonl"]
    ) { context, arguments in
        let path = try arguments.path("path")
        let url = context.url(for: path)
        let contents: Data
        do {
            contents = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw NotebookError.unreadableFile(path: path, reason: Session.reason(error))
        }
        guard let format = TextSource.Format(path: path) else {
            throw TextSourceError.unsupportedExtension(path: path)
        }
        let source = try TextSource.parse(
            contents, format: format, path: path, isCancelled: context.cancellation.isCancelledClosure)
        let object = TextObject(source: source, contents: contents)
        return CommandResult(
            object: object,
            measurements: [
                .init(.result, Metric(key: "documents", value: Double(source.documents.count))),
                .init(.result, Metric(key: "characters", value: Double(source.characterCount))),
                .init(.result, Metric(key: "bytes", value: Double(contents.count))),
            ])
    }
}
