import Foundation

/// Memo of word bytes → token ids, so each distinct pre-token word is merged once.
///
/// Keys and values live in two flat arenas and slots in an open-addressing table, all behind raw
/// pointers, so a lookup hashes the word in place and neither allocates nor touches reference counts.
/// When full it is simply emptied (it is only a cache). Not thread-safe: the owner locks around it.
final class WordCache {
    private struct Entry {
        var hash: UInt64
        var keyStart: Int32
        var keyCount: Int32
        var valueStart: Int32
        var valueCount: Int32
    }

    private let maxEntries: Int
    private let maxKeyBytes: Int
    private let maxValues: Int
    private let slotCount: Int
    private let slots: UnsafeMutablePointer<Int32>
    private let entries: UnsafeMutablePointer<Entry>
    private let keys: UnsafeMutablePointer<UInt8>
    private let values: UnsafeMutablePointer<Int32>
    private(set) var count = 0
    private var keyBytes = 0
    private var valueCount = 0

    /// A cache of at most `maxEntries` words and `maxKeyBytes` key bytes (values get as many slots).
    init(maxEntries: Int = 1 << 16, maxKeyBytes: Int = 4 << 20) {
        var size = 16
        while size < maxEntries * 2 { size <<= 1 }
        self.maxEntries = maxEntries
        self.maxKeyBytes = maxKeyBytes
        self.maxValues = maxKeyBytes
        slotCount = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        entries = .allocate(capacity: maxEntries)
        keys = .allocate(capacity: maxKeyBytes)
        values = .allocate(capacity: maxKeyBytes)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        keys.deallocate()
        values.deallocate()
    }

    /// A 64-bit hash of the word, eight bytes at a time.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(word.count)
        guard let base = word.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= word.count {
            let chunk = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ chunk) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < word.count {
            tail |= UInt64(word[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 31)
    }

    /// The slot holding `word`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, entry: Int32) {
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entryIndex = slots[slot]
            if entryIndex < 0 { return (slot, -1) }
            let entry = entries[Int(entryIndex)]
            if entry.hash == hash && Int(entry.keyCount) == word.count && sameBytes(entry, word) {
                return (slot, entryIndex)
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func sameBytes(_ entry: Entry, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = word.baseAddress else { return true }
        return memcmp(keys + Int(entry.keyStart), base, word.count) == 0
    }

    /// Appends the cached ids for `word` to `output` and returns true, or returns false on a miss.
    func lookup(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, into output: inout [Int32]) -> Bool {
        let found = find(word, hash: hash).entry
        if found < 0 { return false }
        let entry = entries[Int(found)]
        output.append(
            contentsOf: UnsafeBufferPointer(start: values + Int(entry.valueStart), count: Int(entry.valueCount)))
        return true
    }

    /// Remembers the ids of `word` (emptying the cache first when it is full; oversized words are not kept).
    func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, ids: UnsafeBufferPointer<Int32>) {
        if word.count > maxKeyBytes / 4 || ids.count > maxValues / 4 { return }
        if count >= maxEntries || keyBytes + word.count > maxKeyBytes || valueCount + ids.count > maxValues {
            slots.update(repeating: -1, count: slotCount)
            count = 0
            keyBytes = 0
            valueCount = 0
        }
        let (slot, existing) = find(word, hash: hash)
        if existing >= 0 { return }
        slots[slot] = Int32(count)
        (entries + count).initialize(
            to: Entry(
                hash: hash, keyStart: Int32(keyBytes), keyCount: Int32(word.count), valueStart: Int32(valueCount),
                valueCount: Int32(ids.count)))
        if let base = word.baseAddress { (keys + keyBytes).initialize(from: base, count: word.count) }
        if let base = ids.baseAddress { (values + valueCount).initialize(from: base, count: ids.count) }
        count += 1
        keyBytes += word.count
        valueCount += ids.count
    }
}
