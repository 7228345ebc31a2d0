// RMSNorm as in HF LlamaRMSNorm: out = weight * (x * rsqrt(mean(x²) + eps)), in Float32.

/// RMS-normalises each of `rows` rows of length `dim`: `out = weight ⊙ (x / √(mean(x²) + eps))`.
///
/// `x` and `out` are [rows × dim] row-major and may be the same buffer; `weight` has `dim` entries.
public func rmsNorm(
    _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    rows: Int, dim: Int, eps: Float
) {
    precondition(rows >= 0 && dim > 0, "rmsNorm: bad shape rows=\(rows) dim=\(dim)")
    // Threads only pay off for a batch of rows (a row of 576 takes well under a microsecond).
    if rows * dim < 1 << 16 {
        for r in 0..<rows { rmsNormRow(x + r * dim, weight, out + r * dim, dim: dim, eps: eps) }
    } else {
        parallelChunks(rows) { range in
            for r in range { rmsNormRow(x + r * dim, weight, out + r * dim, dim: dim, eps: eps) }
        }
    }
}

/// One row of `rmsNorm`.
@inline(__always)
private func rmsNormRow(
    _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, dim: Int, eps: Float
) {
    var s0 = SIMD16<Float>()
    var s1 = SIMD16<Float>()
    var i = 0
    while i + 32 <= dim {
        let v0 = load16(x + i)
        let v1 = load16(x + i + 16)
        s0.addProduct(v0, v0)
        s1.addProduct(v1, v1)
        i += 32
    }
    if i + 16 <= dim {
        let v = load16(x + i)
        s0.addProduct(v, v)
        i += 16
    }
    var sum = horizontalSum(s0 + s1)
    while i < dim {
        sum += x[i] * x[i]
        i += 1
    }
    let scale = 1 / (sum / Float(dim) + eps).squareRoot()
    let vscale = SIMD16<Float>(repeating: scale)
    i = 0
    while i + 16 <= dim {
        store16(load16(weight + i) * (load16(x + i) * vscale), out + i)
        i += 16
    }
    while i < dim {
        out[i] = weight[i] * (x[i] * scale)
        i += 1
    }
}

/// Reference `rmsNorm` in Double; slow, for tests.
public func naiveRMSNorm(
    _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    rows: Int, dim: Int, eps: Float
) {
    for r in 0..<rows {
        var sum = 0.0
        for i in 0..<dim { sum += Double(x[r * dim + i]) * Double(x[r * dim + i]) }
        let scale = 1 / (sum / Double(dim) + Double(eps)).squareRoot()
        for i in 0..<dim { out[r * dim + i] = Float(Double(weight[i]) * Double(x[r * dim + i]) * scale) }
    }
}
