/// The MT19937 generator shared by CPython's `random` and numpy's legacy `RandomState`; they differ
/// only in how they seed it.
struct MersenneTwister: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `init_genrand(s)`: numpy's `mt19937_seed` for a 32-bit integer seed.
    init(seed s: UInt32) {
        state[0] = s
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    /// `init_by_array(key)`: CPython's seeding of `random.seed(n)` with the 32-bit words of n.
    init(key: [UInt32]) {
        self.init(seed: 19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(624, key.count) {
            let prev = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (prev &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 {
                state[0] = state[623]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            let prev = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (prev &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 {
                state[0] = state[623]
                i = 1
            }
        }
        state[0] = 0x8000_0000
        index = 624
    }

    /// The next tempered 32-bit output (`genrand_uint32`).
    mutating func next() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            var next = state[(k + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_B0DF }
            state[k] = next
        }
        index = 0
    }
}
