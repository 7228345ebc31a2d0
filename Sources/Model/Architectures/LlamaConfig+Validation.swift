/// Sanity checks on a configuration, run by both readers (config.json and GGUF metadata) before
/// any weight is allocated: a value that parses but cannot describe a runnable model (a zero or
/// negative count, heads that do not group, a NaN epsilon, a size whose product overflows) is a
/// `ModelLoadError.badConfig` naming the field, never a crash or a NaN metric later.
extension LlamaConfig {
    /// The largest width, count or vocabulary accepted; far beyond any model this CPU runtime can
    /// hold, and small enough that every shape product below fits in an `Int`.
    public static let maximumDimension = 1 << 24

    /// Field names as each format spells them, so errors name the key the user can find in the file.
    public struct FieldNames: Sendable {
        var hidden, intermediate, layers, heads, kvHeads, headDim, vocab, eps, ropeTheta, ropeScaling, context: String

        /// Hugging Face `config.json` keys.
        public static let huggingFace = FieldNames(
            hidden: "hidden_size", intermediate: "intermediate_size", layers: "num_hidden_layers",
            heads: "num_attention_heads", kvHeads: "num_key_value_heads", headDim: "head_dim", vocab: "vocab_size",
            eps: "rms_norm_eps", ropeTheta: "rope_theta", ropeScaling: "rope_scaling",
            context: "max_position_embeddings")

        /// GGUF metadata keys under the architecture prefix (`llama.`).
        public static func gguf(_ arch: String) -> FieldNames {
            FieldNames(
                hidden: "\(arch).embedding_length", intermediate: "\(arch).feed_forward_length",
                layers: "\(arch).block_count", heads: "\(arch).attention.head_count",
                kvHeads: "\(arch).attention.head_count_kv", headDim: "\(arch).attention.key_length",
                vocab: "\(arch).vocab_size", eps: "\(arch).attention.layer_norm_rms_epsilon",
                ropeTheta: "\(arch).rope.freq_base", ropeScaling: "\(arch).rope.scaling.factor",
                context: "\(arch).context_length")
        }
    }

    /// Throws `badConfig` for the first field that cannot describe a runnable model.
    public func validate(file: String, fields f: FieldNames) throws {
        func fail(_ field: String, _ reason: String) -> ModelLoadError {
            .badConfig(file: file, field: field, reason: reason)
        }
        let limit = LlamaConfig.maximumDimension
        for (field, value) in [
            (f.hidden, hiddenSize), (f.intermediate, intermediateSize), (f.layers, numHiddenLayers),
            (f.heads, numAttentionHeads), (f.kvHeads, numKeyValueHeads), (f.headDim, headDim), (f.vocab, vocabSize),
            (f.context, maxPositionEmbeddings),
        ] {
            guard value >= 1 else { throw fail(field, "is \(value); it must be at least 1") }
            guard value <= limit else { throw fail(field, "is \(value); the largest supported value is \(limit)") }
        }
        guard numAttentionHeads % numKeyValueHeads == 0 else {
            throw fail(
                f.kvHeads,
                "is \(numKeyValueHeads), which does not divide \(f.heads) = \(numAttentionHeads) "
                    + "(grouped-query attention shares each key/value head among a whole number of query heads)")
        }
        guard numKeyValueHeads <= numAttentionHeads else {
            throw fail(f.kvHeads, "is \(numKeyValueHeads), more than \(f.heads) = \(numAttentionHeads)")
        }
        guard headDim % 2 == 0 else {
            throw fail(f.headDim, "is \(headDim); rotary embeddings rotate pairs, so it must be even")
        }
        let (attentionWidth, overflow) = numAttentionHeads.multipliedReportingOverflow(by: headDim)
        guard !overflow, attentionWidth <= limit else {
            throw fail(
                f.headDim,
                "is \(headDim); with \(f.heads) = \(numAttentionHeads) the attention width exceeds \(limit)")
        }
        guard rmsNormEps.isFinite, rmsNormEps > 0 else {
            throw fail(f.eps, "is \(rmsNormEps); it must be a finite number > 0 (e.g. 1e-5)")
        }
        guard ropeTheta.isFinite, ropeTheta > 0 else {
            throw fail(f.ropeTheta, "is \(ropeTheta); the RoPE base must be a finite number > 0 (e.g. 10000)")
        }
        if let s = ropeScaling {
            guard s.factor.isFinite, s.factor > 0 else {
                throw fail(f.ropeScaling, "factor is \(s.factor); it must be a finite number > 0")
            }
            if s.ropeType == "llama3" {
                let low = s.lowFreqFactor ?? 1
                let high = s.highFreqFactor ?? 4
                guard low.isFinite, low > 0, high.isFinite, high > 0, high != low else {
                    throw fail(
                        f.ropeScaling,
                        "low_freq_factor \(low) / high_freq_factor \(high) must be finite, > 0 and different")
                }
                if let original = s.originalMaxPositionEmbeddings, original < 1 {
                    throw fail(f.ropeScaling, "original_max_position_embeddings is \(original); it must be ≥ 1")
                }
            }
        }
    }
}
