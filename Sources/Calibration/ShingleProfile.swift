/// The word 3-gram set of a corpus (a text source or a calibration set) and its MinHash signature.
public struct ShingleProfile: Sendable {
    /// What the corpus is (an object name or a path).
    public let name: String
    /// Documents in the corpus.
    public let documents: Int
    /// Whitespace-split words over all documents.
    public let words: Int
    /// The distinct word 3-grams.
    public let shingles: Set<String>
    /// MinHash of `shingles`.
    public let signature: MinHash

    /// The profile of `documents` with `permutations` MinHash slots seeded by `seed` (datasketch: 128, 1).
    public init(name: String, documents: [String], permutations: Int = 128, seed: UInt32 = 1) {
        self.name = name
        self.documents = documents.count
        self.words = documents.reduce(0) { $0 + WordShingles.words($1).count }
        self.shingles = WordShingles.shingles(documents, size: 3)
        self.signature = MinHash(shingles, permutations: permutations, seed: seed)
    }
}
