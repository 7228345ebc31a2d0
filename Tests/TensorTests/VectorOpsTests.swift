import Tensor
import XCTest

final class VectorOpsTests: XCTestCase {
    func testAgainstScalarLoops() {
        var rng = SplitMix64(seed: 41)
        for n in [0, 1, 15, 16, 33, 1000] {
            let x = randomFloats(n, rng: &rng)
            let y = randomFloats(n, rng: &rng)
            var expectedDot = 0.0
            for i in 0..<n { expectedDot += Double(x[i]) * Double(y[i]) }
            XCTAssertEqual(Double(dot(x, y, n: n)), expectedDot, accuracy: 1e-5 * Double(max(n, 1)))

            var sum = x
            addInPlace(&sum, y, n: n)
            XCTAssertEqual(sum, (0..<n).map { x[$0] + y[$0] })

            var updated = y
            axpy(-0.5, x, &updated, n: n)
            XCTAssertLessThanOrEqual(maxAbsDiff(updated, (0..<n).map { y[$0] - 0.5 * x[$0] }), 1e-6)

            var scaled = x
            scaleInPlace(&scaled, n: n, by: 3)
            XCTAssertEqual(scaled, x.map { $0 * 3 })
        }
    }
}
