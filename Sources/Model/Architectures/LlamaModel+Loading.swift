import Tensor

/// Where a LLaMA checkpoint keeps each tensor: Hugging Face names, or GGUF names with q/k
/// rows permuted for ggml's interleaved RoPE (undone on load, so both give the same model).
public enum LlamaTensorNaming: Sendable {
    case huggingFace
    case gguf

    func embedding() -> String { self == .gguf ? "token_embd.weight" : "model.embed_tokens.weight" }
    func finalNorm() -> String { self == .gguf ? "output_norm.weight" : "model.norm.weight" }
    func outputHead() -> String { self == .gguf ? "output.weight" : "lm_head.weight" }
    func attentionNorm(_ l: Int) -> String {
        self == .gguf ? "blk.\(l).attn_norm.weight" : "model.layers.\(l).input_layernorm.weight"
    }
    func mlpNorm(_ l: Int) -> String {
        self == .gguf ? "blk.\(l).ffn_norm.weight" : "model.layers.\(l).post_attention_layernorm.weight"
    }
    func weight(_ id: LinearID) -> String {
        self == .gguf ? "blk.\(id.layer).\(id.kind.ggufName).weight" : id.hfWeightName
    }
    func bias(_ id: LinearID) -> String {
        self == .gguf ? "blk.\(id.layer).\(id.kind.ggufName).bias" : "model.layers.\(id.layer).\(id.kind.hfName).bias"
    }
}

extension LlamaModel {
    /// Reads every tensor the config calls for from `source`, checking shapes; `file` names the
    /// source in errors. Tensors the architecture does not use are an error too (nothing silently ignored).
    /// Weights stay in their file encoding (mapped where the layout allows) unless `dtype` asks for a conversion.
    public static func load(
        config: LlamaConfig, from source: WeightSource, naming: LlamaTensorNaming, file: String,
        dtype: WeightEncoding? = nil
    ) throws -> LlamaModel {
        let c = config
        var consumed = Set<String>()
        func matrix(_ name: String, _ shape: [Int]) throws -> Weight {
            let found = try source.shape(name)
            guard found == shape else {
                throw ModelLoadError.shapeMismatch(file: file, tensor: name, expected: shape, found: found)
            }
            consumed.insert(name)
            let w = try source.weight(name)
            return dtype.map { w.converted(to: $0) } ?? w
        }
        func vector(_ name: String, _ count: Int) throws -> [Float] {
            let found = try source.shape(name)
            guard found == [count] else {
                throw ModelLoadError.shapeMismatch(file: file, tensor: name, expected: [count], found: found)
            }
            consumed.insert(name)
            return try source.floats(name)
        }
        let names = Set(source.tensorNames)
        let embedding = try matrix(naming.embedding(), [c.vocabSize, c.hiddenSize])
        var blocks: [LlamaBlock] = []
        for layer in 0..<c.numHiddenLayers {
            var linears: [LinearKind: Weight] = [:]
            var biases: [LinearKind: [Float]] = [:]
            for kind in LinearKind.allCases {
                let id = LinearID(layer: layer, kind: kind)
                let shape = expectedLinearShape(kind, c)
                var w = try matrix(naming.weight(id), shape)
                var bias: [Float]? = nil
                let biasName = naming.bias(id)
                if c.attentionBias, [.q, .k, .v].contains(kind) {
                    bias = try vector(biasName, shape[0])
                } else if names.contains(biasName) {
                    bias = try vector(biasName, shape[0])
                }
                if naming == .gguf, kind == .q || kind == .k {
                    let heads = kind == .q ? c.numAttentionHeads : c.numKeyValueHeads
                    w = permuteHeadRows(w, heads: heads, headDim: c.headDim)
                    bias = bias.map { permuteHeadRows($0, heads: heads, headDim: c.headDim) }
                }
                linears[kind] = w
                if let bias { biases[kind] = bias }
            }
            blocks.append(
                LlamaBlock(
                    attentionNorm: try vector(naming.attentionNorm(layer), c.hiddenSize),
                    mlpNorm: try vector(naming.mlpNorm(layer), c.hiddenSize), linears: linears, biases: biases))
        }
        let finalNorm = try vector(naming.finalNorm(), c.hiddenSize)
        var head: Weight? = nil
        if names.contains(naming.outputHead()) {
            head = try matrix(naming.outputHead(), [c.vocabSize, c.hiddenSize])
        } else if !c.tieWordEmbeddings {
            throw ModelFileError.missingTensor(file: file, tensor: naming.outputHead(), similar: [])
        }
        let unused = names.subtracting(consumed).filter {
            !$0.hasSuffix("rotary_emb.inv_freq") && !$0.hasPrefix("rope_freqs")
        }
        if let extra = unused.sorted().first {
            throw ModelLoadError.badConfig(
                file: file, field: extra,
                reason:
                    "is a tensor this \(c.modelType) config (\(c.numHiddenLayers) layers) does not use (\(unused.count) unused)"
            )
        }
        return LlamaModel(config: c, embedding: embedding, blocks: blocks, finalNorm: finalNorm, outputHead: head)
    }

    static func expectedLinearShape(_ kind: LinearKind, _ c: LlamaConfig) -> [Int] {
        switch kind {
        case .q: return [c.numAttentionHeads * c.headDim, c.hiddenSize]
        case .k, .v: return [c.numKeyValueHeads * c.headDim, c.hiddenSize]
        case .o: return [c.hiddenSize, c.numAttentionHeads * c.headDim]
        case .gate, .up: return [c.intermediateSize, c.hiddenSize]
        case .down: return [c.hiddenSize, c.intermediateSize]
        }
    }
}

/// GGUF row `2j + t` of a head holds Hugging Face row `t·headDim/2 + j` (llama.cpp's convert
/// permutes q and k for interleaved RoPE). The source row of each target row: Hugging Face order from
/// GGUF order, or back to GGUF order with `toGGUF`.
func headRowOrder(heads: Int, headDim: Int, toGGUF: Bool) -> [Int] {
    var order = [Int](repeating: 0, count: heads * headDim)
    let half = headDim / 2
    for h in 0..<heads {
        for j in 0..<half {
            for t in 0..<2 {
                let gguf = h * headDim + 2 * j + t
                let hf = h * headDim + t * half + j
                if toGGUF { order[gguf] = hf } else { order[hf] = gguf }
            }
        }
    }
    return order
}

/// Moves the rows of a q or k weight between GGUF and Hugging Face order (encoded rows are copied as they are).
func permuteHeadRows(_ w: Weight, heads: Int, headDim: Int, toGGUF: Bool = false) -> Weight {
    w.permutingRows(headRowOrder(heads: heads, headDim: headDim, toGGUF: toGGUF))
}

/// The same permutation for a vector (a q or k bias).
func permuteHeadRows(_ v: [Float], heads: Int, headDim: Int, toGGUF: Bool = false) -> [Float] {
    headRowOrder(heads: heads, headDim: headDim, toGGUF: toGGUF).map { v[$0] }
}
