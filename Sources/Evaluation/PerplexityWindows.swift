/// Non-overlapping windows of a token stream, the Wanda/SparseGPT perplexity protocol:
/// `numel // seqlen` windows, the tail that does not fill a window is dropped.
public struct PerplexityWindows: Sendable {
    /// The joined token stream.
    public let tokens: [Int32]
    /// Tokens per window.
    public let seqlen: Int
    /// How many windows are scored (all full windows unless limited).
    public let count: Int

    /// Splits `tokens` into windows of `seqlen`, keeping at most `limit` of them.
    public init(tokens: [Int32], seqlen: Int, limit: Int? = nil) throws {
        guard seqlen >= 2 else { throw PerplexityError.seqlenTooShort(seqlen) }
        let full = tokens.count / seqlen
        guard full > 0 else { throw PerplexityError.textTooShort(tokens: tokens.count, seqlen: seqlen) }
        self.tokens = tokens
        self.seqlen = seqlen
        self.count = min(full, limit ?? full)
    }

    /// The tokens of window `i`.
    public func window(_ i: Int) -> ArraySlice<Int32> { tokens[(i * seqlen)..<((i + 1) * seqlen)] }

    /// Predictions scored per window (every token but the first is predicted).
    public var scoredPerWindow: Int { seqlen - 1 }
}

/// Perplexity that cannot be computed as asked.
public enum PerplexityError: Error, CustomStringConvertible, Equatable {
    case seqlenTooShort(Int)
    case textTooShort(tokens: Int, seqlen: Int)
    case seqlenBeyondContext(seqlen: Int, context: Int)

    /// What is wrong and what to change.
    public var description: String {
        switch self {
        case .seqlenTooShort(let seqlen):
            return "seqlen=\(seqlen) is too short: a window needs at least 2 tokens"
        case .textTooShort(let tokens, let seqlen):
            return "the text has \(tokens) tokens, fewer than one window of seqlen=\(seqlen); use a smaller seqlen"
        case .seqlenBeyondContext(let seqlen, let context):
            return "seqlen=\(seqlen) exceeds the model's context of \(context) tokens"
        }
    }
}
