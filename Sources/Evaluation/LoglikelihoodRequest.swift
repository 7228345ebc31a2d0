/// One loglikelihood request tokenized the harness's way: score `continuation` after `context`.
public struct LoglikelihoodRequest: Sendable, Equatable, Hashable {
    /// Context tokens (never empty: an empty context is the model's end-of-text token).
    public let context: [Int32]
    /// Continuation tokens whose log-probabilities are summed (never empty).
    public let continuation: [Int32]

    /// A request from already tokenized parts.
    public init(context: [Int32], continuation: [Int32]) {
        precondition(!context.isEmpty && !continuation.isEmpty, "a request needs context and continuation tokens")
        self.context = context
        self.continuation = continuation
    }

    /// The model input for a context of at most `maxLength` tokens: `(context + continuation)`, keeping
    /// the last `maxLength + 1` tokens, without the last one (lm-eval's left truncation).
    public func input(maxLength: Int) -> [Int32] {
        let whole = context + continuation
        return Array(whole.suffix(maxLength + 1).dropLast())
    }
}
