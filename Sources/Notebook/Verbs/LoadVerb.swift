import Foundation
import Model
import Store

extension CommandSpec {
    /// `m = load models/SmolLM2-135M-Instruct.Q4_1.gguf`: a model from a GGUF file or a Hugging Face folder.
    public static let load = CommandSpec(
        name: "load",
        summary: "load a model from a GGUF file or a Hugging Face folder (config.json, *.safetensors, tokenizer.json)",
        discussion: """
            The file is not copied into the store: the object keeps the path and the SHA-256 of the file (of every \
            file, for a folder). A later session reloads it from that path and refuses if the contents changed.
            """,
        positionals: [
            .positional("path", .path(.input(extensions: ["gguf"])), help: "a .gguf file or a Hugging Face folder")
        ],
        produces: .model,
        examples: ["m = load models/SmolLM2-135M-Instruct.Q4_1.gguf", "h = load exported/smol_hf"]
    ) { context, arguments in
        let path = try arguments.path("path")
        try context.checkCancellation()
        let object = try ModelObject.load(path: path, url: context.url(for: path))
        return CommandResult(object: object)
    }
}
