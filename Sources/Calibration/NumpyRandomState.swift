/// numpy's legacy `np.random.RandomState(seed)` for an integer seed: MT19937 seeded by `init_genrand`,
/// with the masked-rejection `randint` numpy keeps for the legacy API (datasketch draws its MinHash
/// permutations with it).
public struct NumpyRandomState: Sendable {
    private var twister: MersenneTwister

    /// `RandomState(seed)` for 0 ≤ seed < 2³².
    public init(seed: UInt32) { twister = MersenneTwister(seed: seed) }

    /// The next 32 random bits.
    public mutating func nextUInt32() -> UInt32 { twister.next() }

    /// The next 64 random bits: the first 32-bit draw is the high half (`mt19937_next64`).
    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(twister.next())
        return high << 32 | UInt64(twister.next())
    }

    /// `randint(low, high, dtype=np.uint64)`: uniform in [low, high) by masked rejection; ranges that
    /// fit 32 bits draw 32-bit words, as numpy does.
    public mutating func randint(_ low: UInt64, _ high: UInt64) -> UInt64 {
        precondition(high > low, "randint needs low < high")
        let range = high - low - 1
        if range == 0 { return low }
        let mask = UInt64.max >> range.leadingZeroBitCount
        if range <= 0xFFFF_FFFF {
            if range == 0xFFFF_FFFF { return low + UInt64(nextUInt32()) }
            var value = UInt64(nextUInt32()) & mask
            while value > range { value = UInt64(nextUInt32()) & mask }
            return low + value
        }
        var value = nextUInt64() & mask
        while value > range { value = nextUInt64() & mask }
        return low + value
    }
}
