import Synchronization
import Tensor
import XCTest

final class MatrixTests: XCTestCase {
    func testShapeAccessAndCopy() {
        let m = Matrix(rows: 2, cols: 3, copying: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(m.count, 6)
        XCTAssertEqual(m[1, 2], 6)
        m[0, 1] = 20
        XCTAssertEqual(m.row(0)[1], 20)
        XCTAssertEqual(m.row(1)[0], 4)
        XCTAssertEqual(m.toArray(), [1, 20, 3, 4, 5, 6])
        XCTAssertEqual(Int(bitPattern: m.data) % 64, 0, "storage is 64-byte aligned")
        let copy = m.copy()
        copy[0, 0] = -1
        XCTAssertEqual(m[0, 0], 1, "copy() is deep")
        XCTAssertEqual(m.transposed().toArray(), [1, 4, 20, 5, 3, 6])
        XCTAssertEqual(Matrix(rows: 2, cols: 2).toArray(), [0, 0, 0, 0])
        m.fill(7)
        XCTAssertEqual(m.toArray(), [Float](repeating: 7, count: 6))
    }

    func testTransposeMatchesIndexing() {
        var rng = SplitMix64(seed: 11)
        let (rows, cols) = (67, 45)
        let a = randomFloats(rows * (cols + 3), rng: &rng)
        var b = [Float](repeating: .nan, count: cols * (rows + 1))
        transpose(a, &b, rows: rows, cols: cols, lda: cols + 3, ldb: rows + 1)
        for i in 0..<rows {
            for j in 0..<cols where b[j * (rows + 1) + i] != a[i * (cols + 3) + j] {
                XCTFail("transpose wrong at (\(i), \(j))")
                return
            }
        }
    }

    func testParallelForVisitsEveryIndexOnce() {
        let n = 1000
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: n)
        let calls = Atomic<Int>(0)
        parallelFor(n) { i in
            counts[i] += 1
            calls.add(1, ordering: .relaxed)
        }
        XCTAssertEqual(calls.load(ordering: .relaxed), n)
        XCTAssertTrue((0..<n).allSatisfy { counts[$0] == 1 })
        let covered = Atomic<Int>(0)
        parallelChunks(1001, granule: 16) { range in
            XCTAssertTrue(range.lowerBound % 16 == 0, "chunks start on a granule")
            covered.add(range.count, ordering: .relaxed)
        }
        XCTAssertEqual(covered.load(ordering: .relaxed), 1001)
        var ran = false
        parallelFor(1) { _ in ran = true }
        XCTAssertTrue(ran)
        counts.update(repeating: 0, count: n)
        parallelDynamic(n) { i in counts[i] += 1 }
        XCTAssertTrue((0..<n).allSatisfy { counts[$0] == 1 }, "parallelDynamic visits every index once")
    }
}
