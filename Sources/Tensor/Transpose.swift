/// B[cols×rows] = A[rows×cols]ᵀ, with leading dimensions `lda ≥ cols`, `ldb ≥ rows`; blocked for the caches.
public func transpose(
    _ a: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, rows: Int, cols: Int, lda: Int, ldb: Int
) {
    precondition(lda >= cols && ldb >= rows, "transpose: leading dimension too small (lda=\(lda) ldb=\(ldb))")
    let tile = 32
    parallelChunks(rows, granule: tile) { rowRange in
        var i0 = rowRange.lowerBound
        while i0 < rowRange.upperBound {
            let i1 = min(i0 + tile, rowRange.upperBound)
            var j0 = 0
            while j0 < cols {
                let j1 = min(j0 + tile, cols)
                for i in i0..<i1 {
                    for j in j0..<j1 { b[j * ldb + i] = a[i * lda + j] }
                }
                j0 = j1
            }
            i0 = i1
        }
    }
}
