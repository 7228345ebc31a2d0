import Foundation

/// Hyperparameters of a LLaMA-family decoder (LLaMA 1–3, SmolLM, Mistral, Qwen2), with
/// `CodingKeys` that read and write Hugging Face `config.json`.
public struct LlamaConfig: Codable, Equatable, Sendable {
    /// `model_type` as written to config.json (`llama`, `qwen2`, `mistral`).
    public var modelType: String
    /// Width of the residual stream (`hidden_size`).
    public var hiddenSize: Int
    /// Width of the SwiGLU MLP (`intermediate_size`).
    public var intermediateSize: Int
    /// Number of decoder blocks.
    public var numHiddenLayers: Int
    /// Query heads per block.
    public var numAttentionHeads: Int
    /// Key/value heads per block (grouped-query attention when fewer than query heads).
    public var numKeyValueHeads: Int
    /// Width of one attention head.
    public var headDim: Int
    /// Rows of the embedding and output head.
    public var vocabSize: Int
    /// Epsilon inside every RMSNorm.
    public var rmsNormEps: Float
    /// RoPE base frequency.
    public var ropeTheta: Float
    /// Optional RoPE frequency scaling.
    public var ropeScaling: RopeScaling?
    /// Longest context the model was trained for.
    public var maxPositionEmbeddings: Int
    /// Whether the output head reuses the embedding matrix.
    public var tieWordEmbeddings: Bool
    /// Whether q, k and v projections carry a bias (Qwen2).
    public var attentionBias: Bool
    /// Beginning-of-sequence token, if any.
    public var bosTokenID: Int?
    /// End-of-sequence token, if any.
    public var eosTokenID: Int?

    /// Llama-3 style frequency-dependent RoPE scaling (`rope_type: "llama3"`).
    public struct RopeScaling: Codable, Equatable, Sendable {
        /// `llama3` for frequency-dependent scaling, `default` otherwise.
        public var ropeType: String
        /// Overall scaling factor.
        public var factor: Float
        /// Wavelengths beyond original/low are scaled fully.
        public var lowFreqFactor: Float?
        /// Wavelengths below original/high are left alone.
        public var highFreqFactor: Float?
        /// The context length the unscaled model was trained with.
        public var originalMaxPositionEmbeddings: Int?

        enum CodingKeys: String, CodingKey {
            case ropeType = "rope_type"
            case type
            case factor
            case lowFreqFactor = "low_freq_factor"
            case highFreqFactor = "high_freq_factor"
            case originalMaxPositionEmbeddings = "original_max_position_embeddings"
        }

        /// Creates a scaling description.
        public init(
            ropeType: String, factor: Float, lowFreqFactor: Float?, highFreqFactor: Float?,
            originalMaxPositionEmbeddings: Int?
        ) {
            self.ropeType = ropeType
            self.factor = factor
            self.lowFreqFactor = lowFreqFactor
            self.highFreqFactor = highFreqFactor
            self.originalMaxPositionEmbeddings = originalMaxPositionEmbeddings
        }

        /// Decodes the Hugging Face field names, with their defaults.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ropeType =
                try c.decodeIfPresent(String.self, forKey: .ropeType)
                ?? c.decodeIfPresent(String.self, forKey: .type) ?? "default"
            factor = try c.decodeIfPresent(Float.self, forKey: .factor) ?? 1
            lowFreqFactor = try c.decodeIfPresent(Float.self, forKey: .lowFreqFactor)
            highFreqFactor = try c.decodeIfPresent(Float.self, forKey: .highFreqFactor)
            originalMaxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .originalMaxPositionEmbeddings)
        }

        /// Encodes the Hugging Face field names.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ropeType, forKey: .ropeType)
            try c.encode(factor, forKey: .factor)
            try c.encodeIfPresent(lowFreqFactor, forKey: .lowFreqFactor)
            try c.encodeIfPresent(highFreqFactor, forKey: .highFreqFactor)
            try c.encodeIfPresent(originalMaxPositionEmbeddings, forKey: .originalMaxPositionEmbeddings)
        }
    }

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim"
        case vocabSize = "vocab_size"
        case rmsNormEps = "rms_norm_eps"
        case ropeTheta = "rope_theta"
        case ropeScaling = "rope_scaling"
        case maxPositionEmbeddings = "max_position_embeddings"
        case tieWordEmbeddings = "tie_word_embeddings"
        case attentionBias = "attention_bias"
        case bosTokenID = "bos_token_id"
        case eosTokenID = "eos_token_id"
        case architectures
        case torchDtype = "torch_dtype"
    }

    /// Creates a configuration; `headDim` defaults to hidden / heads.
    public init(
        modelType: String, hiddenSize: Int, intermediateSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
        numKeyValueHeads: Int, headDim: Int? = nil, vocabSize: Int, rmsNormEps: Float, ropeTheta: Float,
        ropeScaling: RopeScaling? = nil, maxPositionEmbeddings: Int, tieWordEmbeddings: Bool,
        attentionBias: Bool = false, bosTokenID: Int? = nil, eosTokenID: Int? = nil
    ) {
        self.modelType = modelType
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads
        self.headDim = headDim ?? hiddenSize / max(numAttentionHeads, 1)
        self.vocabSize = vocabSize
        self.rmsNormEps = rmsNormEps
        self.ropeTheta = ropeTheta
        self.ropeScaling = ropeScaling
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
        self.bosTokenID = bosTokenID
        self.eosTokenID = eosTokenID
    }

    /// Decodes the Hugging Face field names, with their defaults.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let heads = try c.decode(Int.self, forKey: .numAttentionHeads)
        let hidden = try c.decode(Int.self, forKey: .hiddenSize)
        let modelType = try c.decode(String.self, forKey: .modelType)
        self.init(
            modelType: modelType,
            hiddenSize: hidden,
            intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
            numHiddenLayers: try c.decode(Int.self, forKey: .numHiddenLayers),
            numAttentionHeads: heads,
            numKeyValueHeads: try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? heads,
            headDim: try c.decodeIfPresent(Int.self, forKey: .headDim),
            vocabSize: try c.decode(Int.self, forKey: .vocabSize),
            rmsNormEps: try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6,
            ropeTheta: try c.decodeIfPresent(Float.self, forKey: .ropeTheta) ?? 10_000,
            ropeScaling: try c.decodeIfPresent(RopeScaling.self, forKey: .ropeScaling),
            maxPositionEmbeddings: try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048,
            tieWordEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false,
            attentionBias: try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? (modelType == "qwen2"),
            bosTokenID: try? c.decodeIfPresent(Int.self, forKey: .bosTokenID),
            eosTokenID: try? c.decodeIfPresent(Int.self, forKey: .eosTokenID))
    }

    /// Encodes the Hugging Face field names.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelType, forKey: .modelType)
        try c.encode([modelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"], forKey: .architectures)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(numKeyValueHeads, forKey: .numKeyValueHeads)
        try c.encode(headDim, forKey: .headDim)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(rmsNormEps, forKey: .rmsNormEps)
        try c.encode(ropeTheta, forKey: .ropeTheta)
        try c.encodeIfPresent(ropeScaling, forKey: .ropeScaling)
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        try c.encode(tieWordEmbeddings, forKey: .tieWordEmbeddings)
        try c.encode(attentionBias, forKey: .attentionBias)
        try c.encodeIfPresent(bosTokenID, forKey: .bosTokenID)
        try c.encodeIfPresent(eosTokenID, forKey: .eosTokenID)
        try c.encode("float32", forKey: .torchDtype)
    }

    /// Reads `config.json` of a Hugging Face folder.
    public static func load(configJSON url: URL) throws -> LlamaConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelLoadError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        let config: LlamaConfig
        do { config = try JSONDecoder().decode(LlamaConfig.self, from: data) } catch let DecodingError.keyNotFound(
            key, _)
        {
            throw ModelLoadError.badConfig(file: url.path, field: key.stringValue, reason: "missing")
        } catch let DecodingError.typeMismatch(type, context) {
            throw ModelLoadError.badConfig(
                file: url.path, field: fieldName(context), reason: "has the wrong type (expected \(typeName(type)))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ModelLoadError.badConfig(
                file: url.path, field: fieldName(context), reason: "is null (expected \(typeName(type)))")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            // Valid JSON whose value does not fit the field, e.g. `"hidden_size": 576.5`.
            throw ModelLoadError.badConfig(
                file: url.path, field: fieldName(context),
                reason: "has the wrong type or range (\(context.debugDescription))")
        } catch {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw ModelLoadError.badConfig(file: url.path, field: "(root)", reason: "is not valid JSON")
            }
            // Valid JSON that the decoder refused without naming a field (e.g. `"hidden_size": 576.5`).
            let integers: [CodingKeys] = [
                .hiddenSize, .intermediateSize, .numHiddenLayers, .numAttentionHeads, .numKeyValueHeads, .headDim,
                .vocabSize, .maxPositionEmbeddings,
            ]
            for key in integers {
                if let value = object[key.rawValue], !(value is NSNull),
                    (value as? NSNumber).map({ Int(exactly: $0.doubleValue) == nil }) ?? true
                {
                    throw ModelLoadError.badConfig(
                        file: url.path, field: key.rawValue, reason: "is \(value), which is not an integer")
                }
            }
            throw ModelLoadError.badConfig(
                file: url.path, field: "(unknown)", reason: "holds a value of the wrong type or range: \(error)")
        }
        try config.validate(file: url.path, fields: .huggingFace)
        return config
    }

    private static func fieldName(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Float.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default: return "\(type)"
        }
    }

    /// Inverse frequencies of the rotary embedding, with Llama-3 scaling when configured.
    public func ropeInverseFrequencies() -> [Float] {
        let half = headDim / 2
        var inv = (0..<half).map { i in 1 / pow(ropeTheta, Float(2 * i) / Float(headDim)) }
        guard let s = ropeScaling, s.ropeType == "llama3" else { return inv }
        let low = s.lowFreqFactor ?? 1
        let high = s.highFreqFactor ?? 4
        let original = Float(s.originalMaxPositionEmbeddings ?? 8192)
        let lowWavelen = original / low
        let highWavelen = original / high
        for i in 0..<half {
            let wavelen = 2 * Float.pi / inv[i]
            if wavelen > lowWavelen {
                inv[i] /= s.factor
            } else if wavelen >= highWavelen {
                let smooth = (original / wavelen - low) / (high - low)
                inv[i] = (1 - smooth) * inv[i] / s.factor + smooth * inv[i]
            }
        }
        return inv
    }
}
