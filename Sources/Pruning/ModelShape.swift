import Model

/// The dimensions a mask depends on: it can be applied to any model with the same shape.
public struct ModelShape: Codable, Equatable, Sendable, CustomStringConvertible {
    /// Decoder blocks.
    public var layers: Int
    /// Hidden size.
    public var hidden: Int
    /// MLP width.
    public var intermediate: Int
    /// Query heads.
    public var heads: Int
    /// Key/value heads.
    public var kvHeads: Int
    /// Dimension per head.
    public var headDim: Int
    /// Vocabulary size (informative: embeddings are never pruned).
    public var vocabulary: Int

    /// The shape of a model with `config`.
    public init(_ config: LlamaConfig) {
        layers = config.numHiddenLayers
        hidden = config.hiddenSize
        intermediate = config.intermediateSize
        heads = config.numAttentionHeads
        kvHeads = config.numKeyValueHeads
        headDim = config.headDim
        vocabulary = config.vocabSize
    }

    /// `30 layers, hidden 576, MLP 1536, 9 heads / 3 KV heads × 64`.
    public var description: String {
        "\(layers) layers, hidden \(hidden), MLP \(intermediate), \(heads) heads / \(kvHeads) KV heads × \(headDim)"
    }

    /// `(rows, cols)` of a linear of `kind`.
    public func linearShape(_ kind: LinearKind) -> (rows: Int, cols: Int) {
        switch kind {
        case .q: return (heads * headDim, hidden)
        case .k, .v: return (kvHeads * headDim, hidden)
        case .o: return (hidden, heads * headDim)
        case .gate, .up: return (intermediate, hidden)
        case .down: return (hidden, intermediate)
        }
    }

    /// Whether a mask made for `other` fits this shape (every prunable dimension equal; the vocabulary may differ).
    public func fits(_ other: ModelShape) -> Bool {
        layers == other.layers && hidden == other.hidden && intermediate == other.intermediate
            && heads == other.heads && kvHeads == other.kvHeads && headDim == other.headDim
    }
}
