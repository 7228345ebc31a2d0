/// Reading a LLaMA-family configuration from GGUF metadata (`<arch>.block_count`, …).
extension LlamaConfig {
    /// The configuration stored in GGUF metadata under `general.architecture`'s prefix.
    public static func fromGGUF(
        metadata: [String: GGUFValue], vocabularySize: Int?, hasOutputHead: Bool, file: String
    )
        throws -> LlamaConfig
    {
        guard let arch = metadata["general.architecture"]?.string else {
            throw ModelLoadError.badConfig(file: file, field: "general.architecture", reason: "missing")
        }
        guard ArchitectureRegistry.llamaFamily.contains(arch) else {
            throw ModelLoadError.unknownArchitecture(file: file, name: arch, known: ArchitectureRegistry.llamaFamily)
        }
        func int(_ key: String) throws -> Int {
            guard let v = metadata["\(arch).\(key)"]?.int else {
                throw ModelLoadError.badConfig(file: file, field: "\(arch).\(key)", reason: "missing or not an integer")
            }
            return v
        }
        func float(_ key: String) -> Float? { metadata["\(arch).\(key)"]?.float }
        let heads = try int("attention.head_count")
        let hidden = try int("embedding_length")
        let vocab =
            metadata["\(arch).vocab_size"]?.int ?? vocabularySize ?? metadata["tokenizer.ggml.tokens"]?.array?.count
        guard let vocab else {
            throw ModelLoadError.badConfig(
                file: file, field: "\(arch).vocab_size", reason: "missing (and no tokenizer)")
        }
        var scaling: RopeScaling? = nil
        if let type = metadata["\(arch).rope.scaling.type"]?.string, type != "none" {
            scaling = RopeScaling(
                ropeType: type, factor: float("rope.scaling.factor") ?? 1, lowFreqFactor: nil, highFreqFactor: nil,
                originalMaxPositionEmbeddings: metadata["\(arch).rope.scaling.original_context_length"]?.int)
            if type != "llama3" {
                throw ModelLoadError.badConfig(
                    file: file, field: "\(arch).rope.scaling.type",
                    reason: "'\(type)' is not supported (only llama3-style scaling)")
            }
        }
        let keyLength = metadata["\(arch).attention.key_length"]?.int
        // hidden / heads only when heads can divide; a zero or negative count is reported by validate().
        let headDim = keyLength ?? (heads >= 1 ? hidden / heads : 0)
        let config = LlamaConfig(
            modelType: arch, hiddenSize: hidden, intermediateSize: try int("feed_forward_length"),
            numHiddenLayers: try int("block_count"), numAttentionHeads: heads,
            numKeyValueHeads: metadata["\(arch).attention.head_count_kv"]?.int ?? heads,
            headDim: headDim, vocabSize: vocab,
            rmsNormEps: float("attention.layer_norm_rms_epsilon") ?? 1e-5,
            ropeTheta: float("rope.freq_base") ?? 10_000, ropeScaling: scaling,
            maxPositionEmbeddings: metadata["\(arch).context_length"]?.int ?? 2048, tieWordEmbeddings: !hasOutputHead,
            attentionBias: arch == "qwen2", bosTokenID: metadata["tokenizer.ggml.bos_token_id"]?.int,
            eosTokenID: metadata["tokenizer.ggml.eos_token_id"]?.int)
        try config.validate(file: file, fields: .gguf(arch))
        if let valueLength = metadata["\(arch).attention.value_length"]?.int, valueLength != headDim {
            throw ModelLoadError.badConfig(
                file: file, field: "\(arch).attention.value_length",
                reason:
                    "is \(valueLength) but the key length is \(headDim); only equal key and value widths are supported")
        }
        if let rotary = metadata["\(arch).rope.dimension_count"]?.int, rotary != headDim {
            throw ModelLoadError.badConfig(
                file: file, field: "\(arch).rope.dimension_count",
                reason: "is \(rotary) but the head width is \(headDim); partial rotary embeddings are not supported")
        }
        return config
    }
}
