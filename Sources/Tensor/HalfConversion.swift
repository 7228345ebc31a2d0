// IEEE half (f16) and bfloat16 buffers ↔ Float32. Sources and destinations are raw pointers: tensors in mapped
// files need not be aligned for their element type.

/// Converts `count` IEEE binary16 values at `src` to Float32.
public func halfToFloat(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 16 <= count {
        let h = src.loadUnaligned(fromByteOffset: i * 2, as: SIMD16<Float16>.self)
        store16(SIMD16<Float>(h), dst + i)
        i += 16
    }
    while i < count {
        dst[i] = Float(src.loadUnaligned(fromByteOffset: i * 2, as: Float16.self))
        i += 1
    }
}

/// Converts `count` Float32 values to IEEE binary16 at `dst` (round to nearest even, overflow to ±∞).
public func floatToHalf(_ src: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count: Int) {
    var i = 0
    while i + 16 <= count {
        dst.storeBytes(of: SIMD16<Float16>(load16(src + i)), toByteOffset: i * 2, as: SIMD16<Float16>.self)
        i += 16
    }
    while i < count {
        dst.storeBytes(of: Float16(src[i]), toByteOffset: i * 2, as: Float16.self)
        i += 1
    }
}

/// Converts `count` bfloat16 values (the high half of a Float32) at `src` to Float32.
public func bfloat16ToFloat(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 16 <= count {
        let bits = SIMD16<UInt32>(truncatingIfNeeded: src.loadUnaligned(fromByteOffset: i * 2, as: SIMD16<UInt16>.self))
        store16(unsafeBitCast(bits &<< 16, to: SIMD16<Float>.self), dst + i)
        i += 16
    }
    while i < count {
        dst[i] = Float(bitPattern: UInt32(src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) << 16)
        i += 1
    }
}

/// Converts `count` Float32 values to bfloat16 at `dst`, rounding to nearest even (NaN stays a quiet NaN).
public func floatToBFloat16(_ src: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count: Int) {
    var i = 0
    while i + 16 <= count {
        let v = load16(src + i)
        let bits = unsafeBitCast(v, to: SIMD16<UInt32>.self)
        let rounded = (bits &+ 0x7FFF &+ ((bits &>> 16) & 1)) &>> 16
        let nan = (bits & 0x7FFF_FFFF) .> 0x7F80_0000
        let result = rounded.replacing(with: (bits &>> 16) | 0x0040, where: nan)
        dst.storeBytes(
            of: SIMD16<UInt16>(truncatingIfNeeded: result), toByteOffset: i * 2, as: SIMD16<UInt16>.self)
        i += 16
    }
    while i < count {
        dst.storeBytes(of: bfloat16Bits(src[i]), toByteOffset: i * 2, as: UInt16.self)
        i += 1
    }
}

/// The bfloat16 bit pattern of `value`, rounded to nearest even (NaN stays a quiet NaN).
@inline(__always)
public func bfloat16Bits(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
    return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
}
