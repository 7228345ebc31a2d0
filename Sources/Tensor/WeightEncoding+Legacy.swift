import Foundation

// Plain types and the 32-element block formats (ggml-quants.c `dequantize_row_q4_0` ... `q8_0`).
// Each kernel decodes `n` whole blocks; element order inside a block follows ggml: the low nibbles of the
// 16 packed bytes are elements 0..<16, the high nibbles 16..<32.
extension WeightEncoding {
    /// F32: a straight copy (bit patterns kept, NaN payloads included).
    static func decodeF32(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: n * 4)
    }

    /// F16 → F32 (exact).
    static func decodeF16(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        halfToFloat(src, dst, count: n)
    }

    /// BF16 → F32: the 16 bits become the high half of the float (exact).
    static func decodeBF16(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        bfloat16ToFloat(src, dst, count: n)
    }

    /// Q8_0, 34 bytes: f16 d, 32 × int8 q; x = q·d.
    static func decodeQ8_0(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 34
            let y = dst + b * 32
            let d = loadHalf(p, 0)
            let q = (p + 2).assumingMemoryBound(to: Int8.self)
            for j in 0..<32 {
                y[j] = Float(q[j]) * d
            }
        }
    }

    /// Q4_0, 18 bytes: f16 d, 16 bytes of nibbles; x = d·(q − 8).
    static func decodeQ4_0(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 18
            let y = dst + b * 32
            let d = loadHalf(p, 0)
            let qs = (p + 2).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                y[j] = d * Float(Int32(qs[j] & 0x0F) - 8)
                y[j + 16] = d * Float(Int32(qs[j] >> 4) - 8)
            }
        }
    }

    /// Q4_1, 20 bytes: f16 d, f16 m, 16 bytes of nibbles; x = d·q + m (a rounded product, then a rounded sum).
    static func decodeQ4_1(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 20
            let y = dst + b * 32
            let d = loadHalf(p, 0)
            let m = loadHalf(p, 2)
            let qs = (p + 4).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                y[j] = d * Float(qs[j] & 0x0F) + m
                y[j + 16] = d * Float(qs[j] >> 4) + m
            }
        }
    }

    /// Q5_0, 22 bytes: f16 d, u32 qh (bit j = high bit of element j), 16 bytes of nibbles; x = d·(q − 16).
    static func decodeQ5_0(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 22
            let y = dst + b * 32
            let d = loadHalf(p, 0)
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let qs = (p + 6).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                let h0 = Int32((qh >> UInt32(j)) & 1) << 4
                let h1 = Int32((qh >> UInt32(j + 16)) & 1) << 4
                y[j] = d * Float((Int32(qs[j] & 0x0F) | h0) - 16)
                y[j + 16] = d * Float((Int32(qs[j] >> 4) | h1) - 16)
            }
        }
    }

    /// Q5_1, 24 bytes: f16 d, f16 m, u32 qh, 16 bytes of nibbles; x = d·q + m.
    static func decodeQ5_1(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 24
            let y = dst + b * 32
            let d = loadHalf(p, 0)
            let m = loadHalf(p, 2)
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let qs = (p + 8).assumingMemoryBound(to: UInt8.self)
            for j in 0..<16 {
                let h0 = UInt8((qh >> UInt32(j)) & 1) << 4
                let h1 = UInt8((qh >> UInt32(j + 16)) & 1) << 4
                y[j] = d * Float((qs[j] & 0x0F) | h0) + m
                y[j + 16] = d * Float((qs[j] >> 4) | h1) + m
            }
        }
    }
}
