/// A MinHash signature in datasketch's "legacy" scheme (every datasketch release before 2.0, where
/// it is still `scheme="legacy"`): each shingle is hashed with `sha1_hash32`, and slot k keeps
/// min over shingles of `((a_k·h + b_k) mod 2⁶¹−1) & 0xFFFFFFFF`, with `a_k·h + b_k` wrapping in
/// 64 bits as numpy's uint64 arithmetic does and (a_k, b_k) drawn from `RandomState(seed)`.
public struct MinHash: Sendable, Equatable {
    /// The Mersenne prime 2⁶¹ − 1.
    public static let prime: UInt64 = (1 << 61) - 1
    /// The empty slot value (2³² − 1).
    public static let maxHash: UInt64 = (1 << 32) - 1

    /// The seed of the permutations.
    public let seed: UInt32
    /// Minimum permuted hash of each slot.
    public private(set) var hashValues: [UInt64]
    private let a: [UInt64]
    private let b: [UInt64]

    /// An empty signature with `permutations` slots (datasketch defaults: 128, seed 1).
    public init(permutations: Int = 128, seed: UInt32 = 1) {
        precondition(permutations >= 1, "MinHash needs at least one permutation")
        self.seed = seed
        (a, b) = Self.permutations(count: permutations, seed: seed)
        hashValues = Array(repeating: Self.maxHash, count: permutations)
    }

    /// A signature over every element of `shingles`.
    public init<S: Sequence>(_ shingles: S, permutations: Int = 128, seed: UInt32 = 1) where S.Element == String {
        self.init(permutations: permutations, seed: seed)
        for shingle in shingles { update(shingle) }
    }

    /// datasketch's `_init_permutations`: `RandomState(seed)`, then for each slot
    /// `a = randint(1, p, dtype=uint64)` and `b = randint(0, p, dtype=uint64)`.
    public static func permutations(count: Int, seed: UInt32) -> (a: [UInt64], b: [UInt64]) {
        var random = NumpyRandomState(seed: seed)
        var a: [UInt64] = []
        var b: [UInt64] = []
        for _ in 0..<count {
            a.append(random.randint(1, prime))
            b.append(random.randint(0, prime))
        }
        return (a, b)
    }

    /// Number of slots.
    public var permutations: Int { hashValues.count }

    /// Adds one shingle (its UTF-8 bytes).
    public mutating func update(_ shingle: String) { update(hash: SHA1.hash32(shingle.utf8)) }

    /// Adds one element by its 32-bit hash.
    public mutating func update(hash: UInt32) {
        let h = UInt64(hash)
        for k in hashValues.indices {
            let permuted = ((a[k] &* h &+ b[k]) % Self.prime) & Self.maxHash
            if permuted < hashValues[k] { hashValues[k] = permuted }
        }
    }

    /// The fraction of slots equal in both signatures: the Jaccard estimate.
    public func jaccard(_ other: MinHash) -> Double {
        precondition(
            permutations == other.permutations && seed == other.seed,
            "MinHash signatures need the same permutations and seed to be compared")
        var equal = 0
        for k in hashValues.indices where hashValues[k] == other.hashValues[k] { equal += 1 }
        return Double(equal) / Double(permutations)
    }

    /// The standard error of the estimate when the true similarity is `j`: √(j(1−j)/perm).
    public static func standardError(jaccard j: Double, permutations: Int) -> Double {
        (j * (1 - j) / Double(permutations)).squareRoot()
    }

    /// Equal when seed and slots are equal.
    public static func == (lhs: MinHash, rhs: MinHash) -> Bool {
        lhs.seed == rhs.seed && lhs.hashValues == rhs.hashValues
    }
}
