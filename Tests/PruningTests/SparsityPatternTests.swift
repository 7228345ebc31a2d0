import XCTest

@testable import Pruning

final class SparsityPatternTests: XCTestCase {
    func testParsesRatiosPercentAndNM() throws {
        XCTAssertEqual(try SparsityPattern(parsing: "0.6"), .unstructured(0.6))
        XCTAssertEqual(try SparsityPattern(parsing: "60%"), .unstructured(0.6))
        XCTAssertEqual(try SparsityPattern(parsing: "2:4"), .nOfM(n: 2, m: 4))
        XCTAssertEqual(try SparsityPattern(parsing: "4:8").sparsity, 0.5)
    }

    func testRejectsBadPatterns() {
        XCTAssertThrowsError(try SparsityPattern(parsing: "4:4")) {
            XCTAssertEqual($0 as? PatternError, .badNM(n: 4, m: 4))
        }
        XCTAssertThrowsError(try SparsityPattern(parsing: "1.0")) {
            XCTAssertEqual($0 as? PatternError, .ratioOutOfRange(1.0))
        }
        XCTAssertThrowsError(try SparsityPattern(parsing: "0")) {
            XCTAssertEqual($0 as? PatternError, .ratioOutOfRange(0))
        }
        XCTAssertThrowsError(try SparsityPattern(parsing: "half")) {
            XCTAssertEqual($0 as? PatternError, .malformed("half"))
        }
        XCTAssertThrowsError(try SparsityPattern.nOfM(n: 2, m: 8).validate(columns: 12, tensor: "blk.0.ffn_up"))
        XCTAssertNoThrow(try SparsityPattern.nOfM(n: 2, m: 4).validate(columns: 576, tensor: "blk.0.ffn_up"))
    }
}
