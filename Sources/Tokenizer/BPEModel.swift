import Foundation

/// The BPE model stage: raw bytes of one pre-token word → token ids, by applying merges in rank order.
///
/// Works on ids throughout: a word starts as one symbol per byte (the byte's byte-level token) and
/// the lowest-ranked mergeable adjacent pair (leftmost on ties) is merged until none is left, which is
/// exactly what HF tokenizers' priority-queue `Word::merge_all` does.
struct BPEModel {
    /// Token id of each single-byte token, or -1 when the vocabulary lacks it.
    let byteTokens: [Int32]
    /// (left, right) → (rank, merged).
    let merges: MergeTable
    /// Id for bytes without a token; nil drops them (HF BPE without `unk_token`).
    let unknownID: Int32?
    /// Whether consecutive unknown bytes become one unknown id (HF `fuse_unk`).
    let fuseUnknown: Bool
    /// With `ignore_merges`, a word that is itself a vocabulary entry is emitted as that entry.
    let wholeWords: [[UInt8]: Int32]?

    /// Words up to this many bytes merge on a stack buffer with a rank array; longer ones use the heap.
    static let heapThreshold = 256

    /// Appends the ids of `word` to `output`.
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        if let wholeWords, let id = wholeWords[Array(word)] {
            output.append(id)
            return
        }
        let count = word.count
        if count > BPEModel.heapThreshold {
            var symbols = initialSymbols(word)
            mergeWithHeap(&symbols)
            output.append(contentsOf: symbols)
            return
        }
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count + 1) { buffer in
            guard let symbols = buffer.baseAddress else { return }
            let length = writeInitialSymbols(word, to: symbols)
            let merged = mergeWithRanks(symbols, count: length, ranks: symbols + count)
            output.append(contentsOf: UnsafeBufferPointer(start: symbols, count: merged))
        }
    }

    /// One symbol per byte; missing bytes become the unknown id (consecutive ones fused if asked) or vanish.
    func initialSymbols(_ word: UnsafeBufferPointer<UInt8>) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: word.count) { buffer, initialized in
            initialized = buffer.baseAddress.map { writeInitialSymbols(word, to: $0) } ?? 0
        }
    }

    /// Writes the initial symbols of `word` to `symbols` (room for `word.count`) and returns how many.
    private func writeInitialSymbols(_ word: UnsafeBufferPointer<UInt8>, to symbols: UnsafeMutablePointer<Int32>) -> Int
    {
        var length = 0
        var previousWasUnknown = false
        for byte in word {
            let id = byteTokens[Int(byte)]
            if id >= 0 {
                symbols[length] = id
                length += 1
                previousWasUnknown = false
            } else if let unknownID {
                if !(fuseUnknown && previousWasUnknown) {
                    symbols[length] = unknownID
                    length += 1
                }
                previousWasUnknown = true
            }
        }
        return length
    }

    /// The production path for ordinary words: the same merges as `mergeByScanning`, but with each
    /// adjacent pair's rank kept in `ranks` (room for `count - 1`) so a merge only re-ranks its two
    /// neighbours. Works in place on `symbols[0..<count]` and returns the new count.
    func mergeWithRanks(_ symbols: UnsafeMutablePointer<Int32>, count: Int, ranks: UnsafeMutablePointer<Int32>) -> Int {
        var count = count
        if count < 2 { return count }
        for index in 0..<(count - 1) { ranks[index] = merges.rank(symbols[index], symbols[index + 1]) }
        while count > 1 {
            var best = Int32.max
            var at = -1
            for index in 0..<(count - 1) where ranks[index] < best {
                best = ranks[index]
                at = index
            }
            guard at >= 0, let (_, merged) = merges.lookup(symbols[at], symbols[at + 1]) else { break }
            symbols[at] = merged
            // Drop symbol at+1 and the rank of pair (at, at+1); pairs to the right shift down by one.
            if count - at - 2 > 0 { memmove(symbols + at + 1, symbols + at + 2, (count - at - 2) * 4) }
            if count - at - 3 > 0 { memmove(ranks + at + 1, ranks + at + 2, (count - at - 3) * 4) }
            count -= 1
            if at > 0 { ranks[at - 1] = merges.rank(symbols[at - 1], merged) }
            if at < count - 1 { ranks[at] = merges.rank(merged, symbols[at + 1]) }
        }
        return count
    }

    /// The reference algorithm: repeatedly merge the best pair, scanning all pairs each time. O(n²).
    func mergeByScanning(_ symbols: inout [Int32]) {
        while symbols.count > 1 {
            var bestRank = Int32.max
            var bestIndex = -1
            var bestMerged: Int32 = 0
            for index in 0..<(symbols.count - 1) {
                if let (rank, merged) = merges.lookup(symbols[index], symbols[index + 1]), rank < bestRank {
                    bestRank = rank
                    bestIndex = index
                    bestMerged = merged
                }
            }
            if bestIndex < 0 { return }
            symbols[bestIndex] = bestMerged
            symbols.remove(at: bestIndex + 1)
        }
    }

    /// The same merges with a linked list and a binary heap keyed by (rank, position). O(n log n).
    func mergeWithHeap(_ symbols: inout [Int32]) {
        let count = symbols.count
        if count < 2 { return }
        var ids = symbols
        var next = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = index + 1 < count ? Int32(index + 1) : -1 }
            initialized = count
        }
        var previous = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Int32(index - 1) }
            initialized = count
        }
        var heap = PairHeap()
        for index in 0..<(count - 1) {
            if let (rank, _) = merges.lookup(ids[index], ids[index + 1]) {
                heap.push(PairHeap.Entry(rank: rank, position: Int32(index), left: ids[index], right: ids[index + 1]))
            }
        }
        while let entry = heap.pop() {
            let position = Int(entry.position)
            // Stale entries: the left symbol was merged away or changed, or its right neighbour changed.
            guard ids[position] == entry.left, next[position] >= 0 else { continue }
            let right = Int(next[position])
            guard ids[right] == entry.right, let (_, merged) = merges.lookup(entry.left, entry.right) else { continue }
            ids[position] = merged
            ids[right] = -1
            next[position] = next[right]
            if next[right] >= 0 { previous[Int(next[right])] = Int32(position) }
            let before = Int(previous[position])
            if before >= 0, let (rank, _) = merges.lookup(ids[before], merged) {
                heap.push(PairHeap.Entry(rank: rank, position: Int32(before), left: ids[before], right: merged))
            }
            let after = Int(next[position])
            if after >= 0, let (rank, _) = merges.lookup(merged, ids[after]) {
                heap.push(PairHeap.Entry(rank: rank, position: Int32(position), left: merged, right: ids[after]))
            }
        }
        symbols.removeAll(keepingCapacity: true)
        var index = 0
        while index >= 0 {
            symbols.append(ids[index])
            index = Int(next[index])
        }
    }
}

/// A binary min-heap of candidate merges ordered by rank, then by position (leftmost first).
struct PairHeap {
    /// A candidate merge of the symbol at `position` (id `left`) with its right neighbour (id `right`).
    struct Entry {
        var rank: Int32
        var position: Int32
        var left: Int32
        var right: Int32

        @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            rank != other.rank ? rank < other.rank : position < other.position
        }
    }

    private var items = [Entry]()

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !items[child].precedes(items[parent]) { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            let count = items.count
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                var best = left
                if left + 1 < count && items[left + 1].precedes(items[left]) { best = left + 1 }
                if !items[best].precedes(items[parent]) { break }
                items.swapAt(best, parent)
                parent = best
            }
        }
        return top
    }
}
