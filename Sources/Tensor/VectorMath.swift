// Vectorised elementary functions on SIMD16<Float> (libm is scalar and would dominate softmax over a vocabulary).

/// e^x for 16 lanes: range reduction by ln 2 and the Cephes `expf` polynomial (relative error ≈ 2 ulp);
/// inputs below −87.3 give 0 (so −∞ works), above 88.7 saturate at ≈ 2^128 (`Float.greatestFiniteMagnitude` region).
@inline(__always)
@usableFromInline
func simdExp(_ x: SIMD16<Float>) -> SIMD16<Float> {
    let low = SIMD16<Float>(repeating: -87.33654)
    let high = SIMD16<Float>(repeating: 88.72283)
    let underflow = x .< low
    let clamped = x.replacing(with: low, where: underflow).replacing(with: high, where: x .> high)
    // Adding 1.5·2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
    let magic = SIMD16<Float>(repeating: 12_582_912)
    let shifted = clamped * SIMD16(repeating: 1.442_695_04) + magic
    let n = shifted - magic
    let ni = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
    var r = clamped - n * SIMD16(repeating: 0.693_359_375)
    r = r + n * SIMD16(repeating: 2.121_944_4e-4)
    var p = SIMD16<Float>(repeating: 1.987_569_15e-4)
    p = p * r + SIMD16(repeating: 1.398_199_95e-3)
    p = p * r + SIMD16(repeating: 8.333_451_9e-3)
    p = p * r + SIMD16(repeating: 4.166_579_59e-2)
    p = p * r + SIMD16(repeating: 1.666_666_55e-1)
    p = p * r + SIMD16(repeating: 5.000_000_12e-1)
    let y = p * (r * r) + r + SIMD16(repeating: 1)
    // 2^n built in the exponent field; n ∈ [-126, 128] after clamping, and 2^128 is split as 2^64·2^64.
    let half = ni &>> 1
    let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: SIMD16<Float>.self)
    let scaleB = unsafeBitCast((ni &- half &+ 127) &<< 23, to: SIMD16<Float>.self)
    return (y * scaleA * scaleB).replacing(with: 0, where: underflow)
}

/// e^x for one value with the same polynomial as `simdExp` (for tails, so vector and scalar lanes agree).
@inline(__always)
@usableFromInline
func scalarExp(_ x: Float) -> Float {
    simdExp(SIMD16(repeating: x))[0]
}
