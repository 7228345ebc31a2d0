/// Float32 → 16-bit encodings used by the writers (round to nearest even, like PyTorch and numpy).
enum HalfPrecisionEncoding {
    /// IEEE binary16 bits of `value` (overflow → ±inf, NaN stays NaN).
    @inline(__always)
    static func half(_ value: Float) -> UInt16 {
        Float16(value).bitPattern
    }

    /// bfloat16 bits of `value`: the high half after rounding to nearest even; NaN becomes the canonical
    /// quiet NaN 0x7FC0, as `torch.Tensor.bfloat16()` does.
    @inline(__always)
    static func bfloat16(_ value: Float) -> UInt16 {
        if value.isNaN { return 0x7FC0 }
        let bits = value.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }

    /// Little-endian bytes of `values`: f32 when `halfKind` is nil, else IEEE half or bfloat16.
    static func encode(_ values: UnsafeBufferPointer<Float>, halfKind: HalfKind?) -> [UInt8] {
        guard let kind = halfKind else {
            return [UInt8](UnsafeRawBufferPointer(values))
        }
        var out = [UInt8](repeating: 0, count: values.count * 2)
        out.withUnsafeMutableBytes { raw in
            for i in 0..<values.count {
                let bits = kind == .ieee ? half(values[i]) : bfloat16(values[i])
                raw.storeBytes(of: bits.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
        }
        return out
    }

    /// Which 16-bit float format.
    enum HalfKind {
        case ieee
        case brain
    }
}
