import Tensor

/// Deterministic SplitMix64 generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` floats uniform in [-scale, scale).
func randomFloats(_ count: Int, scale: Float = 1, rng: inout SplitMix64) -> [Float] {
    (0..<count).map { _ in Float.random(in: -scale..<scale, using: &rng) }
}

/// Largest absolute elementwise difference.
func maxAbsDiff(_ x: [Float], _ y: [Float]) -> Float {
    precondition(x.count == y.count)
    var worst: Float = 0
    for i in 0..<x.count { worst = max(worst, abs(x[i] - y[i])) }
    return worst
}
