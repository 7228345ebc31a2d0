import Foundation

// Numerically stable softmax family: subtract the maximum before exponentiating.

/// Replaces `x[0..<n]` by softmax(x): `exp(x - max) / Σ exp(x - max)`; −∞ entries become 0.
public func softmaxInPlace(_ x: UnsafeMutablePointer<Float>, n: Int) {
    if n <= 0 { return }
    let top = maxValue(x, n: n)
    let total = expShiftedInPlace(x, n: n, shift: top)
    let inverse = 1 / total
    scaleInPlace(x, n: n, by: inverse)
}

/// Softmax of each of `rows` rows of length `n` (row stride `ld ≥ n`), in place, rows spread over the threads.
public func softmaxRowsInPlace(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, ld: Int) {
    precondition(ld >= n, "softmaxRowsInPlace: ld=\(ld) < n=\(n)")
    if rows * n < 1 << 15 {
        for r in 0..<rows { softmaxInPlace(x + r * ld, n: n) }
    } else {
        parallelChunks(rows) { range in
            for r in range { softmaxInPlace(x + r * ld, n: n) }
        }
    }
}

/// log Σ exp(x[i]) over `x[0..<n]`, computed stably (`-∞` for n = 0).
public func logSumExp(_ x: UnsafePointer<Float>, n: Int) -> Float {
    if n <= 0 { return -.infinity }
    let top = maxValue(x, n: n)
    if top == -.infinity || top == .infinity { return top }
    var acc = SIMD16<Float>()
    let shift = SIMD16<Float>(repeating: top)
    var i = 0
    while i + 16 <= n {
        acc += simdExp(load16(x + i) - shift)
        i += 16
    }
    var sum = horizontalSum(acc)
    while i < n {
        sum += scalarExp(x[i] - top)
        i += 1
    }
    return top + Foundation.log(sum)
}

/// `out[i] = x[i] - logΣexp(x)` over `n` entries; `out` may be `x`.
public func logSoftmax(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int) {
    if n <= 0 { return }
    let lse = logSumExp(x, n: n)
    let shift = SIMD16<Float>(repeating: lse)
    var i = 0
    while i + 16 <= n {
        store16(load16(x + i) - shift, out + i)
        i += 16
    }
    while i < n {
        out[i] = x[i] - lse
        i += 1
    }
}

/// Largest of `x[0..<n]`, n ≥ 1.
@inline(__always)
func maxValue(_ x: UnsafePointer<Float>, n: Int) -> Float {
    var i = 0
    var top = -Float.infinity
    if n >= 16 {
        var acc = load16(x)
        i = 16
        while i + 16 <= n {
            acc = lanewiseMax(acc, load16(x + i))
            i += 16
        }
        top = horizontalMax(acc)
    }
    while i < n {
        top = max(top, x[i])
        i += 1
    }
    return top
}

/// `x[i] = exp(x[i] - shift)`; returns the sum of the new values.
@inline(__always)
private func expShiftedInPlace(_ x: UnsafeMutablePointer<Float>, n: Int, shift: Float) -> Float {
    let vshift = SIMD16<Float>(repeating: shift)
    var acc = SIMD16<Float>()
    var i = 0
    while i + 16 <= n {
        let e = simdExp(load16(x + i) - vshift)
        store16(e, x + i)
        acc += e
        i += 16
    }
    var sum = horizontalSum(acc)
    while i < n {
        let e = scalarExp(x[i] - shift)
        x[i] = e
        sum += e
        i += 1
    }
    return sum
}

/// Reference softmax in Double; slow, for tests.
public func naiveSoftmax(_ x: UnsafeMutablePointer<Float>, n: Int) {
    if n <= 0 { return }
    var top = -Double.infinity
    for i in 0..<n { top = max(top, Double(x[i])) }
    var sum = 0.0
    for i in 0..<n { sum += Foundation.exp(Double(x[i]) - top) }
    for i in 0..<n { x[i] = Float(Foundation.exp(Double(x[i]) - top) / sum) }
}

/// Reference log-softmax in Double; slow, for tests.
public func naiveLogSoftmax(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int) {
    if n <= 0 { return }
    var top = -Double.infinity
    for i in 0..<n { top = max(top, Double(x[i])) }
    var sum = 0.0
    for i in 0..<n { sum += Foundation.exp(Double(x[i]) - top) }
    let lse = top + Foundation.log(sum)
    for i in 0..<n { out[i] = Float(Double(x[i]) - lse) }
}
