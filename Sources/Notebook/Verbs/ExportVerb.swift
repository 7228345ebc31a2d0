import Foundation
import Store

extension CommandSpec {
    /// `export k masks/k.safetensors`: writes any object to a file in a format its kind supplies.
    public static let export = CommandSpec(
        name: "export",
        summary: "write an object to a file, in a format its kind supplies (chosen by extension or format=)",
        discussion:
            "Each kind has its formats: text → jsonl, txt; result → csv, json, md; others as their verbs add them. "
            + "Like every writing command, \(OutputTarget.rule).",
        positionals: [
            .positional("object", .object(ObjectKind.allCases), placeholder: "NAME", help: "the object to write"),
            .positional("path", .path(.output(extensions: [])), help: "where to write it (folders are created)"),
        ],
        keys: [
            .key("format", .string, help: "the format, when the extension does not say"),
            .key("dtype", .choice(["f32", "f16", "bf16"]), help: "element type of exported model weights"),
            OutputTarget.overwriteKey,
        ],
        examples: [
            "export wiki copy.jsonl", "export r results.csv", "export p pruned.gguf dtype=f16", "export p p_hf/",
        ]
    ) { context, arguments in
        let handle = try arguments.handle("object")
        let path = try arguments.path("path")
        let object = try handle.object()
        let formats = type(of: object).exportFormats
        let format: ExportFormat?
        if let name = try arguments.optionalString("format") {
            format = formats.first { $0.name == name.lowercased() }
            if format == nil, !formats.isEmpty {
                let names = formats.map(\.name)
                throw NotebookError.invalidValue(
                    argument: "format", value: name,
                    expected: "one of the \(handle.kind.rawValue) formats " + names.joined(separator: "|"),
                    reason: nil, keyed: true,
                    at: arguments.entry("format")?.range ?? .point(0))
            }
        } else {
            format = ExportFormat.infer(path: path, among: formats)
        }
        guard var format else {
            throw NotebookError.unsupportedExport(
                name: handle.name, kind: handle.kind, path: path,
                formats: formats.map { format in
                    format.extensions.isEmpty ? "\(format.name) (folder)" : "\(format.name) (.\(format.extensions[0]))"
                })
        }
        if let dtype = try arguments.optionalString("dtype") {
            guard handle.kind == .model else {
                throw NotebookError.unsupportedExport(
                    name: handle.name, kind: handle.kind, path: path, formats: ["dtype= applies to models only"])
            }
            format.dtype = dtype
        }
        let url = context.url(for: path)
        let chosen = format
        let what = try OutputTarget.write(
            to: url, path: path, isDirectory: format.isDirectory, overwrite: try arguments.bool("overwrite"),
            createsFolders: true
        ) { temporary in
            try object.export(to: temporary, format: chosen, context: context)
        }
        return CommandResult(lines: ["wrote \(what) to \(path) (\(format.name))"])
    }
}
