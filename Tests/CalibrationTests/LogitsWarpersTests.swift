import Foundation
import XCTest

@testable import Calibration

/// transformers' processors on fixed logits (scripts/golden/calibration.py) against `LogitsWarpers`,
/// and the fast `NextTokenChooser` against the oracle chain.
final class LogitsWarpersTests: XCTestCase {
    private struct Case {
        let logits: [[Float]]
        let history: [[Int32]]
        let outputs: [String: [[Float]]]
        let chainProbabilities: [[Float]]
    }

    private func golden() throws -> Case {
        let w = try TestResources.golden().object("warpers")
        let logits = try XCTUnwrap(w["logits"] as? [Any]).map(floatRow)
        let history = try XCTUnwrap(w["history"] as? [[NSNumber]]).map { $0.map(\.int32Value) }
        var outputs: [String: [[Float]]] = [:]
        for (name, rows) in try w.object("outputs") { outputs[name] = try XCTUnwrap(rows as? [Any]).map(floatRow) }
        let probabilities = try XCTUnwrap(w["chain_probabilities"] as? [Any]).map(floatRow)
        XCTAssertEqual(
            w["chain_order"] as? [String],
            ["RepetitionPenaltyLogitsProcessor", "TemperatureLogitsWarper", "TopKLogitsWarper", "TopPLogitsWarper"])
        return Case(logits: logits, history: history, outputs: outputs, chainProbabilities: probabilities)
    }

    /// Kept/removed must agree, and kept values match within 1e-6 relative. With `ties`, tokens whose
    /// original logit equals that of the least likely kept token may be swapped (transformers' top-p
    /// uses an unstable sort, so which of several equal logits falls at the cut is unspecified), as
    /// long as the same number is kept.
    private func assertRowsEqual(
        _ actual: [Float], _ expected: [Float], _ label: String, original: [Float]? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, label, file: file, line: line)
        let boundary: Float? = original.flatMap { o in
            expected.indices.filter { expected[$0] > -.infinity }.map { o[$0] }.min()
        }
        var removedMismatch = 0
        var worst: Float = 0
        for i in actual.indices {
            let (a, e) = (actual[i], expected[i])
            if a == -.infinity || e == -.infinity {
                let atTheCut = boundary != nil && original?[i] == boundary
                if a != e, !atTheCut { removedMismatch += 1 }
            } else {
                worst = max(worst, abs(a - e) / max(1, abs(e)))
            }
        }
        XCTAssertEqual(
            actual.filter { $0 > -.infinity }.count, expected.filter { $0 > -.infinity }.count, "\(label): kept",
            file: file, line: line)
        XCTAssertEqual(removedMismatch, 0, "\(label): tokens kept/removed differently", file: file, line: line)
        XCTAssertLessThanOrEqual(worst, 1e-6, "\(label): max relative difference", file: file, line: line)
    }

    private func run(_ row: [Float], _ body: (UnsafeMutablePointer<Float>, Int) -> Void) -> [Float] {
        var copy = row
        copy.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        return copy
    }

    func testEachWarperMatchesTransformers() throws {
        let g = try golden()
        for (r, row) in g.logits.enumerated() {
            let history = g.history[r]
            let checks: [(String, (UnsafeMutablePointer<Float>, Int) -> Void)] = [
                (
                    "repetition_penalty_1.2",
                    { LogitsWarpers.repetitionPenalty($0, n: $1, history: history, penalty: 1.2) }
                ),
                (
                    "repetition_penalty_0.8",
                    { LogitsWarpers.repetitionPenalty($0, n: $1, history: history, penalty: 0.8) }
                ),
                ("temperature_0.6", { LogitsWarpers.temperature($0, n: $1, temperature: 0.6) }),
                ("top_k_50", { LogitsWarpers.topK($0, n: $1, k: 50) }),
                ("top_k_1", { LogitsWarpers.topK($0, n: $1, k: 1) }),
                ("top_p_0.95", { LogitsWarpers.topP($0, n: $1, p: 0.95) }),
                ("top_p_0.5", { LogitsWarpers.topP($0, n: $1, p: 0.5) }),
                ("top_p_0.0001", { LogitsWarpers.topP($0, n: $1, p: 0.0001) }),
                ("generate_chain", { LogitsWarpers.apply($0, n: $1, history: history, options: GenerationOptions()) }),
            ]
            for (name, body) in checks {
                let expected = try XCTUnwrap(g.outputs[name])[r]
                // Row 3 holds exact ties (integer logits).
                let ties = r == 3 && (name.hasPrefix("top_p") || name == "generate_chain")
                var original = row
                if name == "generate_chain" {
                    original.withUnsafeMutableBufferPointer {
                        LogitsWarpers.repetitionPenalty($0.baseAddress!, n: $0.count, history: history, penalty: 1.2)
                    }
                }
                assertRowsEqual(run(row, body), expected, "\(name) row \(r)", original: ties ? original : nil)
            }
        }
        // Row 3 has exact ties: top-k keeps every token tied with the 50th value.
        let tiesKept = try XCTUnwrap(g.outputs["top_k_50"])[3].filter { $0 > -.infinity }.count
        XCTAssertGreaterThan(tiesKept, 50)
    }

    func testChooserDistributionEqualsTheChainSoftmax() throws {
        let g = try golden()
        let chooser = NextTokenChooser(options: GenerationOptions())
        for (r, row) in g.logits.enumerated() {
            var copy = row
            let penalized = Array(NSOrderedSet(array: g.history[r]).array as? [Int32] ?? [])
            let choices = copy.withUnsafeMutableBufferPointer {
                chooser.distribution($0.baseAddress!, n: $0.count, penalized: penalized)
            }
            let expected = g.chainProbabilities[r]
            var actual = [Float](repeating: -.infinity, count: expected.count)
            for choice in choices { actual[Int(choice.id)] = choice.probability }
            let reference = expected.map { $0 > 0 ? $0 : -.infinity }
            var penalizedRow = row
            penalizedRow.withUnsafeMutableBufferPointer {
                LogitsWarpers.repetitionPenalty($0.baseAddress!, n: $0.count, history: penalized, penalty: 1.2)
            }
            assertRowsEqual(actual, reference, "chooser row \(r)", original: r == 3 ? penalizedRow : nil)
        }
    }

    func testChooserMatchesTheOracleOnVocabularySizedRows() {
        var generator = SequenceRandom(seed: 99, index: 0)
        let settings = [
            GenerationOptions(),
            GenerationOptions(temperature: 0.8, topK: 0, topP: 0.9, repetitionPenalty: 1.1),
            GenerationOptions(temperature: 1, topK: 200, topP: 1, repetitionPenalty: 1),
            GenerationOptions(temperature: 0.3, topK: 5, topP: 0.5, repetitionPenalty: 2),
        ]
        for (s, options) in settings.enumerated() {
            for trial in 0..<3 {
                let n = 49_152
                let row = (0..<n).map { _ in Float(generator.nextDouble() * 12 - 6) * (trial == 2 ? 3 : 1) }
                let history = (0..<40).map { _ in Int32(generator.next() % UInt64(n)) }
                var reference = row
                reference.withUnsafeMutableBufferPointer {
                    LogitsWarpers.apply($0.baseAddress!, n: n, history: history, options: options)
                    softmaxFloat($0.baseAddress!, n: n)
                }
                var scratch = row
                let unique = Array(NSOrderedSet(array: history).array as? [Int32] ?? [])
                let choices = scratch.withUnsafeMutableBufferPointer {
                    NextTokenChooser(options: options).distribution($0.baseAddress!, n: n, penalized: unique)
                }
                let kept = Set(reference.indices.filter { reference[$0] > 0 })
                XCTAssertEqual(Set(choices.map { Int($0.id) }), kept, "settings \(s) trial \(trial)")
                for choice in choices {
                    XCTAssertEqual(choice.probability, reference[Int(choice.id)], accuracy: 1e-5)
                }
            }
        }
    }

    func testGreedyTakesTheFirstArgmaxAfterThePenalty() {
        var row: [Float] = [1, 5, 5, -2, 4.5]
        let options = GenerationOptions(repetitionPenalty: 1.2, greedy: true)
        let chooser = NextTokenChooser(options: options)
        var random = SequenceRandom(seed: 0, index: 0)
        let first = row.withUnsafeMutableBufferPointer {
            chooser.choose($0.baseAddress!, n: 5, penalized: [], random: &random)
        }
        XCTAssertEqual(first, 1)
        row = [1, 5, 5, -2, 4.5]
        let penalized = row.withUnsafeMutableBufferPointer {
            chooser.choose($0.baseAddress!, n: 5, penalized: [1, 2], random: &random)
        }
        XCTAssertEqual(penalized, 4, "5/1.2 < 4.5")
        XCTAssertTrue(GenerationOptions(temperature: 0).isGreedy)
    }

    func testSamplingFollowsTheDistribution() {
        let options = GenerationOptions(temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1)
        let chooser = NextTokenChooser(options: options)
        let logits: [Float] = [log(0.5), log(0.3), log(0.2)]
        var random = SequenceRandom(seed: 1, index: 2)
        var counts = [0, 0, 0]
        for _ in 0..<20_000 {
            var row = logits
            let id = row.withUnsafeMutableBufferPointer {
                chooser.choose($0.baseAddress!, n: 3, penalized: [], random: &random)
            }
            counts[Int(id)] += 1
        }
        for (i, p) in [0.5, 0.3, 0.2].enumerated() {
            XCTAssertEqual(Double(counts[i]) / 20_000, p, accuracy: 0.015, "token \(i)")
        }
    }

    func testKthLargestAgreesWithSorting() {
        var random = SequenceRandom(seed: 4, index: 4)
        for n in [1, 7, 100, 5000] {
            let values = (0..<n).map { _ in Float(random.next() % 50) }
            for k in Set([1, min(2, n), min(n, 17), n]) {
                let expected = values.sorted(by: >)[k - 1]
                XCTAssertEqual(values.withUnsafeBufferPointer { kthLargest($0.baseAddress!, n: n, k: k) }, expected)
            }
        }
    }

    func testOptionsAreValidated() {
        let bad: [(GenerationOptions, String)] = [
            (GenerationOptions(count: 0), "n=0"),
            (GenerationOptions(length: 0), "len=0"),
            (GenerationOptions(prefix: -1), "prefix=-1"),
            (GenerationOptions(temperature: -1), "temperature=-1"),
            (GenerationOptions(topK: -1), "top_k=-1"),
            (GenerationOptions(topP: 0), "top_p=0"),
            (GenerationOptions(topP: 1.5), "top_p=1.5"),
            (GenerationOptions(repetitionPenalty: 0), "repetition_penalty=0"),
            (GenerationOptions(batch: 0), "batch=0"),
        ]
        for (options, text) in bad {
            XCTAssertThrowsError(try options.validate()) { XCTAssertTrue("\($0)".hasPrefix(text), "\($0)") }
        }
        XCTAssertNoThrow(try GenerationOptions().validate())
    }
}
