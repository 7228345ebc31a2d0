/// What tab completion offers for the word before the cursor.
public struct Completion: Equatable, Sendable {
    /// One way to complete the word.
    public struct Candidate: Equatable, Sendable {
        /// The text that replaces the word (from `start` to the cursor).
        public var text: String
        /// True when a space should follow (false after `key=` and `folder/`).
        public var appendsSpace: Bool

        /// A candidate replacing the word with `text`.
        public init(_ text: String, appendsSpace: Bool = true) {
            self.text = text
            self.appendsSpace = appendsSpace
        }
    }

    /// Where the word being completed starts (characters from the start of the line).
    public var start: Int
    /// The word typed so far (the line from `start` to the cursor).
    public var partial: String
    /// The candidates, in the order offered (objects, keys, choices, files), each starting with `partial`.
    public var candidates: [Candidate]

    /// Completion of `partial` at `start`.
    public init(start: Int, partial: String, candidates: [Candidate]) {
        self.start = start
        self.partial = partial
        self.candidates = candidates
    }

    /// What to insert: the only candidate (with its space), or the candidates' longest common prefix.
    public var insertion: String {
        if candidates.count == 1 {
            return candidates[0].text + (candidates[0].appendsSpace ? " " : "")
        }
        guard var prefix = candidates.first?.text else { return partial }
        for candidate in candidates.dropFirst() {
            while !candidate.text.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix.count > partial.count ? prefix : partial
    }
}
