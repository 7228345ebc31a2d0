import Model
import Tensor

/// What to prune and how the layer-by-layer driver runs.
public struct PruningConfiguration: Sendable, Equatable {
    /// Which activations feed block `i + 1`.
    public enum Propagation: String, Sendable, CaseIterable {
        /// Re-run the calibration set through the pruned block (the anchors' default).
        case pruned
        /// Use the dense block's outputs (one forward pass per block instead of two).
        case dense
    }

    /// The method and its options.
    public var method: PruningMethod
    /// The target pattern. `unstructured(0)` prunes nothing (an all-keep mask, without running the model).
    public var pattern: SparsityPattern
    /// Which activations feed the next block.
    public var propagation: Propagation
    /// How the calibration hidden states are stored between blocks: `.f32` (exact), or `.bf16` / `.f16` (half the
    /// memory: 128 × 2048 tokens of a 4096-wide model are 4 GiB in Float32). Each block still computes in Float32.
    public var activationEncoding: WeightEncoding
    /// Rows (tokens) per forward batch; each batch holds at least one whole sequence. Bounds the activation memory
    /// of a forward pass (about 30 floats per token per hidden unit for a LLaMA block).
    public var batchTokens: Int

    /// A configuration with the anchors' defaults.
    public init(
        method: PruningMethod, pattern: SparsityPattern, propagation: Propagation = .pruned, batchTokens: Int = 8192,
        activationEncoding: WeightEncoding = .f32
    ) {
        self.method = method
        self.pattern = pattern
        self.propagation = propagation
        self.batchTokens = batchTokens
        self.activationEncoding = activationEncoding
    }

    /// Checks the pattern and options against `model`: sparsity in [0, 1), 0 < N < M, M dividing every linear's
    /// input columns, method options in range.
    public func validate(for model: LlamaModel) throws {
        try method.validate()
        guard [.f32, .bf16, .f16].contains(activationEncoding) else {
            throw PruningError.badOption(
                name: "act_dtype", value: activationEncoding.rawValue, reason: "must be f32, bf16 or f16")
        }
        guard batchTokens > 0 else {
            throw PruningError.badOption(name: "batch_tokens", value: "\(batchTokens)", reason: "must be positive")
        }
        switch pattern {
        case .unstructured(let ratio):
            guard ratio >= 0, ratio < 1 else { throw PruningError.sparsityOutOfRange(ratio) }
        case .nOfM(let n, let m):
            guard n > 0, m > 0, n < m else { throw PatternError.badNM(n: n, m: m) }
            let shape = ModelShape(model.config)
            for kind in LinearKind.allCases {
                try pattern.validate(columns: shape.linearShape(kind).cols, tensor: "layers.*.\(kind.rawValue)")
            }
            if case .wanda(let wanda) = method, wanda.useVariant {
                throw PruningError.badOption(
                    name: "variant", value: "true",
                    reason: "the cumulative variant is defined for unstructured sparsity only")
            }
        }
    }
}
