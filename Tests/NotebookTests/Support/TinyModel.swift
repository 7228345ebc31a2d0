import Foundation
import Model

/// The first layers of the default model, exported as a Hugging Face folder: a real model, fast enough for
/// sessions that prune and evaluate many times.
enum TinyModel {
    /// The default model file (fetched by scripts/setup).
    static let defaultModel = PackageRoot.url.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf")

    /// Writes the first `layers` blocks of the default model (same embedding, norm, head and tokenizer) to `folder`.
    static func export(layers: Int, to folder: URL) throws {
        let dense = try LanguageModel.load(path: defaultModel.path)
        var config = dense.network.config
        config.numHiddenLayers = layers
        let network = LlamaModel(
            config: config, embedding: dense.network.embedding, blocks: Array(dense.network.blocks.prefix(layers)),
            finalNorm: dense.network.finalNorm, outputHead: dense.network.outputHead)
        try LanguageModel(network: network, tokenizer: dense.tokenizer, path: folder.lastPathComponent)
            .exportHuggingFace(to: folder)
    }
}
