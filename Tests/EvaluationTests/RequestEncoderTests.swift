import XCTest

@testable import Evaluation

final class RequestEncoderTests: XCTestCase {
    func testPairsSplitTheWholeEncodingAtTheContextLength() throws {
        let encoder = RequestEncoder(tokenizer: try EvaluationTestSupport.model().tokenizer)
        let context = "Question: How do I ready a guinea pig cage?\nAnswer:"
        let continuation = " Provide the guinea pig with bedding made of ripped paper strips."
        let (c, x) = encoder.encodePair(context: context, continuation: continuation)
        XCTAssertEqual(c, encoder.tokens(context))
        XCTAssertEqual(c + x, encoder.tokens(context + continuation))
        XCTAssertFalse(x.isEmpty)
    }

    func testTrailingSpacesOfTheContextMoveToTheContinuation() throws {
        let encoder = RequestEncoder(tokenizer: try EvaluationTestSupport.model().tokenizer)
        let (c, x) = encoder.encodePair(context: "Answer: ", continuation: "yes")
        XCTAssertEqual(c, encoder.tokens("Answer:"))
        XCTAssertEqual(x, encoder.tokens(" yes"))
        XCTAssertEqual(x.count, 1, "' yes' is one token, not ' ' + 'yes'")
    }

    func testEmptyContextIsTheEndOfTextTokenAndNoBOSIsAdded() throws {
        let tokenizer = try EvaluationTestSupport.model().tokenizer
        let encoder = RequestEncoder(tokenizer: tokenizer)
        let (c, x) = encoder.encodePair(context: "", continuation: " The end.")
        XCTAssertEqual(c, [try XCTUnwrap(tokenizer.eosID)])
        XCTAssertEqual(x, encoder.tokens(" The end."))
        XCTAssertNotEqual(encoder.tokens("Hello").first, tokenizer.bosID)
    }
}
