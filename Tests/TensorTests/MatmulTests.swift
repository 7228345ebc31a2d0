import Tensor
import XCTest

final class MatmulTests: XCTestCase {
    /// Which product a case exercises.
    enum Kind: String, CaseIterable {
        case nt = "NT"
        case nn = "NN"
        case tn = "TN"
    }

    /// (m, n, k) triples: edges of every path (dot, direct, packed), sizes that are not multiples of any block,
    /// several k blocks, several m blocks, several n blocks.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 7, 1), (1, 1, 33), (1, 100, 577), (1, 513, 64), (2, 3, 5), (3, 67, 129), (4, 64, 16),
        (5, 130, 31), (7, 33, 17), (8, 96, 576), (13, 65, 300), (23, 41, 257), (24, 40, 256), (25, 31, 513),
        (47, 50, 100), (48, 33, 64),
        (31, 1, 1), (40, 1, 70), (50, 50, 1), (64, 160, 576), (100, 97, 257), (131, 190, 700), (200, 130, 70),
        (390, 70, 40), (30, 4200, 20), (60, 45, 1700), (70, 33, 1537), (20, 650, 1700), (11, 9, 40), (12, 9, 40),
        (64, 100, 192), (65, 33, 193), (2100, 20, 200), (1030, 70, 600),
    ]

    func testAgainstNaive() {
        var rng = SplitMix64(seed: 1)
        for kind in Kind.allCases {
            for (index, (m, n, k)) in Self.shapes.enumerated() {
                // Alternate tight and padded leading dimensions, overwrite and accumulate.
                let padded = index % 2 == 1
                let accumulate = index % 3 == 2
                check(kind, m: m, n: n, k: k, padded: padded, accumulate: accumulate, rng: &rng)
            }
        }
    }

    func testAccumulateAndPaddingOnEveryShapeOfPackedPath() {
        var rng = SplitMix64(seed: 2)
        for kind in Kind.allCases {
            check(kind, m: 77, n: 45, k: 1000, padded: true, accumulate: true, rng: &rng)
            check(kind, m: 77, n: 45, k: 300, padded: false, accumulate: true, rng: &rng)
            check(kind, m: 6, n: 32, k: 1, padded: true, accumulate: false, rng: &rng)
        }
    }

    func testSingleThreadMatchesMultiThread() {
        var rng = SplitMix64(seed: 3)
        let (m, n, k) = (70, 90, 300)
        let a = randomFloats(m * k, rng: &rng)
        let b = randomFloats(n * k, rng: &rng)
        var c1 = [Float](repeating: 0, count: m * n)
        var c2 = [Float](repeating: 0, count: m * n)
        let saved = TensorThreads.count
        defer { TensorThreads.count = saved }
        TensorThreads.count = 1
        matmulNT(a, b, &c1, m: m, n: n, k: k, lda: k, ldb: k, ldc: n, accumulate: false)
        TensorThreads.count = 2
        matmulNT(a, b, &c2, m: m, n: n, k: k, lda: k, ldb: k, ldc: n, accumulate: false)
        XCTAssertEqual(c1, c2, "the split over threads must not change the k summation order")
    }

    func testZeroKClearsOrKeeps() {
        var c: [Float] = [1, 2, 3, 4]
        let empty: [Float] = [0]
        matmulNT(empty, empty, &c, m: 2, n: 2, k: 0, lda: 0, ldb: 0, ldc: 2, accumulate: true)
        XCTAssertEqual(c, [1, 2, 3, 4])
        matmulNN(empty, empty, &c, m: 2, n: 2, k: 0, lda: 0, ldb: 2, ldc: 2, accumulate: false)
        XCTAssertEqual(c, [0, 0, 0, 0])
    }

    func testKnownProduct() {
        // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
        let a: [Float] = [1, 2, 3, 4]
        let b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        matmulNT(a, b, &c, m: 2, n: 2, k: 2, lda: 2, ldb: 2, ldc: 2, accumulate: false)
        XCTAssertEqual(c, [17, 23, 39, 53])
        matmulNN(a, b, &c, m: 2, n: 2, k: 2, lda: 2, ldb: 2, ldc: 2, accumulate: false)
        XCTAssertEqual(c, [19, 22, 43, 50])
        matmulTN(a, b, &c, m: 2, n: 2, k: 2, lda: 2, ldb: 2, ldc: 2, accumulate: true)
        XCTAssertEqual(c, [45, 52, 81, 94])
    }

    func testMatrixOverloads() {
        var rng = SplitMix64(seed: 4)
        let a = Matrix(rows: 30, cols: 20, copying: randomFloats(600, rng: &rng))
        let b = Matrix(rows: 25, cols: 20, copying: randomFloats(500, rng: &rng))
        let c = Matrix(rows: 30, cols: 25)
        matmulNT(a, b, into: c)
        var expected = [Float](repeating: 0, count: 30 * 25)
        naiveMatmulNT(a.data, b.data, &expected, m: 30, n: 25, k: 20, lda: 20, ldb: 20, ldc: 25)
        XCTAssertLessThanOrEqual(maxAbsDiff(c.toArray(), expected), 1e-5)
        let bt = b.transposed()
        let d = Matrix(rows: 30, cols: 25)
        matmulNN(a, bt, into: d)
        XCTAssertLessThanOrEqual(maxAbsDiff(d.toArray(), expected), 1e-5)
        let e = Matrix(rows: 30, cols: 25)
        matmulTN(a.transposed(), bt, into: e)
        matmulTN(a.transposed(), bt, into: e, accumulate: true)
        XCTAssertLessThanOrEqual(maxAbsDiff(e.toArray(), expected.map { 2 * $0 }), 2e-5)
    }

    /// Runs one product with the fast and the naive kernel; C starts random, its padding columns must survive.
    private func check(_ kind: Kind, m: Int, n: Int, k: Int, padded: Bool, accumulate: Bool, rng: inout SplitMix64) {
        let extra = padded ? 3 : 0
        // Operand shapes as stored: NT A[m×k] B[n×k]; NN A[m×k] B[k×n]; TN A[k×m] B[k×n].
        let (aRows, aCols) = kind == .tn ? (k, m) : (m, k)
        let (bRows, bCols) = kind == .nt ? (n, k) : (k, n)
        let lda = aCols + extra
        let ldb = bCols + extra + (padded ? 2 : 0)
        let ldc = n + extra + (padded ? 5 : 0)
        let a = randomFloats(max(1, aRows * lda), rng: &rng)
        let b = randomFloats(max(1, bRows * ldb), rng: &rng)
        let c0 = randomFloats(m * ldc, rng: &rng)
        var fast = c0
        var slow = c0
        switch kind {
        case .nt:
            matmulNT(a, b, &fast, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
            naiveMatmulNT(a, b, &slow, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
        case .nn:
            matmulNN(a, b, &fast, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
            naiveMatmulNN(a, b, &slow, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
        case .tn:
            matmulTN(a, b, &fast, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
            naiveMatmulTN(a, b, &slow, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate)
        }
        let diff = maxAbsDiff(fast, slow)
        // Float32 rounding grows with the length of the sums; inputs are in [-1, 1).
        let tolerance = 2e-7 * Float(k) + 2e-5
        let label = "\(kind.rawValue) m=\(m) n=\(n) k=\(k) padded=\(padded) accumulate=\(accumulate)"
        print("\(label): max |fast - naive| = \(diff)")
        XCTAssertLessThanOrEqual(diff, tolerance, label)
        for i in 0..<m {
            for j in n..<ldc where fast[i * ldc + j] != c0[i * ldc + j] {
                XCTFail("\(label): padding C[\(i), \(j)] was written")
                return
            }
        }
    }
}
