// The kernels that consume a `Weight` in its encoding: activations times the weight's transpose, as `matmulNT`.

/// Rows of an encoded weight decoded per panel of the prefill path: about 4 MB of Float32 per panel (L2/L3 sized),
/// at least 64 rows.
func weightPanelRows(cols: Int) -> Int {
    max(64, (1 << 20) / max(cols, 1) / 16 * 16)
}

/// C[m×n] (+)= A[m×k]·Wᵀ with W `(n, k)` = `(weight.rows, weight.cols)` in any encoding.
///
/// The values multiplied are exactly `weight.dequantized()`'s, so the result differs from the Float32 path only by
/// summation order. An unmasked Float32 weight takes `matmulNT` itself. Otherwise a few rows (decoding, `m` below
/// `matmulNTDotMaxRows`) take dot products against groups of four weight rows decoded into an L1-resident buffer, so
/// the encoded weight streams from memory once; more rows decode the weight a panel at a time into a Float32 buffer
/// that the GEMM packs as usual (decoding costs `n·k` against the GEMM's `m·n·k`).
/// `lda ≥ k`, `ldc ≥ n`; C must not overlap A. Multi-threaded over `TensorThreads.count` threads.
public func matmulNT(
    _ a: UnsafePointer<Float>, _ weight: Weight, _ c: UnsafeMutablePointer<Float>, m: Int, lda: Int, ldc: Int,
    accumulate: Bool = false
) {
    let n = weight.rows
    let k = weight.cols
    if let matrix = weight.matrix, weight.keep == nil {
        matmulNT(a, matrix.data, c, m: m, n: n, k: k, lda: lda, ldb: k, ldc: ldc, accumulate: accumulate)
        return
    }
    precondition(m >= 0 && lda >= k && ldc >= n, "matmulNT(weight): m=\(m) lda=\(lda) ldc=\(ldc) for \(n)×\(k)")
    if m == 0 || n == 0 { return }
    if m < matmulNTDotMaxRows {
        matmulNTDecoding(a, weight, c, m: m, lda: lda, ldc: ldc, accumulate: accumulate)
        return
    }
    let panel = min(n, weightPanelRows(cols: k))
    ScratchPool.shared.withBuffer(panel * k) { buffer in
        var j0 = 0
        while j0 < n {
            let rows = min(panel, n - j0)
            parallelChunks(rows, granule: 4) { range in
                weight.decodeRows(
                    (j0 + range.lowerBound)..<(j0 + range.upperBound), into: buffer + range.lowerBound * k)
            }
            matmulNT(a, buffer, c + j0, m: m, n: rows, k: k, lda: lda, ldb: k, ldc: ldc, accumulate: accumulate)
            j0 += rows
        }
    }
}

/// The decoding path: threads take runs of 16 weight rows; each group of four rows is decoded into a per-thread
/// buffer and meets every row of A (`dot4x4` / `dot1x4`, the Float32 dot-product kernels).
private func matmulNTDecoding(
    _ a: UnsafePointer<Float>, _ weight: Weight, _ c: UnsafeMutablePointer<Float>, m: Int, lda: Int, ldc: Int,
    accumulate: Bool
) {
    let n = weight.rows
    let k = weight.cols
    let granules = (n + 15) / 16
    let units = min(granules, 8 * TensorThreads.count)
    parallelDynamic(units) { unit in
        let columns = (granules * unit / units * 16)..<min(n, granules * (unit + 1) / units * 16)
        ScratchPool.shared.withBuffer(4 * k) { rows in
            var j = columns.lowerBound
            while j < columns.upperBound {
                let group = min(4, columns.upperBound - j)
                weight.decodeRows(j..<(j + group), into: rows)
                if group == 4 {
                    var i = 0
                    while i + 4 <= m {
                        dot4x4(a + i * lda, lda, rows, k, c + i * ldc + j, ldc, k, accumulate)
                        i += 4
                    }
                    while i < m {
                        dot1x4(a + i * lda, rows, k, c + i * ldc + j, k, accumulate)
                        i += 1
                    }
                } else {
                    for t in 0..<group {
                        for i in 0..<m {
                            let value = dot1(a + i * lda, rows + t * k, k)
                            if accumulate { c[i * ldc + j + t] += value } else { c[i * ldc + j + t] = value }
                        }
                    }
                }
                j += group
            }
        }
    }
}

/// The oracle: the whole weight dequantized, then the naive triple loop (`naiveMatmulNT`).
public func naiveMatmulNT(
    _ a: UnsafePointer<Float>, _ weight: Weight, _ c: UnsafeMutablePointer<Float>, m: Int, lda: Int, ldc: Int,
    accumulate: Bool = false
) {
    let w = weight.dequantized()
    naiveMatmulNT(
        a, w.data, c, m: m, n: weight.rows, k: weight.cols, lda: lda, ldb: weight.cols, ldc: ldc,
        accumulate: accumulate)
}
