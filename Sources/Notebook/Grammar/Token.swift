/// One lexical element of a command line.
public struct Token: Equatable, Sendable {
    /// What sort of token this is.
    public enum Kind: Equatable, Sendable {
        /// A run of characters without spaces, `=` or an opening quote: names, numbers, paths, `2:4`, lists.
        case word
        /// A quoted string; `text` holds it with quotes removed and escapes resolved.
        case quoted
        /// A lone `=`: assignment (`name = verb`) or the glue of `key=value`.
        case equals
    }

    /// What sort of token this is.
    public var kind: Kind
    /// The token's text (for quoted strings: without quotes, escapes resolved).
    public var text: String
    /// Where the token is on the logical line, quotes included.
    public var range: SourceRange

    /// A token of `kind` with `text` covering `range`.
    public init(_ kind: Kind, _ text: String, _ range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// True when `other` starts exactly where this token ends (no space between them).
    public func touches(_ other: Token) -> Bool { range.upperBound == other.range.lowerBound }
}
