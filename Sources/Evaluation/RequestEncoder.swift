import Tokenizer

/// Tokenizes (context, continuation) pairs exactly as lm-evaluation-harness's `TemplateLM` does for
/// causal models: trailing whitespace of the context moves to the continuation, `context + continuation`
/// is encoded whole and split at the length of the encoded context; no BOS is added.
public struct RequestEncoder: Sendable {
    /// The tokenizer.
    public let tokenizer: BPETokenizer
    /// The token standing in for an empty context (lm-eval's `prefix_token_id`: end-of-text, else BOS).
    public let prefixToken: Int32?

    /// An encoder over `tokenizer`.
    public init(tokenizer: BPETokenizer) {
        self.tokenizer = tokenizer
        self.prefixToken = tokenizer.eosID ?? tokenizer.bosID
    }

    /// Token ids of `text` without BOS (the harness passes `add_special_tokens=False` for causal models).
    public func tokens(_ text: String) -> [Int32] {
        let ids = tokenizer.encode(text)
        if tokenizer.addBOS, let bos = tokenizer.bosID, ids.first == bos { return Array(ids.dropFirst()) }
        return ids
    }

    /// `(context tokens, continuation tokens)` of one request (`_encode_pair`); either may be empty
    /// when the text tokenizes to nothing.
    public func encodePair(context: String, continuation: String) -> (context: [Int32], continuation: [Int32]) {
        if context.isEmpty {
            return (prefixToken.map { [$0] } ?? [], tokens(continuation))
        }
        let (head, tail) = Self.splitTrailingWhitespace(context)
        let whole = tokens(head + tail + continuation)
        let contextTokens = tokens(head)
        return (contextTokens, Array(whole.dropFirst(contextTokens.count)))
    }

    /// The context without its trailing whitespace (as Python's `str.rstrip()`), and that whitespace.
    public static func splitTrailingWhitespace(_ text: String) -> (String, String) {
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let previous = scalars.index(before: end)
            guard isPythonWhitespace(scalars[previous]) else { break }
            end = previous
        }
        return (String(scalars[..<end]), String(scalars[end...]))
    }

    /// `str.isspace()` for one code point: Unicode White_Space plus the separators U+001C–U+001F.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        (0x1C...0x1F).contains(scalar.value) || scalar.properties.isWhitespace
    }
}
