/// How random windows are cut from a text source.
public enum SamplingMethod: String, Sendable, CaseIterable, Codable {
    /// Wanda/SparseGPT `get_c4`: pick a random document with more than `len` tokens, then a random window in it.
    case wanda
    /// The seed paper's `get_selfgen`: join all documents with a space, tokenize once, cut random windows.
    case joined
}

/// Options of `CalibrationSampler.sample`, with the Wanda/SparseGPT defaults.
public struct SamplingOptions: Sendable, Equatable {
    /// Number of windows (`n`).
    public var count: Int
    /// Tokens per window (`len`).
    public var length: Int
    /// Seed of CPython's `random.seed(seed)`.
    public var seed: UInt64
    /// Which protocol (`protocol`).
    public var method: SamplingMethod

    /// Options with the reference defaults: 128 windows of 2048 tokens, seed 0, Wanda protocol.
    public init(count: Int = 128, length: Int = 2048, seed: UInt64 = 0, method: SamplingMethod = .wanda) {
        self.count = count
        self.length = length
        self.seed = seed
        self.method = method
    }
}
