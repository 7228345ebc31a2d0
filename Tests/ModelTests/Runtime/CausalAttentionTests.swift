import XCTest

@testable import Model

/// The attention kernel against a naive softmax(q·Kᵀ/√d)·V on head widths that are not multiples
/// of 16 (issue 14: head_dim 24 dropped its last 8 columns), with odd query counts and cache offsets.
final class CausalAttentionTests: XCTestCase {
    private func naive(
        q: [Float], k: [Float], v: [Float], headDim: Int, queries: Int, start: Int
    ) -> [Float] {
        var out = [Float](repeating: 0, count: queries * headDim)
        let scale = 1 / Float(headDim).squareRoot()
        for r in 0..<queries {
            let keys = start + r + 1
            var scores = (0..<keys).map { j in
                (0..<headDim).reduce(Float(0)) { $0 + q[r * headDim + $1] * k[j * headDim + $1] } * scale
            }
            let peak = scores.max() ?? 0
            scores = scores.map { exp($0 - peak) }
            let total = scores.reduce(0, +)
            for d in 0..<headDim {
                out[r * headDim + d] = (0..<keys).reduce(Float(0)) { $0 + scores[$1] * v[$1 * headDim + d] } / total
            }
        }
        return out
    }

    func testMatchesNaiveAttentionForEveryEvenHeadWidth() {
        for headDim in [2, 6, 8, 24, 40, 64, 72, 80, 96, 136] {
            for (queries, start) in [(1, 0), (3, 0), (5, 2), (7, 9), (1, 17)] {
                let keys = start + queries
                func values(_ n: Int, _ seed: Int) -> [Float] {
                    (0..<n).map { Float((($0 * 37 + seed * 101) % 97) - 48) / 40 }
                }
                let q = values(queries * headDim, 1)
                let k = values(keys * headDim, 2)
                let v = values(keys * headDim, 3)
                var out = [Float](repeating: .nan, count: queries * headDim)
                CausalAttention(headDim: headDim).run(
                    q: q, qStride: headDim, k: k, v: v, kvStride: headDim, queries: queries, start: start, out: &out,
                    outStride: headDim)
                let expected = naive(q: q, k: k, v: v, headDim: headDim, queries: queries, start: start)
                let maxDiff = zip(out, expected).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThan(
                    maxDiff, 1e-4, "headDim \(headDim), \(queries) queries from \(start): max |Δ| \(maxDiff)")
            }
        }
    }
}
