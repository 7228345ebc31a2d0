/// How alike two corpora are: exact Jaccard of their word 3-gram sets and the MinHash estimate.
public struct SimilarityReport: Sendable, Equatable {
    /// Name of the first corpus.
    public let a: String
    /// Name of the second corpus.
    public let b: String
    /// |A ∩ B| / |A ∪ B| over the 3-gram sets.
    public let exact: Double
    /// The MinHash estimate.
    public let estimate: Double
    /// MinHash slots.
    public let permutations: Int
    /// Distinct 3-grams of each corpus and shared by both.
    public let shinglesA: Int, shinglesB: Int, sharedShingles: Int

    /// Standard error of the estimate at the exact value: √(J(1−J)/perm).
    public var standardError: Double { MinHash.standardError(jaccard: exact, permutations: permutations) }

    /// Compares two profiles (same MinHash permutations).
    public init(_ x: ShingleProfile, _ y: ShingleProfile) {
        a = x.name
        b = y.name
        sharedShingles = intersectionCount(x.shingles, y.shingles)
        let union = x.shingles.count + y.shingles.count - sharedShingles
        exact = union == 0 ? 0 : Double(sharedShingles) / Double(union)
        estimate = x.signature.jaccard(y.signature)
        permutations = x.signature.permutations
        shinglesA = x.shingles.count
        shinglesB = y.shingles.count
    }
}

/// Pairwise similarity of several corpora, like the paper's calibration-vs-training-data table.
public struct SimilarityMatrix: Sendable {
    /// The corpora, in order.
    public let names: [String]
    /// Exact Jaccard, `exact[i][j]` (1 on the diagonal).
    public let exact: [[Double]]
    /// MinHash estimates, `estimate[i][j]`.
    public let estimate: [[Double]]

    /// The matrix over `profiles` (which must share MinHash permutations).
    public init(_ profiles: [ShingleProfile]) {
        names = profiles.map(\.name)
        var exact = Array(repeating: Array(repeating: 1.0, count: profiles.count), count: profiles.count)
        var estimate = exact
        for i in profiles.indices {
            for j in profiles.indices where j > i {
                let report = SimilarityReport(profiles[i], profiles[j])
                exact[i][j] = report.exact
                exact[j][i] = report.exact
                estimate[i][j] = report.estimate
                estimate[j][i] = report.estimate
            }
        }
        self.exact = exact
        self.estimate = estimate
    }

    /// Every unordered pair as a report row, in row-major order.
    public var pairs: [(a: String, b: String, exact: Double, estimate: Double)] {
        var out: [(a: String, b: String, exact: Double, estimate: Double)] = []
        for i in names.indices {
            for j in names.indices where j > i { out.append((names[i], names[j], exact[i][j], estimate[i][j])) }
        }
        return out
    }
}

/// Two documents of one corpus that LSH flags as near-duplicates, with their exact 3-gram Jaccard.
public struct NearDuplicate: Sendable, Equatable {
    /// Index of the first document.
    public let first: Int
    /// Index of the second document (> first).
    public let second: Int
    /// MinHash estimate of their similarity.
    public let estimate: Double
    /// Exact Jaccard of their 3-gram sets.
    public let exact: Double

    /// Near-duplicate pairs of `documents`: LSH candidates at `threshold` whose exact Jaccard is ≥ `threshold`.
    public static func find(
        in documents: [String], threshold: Double = 0.8, permutations: Int = 128, seed: UInt32 = 1,
        isCancelled: () -> Bool = { false }
    ) throws -> [NearDuplicate] {
        var index = try MinHashLSH(threshold: threshold, permutations: permutations)
        var sets: [Set<String>] = []
        var signatures: [MinHash] = []
        for (i, document) in documents.enumerated() {
            if i % 256 == 0, isCancelled() { throw CancellationError() }
            let shingles = WordShingles.shingles([document], size: 3)
            let signature = MinHash(shingles, permutations: permutations, seed: seed)
            sets.append(shingles)
            signatures.append(signature)
            index.insert(signature)
        }
        return index.candidatePairs().compactMap { i, j in
            let exact = jaccard(sets[i], sets[j])
            guard exact >= threshold else { return nil }
            return NearDuplicate(first: i, second: j, estimate: signatures[i].jaccard(signatures[j]), exact: exact)
        }
    }
}
