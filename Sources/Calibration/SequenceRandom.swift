/// A sample's own random stream (SplitMix64), derived from the seed and the sample's index, so
/// what a sample draws does not depend on which other samples share its batch.
public struct SequenceRandom: Sendable {
    private var state: UInt64

    /// The stream of sample `index` under `seed`.
    public init(seed: UInt64, index: Int) {
        state = seed
        state = mix(next: &state) ^ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { mix(next: &state) }

    /// A double uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// One SplitMix64 step: advance `state` and return its mixed output.
private func mix(next state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
