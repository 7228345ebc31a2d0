/// Length and vocabulary statistics of a collection of token sequences.
public struct TokenStatistics: Sendable, Equatable {
    /// Number of sequences.
    public let sequences: Int
    /// Tokens over all sequences.
    public let tokens: Int
    /// Shortest sequence length (0 when there are no sequences).
    public let minLength: Int
    /// Longest sequence length.
    public let maxLength: Int
    /// Mean sequence length.
    public let meanLength: Double
    /// Number of distinct token ids used.
    public let distinctTokens: Int
    /// The most frequent token ids with their counts, most frequent first (ties by id), at most 10.
    public let topTokens: [(id: Int32, count: Int)]
    /// Every distinct token id, ascending (for overlap with another set).
    public let vocabulary: [Int32]

    /// Statistics of `sequences`.
    public init(_ sequences: [[Int32]]) {
        self.sequences = sequences.count
        var counts: [Int32: Int] = [:]
        var total = 0
        for sequence in sequences {
            total += sequence.count
            for token in sequence { counts[token, default: 0] += 1 }
        }
        tokens = total
        minLength = sequences.map(\.count).min() ?? 0
        maxLength = sequences.map(\.count).max() ?? 0
        meanLength = sequences.isEmpty ? 0 : Double(total) / Double(sequences.count)
        distinctTokens = counts.count
        topTokens = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(10).map { (id: $0.key, count: $0.value) }
        vocabulary = counts.keys.sorted()
    }

    /// Distinct tokens over tokens: how varied the text is.
    public var typeTokenRatio: Double { tokens == 0 ? 0 : Double(distinctTokens) / Double(tokens) }

    /// Jaccard similarity of the two sets of distinct token ids.
    public func vocabularyJaccard(_ other: TokenStatistics) -> Double {
        let a = Set(vocabulary)
        let b = Set(other.vocabulary)
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// Equal when every field is equal.
    public static func == (lhs: TokenStatistics, rhs: TokenStatistics) -> Bool {
        lhs.sequences == rhs.sequences && lhs.tokens == rhs.tokens && lhs.minLength == rhs.minLength
            && lhs.maxLength == rhs.maxLength && lhs.meanLength == rhs.meanLength
            && lhs.vocabulary == rhs.vocabulary
            && lhs.topTokens.map(\.id) == rhs.topTokens.map(\.id)
            && lhs.topTokens.map(\.count) == rhs.topTokens.map(\.count)
    }
}
