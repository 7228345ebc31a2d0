// Public GEMM entry points: row-major operands with leading dimensions, multi-threaded, Float32 accumulation.

/// Below this many rows, `matmulNT` uses dot products (decoding); from it on, the streamed kernel (`gemmNTStreamed`)
/// unless one of the packed-kernel conditions below holds.
public let matmulNTDotMaxRows = 12

/// `matmulNT` with at least 64 rows and k up to this (e.g. attention scores, k = head dim) packs B instead: the
/// streamed kernel's per-tile write-back is not amortised over so short a k.
public let matmulNTPackedMaxK = 192

/// From this many rows on, `matmulNT` packs B (prefill): packing is amortised and the packed kernel's C stores
/// are plain vector stores, a few percent faster than the streamed kernel's transposed write-back.
public let matmulNTPackedMinRows = 1024

/// Below this many rows, `matmulNN` / `matmulTN` multiply straight from unpacked B.
public let matmulDirectMaxRows = 4

/// C[m×n] (+)= A[m×k]·B[n×k]ᵀ — activations times a PyTorch-layout weight (out, in).
///
/// `lda ≥ k`, `ldb ≥ k`, `ldc ≥ n`; with `accumulate` the product is added to C, otherwise C is overwritten.
/// C must not overlap A or B. Multi-threaded over `TensorThreads.count` threads.
public func matmulNT(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool = false
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "matmulNT: negative size m=\(m) n=\(n) k=\(k)")
    precondition(
        lda >= k && ldb >= k && ldc >= n,
        "matmulNT: leading dimension too small (lda=\(lda) ldb=\(ldb) ldc=\(ldc) for k=\(k) n=\(n))")
    if m == 0 || n == 0 { return }
    if k == 0 {
        clearUnlessAccumulating(c, m: m, n: n, ldc: ldc, accumulate: accumulate)
        return
    }
    if m < matmulNTDotMaxRows {
        matmulNTDot(a, b, c, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
    } else if m >= matmulNTPackedMinRows || (m >= 64 && k <= matmulNTPackedMaxK) {
        gemmPacked(
            a: a, aLayout: .rowMajor, lda: lda, b: b, bLayout: .transposed, ldb: ldb,
            c: c, ldc: ldc, m: m, n: n, k: k, accumulate: accumulate)
    } else {
        gemmNTStreamed(a, b, c, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
    }
}

/// C[m×n] (+)= A[m×k]·B[k×n].
///
/// `lda ≥ k`, `ldb ≥ n`, `ldc ≥ n`; with `accumulate` the product is added to C, otherwise C is overwritten.
/// C must not overlap A or B. Multi-threaded over `TensorThreads.count` threads.
public func matmulNN(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool = false
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "matmulNN: negative size m=\(m) n=\(n) k=\(k)")
    precondition(
        lda >= k && ldb >= n && ldc >= n,
        "matmulNN: leading dimension too small (lda=\(lda) ldb=\(ldb) ldc=\(ldc) for k=\(k) n=\(n))")
    if m == 0 || n == 0 { return }
    if k == 0 {
        clearUnlessAccumulating(c, m: m, n: n, ldc: ldc, accumulate: accumulate)
        return
    }
    if m < matmulDirectMaxRows {
        gemmDirectKN(
            a, rowStride: lda, colStride: 1, b, ldb: ldb, c, ldc: ldc, m: m, n: n, k: k, accumulate: accumulate)
    } else {
        gemmPacked(
            a: a, aLayout: .rowMajor, lda: lda, b: b, bLayout: .rowMajor, ldb: ldb,
            c: c, ldc: ldc, m: m, n: n, k: k, accumulate: accumulate)
    }
}

/// C[m×n] (+)= A[k×m]ᵀ·B[k×n] — e.g. the Hessian XᵀX of a calibration batch.
///
/// `lda ≥ m`, `ldb ≥ n`, `ldc ≥ n`; with `accumulate` the product is added to C, otherwise C is overwritten.
/// C must not overlap A or B. Multi-threaded over `TensorThreads.count` threads.
public func matmulTN(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool = false
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "matmulTN: negative size m=\(m) n=\(n) k=\(k)")
    precondition(
        lda >= m && ldb >= n && ldc >= n,
        "matmulTN: leading dimension too small (lda=\(lda) ldb=\(ldb) ldc=\(ldc) for m=\(m) n=\(n))")
    if m == 0 || n == 0 { return }
    if k == 0 {
        clearUnlessAccumulating(c, m: m, n: n, ldc: ldc, accumulate: accumulate)
        return
    }
    if m < matmulDirectMaxRows {
        gemmDirectKN(
            a, rowStride: 1, colStride: lda, b, ldb: ldb, c, ldc: ldc, m: m, n: n, k: k, accumulate: accumulate)
    } else {
        gemmPacked(
            a: a, aLayout: .transposed, lda: lda, b: b, bLayout: .rowMajor, ldb: ldb,
            c: c, ldc: ldc, m: m, n: n, k: k, accumulate: accumulate)
    }
}

/// An empty sum: zero C unless the product is being accumulated into it.
private func clearUnlessAccumulating(_ c: UnsafeMutablePointer<Float>, m: Int, n: Int, ldc: Int, accumulate: Bool) {
    if accumulate { return }
    for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
}
