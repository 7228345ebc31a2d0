import Foundation

// The 256-element "K" super-block formats (ggml-quants.c `dequantize_row_q4_K`, `q5_K`, `q6_K`).
extension WeightEncoding {
    /// ggml's `get_scale_min_k4`: the 6-bit scale and min of sub-block `j` (0..<8) from the 12 packed bytes.
    ///
    /// Bytes 0–3 hold scales 0–3 (low 6 bits), bytes 4–7 mins 0–3; for j ≥ 4 the low 4 bits come from
    /// byte 8+(j−4) (scale: low nibble, min: high nibble) and the top 2 bits from the top of bytes j−4 / j.
    @inline(__always)
    static func scaleMinK4(_ scales: UnsafePointer<UInt8>, _ j: Int) -> (scale: UInt8, min: UInt8) {
        if j < 4 {
            return (scales[j] & 63, scales[j + 4] & 63)
        }
        let scale = (scales[j + 4] & 0x0F) | ((scales[j - 4] >> 6) << 4)
        let min = (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4)
        return (scale, min)
    }

    /// Q4_K, 144 bytes: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles.
    /// Sub-block s (32 elements) is x = (d·sc_s)·q − (dmin·m_s); sub-blocks 2c and 2c+1 share bytes
    /// 32c..<32c+32 (low, then high nibbles).
    static func decodeQ4_K(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 144
            let y = dst + b * 256
            let d = loadHalf(p, 0)
            let dmin = loadHalf(p, 2)
            let scales = (p + 4).assumingMemoryBound(to: UInt8.self)
            let qs = (p + 16).assumingMemoryBound(to: UInt8.self)
            for s in 0..<8 {
                let (sc, mn) = scaleMinK4(scales, s)
                let d1 = d * Float(sc)
                let m1 = dmin * Float(mn)
                let q = qs + (s >> 1) * 32
                let shift = UInt8((s & 1) * 4)
                let out = y + s * 32
                for l in 0..<32 {
                    out[l] = d1 * Float((q[l] >> shift) & 0x0F) - m1
                }
            }
        }
    }

    /// Q5_K, 176 bytes: f16 d, f16 dmin, 12 scale bytes, 32 bytes qh (bit s of qh[l] = high bit of element
    /// 32s+l), 128 bytes of nibbles laid out as in Q4_K.
    static func decodeQ5_K(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 176
            let y = dst + b * 256
            let d = loadHalf(p, 0)
            let dmin = loadHalf(p, 2)
            let scales = (p + 4).assumingMemoryBound(to: UInt8.self)
            let qh = (p + 16).assumingMemoryBound(to: UInt8.self)
            let qs = (p + 48).assumingMemoryBound(to: UInt8.self)
            for s in 0..<8 {
                let (sc, mn) = scaleMinK4(scales, s)
                let d1 = d * Float(sc)
                let m1 = dmin * Float(mn)
                let q = qs + (s >> 1) * 32
                let shift = UInt8((s & 1) * 4)
                let hbit = UInt8(s)
                let out = y + s * 32
                for l in 0..<32 {
                    let value = ((q[l] >> shift) & 0x0F) | (((qh[l] >> hbit) & 1) << 4)
                    out[l] = d1 * Float(value) - m1
                }
            }
        }
    }

    /// Q6_K, 210 bytes: 128 bytes ql (low 4 bits), 64 bytes qh (high 2 bits), 16 int8 scales, f16 d.
    /// Each half of 128 elements uses 64 ql and 32 qh bytes; element 32t+l of a half takes the low (t < 2) or
    /// high (t ≥ 2) nibble of ql[32·(t&1)+l] and bits 2t..2t+1 of qh[l]; x = (d·scale[e/16])·(q − 32).
    static func decodeQ6_K(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n {
            let p = src + b * 210
            let y = dst + b * 256
            let d = loadHalf(p, 208)
            let scales = (p + 192).assumingMemoryBound(to: Int8.self)
            for half in 0..<2 {
                let ql = (p + half * 64).assumingMemoryBound(to: UInt8.self)
                let qh = (p + 128 + half * 32).assumingMemoryBound(to: UInt8.self)
                for t in 0..<4 {
                    let low = ql + (t & 1) * 32
                    let nibbleShift = UInt8((t >> 1) * 4)
                    let highShift = UInt8(2 * t)
                    let out = y + half * 128 + t * 32
                    let scaleBase = half * 8 + t * 2
                    for l in 0..<32 {
                        let dl = d * Float(scales[scaleBase + (l >> 4)])
                        let q = Int8(bitPattern: ((low[l] >> nibbleShift) & 0x0F) | (((qh[l] >> highShift) & 3) << 4))
                        out[l] = dl * Float(q &- 32)
                    }
                }
            }
        }
    }
}
