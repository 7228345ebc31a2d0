import Foundation
import Tensor
import XCTest

final class ElementwiseTests: XCTestCase {
    func testRMSNormMatchesNaive() {
        var rng = SplitMix64(seed: 21)
        for (rows, dim) in [(1, 576), (5, 37), (130, 576), (3, 16)] {
            let x = randomFloats(rows * dim, scale: 3, rng: &rng)
            let w = randomFloats(dim, scale: 2, rng: &rng)
            var fast = [Float](repeating: 0, count: rows * dim)
            var slow = fast
            rmsNorm(x, w, &fast, rows: rows, dim: dim, eps: 1e-5)
            naiveRMSNorm(x, w, &slow, rows: rows, dim: dim, eps: 1e-5)
            let diff = maxAbsDiff(fast, slow)
            print("rmsNorm rows=\(rows) dim=\(dim): max |fast - naive| = \(diff)")
            XCTAssertLessThanOrEqual(diff, 1e-5)
            // In place gives the same result.
            var inPlace = x
            inPlace.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                rmsNorm(base, w, base, rows: rows, dim: dim, eps: 1e-5)
            }
            XCTAssertEqual(inPlace, fast)
        }
    }

    func testSoftmaxMatchesNaiveAndIsStable() {
        var rng = SplitMix64(seed: 22)
        for n in [1, 5, 16, 17, 100, 49152] {
            // Shifted far from 0: without subtracting the maximum, exp would overflow.
            var fast = randomFloats(n, scale: 8, rng: &rng).map { $0 + 1e4 }
            var slow = fast
            softmaxInPlace(&fast, n: n)
            naiveSoftmax(&slow, n: n)
            let diff = maxAbsDiff(fast, slow)
            print("softmax n=\(n): max |fast - naive| = \(diff)")
            XCTAssertLessThanOrEqual(diff, 1e-6)
            XCTAssertFalse(fast.contains { $0.isNaN })
            XCTAssertEqual(fast.reduce(0, +), 1, accuracy: 1e-4)
        }
        var masked: [Float] = [0, -.infinity, 1, -.infinity]
        softmaxInPlace(&masked, n: 4)
        XCTAssertEqual(masked[1], 0)
        XCTAssertEqual(masked[0] + masked[2], 1, accuracy: 1e-6)
        XCTAssertEqual(masked[2] / masked[0], Float(M_E), accuracy: 1e-5)
    }

    func testSoftmaxRowsMatchesPerRow() {
        var rng = SplitMix64(seed: 23)
        let (rows, n, ld) = (300, 129, 131)
        var x = randomFloats(rows * ld, scale: 5, rng: &rng)
        var expected = x
        for r in 0..<rows { expected.withUnsafeMutableBufferPointer { naiveSoftmax($0.baseAddress! + r * ld, n: n) } }
        softmaxRowsInPlace(&x, rows: rows, n: n, ld: ld)
        var worst: Float = 0
        for r in 0..<rows {
            for j in 0..<ld {
                let i = r * ld + j
                if j < n { worst = max(worst, abs(x[i] - expected[i])) } else { XCTAssertEqual(x[i], expected[i]) }
            }
        }
        print("softmaxRows: max |fast - naive| = \(worst)")
        XCTAssertLessThanOrEqual(worst, 1e-6)
    }

    func testLogSoftmaxAndLogSumExp() {
        var rng = SplitMix64(seed: 24)
        for n in [1, 3, 16, 33, 49152] {
            let x = randomFloats(n, scale: 30, rng: &rng)
            var fast = [Float](repeating: 0, count: n)
            var slow = fast
            logSoftmax(x, &fast, n: n)
            naiveLogSoftmax(x, &slow, n: n)
            let diff = maxAbsDiff(fast, slow)
            print("logSoftmax n=\(n): max |fast - naive| = \(diff)")
            XCTAssertLessThanOrEqual(diff, 2e-5)
            let lse = logSumExp(x, n: n)
            XCTAssertEqual(lse, x[0] - slow[0], accuracy: 2e-5)
        }
        XCTAssertEqual(logSumExp([Float(-Float.infinity), -.infinity], n: 2), -.infinity)
        XCTAssertEqual(logSumExp([Float(0), 0], n: 2), Float(M_LN2), accuracy: 1e-6)
    }

    func testSiluAndSwigluMatchNaive() {
        var rng = SplitMix64(seed: 25)
        for n in [1, 15, 16, 1000, 70000] {
            var gate = randomFloats(n, scale: 12, rng: &rng)
            gate[0] = -100
            if n > 1 { gate[1] = 100 }
            let up = randomFloats(n, scale: 3, rng: &rng)
            var fast = [Float](repeating: 0, count: n)
            var slow = fast
            silu(gate, &fast, n: n)
            naiveSilu(gate, &slow, n: n)
            let siluDiff = maxRelDiff(fast, slow)
            swiglu(gate, up, &fast, n: n)
            naiveSwiglu(gate, up, &slow, n: n)
            let swigluDiff = maxRelDiff(fast, slow)
            print("silu n=\(n): max rel diff \(siluDiff); swiglu: \(swigluDiff)")
            XCTAssertLessThanOrEqual(siluDiff, 1e-6)
            XCTAssertLessThanOrEqual(swigluDiff, 1e-6)
        }
    }

    func testRotaryMatchesNaive() {
        var rng = SplitMix64(seed: 26)
        for (rows, heads, headDim, stride) in [(3, 2, 64, 128), (4, 3, 40, 125), (1, 9, 64, 576), (2, 1, 2, 2)] {
            let half = headDim / 2
            var fast = randomFloats(rows * stride, scale: 2, rng: &rng)
            var slow = fast
            var cosTable = [Float](repeating: 0, count: rows * half)
            var sinTable = cosTable
            for r in 0..<rows {
                for i in 0..<half {
                    let angle = Double(r + 7) / pow(10000, Double(2 * i) / Double(headDim))
                    cosTable[r * half + i] = Float(Foundation.cos(angle))
                    sinTable[r * half + i] = Float(Foundation.sin(angle))
                }
            }
            applyRotaryHalf(
                &fast, rows: rows, nHeads: heads, headDim: headDim, cos: cosTable, sin: sinTable, rowStride: stride)
            naiveApplyRotaryHalf(
                &slow, rows: rows, nHeads: heads, headDim: headDim, cos: cosTable, sin: sinTable, rowStride: stride)
            let diff = maxAbsDiff(fast, slow)
            print("rotary rows=\(rows) heads=\(heads) headDim=\(headDim): max |fast - naive| = \(diff)")
            XCTAssertLessThanOrEqual(diff, 1e-6)
        }
        // rotate_half pairing, by hand: head [a, b | c, d] at angle θ for both frequencies.
        var x: [Float] = [1, 2, 3, 4]
        let c: [Float] = [0, 0]
        let s: [Float] = [1, 1]
        applyRotaryHalf(&x, rows: 1, nHeads: 1, headDim: 4, cos: c, sin: s)
        XCTAssertEqual(x, [-3, -4, 1, 2], "x1' = -x2, x2' = x1 at 90°")
    }

    /// Largest |x − y| / max(|y|, 1e-3).
    private func maxRelDiff(_ x: [Float], _ y: [Float]) -> Float {
        var worst: Float = 0
        for i in 0..<x.count { worst = max(worst, abs(x[i] - y[i]) / max(abs(y[i]), 1e-3)) }
        return worst
    }
}
