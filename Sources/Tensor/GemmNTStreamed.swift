// C = A·Bᵀ with B a PyTorch weight (out, in): B is never packed. Aᵀ is packed in chunks of 64 rows of A (64 SIMD
// lanes); each B element is broadcast straight from its weight row and multiplies a whole chunk of rows of A. No
// horizontal sums, no B packing; B streams from L3 once per chunk, in blocks of rows that stay in L3.

/// Rows of A per packed Aᵀ chunk (four SIMD16 vectors).
private let chunkRows = 64

/// Chunks of A packed per pass (2048 rows).
private let chunksPerPass = 32

/// Bytes of B per n-block, so that the block is re-read from L3 by every chunk of A.
private let bBlockBytes = 4 << 20

@inline(__always)
private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

/// C[m×n] (+)= A[m×k]·B[n×k]ᵀ, any m, n, k ≥ 1 (best from m ≈ 12 up; each chunk of A is padded to 16 rows).
func gemmNTStreamed(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool
) {
    // At most `chunksPerPass` chunks of A are packed at a time, which bounds the scratch memory.
    var i0 = 0
    while i0 < m {
        let rows = min(m - i0, chunksPerPass * chunkRows)
        streamPass(
            a + i0 * lda, b, c + i0 * ldc, m: rows, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
        i0 += rows
    }
}

/// One pass of `gemmNTStreamed` over at most `chunksPerPass` chunks of rows of A.
private func streamPass(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool
) {
    let chunks = ceilDiv(m, chunkRows)
    let threads = TensorThreads.count
    ScratchPool.shared.withBuffer(chunks * k * chunkRows) { packed in
        parallelDynamic(chunks) { chunk in
            let i0 = chunk * chunkRows
            let rows = min(chunkRows, m - i0)
            packTransposed(
                a + i0 * lda, lda: lda, m: rows, k: k, width: ceilDiv(rows, 16) * 16,
                into: packed + chunk * k * chunkRows)
        }
        // 24 is a multiple of both group heights (6 and 8).
        let nBlock = max(24, bBlockBytes / (4 * k) / 24 * 24)
        var j0 = 0
        while j0 < n {
            let nHere = min(nBlock, n - j0)
            // Per chunk of A: a few runs of B-row groups per thread, handed out dynamically, chunk-major so the
            // threads share the same Aᵀ chunk at a time.
            let parts = min(ceilDiv(nHere, 8), 4 * threads)
            parallelDynamic(chunks * parts) { unit in
                let chunk = unit / parts
                let part = unit % parts
                let i0 = chunk * chunkRows
                let rows = min(chunkRows, m - i0)
                let vectors = ceilDiv(rows, 16)
                let groupHeight = vectors == 4 ? 6 : 8
                let groups = ceilDiv(nHere, groupHeight)
                let first = groups * part / parts
                let end = groups * (part + 1) / parts
                if first == end { return }
                streamGroups(
                    packed: UnsafePointer(packed + chunk * k * chunkRows), vectors: vectors, rows: rows,
                    b: b + j0 * ldb, ldb: ldb, n: nHere, k: k, groupHeight: groupHeight, groups: first..<end,
                    c: c + i0 * ldc + j0, ldc: ldc, accumulate: accumulate)
            }
            j0 += nHere
        }
    }
}

/// Runs the kernel over B-row groups `groups` (of `groupHeight` rows; B has `n` rows here) against one packed Aᵀ
/// chunk of `rows` rows, and writes the transposed tiles into C.
private func streamGroups(
    packed: UnsafePointer<Float>, vectors: Int, rows: Int, b: UnsafePointer<Float>, ldb: Int, n: Int, k: Int,
    groupHeight: Int, groups: Range<Int>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    let width = vectors * 16
    withUnsafeTemporaryAllocation(of: Float.self, capacity: groupHeight * width + groupHeight * k) { scratch in
        guard let tile = scratch.baseAddress else { return }
        for group in groups {
            let j0 = group * groupHeight
            let valid = min(groupHeight, n - j0)
            var rowsOfB = b + j0 * ldb
            var strideOfB = ldb
            if valid < groupHeight {
                // Last, partial group: a zero-padded copy, so the kernel reads only real memory.
                let copy = tile + groupHeight * width
                for r in 0..<groupHeight {
                    if r < valid {
                        (copy + r * k).update(from: b + (j0 + r) * ldb, count: k)
                    } else {
                        (copy + r * k).update(repeating: 0, count: k)
                    }
                }
                rowsOfB = UnsafePointer(copy)
                strideOfB = k
            }
            switch vectors {
            case 1: streamedKernel8x16(k, rowsOfB, strideOfB, packed, tile)
            case 2: streamedKernel8x32(k, rowsOfB, strideOfB, packed, tile)
            case 3: streamedKernel8x48(k, rowsOfB, strideOfB, packed, tile)
            default: streamedKernel6x64(k, rowsOfB, strideOfB, packed, tile)
            }
            // The tile holds Cᵀ: tile[r * width + i] = C[i, j0 + r].
            for i in 0..<rows {
                let out = c + i * ldc + j0
                if accumulate {
                    for r in 0..<valid { out[r] += tile[r * width + i] }
                } else {
                    for r in 0..<valid { out[r] = tile[r * width + i] }
                }
            }
        }
    }
}

/// Packs Aᵀ: `dst[p * width + i] = a[i * lda + p]` for i < m, zero for m ≤ i < width.
private func packTransposed(
    _ a: UnsafePointer<Float>, lda: Int, m: Int, k: Int, width: Int, into dst: UnsafeMutablePointer<Float>
) {
    var i0 = 0
    while i0 + 16 <= m {
        var p = 0
        while p + 16 <= k {
            transpose16x16(a + i0 * lda + p, lda, dst + p * width + i0, width)
            p += 16
        }
        for i in i0..<(i0 + 16) {
            for q in p..<k { dst[q * width + i] = a[i * lda + q] }
        }
        i0 += 16
    }
    for i in i0..<m {
        for p in 0..<k { dst[p * width + i] = a[i * lda + p] }
    }
    if m < width {
        for p in 0..<k {
            for i in m..<width { dst[p * width + i] = 0 }
        }
    }
}
