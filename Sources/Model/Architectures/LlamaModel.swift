import Tensor

/// One decoder block's weights. Linear weights are `(out, in)` row-major, as in `nn.Linear`, each in its resident
/// encoding (`Weight`).
public final class LlamaBlock: @unchecked Sendable {
    /// RMSNorm weight before attention, `(hidden)`.
    public let attentionNorm: [Float]
    /// RMSNorm weight before the MLP, `(hidden)`.
    public let mlpNorm: [Float]
    /// q `(heads·headDim, hidden)`, k/v `(kvHeads·headDim, hidden)`, o `(hidden, heads·headDim)`,
    /// gate/up `(intermediate, hidden)`, down `(hidden, intermediate)`.
    public let linears: [LinearKind: Weight]
    /// Optional q/k/v biases (Qwen2), `(out)`.
    public let biases: [LinearKind: [Float]]

    /// Creates a block from its weights.
    public init(attentionNorm: [Float], mlpNorm: [Float], linears: [LinearKind: Weight], biases: [LinearKind: [Float]])
    {
        precondition(linears.count == LinearKind.allCases.count, "a LLaMA block has seven linear layers")
        self.attentionNorm = attentionNorm
        self.mlpNorm = mlpNorm
        self.linears = linears
        self.biases = biases
    }

    /// The weight of one linear layer.
    public func weight(_ kind: LinearKind) -> Weight {
        guard let w = linears[kind] else { preconditionFailure("block has all seven linears by construction") }
        return w
    }

    /// A copy of this block with some linear weights replaced (norms and biases shared).
    public func replacing(_ new: [LinearKind: Weight]) -> LlamaBlock {
        LlamaBlock(
            attentionNorm: attentionNorm, mlpNorm: mlpNorm, linears: linears.merging(new) { _, b in b },
            biases: biases)
    }
}

/// A LLaMA-family causal language model (LLaMA 1–3, SmolLM, Mistral, Qwen2); weights in their resident encodings,
/// norms and biases in Float32.
public final class LlamaModel: @unchecked Sendable {
    /// Hyperparameters.
    public let config: LlamaConfig
    /// Token embeddings, `(vocab, hidden)`.
    public let embedding: Weight
    /// The decoder blocks.
    public let blocks: [LlamaBlock]
    /// Final RMSNorm weight, `(hidden)`.
    public let finalNorm: [Float]
    /// Output head `(vocab, hidden)`; nil when tied to the embeddings.
    public let outputHead: Weight?
    /// Rotary inverse frequencies, `(headDim/2)`.
    let inverseFrequencies: [Float]

    /// Assembles a model; shapes must agree with the config (checked by the loaders).
    public init(config: LlamaConfig, embedding: Weight, blocks: [LlamaBlock], finalNorm: [Float], outputHead: Weight?) {
        self.config = config
        self.embedding = embedding
        self.blocks = blocks
        self.finalNorm = finalNorm
        self.outputHead = outputHead
        self.inverseFrequencies = config.ropeInverseFrequencies()
    }

    /// The matrix that maps final hidden states to logits.
    public var head: Weight { outputHead ?? embedding }

    /// Every prunable linear layer, in block order then q, k, v, o, gate, up, down.
    public var linearIDs: [LinearID] {
        blocks.indices.flatMap { layer in LinearKind.allCases.map { LinearID(layer: layer, kind: $0) } }
    }

    /// The weight of a linear layer.
    public func weight(_ id: LinearID) -> Weight { blocks[id.layer].weight(id.kind) }

    /// A model sharing every tensor with this one except the given linear weights.
    public func replacing(_ weights: [LinearID: Weight]) -> LlamaModel {
        var perBlock: [Int: [LinearKind: Weight]] = [:]
        for (id, w) in weights { perBlock[id.layer, default: [:]][id.kind] = w }
        let newBlocks = blocks.enumerated().map { i, block in perBlock[i].map(block.replacing) ?? block }
        return LlamaModel(
            config: config, embedding: embedding, blocks: newBlocks, finalNorm: finalNorm, outputHead: outputHead)
    }

    /// Every weight (embedding, linears, head) converted to `encoding` (f32, f16 or bf16); norms and biases shared.
    public func converted(to encoding: WeightEncoding) -> LlamaModel {
        let newBlocks = blocks.map { block in
            LlamaBlock(
                attentionNorm: block.attentionNorm, mlpNorm: block.mlpNorm,
                linears: block.linears.mapValues { $0.converted(to: encoding) }, biases: block.biases)
        }
        return LlamaModel(
            config: config, embedding: embedding.converted(to: encoding), blocks: newBlocks, finalNorm: finalNorm,
            outputHead: outputHead?.converted(to: encoding))
    }

    /// Every weight tensor: the embedding, each block's linears in order, and the untied head.
    public var allWeights: [Weight] {
        [embedding] + blocks.flatMap { block in LinearKind.allCases.map(block.weight) } + (outputHead.map { [$0] } ?? [])
    }
}
