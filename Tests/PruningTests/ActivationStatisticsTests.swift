import Tensor
import XCTest

@testable import Pruning

final class ActivationStatisticsTests: XCTestCase {
    /// Three sequences of different lengths, fed as one batch of two plus one batch of one.
    private func sample(cols: Int) -> (x: Matrix, lengths: [Int]) {
        var random = TestRandom(seed: 21)
        let lengths = [7, 12, 5]
        let x = random.matrix(lengths.reduce(0, +), cols, scale: 1.5)
        for r in 0..<x.rows { x.data[r * cols + 1] += 3 }  // a channel with a large mean
        return (x, lengths)
    }

    private func feed(_ stats: ActivationStatistics, _ x: Matrix, _ lengths: [Int]) {
        stats.add(x.data, lengths: Array(lengths[0..<2]))
        stats.add(x.data + (lengths[0] + lengths[1]) * x.cols, lengths: [lengths[2]])
    }

    func testScalerRowAndMomentsMatchTheirDefinitions() {
        let cols = 40
        let (x, lengths) = sample(cols: cols)
        let stats = ActivationStatistics(columns: cols, kinds: [.squaredNorms, .moments])
        feed(stats, x, lengths)
        XCTAssertEqual(stats.sequences, 3)
        XCTAssertEqual(stats.tokens, 24)
        XCTAssertNil(stats.hessian)
        for j in 0..<cols {
            var squares = 0.0
            var sum = 0.0
            var weightedMean = 0.0
            var weightedVariance = 0.0
            var offset = 0
            for n in lengths {
                var s = 0.0
                var q = 0.0
                for r in offset..<(offset + n) {
                    let v = Double(x[r, j])
                    s += v
                    q += v * v
                }
                let mean = s / Double(n)
                weightedMean += mean * Double(n)
                weightedVariance += (q / Double(n) - mean * mean) * Double(n)
                squares += q
                sum += s
                offset += n
            }
            XCTAssertEqual(Double(stats.scalerRow[j]), squares / 3, accuracy: 1e-5 * squares)
            XCTAssertEqual(Double(stats.sumRow[j]), sum / 3, accuracy: 1e-4 * max(1, abs(sum)))
            XCTAssertEqual(Double(stats.mean[j]), weightedMean / 24, accuracy: 1e-5 * max(1, abs(weightedMean)))
            XCTAssertEqual(Double(stats.variance[j]), weightedVariance / 24, accuracy: 1e-5 * max(1, weightedVariance))
        }
    }

    func testHessianIsTwiceTheMeanGramMatrix() {
        for cols in [40, 544] {  // one panel, and several panels of the symmetric product
            let (x, lengths) = sample(cols: cols)
            let stats = ActivationStatistics(columns: cols, kinds: .hessian)
            feed(stats, x, lengths)
            let h = stats.hessian!
            let expected = Matrix(rows: cols, cols: cols)
            naiveMatmulTN(
                x.data, x.data, expected.data, m: cols, n: cols, k: x.rows, lda: cols, ldb: cols, ldc: cols,
                accumulate: false)
            var worst: Float = 0
            for i in 0..<(cols * cols) {
                let e = expected.data[i] * 2 / 3
                worst = max(worst, abs(h.data[i] - e) / max(1, abs(e)))
            }
            XCTAssertLessThan(worst, 1e-5, "cols \(cols)")
            for i in 0..<cols { for j in 0..<cols { XCTAssertEqual(h[i, j], h[j, i]) } }
        }
    }
}
