// Small vectorised BLAS-1 helpers for residual adds, scaling and rank-1 updates.

/// Σ a[i]·b[i] over `n` entries (two SIMD16 accumulators, pairwise lane sum).
public func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, n: Int) -> Float {
    dot1(a, b, n)
}

/// `x[i] += y[i]` over `n` entries (e.g. the residual stream).
public func addInPlace(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, n: Int) {
    var i = 0
    while i + 16 <= n {
        store16(load16(x + i) + load16(y + i), x + i)
        i += 16
    }
    while i < n {
        x[i] += y[i]
        i += 1
    }
}

/// `y[i] += alpha · x[i]` over `n` entries.
public func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int) {
    let a = SIMD16<Float>(repeating: alpha)
    var i = 0
    while i + 16 <= n {
        var v = load16(y + i)
        v.addProduct(a, load16(x + i))
        store16(v, y + i)
        i += 16
    }
    while i < n {
        y[i] += alpha * x[i]
        i += 1
    }
}

/// `x[i] *= factor` over `n` entries.
public func scaleInPlace(_ x: UnsafeMutablePointer<Float>, n: Int, by factor: Float) {
    let vfactor = SIMD16<Float>(repeating: factor)
    var i = 0
    while i + 16 <= n {
        store16(load16(x + i) * vfactor, x + i)
        i += 16
    }
    while i < n {
        x[i] *= factor
        i += 1
    }
}
