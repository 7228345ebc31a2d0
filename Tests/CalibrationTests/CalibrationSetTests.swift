import Foundation
import XCTest

@testable import Calibration

final class CalibrationSetTests: XCTestCase {
    private let provenance = CalibrationProvenance(
        operation: "sample", source: "data/text/cnn.jsonl", method: "wanda", seed: 5,
        parameters: ["n": "3", "len": "4"])

    func testBinaryRoundTripBothTokenWidths() throws {
        for sequences: [[Int32]] in [[[1, 2, 3, 4], [], [65_535, 0, 7]], [[70_000, 1], [2_147_483_647]]] {
            let set = CalibrationSet(sequences: sequences, provenance: provenance)
            let data = set.serialized()
            XCTAssertEqual(try CalibrationSet(serialized: data), set)
            XCTAssertEqual(data, set.serialized(), "serialization is deterministic")
        }
        let narrow = CalibrationSet(sequences: [[1, 2, 3, 4]], provenance: provenance).serialized()
        let wide = CalibrationSet(sequences: [[1, 2, 3, 70_000]], provenance: provenance).serialized()
        XCTAssertEqual(wide.count - narrow.count, 8, "ids below 65536 take 2 bytes, others 4")
    }

    func testCorruptPayloadsAreRejectedWithAReason() {
        let data = CalibrationSet(sequences: [[1, 2, 3]], provenance: provenance).serialized()
        let cases: [(Data, String)] = [
            (Data("JUNK".utf8) + data.dropFirst(4), "SCAL"),
            (data.dropLast(1), "token bytes"),
            (data.prefix(10), "truncated"),
            (Data(), "truncated"),
        ]
        for (payload, expected) in cases {
            XCTAssertThrowsError(try CalibrationSet(serialized: payload)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
        var version = data
        version[4] = 9
        XCTAssertThrowsError(try CalibrationSet(serialized: version)) { XCTAssertTrue("\($0)".contains("version 9")) }
    }

    func testStatisticsAndSubset() {
        let set = CalibrationSet(sequences: [[5, 5, 6], [6, 7], [5]], provenance: provenance)
        let stats = set.statistics
        XCTAssertEqual(stats.sequences, 3)
        XCTAssertEqual(stats.tokens, 6)
        XCTAssertEqual(stats.minLength, 1)
        XCTAssertEqual(stats.maxLength, 3)
        XCTAssertEqual(stats.meanLength, 2)
        XCTAssertEqual(stats.distinctTokens, 3)
        XCTAssertEqual(stats.topTokens.map(\.id), [5, 6, 7])
        XCTAssertEqual(stats.topTokens.map(\.count), [3, 2, 1])
        XCTAssertEqual(stats.typeTokenRatio, 0.5)
        XCTAssertEqual(stats.vocabularyJaccard(TokenStatistics([[6, 7, 8]])), 0.5)
        XCTAssertEqual(set.subset([2, 0], provenance: provenance).sequences, [[5], [5, 5, 6]])
        XCTAssertThrowsError(try set.validate(vocabulary: 7)) { error in
            XCTAssertEqual(error as? CalibrationError, .tokenOutOfVocabulary(sequence: 1, token: 7, vocabulary: 7))
        }
        XCTAssertEqual(provenance.summary, "sample wanda of data/text/cnn.jsonl seed=5 len=4 n=3")
    }

    func testJSONLHasProvenanceThenOneLinePerSample() throws {
        let model = try TestResources.model()
        let ids = model.tokenizer.encode("Hello world, again.")
        let set = CalibrationSet(sequences: [ids, Array(ids.prefix(2))], provenance: provenance)
        let lines = String(decoding: set.jsonl(tokenizer: model.tokenizer), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual((header["provenance"] as? [String: Any])?["method"] as? String, "wanda")
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        XCTAssertEqual(first["text"] as? String, "Hello world, again.")
        XCTAssertEqual((first["tokens"] as? [NSNumber])?.map(\.int32Value), ids)
        XCTAssertEqual((first["index"] as? NSNumber)?.intValue, 0)
    }
}
