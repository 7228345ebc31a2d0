/// The BPE merge rules as an open-addressing hash table: (left id, right id) → (rank, merged id).
///
/// A `Dictionary<UInt64, …>` costs a generic hash and probe per lookup, and BPE does several lookups
/// per byte of every new word, so this table uses a multiplicative hash on the packed pair, linear
/// probing, and storage behind raw pointers (no reference counting on the hot path). Immutable after
/// building, so it is safe to read from many threads.
final class MergeTable: @unchecked Sendable {
    private let keys: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<UInt64>  // rank << 32 | merged id
    private let size: Int
    private let mask: Int
    private let shift: UInt64
    private static let empty = UInt64.max

    /// A table with room for `capacity` rules at a load factor of at most 1/2.
    init(capacity: Int) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 2 {
            size <<= 1
            bits += 1
        }
        keys = .allocate(capacity: size)
        keys.initialize(repeating: MergeTable.empty, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        self.size = size
        mask = size - 1
        shift = 64 - bits
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always)
    private static func pack(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Records a rule; a later rule for the same pair replaces it (HF collects merges into a map).
    func insert(left: Int32, right: Int32, rank: Int32, merged: Int32) {
        let key = MergeTable.pack(left, right)
        var index = slot(key)
        while keys[index] != MergeTable.empty && keys[index] != key {
            index = (index + 1) & mask
        }
        keys[index] = key
        values[index] = UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: merged))
    }

    /// The rank and merged id for a pair, or nil when no rule merges it.
    @inline(__always)
    func lookup(_ left: Int32, _ right: Int32) -> (rank: Int32, merged: Int32)? {
        let key = MergeTable.pack(left, right)
        var index = slot(key)
        while true {
            let stored = keys[index]
            if stored == key {
                let value = values[index]
                return (Int32(truncatingIfNeeded: value >> 32), Int32(truncatingIfNeeded: value))
            }
            if stored == MergeTable.empty { return nil }
            index = (index + 1) & mask
        }
    }

    /// The rank of a pair, or `Int32.max` when no rule merges it.
    @inline(__always)
    func rank(_ left: Int32, _ right: Int32) -> Int32 {
        lookup(left, right)?.rank ?? Int32.max
    }
}
