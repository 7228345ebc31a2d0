/// A span of a command line, in characters (grapheme clusters) from the start of the logical line.
public struct SourceRange: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The first character of the span.
    public var lowerBound: Int
    /// One past the last character of the span (equal to `lowerBound` for a point).
    public var upperBound: Int

    /// A span from `lowerBound` up to, not including, `upperBound`.
    public init(_ lowerBound: Int, _ upperBound: Int) {
        precondition(lowerBound <= upperBound, "a source range cannot end before it starts")
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// A zero-width range at `offset` (points at a place, e.g. the end of the line).
    public static func point(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// The number of characters covered.
    public var length: Int { upperBound - lowerBound }

    /// `3..<7`, for debugging.
    public var description: String { "\(lowerBound)..<\(upperBound)" }
}
