// Register-blocked GEMM micro-kernels: SIMD16 FMAs, broadcast A, two/three B vectors per step.

/// C[6×32] (+)= Ã·B̃ over `kc` steps: `a` is a packed A panel [kc][6], `b` a packed B panel [kc][32],
/// `c` row-major with stride `ldc`; `add` accumulates into C instead of overwriting it.
@inline(never)
func gemmMicroKernel(
    _ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
    _ add: Bool
) {
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
    var pa = a
    var pb = b
    for _ in 0..<kc {
        let b0 = load16(pb)
        let b1 = load16(pb + 16)
        let a0 = SIMD16<Float>(repeating: pa[0])
        c0v0.addProduct(a0, b0)
        c0v1.addProduct(a0, b1)
        let a1 = SIMD16<Float>(repeating: pa[1])
        c1v0.addProduct(a1, b0)
        c1v1.addProduct(a1, b1)
        let a2 = SIMD16<Float>(repeating: pa[2])
        c2v0.addProduct(a2, b0)
        c2v1.addProduct(a2, b1)
        let a3 = SIMD16<Float>(repeating: pa[3])
        c3v0.addProduct(a3, b0)
        c3v1.addProduct(a3, b1)
        let a4 = SIMD16<Float>(repeating: pa[4])
        c4v0.addProduct(a4, b0)
        c4v1.addProduct(a4, b1)
        let a5 = SIMD16<Float>(repeating: pa[5])
        c5v0.addProduct(a5, b0)
        c5v1.addProduct(a5, b1)
        pa += 6
        pb += 32
    }
    if add {
        c0v0 += load16(c)
        c0v1 += load16(c + 16)
        c1v0 += load16(c + ldc)
        c1v1 += load16(c + ldc + 16)
        c2v0 += load16(c + 2 * ldc)
        c2v1 += load16(c + 2 * ldc + 16)
        c3v0 += load16(c + 3 * ldc)
        c3v1 += load16(c + 3 * ldc + 16)
        c4v0 += load16(c + 4 * ldc)
        c4v1 += load16(c + 4 * ldc + 16)
        c5v0 += load16(c + 5 * ldc)
        c5v1 += load16(c + 5 * ldc + 16)
    }
    store16(c0v0, c)
    store16(c0v1, c + 16)
    store16(c1v0, c + ldc)
    store16(c1v1, c + ldc + 16)
    store16(c2v0, c + 2 * ldc)
    store16(c2v1, c + 2 * ldc + 16)
    store16(c3v0, c + 3 * ldc)
    store16(c3v1, c + 3 * ldc + 16)
    store16(c4v0, c + 4 * ldc)
    store16(c4v1, c + 4 * ldc + 16)
    store16(c5v0, c + 5 * ldc)
    store16(c5v1, c + 5 * ldc + 16)
}
