/// Options of `SelfGenerator.generate`, with the paper's defaults (top-k 50, top-p 0.95,
/// temperature 0.6, repetition penalty 1.2, prefix 2).
public struct GenerationOptions: Sendable, Equatable {
    /// Number of samples, one per source document in file order (`n`).
    public var count: Int
    /// Maximum new tokens per sample (`len`); a sample ends earlier at a stop token.
    public var length: Int
    /// Tokens of each source document kept as the prompt (`prefix`); 0 starts from the BOS token alone.
    public var prefix: Int
    /// Softmax temperature; 0 means greedy.
    public var temperature: Double
    /// Keep only the `top_k` most likely tokens (0 disables).
    public var topK: Int
    /// Keep the smallest most-likely set with probability ≥ `top_p` (1 disables).
    public var topP: Double
    /// transformers' repetition penalty over every token already in the sequence (1 disables).
    public var repetitionPenalty: Double
    /// Seed of every sample's own random stream.
    public var seed: UInt64
    /// Take the most likely token (after the repetition penalty) instead of sampling.
    public var greedy: Bool
    /// Sequences decoded together per forward pass (`batch`).
    public var batch: Int
    /// Token ids that end a sample (not kept); nil means the tokenizer's EOS, as transformers does.
    public var stopTokens: [Int32]?

    /// Options with the paper's defaults.
    public init(
        count: Int = 128, length: Int = 2048, prefix: Int = 2, temperature: Double = 0.6, topK: Int = 50,
        topP: Double = 0.95, repetitionPenalty: Double = 1.2, seed: UInt64 = 0, greedy: Bool = false,
        batch: Int = 32, stopTokens: [Int32]? = nil
    ) {
        self.count = count
        self.length = length
        self.prefix = prefix
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.repetitionPenalty = repetitionPenalty
        self.seed = seed
        self.greedy = greedy
        self.batch = batch
        self.stopTokens = stopTokens
    }

    /// Whether the next token is the arg-max rather than a sample.
    public var isGreedy: Bool { greedy || temperature == 0 }

    /// Throws `CalibrationError.invalidOption` for the first option out of range.
    public func validate() throws {
        func fail(_ name: String, _ value: Any, _ expected: String) -> CalibrationError {
            .invalidOption(name: name, value: "\(value)", expected: expected)
        }
        guard count >= 1 else { throw fail("n", count, "at least 1") }
        guard length >= 1 else { throw fail("len", length, "at least 1") }
        guard prefix >= 0 else { throw fail("prefix", prefix, "0 or more") }
        guard temperature >= 0, temperature.isFinite else { throw fail("temperature", temperature, "≥ 0") }
        guard topK >= 0 else { throw fail("top_k", topK, "≥ 0 (0 disables)") }
        guard topP > 0, topP <= 1 else { throw fail("top_p", topP, "in (0, 1]") }
        guard repetitionPenalty > 0, repetitionPenalty.isFinite else {
            throw fail("repetition_penalty", repetitionPenalty, "> 0 (1 disables)")
        }
        guard batch >= 1 else { throw fail("batch", batch, "at least 1") }
    }
}
