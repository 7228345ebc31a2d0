import Foundation

/// Memo of word bytes → token ids, so each distinct pre-token word is merged once.
///
/// Keys and values live in two flat arenas and slots in an open-addressing table, so a lookup hashes
/// the word in place and allocates nothing. When full it is simply emptied (it is only a cache).
struct WordCache {
    private struct Entry {
        var hash: UInt64
        var keyStart: Int32
        var keyCount: Int32
        var valueStart: Int32
        var valueCount: Int32
    }

    private var slots: [Int32]
    private var entries = [Entry]()
    private var keys = [UInt8]()
    private var values = [Int32]()
    private let maxEntries: Int
    private let maxBytes: Int

    /// A cache of at most `maxEntries` words and `maxBytes` key bytes.
    init(maxEntries: Int = 1 << 17, maxBytes: Int = 16 << 20) {
        var size = 16
        while size < maxEntries * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// Number of cached words.
    var count: Int { entries.count }

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

    /// Appends the cached ids for `word` to `output` and returns true, or returns false on a miss.
    func lookup(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, into output: inout [Int32]) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entryIndex = slots[slot]
            if entryIndex < 0 { return false }
            let entry = entries[Int(entryIndex)]
            if entry.hash == hash && Int(entry.keyCount) == word.count && matches(entry, word) {
                let start = Int(entry.valueStart)
                output.append(contentsOf: values[start..<(start + Int(entry.valueCount))])
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    private func matches(_ entry: Entry, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(entry.keyStart)
        return keys.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress, let wordBase = word.baseAddress else { return word.isEmpty }
            return memcmp(storedBase + start, wordBase, word.count) == 0
        }
    }

    /// Remembers the ids of `word` (emptying the cache first when it is full).
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, ids: ArraySlice<Int32>) {
        if entries.count >= maxEntries || keys.count + word.count > maxBytes {
            for index in slots.indices { slots[index] = -1 }
            entries.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let entry = entries[Int(slots[slot])]
            if entry.hash == hash && Int(entry.keyCount) == word.count && matches(entry, word) { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(entries.count)
        entries.append(
            Entry(
                hash: hash, keyStart: Int32(keys.count), keyCount: Int32(word.count), valueStart: Int32(values.count),
                valueCount: Int32(ids.count)))
        keys.append(contentsOf: word)
        values.append(contentsOf: ids)
    }
}
