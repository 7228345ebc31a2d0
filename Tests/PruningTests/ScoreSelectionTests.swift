import XCTest

@testable import Pruning

final class ScoreSelectionTests: XCTestCase {
    func testOrderedBitsFollowFloatOrder() {
        let values: [Float] = [
            -.infinity, -3.5, -1, -Float.leastNonzeroMagnitude, 0, Float.leastNonzeroMagnitude, 1, 2.25, .infinity,
        ]
        for (a, b) in zip(values, values.dropFirst()) {
            XCTAssertLessThan(orderedBits(a), orderedBits(b), "\(a) < \(b)")
        }
        XCTAssertEqual(orderedBits(-0.0), orderedBits(0.0))
        XCTAssertGreaterThan(orderedBits(.nan), orderedBits(.infinity))
    }

    func testSelectSmallestMatchesSort() {
        var random = TestRandom(seed: 3)
        for trial in 0..<200 {
            let count = 1 + random.below(300)
            // Few distinct values, so many ties are broken by index.
            let scores = (0..<count).map { _ in Float(random.below(trial % 2 == 0 ? 5 : 1000)) }
            let k = random.below(count + 1)
            var keys = scores.enumerated().map { scoreKey($0.element, $0.offset) }
            keys.withUnsafeMutableBufferPointer { selectSmallest($0.baseAddress!, count: count, k: k) }
            let expected = Set(scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }.prefix(k))
            XCTAssertEqual(Set(keys.prefix(k).map { Int($0 & 0xFFFF_FFFF) }), expected, "trial \(trial)")
        }
    }

    func testMarkSmallestBreaksTiesByColumn() {
        let scores: [Float] = [2, 1, 1, 3, 1, 0.5]
        var pruned = [UInt8](repeating: 0, count: 6)
        var scratch = [UInt64](repeating: 0, count: 6)
        scores.withUnsafeBufferPointer { s in
            markSmallest(s.baseAddress!, count: 6, k: 3, pruned: &pruned, scratch: &scratch)
        }
        // 0.5 (col 5), then the 1s at columns 1 and 2; column 4's 1 survives.
        XCTAssertEqual(pruned, [0, 1, 1, 0, 0, 1])
    }

    func testNOfMPrunesExactlyNPerGroup() {
        var random = TestRandom(seed: 5)
        let scores = (0..<64).map { _ in Float(random.below(3)) }
        var pruned = [UInt8](repeating: 0, count: 64)
        scores.withUnsafeBufferPointer { markNOfM($0.baseAddress!, count: 64, n: 3, m: 8, pruned: &pruned) }
        for g in 0..<8 {
            let group = g * 8..<(g * 8 + 8)
            XCTAssertEqual(group.filter { pruned[$0] != 0 }.count, 3)
            let expected = group.sorted { (scores[$0], $0) < (scores[$1], $1) }.prefix(3)
            XCTAssertEqual(Set(group.filter { pruned[$0] != 0 }), Set(expected))
        }
    }

    func testKthSmallestValue() {
        var random = TestRandom(seed: 9)
        for _ in 0..<50 {
            let count = 1 + random.below(500)
            let values = (0..<count).map { _ in random.uniform() }
            let k = random.below(count)
            let found = values.withUnsafeBufferPointer { kthSmallestValue($0.baseAddress!, count: count, k: k) }
            XCTAssertEqual(found, values.sorted()[k])
        }
    }

    func testStableOrderIsTorchStableSort() {
        let scores: [Float] = [3, -1, 3, 0, -0.0, 2, -1]
        var order = [Int32](repeating: 0, count: scores.count)
        var scratch = [UInt64](repeating: 0, count: scores.count)
        scores.withUnsafeBufferPointer {
            stableOrder($0.baseAddress!, count: scores.count, order: &order, scratch: &scratch)
        }
        XCTAssertEqual(order, [1, 6, 3, 4, 5, 0, 2])
    }

    func testPrunedCountTruncatesLikePython() {
        XCTAssertEqual(prunedCount(of: 576, ratio: 0.6), 345)  // 345.59999…
        XCTAssertEqual(prunedCount(of: 1536, ratio: 0.5), 768)
        XCTAssertEqual(prunedCount(of: 10, ratio: 0.29), 2)
    }
}
