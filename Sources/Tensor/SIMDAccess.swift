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

/// Largest of the 16 lanes (compare-and-blend: the generic `pointwiseMax` on narrower vectors is not inlined).
@inline(__always)
@usableFromInline
func horizontalMax(_ v: SIMD16<Float>) -> Float {
    let a8 = v.lowHalf
    let b8 = v.highHalf
    let s8 = a8.replacing(with: b8, where: b8 .> a8)
    let a4 = s8.lowHalf
    let b4 = s8.highHalf
    let s4 = a4.replacing(with: b4, where: b4 .> a4)
    return max(max(s4[0], s4[1]), max(s4[2], s4[3]))
}

/// Lane-wise maximum.
@inline(__always)
@usableFromInline
func lanewiseMax(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
    a.replacing(with: b, where: b .> a)
}
