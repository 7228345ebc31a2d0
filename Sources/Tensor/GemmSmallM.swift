// Paths for a handful of rows (decoding): packing B would cost as much as the product, so B is read in place.

/// Sums of four accumulators, lane-reduced together: [Σx0, Σx1, Σx2, Σx3].
@inline(__always)
private func reduce4(
    _ x0: SIMD16<Float>, _ x1: SIMD16<Float>, _ x2: SIMD16<Float>, _ x3: SIMD16<Float>
) -> SIMD4<Float> {
    let s0 = x0.lowHalf + x0.highHalf
    let s1 = x1.lowHalf + x1.highHalf
    let s2 = x2.lowHalf + x2.highHalf
    let s3 = x3.lowHalf + x3.highHalf
    let t01 = SIMD16(lowHalf: s0, highHalf: s1)
    let t23 = SIMD16(lowHalf: s2, highHalf: s3)
    let u01 = t01.evenHalf + t01.oddHalf
    let u23 = t23.evenHalf + t23.oddHalf
    let v = SIMD16(lowHalf: u01, highHalf: u23)
    let w = v.evenHalf + v.oddHalf
    return w.evenHalf + w.oddHalf
}

/// Writes (or adds) four results to `c[0..<4]`.
@inline(__always)
private func put4(_ v: SIMD4<Float>, _ c: UnsafeMutablePointer<Float>, _ add: Bool) {
    if add {
        c[0] += v[0]
        c[1] += v[1]
        c[2] += v[2]
        c[3] += v[3]
    } else {
        c[0] = v[0]
        c[1] = v[1]
        c[2] = v[2]
        c[3] = v[3]
    }
}

/// C[m×n] (+)= A[m×k]·B[n×k]ᵀ by dot products: threads split the rows of B, each group of four B rows
/// (L1 resident) meets every row of A (L2 resident), so B streams from memory exactly once.
func matmulNTDot(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, accumulate: Bool
) {
    // Runs of 16-column granules (the threads' C writes stay on separate cache lines), several per thread and
    // handed out dynamically, so a core busy with something else does not hold the product up.
    let granules = (n + 15) / 16
    let units = min(granules, 8 * TensorThreads.count)
    parallelDynamic(units) { unit in
        let columns = (granules * unit / units * 16)..<min(n, granules * (unit + 1) / units * 16)
        var j = columns.lowerBound
        while j + 4 <= columns.upperBound {
            var i = 0
            while i + 4 <= m {
                dot4x4(a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc, k, accumulate)
                i += 4
            }
            while i < m {
                dot1x4(a + i * lda, b + j * ldb, ldb, c + i * ldc + j, k, accumulate)
                i += 1
            }
            j += 4
        }
        while j < columns.upperBound {
            for i in 0..<m {
                let value = dot1(a + i * lda, b + j * ldb, k)
                if accumulate { c[i * ldc + j] += value } else { c[i * ldc + j] = value }
            }
            j += 1
        }
    }
}

/// Four A rows against four B rows: 16 dot products of length k.
@inline(__always)
func dot4x4(
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ k: Int, _ add: Bool
) {
    let a0 = a
    let a1 = a + lda
    let a2 = a + 2 * lda
    let a3 = a + 3 * lda
    let b0 = b
    let b1 = b + ldb
    let b2 = b + 2 * ldb
    let b3 = b + 3 * ldb
    var c00 = SIMD16<Float>()
    var c01 = SIMD16<Float>()
    var c02 = SIMD16<Float>()
    var c03 = SIMD16<Float>()
    var c10 = SIMD16<Float>()
    var c11 = SIMD16<Float>()
    var c12 = SIMD16<Float>()
    var c13 = SIMD16<Float>()
    var c20 = SIMD16<Float>()
    var c21 = SIMD16<Float>()
    var c22 = SIMD16<Float>()
    var c23 = SIMD16<Float>()
    var c30 = SIMD16<Float>()
    var c31 = SIMD16<Float>()
    var c32 = SIMD16<Float>()
    var c33 = SIMD16<Float>()
    var p = 0
    while p + 16 <= k {
        let x0 = load16(b0 + p)
        let x1 = load16(b1 + p)
        let x2 = load16(b2 + p)
        let x3 = load16(b3 + p)
        var y = load16(a0 + p)
        c00.addProduct(y, x0)
        c01.addProduct(y, x1)
        c02.addProduct(y, x2)
        c03.addProduct(y, x3)
        y = load16(a1 + p)
        c10.addProduct(y, x0)
        c11.addProduct(y, x1)
        c12.addProduct(y, x2)
        c13.addProduct(y, x3)
        y = load16(a2 + p)
        c20.addProduct(y, x0)
        c21.addProduct(y, x1)
        c22.addProduct(y, x2)
        c23.addProduct(y, x3)
        y = load16(a3 + p)
        c30.addProduct(y, x0)
        c31.addProduct(y, x1)
        c32.addProduct(y, x2)
        c33.addProduct(y, x3)
        p += 16
    }
    var r0 = reduce4(c00, c01, c02, c03)
    var r1 = reduce4(c10, c11, c12, c13)
    var r2 = reduce4(c20, c21, c22, c23)
    var r3 = reduce4(c30, c31, c32, c33)
    while p < k {
        let x = SIMD4<Float>(b0[p], b1[p], b2[p], b3[p])
        r0.addProduct(SIMD4(repeating: a0[p]), x)
        r1.addProduct(SIMD4(repeating: a1[p]), x)
        r2.addProduct(SIMD4(repeating: a2[p]), x)
        r3.addProduct(SIMD4(repeating: a3[p]), x)
        p += 1
    }
    put4(r0, c, add)
    put4(r1, c + ldc, add)
    put4(r2, c + 2 * ldc, add)
    put4(r3, c + 3 * ldc, add)
}

/// One A row against four B rows.
@inline(__always)
func dot1x4(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>,
    _ k: Int, _ add: Bool
) {
    let b0 = b
    let b1 = b + ldb
    let b2 = b + 2 * ldb
    let b3 = b + 3 * ldb
    var c0 = SIMD16<Float>()
    var c1 = SIMD16<Float>()
    var c2 = SIMD16<Float>()
    var c3 = SIMD16<Float>()
    var p = 0
    while p + 16 <= k {
        let y = load16(a + p)
        c0.addProduct(y, load16(b0 + p))
        c1.addProduct(y, load16(b1 + p))
        c2.addProduct(y, load16(b2 + p))
        c3.addProduct(y, load16(b3 + p))
        p += 16
    }
    var r = reduce4(c0, c1, c2, c3)
    while p < k {
        r.addProduct(SIMD4(repeating: a[p]), SIMD4<Float>(b0[p], b1[p], b2[p], b3[p]))
        p += 1
    }
    put4(r, c, add)
}

/// One dot product of length k.
@inline(__always)
func dot1(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ k: Int) -> Float {
    var s0 = SIMD16<Float>()
    var s1 = SIMD16<Float>()
    var p = 0
    while p + 32 <= k {
        s0.addProduct(load16(a + p), load16(b + p))
        s1.addProduct(load16(a + p + 16), load16(b + p + 16))
        p += 32
    }
    if p + 16 <= k {
        s0.addProduct(load16(a + p), load16(b + p))
        p += 16
    }
    var sum = horizontalSum(s0 + s1)
    while p < k {
        sum += a[p] * b[p]
        p += 1
    }
    return sum
}

/// C[m×n] (+)= op(A)·B[k×n] for a few rows, with op(A)(i, p) = `a[i * rowStride + p * colStride]`:
/// threads split the columns; each 64-column strip of B is read once per four rows of A, straight from memory.
func gemmDirectKN(
    _ a: UnsafePointer<Float>, rowStride: Int, colStride: Int, _ b: UnsafePointer<Float>, ldb: Int,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, accumulate: Bool
) {
    parallelChunks(n, granule: 64) { columns in
        var j = columns.lowerBound
        while j + 64 <= columns.upperBound {
            var i = 0
            while i + 4 <= m {
                direct4x64(a + i * rowStride, rowStride, colStride, b + j, ldb, c + i * ldc + j, ldc, k, accumulate)
                i += 4
            }
            while i < m {
                direct1x64(a + i * rowStride, colStride, b + j, ldb, c + i * ldc + j, k, accumulate)
                i += 1
            }
            j += 64
        }
        while j + 16 <= columns.upperBound {
            for i in 0..<m {
                var acc = SIMD16<Float>()
                let row = a + i * rowStride
                for p in 0..<k { acc.addProduct(SIMD16(repeating: row[p * colStride]), load16(b + p * ldb + j)) }
                let out = c + i * ldc + j
                store16(accumulate ? acc + load16(out) : acc, out)
            }
            j += 16
        }
        while j < columns.upperBound {
            for i in 0..<m {
                var sum: Float = 0
                let row = a + i * rowStride
                for p in 0..<k { sum += row[p * colStride] * b[p * ldb + j] }
                if accumulate { c[i * ldc + j] += sum } else { c[i * ldc + j] = sum }
            }
            j += 1
        }
    }
}

/// Four rows of op(A) times a 64-column strip of B.
@inline(__always)
private func direct4x64(
    _ a: UnsafePointer<Float>, _ rowStride: Int, _ colStride: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ k: Int, _ add: Bool
) {
    var acc = (
        SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(),
        SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(),
        SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(),
        SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>()
    )
    for p in 0..<k {
        let row = b + p * ldb
        let x0 = load16(row)
        let x1 = load16(row + 16)
        let x2 = load16(row + 32)
        let x3 = load16(row + 48)
        let ap = a + p * colStride
        var y = SIMD16<Float>(repeating: ap[0])
        acc.0.addProduct(y, x0)
        acc.1.addProduct(y, x1)
        acc.2.addProduct(y, x2)
        acc.3.addProduct(y, x3)
        y = SIMD16<Float>(repeating: ap[rowStride])
        acc.4.addProduct(y, x0)
        acc.5.addProduct(y, x1)
        acc.6.addProduct(y, x2)
        acc.7.addProduct(y, x3)
        y = SIMD16<Float>(repeating: ap[2 * rowStride])
        acc.8.addProduct(y, x0)
        acc.9.addProduct(y, x1)
        acc.10.addProduct(y, x2)
        acc.11.addProduct(y, x3)
        y = SIMD16<Float>(repeating: ap[3 * rowStride])
        acc.12.addProduct(y, x0)
        acc.13.addProduct(y, x1)
        acc.14.addProduct(y, x2)
        acc.15.addProduct(y, x3)
    }
    if add {
        acc.0 += load16(c)
        acc.1 += load16(c + 16)
        acc.2 += load16(c + 32)
        acc.3 += load16(c + 48)
        acc.4 += load16(c + ldc)
        acc.5 += load16(c + ldc + 16)
        acc.6 += load16(c + ldc + 32)
        acc.7 += load16(c + ldc + 48)
        acc.8 += load16(c + 2 * ldc)
        acc.9 += load16(c + 2 * ldc + 16)
        acc.10 += load16(c + 2 * ldc + 32)
        acc.11 += load16(c + 2 * ldc + 48)
        acc.12 += load16(c + 3 * ldc)
        acc.13 += load16(c + 3 * ldc + 16)
        acc.14 += load16(c + 3 * ldc + 32)
        acc.15 += load16(c + 3 * ldc + 48)
    }
    store16(acc.0, c)
    store16(acc.1, c + 16)
    store16(acc.2, c + 32)
    store16(acc.3, c + 48)
    store16(acc.4, c + ldc)
    store16(acc.5, c + ldc + 16)
    store16(acc.6, c + ldc + 32)
    store16(acc.7, c + ldc + 48)
    store16(acc.8, c + 2 * ldc)
    store16(acc.9, c + 2 * ldc + 16)
    store16(acc.10, c + 2 * ldc + 32)
    store16(acc.11, c + 2 * ldc + 48)
    store16(acc.12, c + 3 * ldc)
    store16(acc.13, c + 3 * ldc + 16)
    store16(acc.14, c + 3 * ldc + 32)
    store16(acc.15, c + 3 * ldc + 48)
}

/// One row of op(A) times a 64-column strip of B.
@inline(__always)
private func direct1x64(
    _ a: UnsafePointer<Float>, _ colStride: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ k: Int, _ add: Bool
) {
    var c0 = SIMD16<Float>()
    var c1 = SIMD16<Float>()
    var c2 = SIMD16<Float>()
    var c3 = SIMD16<Float>()
    for p in 0..<k {
        let row = b + p * ldb
        let y = SIMD16<Float>(repeating: a[p * colStride])
        c0.addProduct(y, load16(row))
        c1.addProduct(y, load16(row + 16))
        c2.addProduct(y, load16(row + 32))
        c3.addProduct(y, load16(row + 48))
    }
    if add {
        c0 += load16(c)
        c1 += load16(c + 16)
        c2 += load16(c + 32)
        c3 += load16(c + 48)
    }
    store16(c0, c)
    store16(c1, c + 16)
    store16(c2, c + 32)
    store16(c3, c + 48)
}
