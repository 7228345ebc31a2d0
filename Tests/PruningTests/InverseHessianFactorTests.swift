import Tensor
import XCTest

@testable import Pruning

final class InverseHessianFactorTests: XCTestCase {
    /// A Hessian 2XᵀX/N from random inputs with one dead (always zero) input column.
    private func hessian(cols: Int, dead: Int?) -> Matrix {
        var random = TestRandom(seed: 31)
        let x = random.matrix(3 * cols, cols, scale: 1)
        if let dead { for r in 0..<x.rows { x.data[r * cols + dead] = 0 } }
        let h = Matrix(rows: cols, cols: cols)
        naiveMatmulTN(
            x.data, x.data, h.data, m: cols, n: cols, k: x.rows, lda: cols, ldb: cols, ldc: cols, accumulate: false)
        for i in 0..<h.count { h.data[i] *= 2 / Float(x.rows) }
        return h
    }

    func testFactorIsUpperAndInvertsTheDampenedHessian() throws {
        let n = 70
        let h = hessian(cols: n, dead: 5)
        let factor = try InverseHessianFactor(hessian: h, dampening: 0.01, linear: "test")
        XCTAssertEqual(factor.dead.indices.filter { factor.dead[$0] }, [5])
        let u = factor.upper
        // The dampened matrix the reference factors: dead diagonal set to 1, then + 0.01·mean(diag).
        var d = [Double](repeating: 0, count: n * n)
        var trace = 0.0
        for i in 0..<n {
            for j in 0..<n { d[i * n + j] = Double(h[i, j]) }
            if i == 5 { d[i * n + i] = 1 }
            trace += d[i * n + i]
        }
        for i in 0..<n { d[i * n + i] += 0.01 * trace / Double(n) }
        // UᵀU·D must be the identity.
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                if j < i { XCTAssertEqual(u[i, j], 0) }
                var s = 0.0
                for k in 0..<n {
                    var utu = 0.0
                    for l in 0...min(i, k) { utu += Double(u[l, i]) * Double(u[l, k]) }
                    s += utu * d[k * n + j]
                }
                worst = max(worst, abs(s - (i == j ? 1 : 0)))
            }
            XCTAssertGreaterThan(u[i, i], 0)
        }
        XCTAssertLessThan(worst, 1e-4)
    }

    func testIndefiniteHessianIsAnError() {
        let h = Matrix(rows: 3, cols: 3, copying: [1, 2, 0, 2, 1, 0, 0, 0, 1])
        XCTAssertThrowsError(try InverseHessianFactor(hessian: h, dampening: 0, linear: "layers.0.q/k/v")) { error in
            XCTAssertTrue("\(error)".contains("layers.0.q/k/v"), "\(error)")
            XCTAssertTrue("\(error)".contains("dampening"), "\(error)")
        }
    }
}
