import Foundation
import Model
import Tensor
import Store

extension CommandSpec {
    /// `m = load models/SmolLM2-135M-Instruct.Q4_1.gguf`: a model from a GGUF file or a Hugging Face folder.
    public static let load = CommandSpec(
        name: "load",
        summary: "load a model from a GGUF file or a Hugging Face folder (config.json, *.safetensors, tokenizer.json)",
        discussion: """
            The file is not copied into the store: the object keeps the path and the SHA-256 of the file (of every \
            file, for a folder). A later session reloads it from that path and refuses if the contents changed. \
            Weights stay in the file's encodings (Q4_1, Q8_0, F16, …), memory-mapped where the layout allows, and \
            the kernels decode them as they multiply: a model costs about its file size. dtype=f32|f16|bf16 \
            converts every weight once at load instead (f32: 4 bytes per weight).
            """,
        positionals: [
            .positional("path", .path(.input(extensions: ["gguf"])), help: "a .gguf file or a Hugging Face folder")
        ],
        keys: [
            .key(
                "dtype", .choice(["auto", "f32", "f16", "bf16"]), default: "auto",
                help: "resident weights: auto keeps the file's encodings; f32|f16|bf16 convert once at load")
        ],
        produces: .model,
        examples: [
            "m = load models/SmolLM2-135M-Instruct.Q4_1.gguf", "h = load exported/smol_hf",
            "f = load models/SmolLM2-135M-Instruct.Q4_1.gguf dtype=f32",
        ]
    ) { context, arguments in
        let path = try arguments.path("path")
        try context.checkCancellation()
        let dtype = try arguments.string("dtype")
        let object = try ModelObject.load(
            path: path, url: context.url(for: path), dtype: WeightEncoding(rawValue: dtype))
        return CommandResult(object: object)
    }
}
