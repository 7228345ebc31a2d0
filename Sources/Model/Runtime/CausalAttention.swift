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
        precondition(headDim % 16 == 0, "head dimension must be a multiple of 16")
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

    /// scores[r, j] = scale · q_r · k_j for j in chunks of 16 keys.
    private func computeScores(
        q: UnsafePointer<Float>, qStride: Int, rows: Int, kt: UnsafePointer<Float>, ktStride: Int, chunks: Int,
        scores: UnsafeMutablePointer<Float>, scoresStride: Int
    ) {
        for c in 0..<chunks {
            let j = c * 16
            var a0 = SIMD16<Float>()
            var a1 = SIMD16<Float>()
            var a2 = SIMD16<Float>()
            var a3 = SIMD16<Float>()
            for d in 0..<headDim {
                let kv = UnsafeRawPointer(kt + d * ktStride + j).loadUnaligned(as: SIMD16<Float>.self)
                a0.addProduct(q[d], kv)
                if rows > 1 { a1.addProduct(q[qStride + d], kv) }
                if rows > 2 { a2.addProduct(q[2 * qStride + d], kv) }
                if rows > 3 { a3.addProduct(q[3 * qStride + d], kv) }
            }
            let out = UnsafeMutableRawPointer(scores + j)
            out.storeBytes(of: a0 * scale, as: SIMD16<Float>.self)
            if rows > 1 { out.storeBytes(of: a1 * scale, toByteOffset: 4 * scoresStride, as: SIMD16<Float>.self) }
            if rows > 2 { out.storeBytes(of: a2 * scale, toByteOffset: 8 * scoresStride, as: SIMD16<Float>.self) }
            if rows > 3 { out.storeBytes(of: a3 * scale, toByteOffset: 12 * scoresStride, as: SIMD16<Float>.self) }
        }
    }

    /// out_r = Σ_j P[r, j] · v_j for four rows at a time; row r sees `firstLimit + r` keys.
    private func weightedValues(
        scores: UnsafePointer<Float>, scoresStride: Int, rows: Int, firstLimit: Int, v: UnsafePointer<Float>,
        kvStride: Int, out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        let lanes = headDim / 16
        var acc = [SIMD16<Float>](repeating: SIMD16<Float>(), count: 4 * lanes)
        acc.withUnsafeMutableBufferPointer { acc in
            let keys = firstLimit + rows - 1
            for j in 0..<keys {
                let vRow = UnsafeRawPointer(v + j * kvStride)
                for r in 0..<rows where j < firstLimit + r {
                    let p = scores[r * scoresStride + j]
                    for l in 0..<lanes {
                        acc[r * lanes + l].addProduct(
                            p, vRow.loadUnaligned(fromByteOffset: l * 64, as: SIMD16<Float>.self))
                    }
                }
            }
            for r in 0..<rows {
                for l in 0..<lanes {
                    UnsafeMutableRawPointer(out + r * outStride).storeBytes(
                        of: acc[r * lanes + l], toByteOffset: l * 64, as: SIMD16<Float>.self)
                }
            }
        }
    }
}

extension SIMD16 where Scalar == Float {
    @inline(__always)
    fileprivate mutating func addProduct(_ s: Float, _ v: SIMD16<Float>) {
        self = self.addingProduct(SIMD16(repeating: s), v)
    }
}
