import Foundation
import XCTest

@testable import Calibration

/// Windows fixed by scripts/golden/calibration.py (CPython `random`, transformers' tokenizer).
final class SamplingTests: XCTestCase {
    func testWandaProtocolReproducesTheReferenceWindows() throws {
        let golden = try TestResources.golden().object("sampling")
        let model = try TestResources.model()
        let reference = try golden.object("wanda")
        let source = try TestResources.text(try XCTUnwrap(reference["source"] as? String))
        let options = SamplingOptions(
            count: try golden.int("n"), length: try golden.int("len"), seed: UInt64(try golden.int("seed")),
            method: .wanda)
        let set = try CalibrationSampler.sample(
            source, tokenizer: model.tokenizer, contextLength: model.network.config.maxPositionEmbeddings,
            options: options)
        let expected = try reference.objects("windows").map { try $0.tokens("tokens") }
        XCTAssertEqual(set.sequences.count, expected.count)
        for (i, window) in set.sequences.enumerated() {
            XCTAssertEqual(window.count, options.length)
            XCTAssertEqual(window, expected[i], "window \(i)")
        }
        XCTAssertEqual(set.provenance.method, "wanda")
        XCTAssertEqual(set.provenance.seed, 0)
    }

    func testJoinedProtocolReproducesTheReferenceWindows() throws {
        let golden = try TestResources.golden().object("sampling")
        let model = try TestResources.model()
        let reference = try golden.object("joined")
        let source = try TestResources.text(try XCTUnwrap(reference["source"] as? String))
        let options = SamplingOptions(
            count: try golden.int("n"), length: try golden.int("len"), seed: UInt64(try golden.int("seed")),
            method: .joined)
        let set = try CalibrationSampler.sample(
            source, tokenizer: model.tokenizer, contextLength: 8192, options: options)
        XCTAssertEqual(set.sequences, try reference.objects("windows").map { try $0.tokens("tokens") })
        XCTAssertTrue(set.sequences.allSatisfy { $0.count == options.length })
    }

    func testSameSeedSameWindowsOtherSeedOtherWindows() throws {
        let model = try TestResources.model()
        let source = TextSource(
            path: "mem.txt", format: .txt,
            documents: (0..<40).map { i in (0..<(20 + 3 * i)).map { "word\($0 * i % 17)" }.joined(separator: " ") })
        func run(_ seed: UInt64, _ method: SamplingMethod) throws -> [[Int32]] {
            try CalibrationSampler.sample(
                source, tokenizer: model.tokenizer, contextLength: 8192,
                options: SamplingOptions(count: 8, length: 32, seed: seed, method: method)
            ).sequences
        }
        for method in SamplingMethod.allCases {
            XCTAssertEqual(try run(3, method), try run(3, method))
            XCTAssertNotEqual(try run(3, method), try run(4, method))
        }
    }

    func testBadInputsGiveClearErrors() throws {
        let model = try TestResources.model()
        let tokenizer = model.tokenizer
        let short = TextSource(path: "short.txt", format: .txt, documents: ["one two three", "four five"])
        XCTAssertThrowsError(
            try CalibrationSampler.sample(
                short, tokenizer: tokenizer, contextLength: 8192, options: SamplingOptions(count: 2, length: 16))
        ) { error in
            guard case .noDocumentLongEnough(let source, let length, let longest) = error as? CalibrationError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(source, "short.txt")
            XCTAssertEqual(length, 16)
            XCTAssertEqual(longest, 3)
            XCTAssertTrue("\(error)".contains("protocol=joined"))
        }
        XCTAssertThrowsError(
            try CalibrationSampler.sample(
                short, tokenizer: tokenizer, contextLength: 8192,
                options: SamplingOptions(count: 2, length: 16, method: .joined))
        ) { XCTAssertEqual($0 as? CalibrationError, .corpusTooShort(source: "short.txt", tokens: 5, length: 16)) }
        XCTAssertThrowsError(
            try CalibrationSampler.sample(
                short, tokenizer: tokenizer, contextLength: 8192,
                options: SamplingOptions(count: 3, length: 4, method: .joined))
        ) {
            XCTAssertEqual(
                $0 as? CalibrationError,
                .notEnoughDocuments(source: "short.txt", requested: 3, available: 1, what: "distinct windows"))
        }
        XCTAssertThrowsError(
            try CalibrationSampler.sample(
                short, tokenizer: tokenizer, contextLength: 8192, options: SamplingOptions(count: 1, length: 9000))
        ) {
            XCTAssertEqual($0 as? CalibrationError, .lengthBeyondContext(argument: "len", length: 9000, context: 8192))
        }
        XCTAssertThrowsError(
            try CalibrationSampler.sample(
                short, tokenizer: tokenizer, contextLength: 8192, options: SamplingOptions(count: 0, length: 4))
        ) { XCTAssertTrue("\($0)".contains("n=0")) }
        XCTAssertThrowsError(
            try CalibrationSampler.sample(
                short, tokenizer: tokenizer, contextLength: 8192, options: SamplingOptions(count: 1, length: 2),
                isCancelled: { true })
        ) { XCTAssertTrue($0 is CancellationError, "\($0)") }
    }
}
