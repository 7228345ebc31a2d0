import Foundation
import Tensor
import Tokenizer

/// A runnable model and its tokenizer, loaded from a GGUF file or a Hugging Face folder.
public final class LanguageModel: @unchecked Sendable {
    /// The network.
    public let network: LlamaModel
    /// The tokenizer that came with it.
    public let tokenizer: BPETokenizer
    /// Where it was loaded from.
    public let path: String
    /// The GGUF metadata it was loaded with (tokenizer and chat template are copied on GGUF export).
    public let ggufMetadata: [String: GGUFValue]?

    /// Wraps a network and tokenizer (e.g. a pruned network with the dense model's tokenizer).
    public init(network: LlamaModel, tokenizer: BPETokenizer, path: String, ggufMetadata: [String: GGUFValue]? = nil) {
        self.network = network
        self.tokenizer = tokenizer
        self.path = path
        self.ggufMetadata = ggufMetadata
    }

    /// The same tokenizer and provenance around another network (a pruned copy).
    public func with(network: LlamaModel) -> LanguageModel {
        LanguageModel(network: network, tokenizer: tokenizer, path: path, ggufMetadata: ggufMetadata)
    }

    /// Loads `path`: a `.gguf` file, or a folder with `config.json`, `tokenizer.json` and
    /// `model.safetensors` (or `model.safetensors.index.json` with shards). Weights keep their file encoding
    /// (memory-mapped where the layout allows) unless `dtype` (f32, f16 or bf16) asks for a conversion at load.
    public static func load(path: String, dtype: WeightEncoding? = nil) throws -> LanguageModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelLoadError.unreadable(file: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue { return try loadHuggingFace(folder: path, dtype: dtype) }
        return try loadGGUF(file: path, dtype: dtype)
    }

    private static func loadGGUF(file: String, dtype: WeightEncoding?) throws -> LanguageModel {
        let gguf = try GGUFFile(path: file)
        let meta = gguf.metadata
        let tokenizer = try ggufTokenizer(meta, file: file)
        let config = try LlamaConfig.fromGGUF(
            metadata: meta, vocabularySize: tokenizer.vocabSize, hasOutputHead: gguf.contains("output.weight"),
            file: file)
        if gguf.contains("rope_freqs.weight") {
            throw ModelLoadError.badConfig(
                file: file, field: "rope_freqs.weight",
                reason: "(per-frequency RoPE factors) is not supported in GGUF; load the Hugging Face folder instead")
        }
        let network = try LlamaModel.load(config: config, from: gguf, naming: .gguf, file: file, dtype: dtype)
        return LanguageModel(network: network, tokenizer: tokenizer, path: file, ggufMetadata: meta)
    }

    private static func ggufTokenizer(_ meta: [String: GGUFValue], file: String) throws -> BPETokenizer {
        guard let model = meta["tokenizer.ggml.model"]?.string else {
            throw ModelLoadError.badConfig(file: file, field: "tokenizer.ggml.model", reason: "missing: no tokenizer")
        }
        guard model == "gpt2" else {
            throw ModelLoadError.badConfig(
                file: file, field: "tokenizer.ggml.model",
                reason: "is '\(model)'; only byte-level BPE ('gpt2') tokenizers are supported")
        }
        guard let tokens = meta["tokenizer.ggml.tokens"]?.strings, let merges = meta["tokenizer.ggml.merges"]?.strings
        else {
            throw ModelLoadError.badConfig(file: file, field: "tokenizer.ggml.tokens/merges", reason: "missing")
        }
        return try BPETokenizer(
            tokens: tokens, merges: merges, tokenTypes: meta["tokenizer.ggml.token_type"]?.ints,
            preTokenizer: meta["tokenizer.ggml.pre"]?.string ?? "default",
            bosID: meta["tokenizer.ggml.bos_token_id"]?.int, eosID: meta["tokenizer.ggml.eos_token_id"]?.int,
            addBOS: meta["tokenizer.ggml.add_bos_token"]?.bool ?? false,
            unknownID: meta["tokenizer.ggml.unknown_token_id"]?.int)
    }

    private static func loadHuggingFace(folder: String, dtype: WeightEncoding?) throws -> LanguageModel {
        let root = URL(fileURLWithPath: folder)
        let configURL = root.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ModelLoadError.notAModel(path: folder)
        }
        let config = try LlamaConfig.load(configJSON: configURL)
        guard ArchitectureRegistry.llamaFamily.contains(config.modelType) else {
            throw ModelLoadError.unknownArchitecture(
                file: configURL.path, name: config.modelType, known: ArchitectureRegistry.known)
        }
        let tokenizer = try BPETokenizer.load(tokenizerJSON: root.appendingPathComponent("tokenizer.json"))
        let weights = try SafeTensorsModel(path: folder)
        let network = try LlamaModel.load(
            config: config, from: weights, naming: .huggingFace, file: folder, dtype: dtype)
        return LanguageModel(network: network, tokenizer: tokenizer, path: folder)
    }
}
