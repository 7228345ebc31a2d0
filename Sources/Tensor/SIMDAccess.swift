// Unaligned SIMD loads and stores on Float pointers (vmovups); the kernels never assume alignment of caller data.

/// Loads 16 consecutive floats.
@inline(__always)
@usableFromInline
func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// Loads 16 consecutive floats.
@inline(__always)
@usableFromInline
func load16(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// Stores 16 consecutive floats.
@inline(__always)
@usableFromInline
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// Sum of the 16 lanes as a pairwise tree (an ordered `sum()` would be a 15-deep dependency chain).
@inline(__always)
@usableFromInline
func horizontalSum(_ v: SIMD16<Float>) -> Float {
    let s8 = v.lowHalf + v.highHalf
    let s4 = s8.lowHalf + s8.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
}

/// Largest of the 16 lanes.
@inline(__always)
@usableFromInline
func horizontalMax(_ v: SIMD16<Float>) -> Float {
    let s8 = pointwiseMax(v.lowHalf, v.highHalf)
    let s4 = pointwiseMax(s8.lowHalf, s8.highHalf)
    let s2 = pointwiseMax(s4.lowHalf, s4.highHalf)
    return max(s2[0], s2[1])
}
