import XCTest

@testable import Evaluation

final class PerplexityWindowsTests: XCTestCase {
    func testDropsTheTailAndHonoursTheLimit() throws {
        let tokens = (0..<1030).map(Int32.init)
        let all = try PerplexityWindows(tokens: tokens, seqlen: 512)
        XCTAssertEqual(all.count, 2)
        XCTAssertEqual(Array(all.window(1)), (512..<1024).map(Int32.init))
        XCTAssertEqual(try PerplexityWindows(tokens: tokens, seqlen: 100, limit: 3).count, 3)
        XCTAssertThrowsError(try PerplexityWindows(tokens: Array(tokens.prefix(10)), seqlen: 512)) {
            XCTAssertEqual($0 as? PerplexityError, .textTooShort(tokens: 10, seqlen: 512))
        }
    }
}
