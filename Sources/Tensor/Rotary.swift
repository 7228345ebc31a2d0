// Rotary position embedding, HF `rotate_half` convention: within each head, element i pairs with i + headDim/2.

/// Rotates each head of each row in place: for i < headDim/2, with x1 = x[i], x2 = x[i + headDim/2],
/// `x1' = x1·cos − x2·sin` and `x2' = x2·cos + x1·sin`.
///
/// `x` is [rows × rowStride] (heads laid out one after another, `rowStride ≥ nHeads·headDim`, default equal);
/// `cos` and `sin` are per-row tables [rows × headDim/2] (the angle of row r, frequency i).
public func applyRotaryHalf(
    _ x: UnsafeMutablePointer<Float>, rows: Int, nHeads: Int, headDim: Int,
    cos: UnsafePointer<Float>, sin: UnsafePointer<Float>, rowStride: Int? = nil
) {
    precondition(headDim % 2 == 0, "applyRotaryHalf: headDim \(headDim) is odd")
    let stride = rowStride ?? nHeads * headDim
    precondition(stride >= nHeads * headDim, "applyRotaryHalf: rowStride \(stride) < nHeads·headDim")
    let half = headDim / 2
    for r in 0..<rows {
        let c = cos + r * half
        let s = sin + r * half
        for h in 0..<nHeads {
            let x1 = x + r * stride + h * headDim
            let x2 = x1 + half
            var i = 0
            while i + 16 <= half {
                let a = load16(x1 + i)
                let b = load16(x2 + i)
                let cv = load16(c + i)
                let sv = load16(s + i)
                store16(a * cv - b * sv, x1 + i)
                store16(b * cv + a * sv, x2 + i)
                i += 16
            }
            while i < half {
                let a = x1[i]
                let b = x2[i]
                x1[i] = a * c[i] - b * s[i]
                x2[i] = b * c[i] + a * s[i]
                i += 1
            }
        }
    }
}

/// Reference rotary embedding in Double; slow, for tests.
public func naiveApplyRotaryHalf(
    _ x: UnsafeMutablePointer<Float>, rows: Int, nHeads: Int, headDim: Int,
    cos: UnsafePointer<Float>, sin: UnsafePointer<Float>, rowStride: Int? = nil
) {
    let stride = rowStride ?? nHeads * headDim
    let half = headDim / 2
    for r in 0..<rows {
        for h in 0..<nHeads {
            for i in 0..<half {
                let p = r * stride + h * headDim + i
                let a = Double(x[p])
                let b = Double(x[p + half])
                let c = Double(cos[r * half + i])
                let s = Double(sin[r * half + i])
                x[p] = Float(a * c - b * s)
                x[p + half] = Float(b * c + a * s)
            }
        }
    }
}
