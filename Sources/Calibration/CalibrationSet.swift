/// A calibration set: token sequences (one per sample, possibly of different lengths) with provenance.
public struct CalibrationSet: Sendable, Equatable {
    /// The token ids of each sample, in order.
    public let sequences: [[Int32]]
    /// How the set was made.
    public let provenance: CalibrationProvenance

    /// A set of `sequences` made as `provenance` says.
    public init(sequences: [[Int32]], provenance: CalibrationProvenance) {
        self.sequences = sequences
        self.provenance = provenance
    }

    /// Number of samples.
    public var count: Int { sequences.count }

    /// Tokens over all samples.
    public var tokenCount: Int { sequences.reduce(0) { $0 + $1.count } }

    /// Length statistics and token distribution of the set.
    public var statistics: TokenStatistics { TokenStatistics(sequences) }

    /// The samples at `indices` (in the order given) under a new provenance.
    public func subset(_ indices: [Int], provenance: CalibrationProvenance) -> CalibrationSet {
        CalibrationSet(sequences: indices.map { sequences[$0] }, provenance: provenance)
    }

    /// Throws when a token id is negative or not below `vocabulary` (a set made with another tokenizer).
    public func validate(vocabulary: Int) throws {
        for (s, sequence) in sequences.enumerated() {
            for token in sequence where token < 0 || Int(token) >= vocabulary {
                throw CalibrationError.tokenOutOfVocabulary(sequence: s, token: token, vocabulary: vocabulary)
            }
        }
    }
}
