import Foundation

// SiLU and the SwiGLU gate of the Llama MLP: down(silu(gate(x)) * up(x)).

/// `out[i] = x[i] · sigmoid(x[i])` over `n` entries; `out` may be `x`.
public func silu(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int) {
    let one = SIMD16<Float>(repeating: 1)
    var i = 0
    while i + 16 <= n {
        let v = load16(x + i)
        store16(v / (one + simdExp(-v)), out + i)
        i += 16
    }
    while i < n {
        out[i] = x[i] / (1 + scalarExp(-x[i]))
        i += 1
    }
}

/// `out[i] = silu(gate[i]) · up[i]` over `n` entries; `out` may be `gate` or `up`.
public func swiglu(
    _ gate: UnsafePointer<Float>, _ up: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int
) {
    let one = SIMD16<Float>(repeating: 1)
    let body = { (range: Range<Int>) in
        var i = range.lowerBound
        while i + 16 <= range.upperBound {
            let g = load16(gate + i)
            store16(g / (one + simdExp(-g)) * load16(up + i), out + i)
            i += 16
        }
        while i < range.upperBound {
            out[i] = gate[i] / (1 + scalarExp(-gate[i])) * up[i]
            i += 1
        }
    }
    if n < 1 << 16 { body(0..<n) } else { parallelChunks(n, granule: 16, body) }
}

/// Reference SiLU in Double; slow, for tests.
public func naiveSilu(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int) {
    for i in 0..<n {
        let v = Double(x[i])
        out[i] = Float(v / (1 + Foundation.exp(-v)))
    }
}

/// Reference SwiGLU in Double; slow, for tests.
public func naiveSwiglu(
    _ gate: UnsafePointer<Float>, _ up: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int
) {
    for i in 0..<n {
        let g = Double(gate[i])
        out[i] = Float(g / (1 + Foundation.exp(-g)) * Double(up[i]))
    }
}
