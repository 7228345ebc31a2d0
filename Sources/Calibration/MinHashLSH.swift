import Foundation

/// Locality-sensitive hashing over MinHash signatures (datasketch's `MinHashLSH`): the slots are cut
/// into `bands` bands of `rows` slots; two documents are candidates when any band is identical.
public struct MinHashLSH: Sendable {
    /// Number of bands.
    public let bands: Int
    /// Slots per band.
    public let rows: Int
    /// Slots of the signatures indexed.
    public let permutations: Int
    private var tables: [[[UInt64]: [Int]]]
    private var signatures: [MinHash] = []

    /// An index tuned for Jaccard `threshold` as datasketch tunes it (bands × rows minimising
    /// 0.5·false positives + 0.5·false negatives by default).
    public init(
        threshold: Double, permutations: Int = 128, falsePositiveWeight: Double = 0.5,
        falseNegativeWeight: Double = 0.5
    ) throws {
        guard threshold >= 0, threshold <= 1 else {
            throw CalibrationError.invalidOption(name: "threshold", value: "\(threshold)", expected: "in [0, 1]")
        }
        guard permutations >= 2 else {
            throw CalibrationError.invalidOption(name: "perm", value: "\(permutations)", expected: "at least 2")
        }
        let (b, r) = Self.optimalParameters(
            threshold: threshold, permutations: permutations, falsePositiveWeight: falsePositiveWeight,
            falseNegativeWeight: falseNegativeWeight)
        self.bands = b
        self.rows = r
        self.permutations = permutations
        tables = Array(repeating: [:], count: b)
    }

    /// datasketch's `_optimal_param`: over every b and r with b·r ≤ perm, the first minimum of the weighted
    /// integrals of 1−(1−sʳ)ᵇ over [0, t] (false positives) and (1−sʳ)ᵇ over [t, 1] (false negatives).
    public static func optimalParameters(
        threshold: Double, permutations: Int, falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5
    ) -> (bands: Int, rows: Int) {
        var best = Double.infinity
        var optimum = (bands: 0, rows: 0)
        for b in 1...permutations {
            for r in 1...(permutations / b) {
                let fb = Double(b)
                let fr = Double(r)
                let falsePositive = integrate(from: 0, to: threshold) { s in 1 - pow(1 - pow(s, fr), fb) }
                let falseNegative = integrate(from: threshold, to: 1) { s in pow(1 - pow(s, fr), fb) }
                let error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight
                if error < best {
                    best = error
                    optimum = (b, r)
                }
            }
        }
        return optimum
    }

    /// Adds a signature; returns its key (the insertion index).
    @discardableResult
    public mutating func insert(_ signature: MinHash) -> Int {
        precondition(signature.permutations == permutations, "signature has \(signature.permutations) slots")
        let key = signatures.count
        signatures.append(signature)
        for band in 0..<bands {
            let slice = Array(signature.hashValues[(band * rows)..<((band + 1) * rows)])
            tables[band][slice, default: []].append(key)
        }
        return key
    }

    /// Keys of the indexed signatures that share at least one band with `signature`, ascending.
    public func query(_ signature: MinHash) -> [Int] {
        var found = Set<Int>()
        for band in 0..<bands {
            let slice = Array(signature.hashValues[(band * rows)..<((band + 1) * rows)])
            if let keys = tables[band][slice] { found.formUnion(keys) }
        }
        return found.sorted()
    }

    /// Every pair of indexed keys that share a band (candidate near-duplicates), `(i, j)` with i < j, sorted.
    public func candidatePairs() -> [(Int, Int)] {
        var pairs = Set<Int>()
        let n = signatures.count
        for table in tables {
            for keys in table.values where keys.count > 1 {
                for x in 0..<keys.count {
                    for y in (x + 1)..<keys.count { pairs.insert(min(keys[x], keys[y]) * n + max(keys[x], keys[y])) }
                }
            }
        }
        return pairs.sorted().map { ($0 / n, $0 % n) }
    }
}

/// ∫ f over [a, b] by adaptive Gauss–Kronrod (7/15 points), accurate to ~1e-12 for these smooth polynomials.
func integrate(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
    guard b > a else { return 0 }
    return adaptiveKronrod(f, a, b, depth: 0)
}

private let kronrodNodes: [Double] = [
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
    0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0,
]
private let kronrodWeights: [Double] = [
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
    0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
]
private let gaussWeights: [Double] = [
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
    0.417959183673469387755102040816327,
]

private func adaptiveKronrod(_ f: (Double) -> Double, _ a: Double, _ b: Double, depth: Int) -> Double {
    let center = (a + b) / 2
    let half = (b - a) / 2
    var kronrod = kronrodWeights[7] * f(center)
    var gauss = gaussWeights[3] * f(center)
    for i in 0..<7 {
        let dx = half * kronrodNodes[i]
        let sum = f(center - dx) + f(center + dx)
        kronrod += kronrodWeights[i] * sum
        if i % 2 == 1 { gauss += gaussWeights[i / 2] * sum }
    }
    kronrod *= half
    gauss *= half
    if abs(kronrod - gauss) <= 1e-13 || depth >= 30 { return kronrod }
    return adaptiveKronrod(f, a, center, depth: depth + 1) + adaptiveKronrod(f, center, b, depth: depth + 1)
}
