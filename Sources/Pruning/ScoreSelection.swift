import Tensor

// Selecting the lowest scores of a row the way `torch.sort(stable=True)` orders them: ascending by value,
// ties broken by column index. Scores and indices are packed into one UInt64 key (value bits high, index low),
// so every key is unique and a plain selection or sort of the keys gives exactly the stable order.

/// A UInt32 whose unsigned order is the order of `x` (-0 and +0 equal, NaN above +infinity, as torch sorts).
@inline(__always)
func orderedBits(_ x: Float) -> UInt32 {
    if x.isNaN { return UInt32.max }
    let bits = (x == 0 ? Float(0) : x).bitPattern
    return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
}

/// The sort key of score `x` at column `index`.
@inline(__always)
func scoreKey(_ x: Float, _ index: Int) -> UInt64 {
    UInt64(orderedBits(x)) << 32 | UInt64(UInt32(truncatingIfNeeded: index))
}

/// Sorts `keys[0..<count]` ascending.
@inline(__always)
func sortKeys(_ keys: UnsafeMutablePointer<UInt64>?, count: Int) {
    guard let keys, count > 1 else { return }
    var buffer = UnsafeMutableBufferPointer(start: keys, count: count)
    buffer.sort()
}

/// Reorders `keys[0..<count]` so that its first `k` entries are the `k` smallest (in no particular order).
/// Quickselect with a median-of-three pivot; falls back to a full sort if the partitions keep coming out lopsided.
func selectSmallest(_ keys: UnsafeMutablePointer<UInt64>, count: Int, k: Int) {
    if k <= 0 || k >= count { return }
    var lo = 0
    var hi = count - 1
    var budget = 2 * (Int.bitWidth - count.leadingZeroBitCount) + 8
    while hi > lo {
        if budget == 0 {
            sortKeys(keys + lo, count: hi - lo + 1)
            return
        }
        budget -= 1
        let mid = lo + (hi - lo) / 2
        if keys[mid] < keys[lo] { swap(&keys[mid], &keys[lo]) }
        if keys[hi] < keys[lo] { swap(&keys[hi], &keys[lo]) }
        if keys[hi] < keys[mid] { swap(&keys[hi], &keys[mid]) }
        let pivot = keys[mid]
        var i = lo
        var j = hi
        while i <= j {
            while keys[i] < pivot { i += 1 }
            while keys[j] > pivot { j -= 1 }
            if i <= j {
                if i != j { swap(&keys[i], &keys[j]) }
                i += 1
                j -= 1
            }
        }
        // Now keys[lo...j] <= pivot <= keys[i...hi], and everything strictly between j and i equals the pivot.
        if k - 1 <= j {
            hi = j
        } else if k - 1 >= i {
            lo = i
        } else {
            return
        }
    }
}

/// Sets `pruned[c] = 1` for the `k` lowest `scores[0..<count]` in stable order. `scratch` holds `count` keys.
func markSmallest(
    _ scores: UnsafePointer<Float>, count: Int, k: Int, pruned: UnsafeMutablePointer<UInt8>,
    scratch: UnsafeMutablePointer<UInt64>
) {
    if k <= 0 { return }
    if k >= count {
        pruned.update(repeating: 1, count: count)
        return
    }
    for c in 0..<count { scratch[c] = scoreKey(scores[c], c) }
    selectSmallest(scratch, count: count, k: k)
    for i in 0..<k { pruned[Int(scratch[i] & 0xFFFF_FFFF)] = 1 }
}

/// Sets `pruned` for the `n` lowest scores of every aligned group of `m` columns (stable: lower column first on ties),
/// like `topk(largest=False)` per group.
func markNOfM(_ scores: UnsafePointer<Float>, count: Int, n: Int, m: Int, pruned: UnsafeMutablePointer<UInt8>) {
    precondition(m > 0 && count % m == 0 && n >= 0 && n <= m, "markNOfM: bad group \(n):\(m) for \(count) columns")
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: m) { keys in
        var g = 0
        while g < count {
            for i in 0..<m { keys[i] = scoreKey(scores[g + i], i) }
            sortKeys(keys.baseAddress, count: m)
            for i in 0..<n { pruned[g + Int(keys[i] & 0xFFFF_FFFF)] = 1 }
            g += m
        }
    }
}

/// Writes into `order` the columns of `scores[0..<count]` in stable ascending order (`torch.sort(stable=True)`).
func stableOrder(
    _ scores: UnsafePointer<Float>, count: Int, order: UnsafeMutablePointer<Int32>,
    scratch: UnsafeMutablePointer<UInt64>
) {
    for c in 0..<count { scratch[c] = scoreKey(scores[c], c) }
    sortKeys(scratch, count: count)
    for i in 0..<count { order[i] = Int32(truncatingIfNeeded: scratch[i] & 0xFFFF_FFFF) }
}

/// The value at position `k` of `values[0..<count]` sorted ascending (`sort(values)[k]`).
func kthSmallestValue(_ values: UnsafePointer<Float>, count: Int, k: Int) -> Float {
    precondition(k >= 0 && k < count, "kthSmallestValue: k=\(k) outside 0..<\(count)")
    let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
    defer { keys.deallocate() }
    for i in 0..<count { keys[i] = scoreKey(values[i], i) }
    selectSmallest(keys, count: count, k: k + 1)
    var largest: UInt64 = 0
    for i in 0...k where keys[i] > largest { largest = keys[i] }
    return values[Int(largest & 0xFFFF_FFFF)]
}

/// The number of weights a comparison group of `size` loses at `ratio`: `int(size · ratio)`, as the anchors compute it.
@inline(__always)
func prunedCount(of size: Int, ratio: Double) -> Int { Int(Double(size) * ratio) }

/// The mask that prunes the lowest `scores` (`(rows, cols)` row-major) of every row: `int(cols · ratio)` of them in
/// stable order for an unstructured pattern, the `n` lowest of every aligned group of `m` for N:M.
func maskLowestPerRow(_ scores: UnsafePointer<Float>, rows: Int, cols: Int, pattern: SparsityPattern) -> LinearMask {
    let pruned = UnsafeMutablePointer<UInt8>.allocate(capacity: max(rows * cols, 1))
    defer { pruned.deallocate() }
    pruned.initialize(repeating: 0, count: rows * cols)
    switch pattern {
    case .unstructured(let ratio):
        let k = prunedCount(of: cols, ratio: ratio)
        parallelChunks(rows) { range in
            let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(cols, 1))
            defer { scratch.deallocate() }
            for r in range {
                markSmallest(scores + r * cols, count: cols, k: k, pruned: pruned + r * cols, scratch: scratch)
            }
        }
    case .nOfM(let n, let m):
        parallelChunks(rows) { range in
            for r in range { markNOfM(scores + r * cols, count: cols, n: n, m: m, pruned: pruned + r * cols) }
        }
    }
    return LinearMask(rows: rows, cols: cols, pruned: pruned)
}
