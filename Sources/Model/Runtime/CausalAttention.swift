import Foundation
import Tensor

/// Scaled dot-product attention with a causal mask for one (sequence, head) pair:
/// `T` query rows at positions `start ..< start+T` attend to keys `0 ..< start+T`.
///
/// Keys are first transposed to `(headDim, L)` so both products run as broadcast-FMA loops over
/// contiguous SIMD vectors: scores = q·Kᵀ four query rows at a time, then out = P·V.
struct CausalAttention {
    let headDim: Int
    let scale: Float

    init(headDim: Int) {
        precondition(headDim >= 1, "head dimension must be positive")
        self.headDim = headDim
        self.scale = 1 / Float(headDim).squareRoot()
    }

    /// `q`: T rows (stride `qStride`); `k`, `v`: L = start+T rows (stride `kvStride`);
    /// `out`: T rows (stride `outStride`).
    func run(
        q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>, kvStride: Int,
        queries: Int, start: Int, out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        let keys = start + queries
        let paddedKeys = (keys + 15) / 16 * 16
        let kt = UnsafeMutablePointer<Float>.allocate(capacity: headDim * paddedKeys)
        defer { kt.deallocate() }
        kt.initialize(repeating: 0, count: headDim * paddedKeys)
        for j in 0..<keys {
            let row = k + j * kvStride
            for d in 0..<headDim { kt[d * paddedKeys + j] = row[d] }
        }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: 4 * paddedKeys)
        defer { scores.deallocate() }
        var r0 = 0
        while r0 < queries {
            let rowsHere = min(4, queries - r0)
            let validKeys = start + r0 + rowsHere  // keys needed by the last row of this group
            let chunks = (validKeys + 15) / 16
            computeScores(
                q: q + r0 * qStride, qStride: qStride, rows: rowsHere, kt: kt, ktStride: paddedKeys, chunks: chunks,
                scores: scores, scoresStride: paddedKeys)
            for r in 0..<rowsHere {
                // Softmax over the causal window (the keys this row may see); later entries are never read.
                softmaxInPlace(scores + r * paddedKeys, n: start + r0 + r + 1)
            }
            weightedValues(
                scores: scores, scoresStride: paddedKeys, rows: rowsHere, firstLimit: start + r0 + 1, v: v,
                kvStride: kvStride, out: out + r0 * outStride, outStride: outStride)
            r0 += rowsHere
        }
    }

    /// scores[r, j] = scale · q_r · k_j, 32 keys (two vectors) at a time; each score sums over d in order.
    private func computeScores(
        q: UnsafePointer<Float>, qStride: Int, rows: Int, kt: UnsafePointer<Float>, ktStride: Int, chunks: Int,
        scores: UnsafeMutablePointer<Float>, scoresStride: Int
    ) {
        for c in stride(from: 0, to: chunks, by: 2) {
            let vectors = min(2, chunks - c)
            var r0 = Lanes4()
            var r1 = Lanes4()
            var r2 = Lanes4()
            var r3 = Lanes4()
            for d in 0..<headDim {
                let keys = UnsafeRawPointer(kt + d * ktStride + c * 16)
                r0.addProduct(q[d], keys, lanes: vectors)
                if rows > 1 { r1.addProduct(q[qStride + d], keys, lanes: vectors) }
                if rows > 2 { r2.addProduct(q[2 * qStride + d], keys, lanes: vectors) }
                if rows > 3 { r3.addProduct(q[3 * qStride + d], keys, lanes: vectors) }
            }
            let out = scores + c * 16
            r0.store(to: out, lanes: vectors, scale: scale)
            if rows > 1 { r1.store(to: out + scoresStride, lanes: vectors, scale: scale) }
            if rows > 2 { r2.store(to: out + 2 * scoresStride, lanes: vectors, scale: scale) }
            if rows > 3 { r3.store(to: out + 3 * scoresStride, lanes: vectors, scale: scale) }
        }
    }

    /// out_r = Σ_j P[r, j] · v_j for four rows at a time; row r sees `firstLimit + r` keys.
    /// Columns go 64 at a time (four vectors per row, held in registers); every output element sums
    /// over j in order: the keys all rows see, then the causal tail.
    private func weightedValues(
        scores: UnsafePointer<Float>, scoresStride: Int, rows: Int, firstLimit: Int, v: UnsafePointer<Float>,
        kvStride: Int, out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        let p1 = scores + scoresStride
        let p2 = scores + 2 * scoresStride
        let p3 = scores + 3 * scoresStride
        // Whole 16-wide vectors go through registers; a head width that is not a multiple of 16
        // (24, 40, 80 …) finishes its last columns in the scalar loop below, in the same order over j.
        let vectorColumns = headDim / 16 * 16
        for column in stride(from: 0, to: vectorColumns, by: 64) {
            let vectors = min(4, (vectorColumns - column) / 16)
            var r0 = Lanes4()
            var r1 = Lanes4()
            var r2 = Lanes4()
            var r3 = Lanes4()
            for j in 0..<firstLimit {
                let values = UnsafeRawPointer(v + j * kvStride + column)
                r0.addProduct(scores[j], values, lanes: vectors)
                if rows > 1 { r1.addProduct(p1[j], values, lanes: vectors) }
                if rows > 2 { r2.addProduct(p2[j], values, lanes: vectors) }
                if rows > 3 { r3.addProduct(p3[j], values, lanes: vectors) }
            }
            // The causal tail: key firstLimit + t is seen by rows t+1 ..< rows only.
            for t in 0..<(rows - 1) {
                let j = firstLimit + t
                let values = UnsafeRawPointer(v + j * kvStride + column)
                if t < 1 { r1.addProduct(p1[j], values, lanes: vectors) }
                if t < 2 && rows > 2 { r2.addProduct(p2[j], values, lanes: vectors) }
                if rows > 3 { r3.addProduct(p3[j], values, lanes: vectors) }
            }
            r0.store(to: out + column, lanes: vectors, scale: 1)
            if rows > 1 { r1.store(to: out + outStride + column, lanes: vectors, scale: 1) }
            if rows > 2 { r2.store(to: out + 2 * outStride + column, lanes: vectors, scale: 1) }
            if rows > 3 { r3.store(to: out + 3 * outStride + column, lanes: vectors, scale: 1) }
        }
        for column in vectorColumns..<headDim {
            for r in 0..<rows {
                let p = scores + r * scoresStride
                var sum: Float = 0
                for j in 0..<(firstLimit + r) { sum = sum.addingProduct(p[j], v[j * kvStride + column]) }
                out[r * outStride + column] = sum
            }
        }
    }
}

/// Up to four 16-float vectors of one row, accumulated in registers.
private struct Lanes4 {
    var a0 = SIMD16<Float>()
    var a1 = SIMD16<Float>()
    var a2 = SIMD16<Float>()
    var a3 = SIMD16<Float>()

    /// self += s · x[0 ..< 16·lanes] (one fused multiply-add per element).
    @inline(__always)
    mutating func addProduct(_ s: Float, _ x: UnsafeRawPointer, lanes: Int) {
        let b = SIMD16<Float>(repeating: s)
        a0 = a0.addingProduct(b, x.loadUnaligned(as: SIMD16<Float>.self))
        if lanes > 1 { a1 = a1.addingProduct(b, x.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)) }
        if lanes > 2 { a2 = a2.addingProduct(b, x.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self)) }
        if lanes > 3 { a3 = a3.addingProduct(b, x.loadUnaligned(fromByteOffset: 192, as: SIMD16<Float>.self)) }
    }

    @inline(__always)
    func store(to out: UnsafeMutablePointer<Float>, lanes: Int, scale: Float) {
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: a0 * scale, as: SIMD16<Float>.self)
        if lanes > 1 { raw.storeBytes(of: a1 * scale, toByteOffset: 64, as: SIMD16<Float>.self) }
        if lanes > 2 { raw.storeBytes(of: a2 * scale, toByteOffset: 128, as: SIMD16<Float>.self) }
        if lanes > 3 { raw.storeBytes(of: a3 * scale, toByteOffset: 192, as: SIMD16<Float>.self) }
    }
}
