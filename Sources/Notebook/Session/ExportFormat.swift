/// A file format an object kind can be exported to.
public struct ExportFormat: Sendable, Equatable {
    /// The name used with `format=` (`gguf`, `hf`, `jsonl`).
    public var name: String
    /// File extensions that select this format (without dot; empty for folders).
    public var extensions: [String]
    /// True when the format is a folder (an HF model directory).
    public var isDirectory: Bool
    /// One line describing the format.
    public var summary: String
    /// The element type asked for with `export … dtype=` (models: f32, f16, bf16); nil for the format's default.
    public var dtype: String?

    /// A format.
    public init(name: String, extensions: [String], isDirectory: Bool = false, summary: String) {
        self.name = name
        self.extensions = extensions
        self.isDirectory = isDirectory
        self.summary = summary
    }

    /// The format `path` asks for among `formats`: by extension, else the folder format for a path
    /// without extension or ending in `/`.
    public static func infer(path: String, among formats: [ExportFormat]) -> ExportFormat? {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = last.lastIndex(of: "."), !path.hasSuffix("/") {
            let ext = last[last.index(after: dot)...].lowercased()
            if let format = formats.first(where: { $0.extensions.contains(ext) }) { return format }
        }
        if path.hasSuffix("/") || !last.contains(".") {
            return formats.first(where: \.isDirectory)
        }
        return nil
    }
}
