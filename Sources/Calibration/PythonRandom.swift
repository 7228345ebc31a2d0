/// CPython's `random.Random` (MT19937 seeded by `init_by_array`), so calibration windows
/// drawn with `seed=` match the Wanda/SparseGPT Python code (`random.seed(seed)`, `randint`).
public struct PythonRandom: Sendable {
    private var twister: MersenneTwister

    /// Seeds like `random.seed(n)` for a non-negative integer `n`.
    public init(seed: UInt64) {
        var key: [UInt32] = []
        var rest = seed
        repeat {
            key.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        } while rest != 0
        twister = MersenneTwister(key: key)
    }

    /// The next raw 32-bit output (`genrand_uint32`).
    public mutating func nextUInt32() -> UInt32 { twister.next() }

    /// `getrandbits(k)` for 0 < k ≤ 64.
    public mutating func getrandbits(_ k: Int) -> UInt64 {
        precondition(k > 0 && k <= 64, "getrandbits takes 1...64 bits")
        if k <= 32 { return UInt64(nextUInt32() >> UInt32(32 - k)) }
        let low = UInt64(nextUInt32())
        let high = UInt64(nextUInt32() >> UInt32(64 - k))
        return (high << 32) | low
    }

    /// `_randbelow(n)`: uniform in [0, n) by rejection, as CPython does.
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0, "randbelow needs a positive bound")
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = Int(getrandbits(k))
        while r >= n { r = Int(getrandbits(k)) }
        return r
    }

    /// `randint(a, b)`: uniform in the closed range [a, b].
    public mutating func randint(_ a: Int, _ b: Int) -> Int { a + randbelow(b - a + 1) }

    /// `random()`: a double in [0, 1) with 53 random bits.
    public mutating func random() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }
}
