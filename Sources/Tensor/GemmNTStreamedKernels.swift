// Register-blocked kernels of the streamed NT GEMM (rows of B broadcast × SIMD16 vectors of packed Aᵀ).

/// Cᵀ tile [8 × 16] = B[8 rows]·Ãᵀ: B elements broadcast straight from their rows (stride `ldb`),
/// `at` is Aᵀ packed [k][16]; the tile is written row-major to `tile` (8 rows of 16).
@inline(never)
func streamedKernel8x16(
    _ k: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ at: UnsafePointer<Float>, _ tile: UnsafeMutablePointer<Float>
) {
    let b0 = b
    let b1 = b + ldb
    let b2 = b + 2 * ldb
    let b3 = b + 3 * ldb
    let b4 = b + 4 * ldb
    let b5 = b + 5 * ldb
    let b6 = b + 6 * ldb
    let b7 = b + 7 * ldb
    var c0v0 = SIMD16<Float>()
    var c1v0 = SIMD16<Float>()
    var c2v0 = SIMD16<Float>()
    var c3v0 = SIMD16<Float>()
    var c4v0 = SIMD16<Float>()
    var c5v0 = SIMD16<Float>()
    var c6v0 = SIMD16<Float>()
    var c7v0 = SIMD16<Float>()
    var pa = at
    for p in 0..<k {
        let a0 = load16(pa)
        let s0 = SIMD16<Float>(repeating: b0[p])
        c0v0.addProduct(s0, a0)
        let s1 = SIMD16<Float>(repeating: b1[p])
        c1v0.addProduct(s1, a0)
        let s2 = SIMD16<Float>(repeating: b2[p])
        c2v0.addProduct(s2, a0)
        let s3 = SIMD16<Float>(repeating: b3[p])
        c3v0.addProduct(s3, a0)
        let s4 = SIMD16<Float>(repeating: b4[p])
        c4v0.addProduct(s4, a0)
        let s5 = SIMD16<Float>(repeating: b5[p])
        c5v0.addProduct(s5, a0)
        let s6 = SIMD16<Float>(repeating: b6[p])
        c6v0.addProduct(s6, a0)
        let s7 = SIMD16<Float>(repeating: b7[p])
        c7v0.addProduct(s7, a0)
        pa += 16
    }
    store16(c0v0, tile)
    store16(c1v0, tile + 16)
    store16(c2v0, tile + 32)
    store16(c3v0, tile + 48)
    store16(c4v0, tile + 64)
    store16(c5v0, tile + 80)
    store16(c6v0, tile + 96)
    store16(c7v0, tile + 112)
}

/// Cᵀ tile [8 × 32] = B[8 rows]·Ãᵀ: B elements broadcast straight from their rows (stride `ldb`),
/// `at` is Aᵀ packed [k][32]; the tile is written row-major to `tile` (8 rows of 32).
@inline(never)
func streamedKernel8x32(
    _ k: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ at: UnsafePointer<Float>, _ tile: UnsafeMutablePointer<Float>
) {
    let b0 = b
    let b1 = b + ldb
    let b2 = b + 2 * ldb
    let b3 = b + 3 * ldb
    let b4 = b + 4 * ldb
    let b5 = b + 5 * ldb
    let b6 = b + 6 * ldb
    let b7 = b + 7 * ldb
    var c0v0 = SIMD16<Float>()
    var c0v1 = SIMD16<Float>()
    var c1v0 = SIMD16<Float>()
    var c1v1 = SIMD16<Float>()
    var c2v0 = SIMD16<Float>()
    var c2v1 = SIMD16<Float>()
    var c3v0 = SIMD16<Float>()
    var c3v1 = SIMD16<Float>()
    var c4v0 = SIMD16<Float>()
    var c4v1 = SIMD16<Float>()
    var c5v0 = SIMD16<Float>()
    var c5v1 = SIMD16<Float>()
    var c6v0 = SIMD16<Float>()
    var c6v1 = SIMD16<Float>()
    var c7v0 = SIMD16<Float>()
    var c7v1 = SIMD16<Float>()
    var pa = at
    for p in 0..<k {
        let a0 = load16(pa)
        let a1 = load16(pa + 16)
        let s0 = SIMD16<Float>(repeating: b0[p])
        c0v0.addProduct(s0, a0)
        c0v1.addProduct(s0, a1)
        let s1 = SIMD16<Float>(repeating: b1[p])
        c1v0.addProduct(s1, a0)
        c1v1.addProduct(s1, a1)
        let s2 = SIMD16<Float>(repeating: b2[p])
        c2v0.addProduct(s2, a0)
        c2v1.addProduct(s2, a1)
        let s3 = SIMD16<Float>(repeating: b3[p])
        c3v0.addProduct(s3, a0)
        c3v1.addProduct(s3, a1)
        let s4 = SIMD16<Float>(repeating: b4[p])
        c4v0.addProduct(s4, a0)
        c4v1.addProduct(s4, a1)
        let s5 = SIMD16<Float>(repeating: b5[p])
        c5v0.addProduct(s5, a0)
        c5v1.addProduct(s5, a1)
        let s6 = SIMD16<Float>(repeating: b6[p])
        c6v0.addProduct(s6, a0)
        c6v1.addProduct(s6, a1)
        let s7 = SIMD16<Float>(repeating: b7[p])
        c7v0.addProduct(s7, a0)
        c7v1.addProduct(s7, a1)
        pa += 32
    }
    store16(c0v0, tile)
    store16(c0v1, tile + 16)
    store16(c1v0, tile + 32)
    store16(c1v1, tile + 48)
    store16(c2v0, tile + 64)
    store16(c2v1, tile + 80)
    store16(c3v0, tile + 96)
    store16(c3v1, tile + 112)
    store16(c4v0, tile + 128)
    store16(c4v1, tile + 144)
    store16(c5v0, tile + 160)
    store16(c5v1, tile + 176)
    store16(c6v0, tile + 192)
    store16(c6v1, tile + 208)
    store16(c7v0, tile + 224)
    store16(c7v1, tile + 240)
}

/// Cᵀ tile [8 × 48] = B[8 rows]·Ãᵀ: B elements broadcast straight from their rows (stride `ldb`),
/// `at` is Aᵀ packed [k][48]; the tile is written row-major to `tile` (8 rows of 48).
@inline(never)
func streamedKernel8x48(
    _ k: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ at: UnsafePointer<Float>, _ tile: UnsafeMutablePointer<Float>
) {
    let b0 = b
    let b1 = b + ldb
    let b2 = b + 2 * ldb
    let b3 = b + 3 * ldb
    let b4 = b + 4 * ldb
    let b5 = b + 5 * ldb
    let b6 = b + 6 * ldb
    let b7 = b + 7 * ldb
    var c0v0 = SIMD16<Float>()
    var c0v1 = SIMD16<Float>()
    var c0v2 = SIMD16<Float>()
    var c1v0 = SIMD16<Float>()
    var c1v1 = SIMD16<Float>()
    var c1v2 = SIMD16<Float>()
    var c2v0 = SIMD16<Float>()
    var c2v1 = SIMD16<Float>()
    var c2v2 = SIMD16<Float>()
    var c3v0 = SIMD16<Float>()
    var c3v1 = SIMD16<Float>()
    var c3v2 = SIMD16<Float>()
    var c4v0 = SIMD16<Float>()
    var c4v1 = SIMD16<Float>()
    var c4v2 = SIMD16<Float>()
    var c5v0 = SIMD16<Float>()
    var c5v1 = SIMD16<Float>()
    var c5v2 = SIMD16<Float>()
    var c6v0 = SIMD16<Float>()
    var c6v1 = SIMD16<Float>()
    var c6v2 = SIMD16<Float>()
    var c7v0 = SIMD16<Float>()
    var c7v1 = SIMD16<Float>()
    var c7v2 = SIMD16<Float>()
    var pa = at
    for p in 0..<k {
        let a0 = load16(pa)
        let a1 = load16(pa + 16)
        let a2 = load16(pa + 32)
        let s0 = SIMD16<Float>(repeating: b0[p])
        c0v0.addProduct(s0, a0)
        c0v1.addProduct(s0, a1)
        c0v2.addProduct(s0, a2)
        let s1 = SIMD16<Float>(repeating: b1[p])
        c1v0.addProduct(s1, a0)
        c1v1.addProduct(s1, a1)
        c1v2.addProduct(s1, a2)
        let s2 = SIMD16<Float>(repeating: b2[p])
        c2v0.addProduct(s2, a0)
        c2v1.addProduct(s2, a1)
        c2v2.addProduct(s2, a2)
        let s3 = SIMD16<Float>(repeating: b3[p])
        c3v0.addProduct(s3, a0)
        c3v1.addProduct(s3, a1)
        c3v2.addProduct(s3, a2)
        let s4 = SIMD16<Float>(repeating: b4[p])
        c4v0.addProduct(s4, a0)
        c4v1.addProduct(s4, a1)
        c4v2.addProduct(s4, a2)
        let s5 = SIMD16<Float>(repeating: b5[p])
        c5v0.addProduct(s5, a0)
        c5v1.addProduct(s5, a1)
        c5v2.addProduct(s5, a2)
        let s6 = SIMD16<Float>(repeating: b6[p])
        c6v0.addProduct(s6, a0)
        c6v1.addProduct(s6, a1)
        c6v2.addProduct(s6, a2)
        let s7 = SIMD16<Float>(repeating: b7[p])
        c7v0.addProduct(s7, a0)
        c7v1.addProduct(s7, a1)
        c7v2.addProduct(s7, a2)
        pa += 48
    }
    store16(c0v0, tile)
    store16(c0v1, tile + 16)
    store16(c0v2, tile + 32)
    store16(c1v0, tile + 48)
    store16(c1v1, tile + 64)
    store16(c1v2, tile + 80)
    store16(c2v0, tile + 96)
    store16(c2v1, tile + 112)
    store16(c2v2, tile + 128)
    store16(c3v0, tile + 144)
    store16(c3v1, tile + 160)
    store16(c3v2, tile + 176)
    store16(c4v0, tile + 192)
    store16(c4v1, tile + 208)
    store16(c4v2, tile + 224)
    store16(c5v0, tile + 240)
    store16(c5v1, tile + 256)
    store16(c5v2, tile + 272)
    store16(c6v0, tile + 288)
    store16(c6v1, tile + 304)
    store16(c6v2, tile + 320)
    store16(c7v0, tile + 336)
    store16(c7v1, tile + 352)
    store16(c7v2, tile + 368)
}

/// Cᵀ tile [6 × 64] = B[6 rows]·Ãᵀ: B elements broadcast straight from their rows (stride `ldb`),
/// `at` is Aᵀ packed [k][64]; the tile is written row-major to `tile` (6 rows of 64).
@inline(never)
func streamedKernel6x64(
    _ k: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ at: UnsafePointer<Float>, _ tile: UnsafeMutablePointer<Float>
) {
    let b0 = b
    let b1 = b + ldb
    let b2 = b + 2 * ldb
    let b3 = b + 3 * ldb
    let b4 = b + 4 * ldb
    let b5 = b + 5 * ldb
    var c0v0 = SIMD16<Float>()
    var c0v1 = SIMD16<Float>()
    var c0v2 = SIMD16<Float>()
    var c0v3 = SIMD16<Float>()
    var c1v0 = SIMD16<Float>()
    var c1v1 = SIMD16<Float>()
    var c1v2 = SIMD16<Float>()
    var c1v3 = SIMD16<Float>()
    var c2v0 = SIMD16<Float>()
    var c2v1 = SIMD16<Float>()
    var c2v2 = SIMD16<Float>()
    var c2v3 = SIMD16<Float>()
    var c3v0 = SIMD16<Float>()
    var c3v1 = SIMD16<Float>()
    var c3v2 = SIMD16<Float>()
    var c3v3 = SIMD16<Float>()
    var c4v0 = SIMD16<Float>()
    var c4v1 = SIMD16<Float>()
    var c4v2 = SIMD16<Float>()
    var c4v3 = SIMD16<Float>()
    var c5v0 = SIMD16<Float>()
    var c5v1 = SIMD16<Float>()
    var c5v2 = SIMD16<Float>()
    var c5v3 = SIMD16<Float>()
    var pa = at
    for p in 0..<k {
        let a0 = load16(pa)
        let a1 = load16(pa + 16)
        let a2 = load16(pa + 32)
        let a3 = load16(pa + 48)
        let s0 = SIMD16<Float>(repeating: b0[p])
        c0v0.addProduct(s0, a0)
        c0v1.addProduct(s0, a1)
        c0v2.addProduct(s0, a2)
        c0v3.addProduct(s0, a3)
        let s1 = SIMD16<Float>(repeating: b1[p])
        c1v0.addProduct(s1, a0)
        c1v1.addProduct(s1, a1)
        c1v2.addProduct(s1, a2)
        c1v3.addProduct(s1, a3)
        let s2 = SIMD16<Float>(repeating: b2[p])
        c2v0.addProduct(s2, a0)
        c2v1.addProduct(s2, a1)
        c2v2.addProduct(s2, a2)
        c2v3.addProduct(s2, a3)
        let s3 = SIMD16<Float>(repeating: b3[p])
        c3v0.addProduct(s3, a0)
        c3v1.addProduct(s3, a1)
        c3v2.addProduct(s3, a2)
        c3v3.addProduct(s3, a3)
        let s4 = SIMD16<Float>(repeating: b4[p])
        c4v0.addProduct(s4, a0)
        c4v1.addProduct(s4, a1)
        c4v2.addProduct(s4, a2)
        c4v3.addProduct(s4, a3)
        let s5 = SIMD16<Float>(repeating: b5[p])
        c5v0.addProduct(s5, a0)
        c5v1.addProduct(s5, a1)
        c5v2.addProduct(s5, a2)
        c5v3.addProduct(s5, a3)
        pa += 64
    }
    store16(c0v0, tile)
    store16(c0v1, tile + 16)
    store16(c0v2, tile + 32)
    store16(c0v3, tile + 48)
    store16(c1v0, tile + 64)
    store16(c1v1, tile + 80)
    store16(c1v2, tile + 96)
    store16(c1v3, tile + 112)
    store16(c2v0, tile + 128)
    store16(c2v1, tile + 144)
    store16(c2v2, tile + 160)
    store16(c2v3, tile + 176)
    store16(c3v0, tile + 192)
    store16(c3v1, tile + 208)
    store16(c3v2, tile + 224)
    store16(c3v3, tile + 240)
    store16(c4v0, tile + 256)
    store16(c4v1, tile + 272)
    store16(c4v2, tile + 288)
    store16(c4v3, tile + 304)
    store16(c5v0, tile + 320)
    store16(c5v1, tile + 336)
    store16(c5v2, tile + 352)
    store16(c5v3, tile + 368)
}
