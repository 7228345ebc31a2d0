import Foundation
import XCTest

@testable import Calibration

/// Per-sample perplexity, Min-K%++ and the perplexity filter against transformers / numpy
/// (scripts/golden/calibration.py), within 1e-3 relative.
final class ScoringTests: XCTestCase {
    private func cases() throws -> (cases: [[String: Any]], ratios: [Double]) {
        let scoring = try TestResources.golden().object("scoring")
        let ratios = try XCTUnwrap(scoring["ratios"] as? [NSNumber]).map(\.doubleValue)
        return (try scoring.objects("cases"), ratios)
    }

    private func assertRelative(
        _ actual: Double, _ expected: Double, _ tolerance: Double, _ label: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertLessThanOrEqual(
            abs(actual - expected) / max(abs(expected), 1e-12), tolerance, "\(label): \(actual) vs \(expected)",
            file: file, line: line)
    }

    func testPerplexityAndMinKPlusPlusMatchTransformers() throws {
        let model = try TestResources.model()
        let (cases, ratios) = try cases()
        let sequences = try cases.map { try $0.tokens("tokens") }
        let scores = try SequenceScorer.score(model.network, sequences: sequences, moments: true, batchTokens: 400)
        for (i, reference) in cases.enumerated() {
            let name = reference["name"] as? String ?? "\(i)"
            let score = scores[i]
            XCTAssertEqual(score.logProbabilities.count, sequences[i].count - 1)
            assertRelative(score.perplexity, try reference.double("ppl"), 1e-3, "\(name) ppl")
            assertRelative(score.meanNLL, try reference.double("loss"), 1e-3, "\(name) loss")
            let minK = try reference.object("mink_pp")
            for ratio in ratios {
                let expected = try XCTUnwrap((minK["\(ratio)"] as? NSNumber)?.doubleValue, "ratio \(ratio)")
                // Relative to max(|score|, 1): at k = 100 % the mean of the s_t is near 0 by construction.
                let actual = MinKPlusPlus.score(score.minKPlusPlus, ratio: ratio)
                XCTAssertEqual(actual, expected, accuracy: 1e-3 * max(abs(expected), 1), "\(name) mink++ \(ratio)")
            }
            let logp = try XCTUnwrap(reference["token_log_probs"] as? [NSNumber]).map(\.doubleValue)
            let mu = try XCTUnwrap(reference["mu"] as? [NSNumber]).map(\.doubleValue)
            let sigma2 = try XCTUnwrap(reference["sigma2"] as? [NSNumber]).map(\.doubleValue)
            for t in logp.indices {
                XCTAssertEqual(score.logProbabilities[t], logp[t], accuracy: 1e-3, "\(name) log p at \(t)")
                XCTAssertEqual(score.means[t], mu[t], accuracy: 1e-3, "\(name) μ at \(t)")
                assertRelative(score.variances[t], sigma2[t], 1e-3, "\(name) σ² at \(t)")
            }
        }
        // Scoring alone and in a packed batch agree.
        let alone = try SequenceScorer.score(model.network, sequences: [sequences[2]])[0]
        XCTAssertEqual(alone.perplexity, scores[2].perplexity, accuracy: 1e-3 * scores[2].perplexity)
    }

    func testPercentileIsNumpyLinear() throws {
        let golden = try TestResources.golden().object("percentile")
        let values = try XCTUnwrap(golden["values"] as? [NSNumber]).map(\.doubleValue)
        let qs = try XCTUnwrap(golden["q"] as? [NSNumber]).map(\.doubleValue)
        let expected = try XCTUnwrap(golden["percentiles"] as? [NSNumber]).map(\.doubleValue)
        // Foundation's JSON reader may round a decimal to the neighbouring double, so allow a few ulps.
        for (q, e) in zip(qs, expected) { XCTAssertEqual(percentile(values, q), e, accuracy: 1e-14 * e, "q=\(q)") }
        let threshold = percentile(values, 80)
        XCTAssertEqual(values.indices.filter { values[$0] < threshold }, try golden.ints("kept_drop_0.2"))
    }

    func testFilterDropsTheMostPerplexingSamples() throws {
        let model = try TestResources.model()
        let (cases, _) = try cases()
        var sequences = try cases.map { try $0.tokens("tokens") }
        let n = sequences.count  // the golden cases: one per text source, and a short sentence
        sequences.append(sequences[1])  // an exact duplicate
        sequences.append([5, 6, 7])  // too short for min_len=10
        let provenance = CalibrationProvenance(
            operation: "generate", source: "data/text/wikipedia.jsonl", method: "selfgen", seed: 0,
            parameters: ["n": "8"])
        let set = CalibrationSet(sequences: sequences, provenance: provenance)
        let result = try PerplexityFilter.filter(
            set, network: model.network, options: FilterOptions(drop: 0.2, minLength: 10, deduplicate: true))
        XCTAssertEqual(result.removedShort, 1)
        XCTAssertEqual(result.removedDuplicates, 1)
        XCTAssertTrue(result.perplexities[n].isNaN && result.perplexities[n + 1].isNaN)
        let expectedPPL = try cases.map { try $0.double("ppl") }
        for i in 0..<n { XCTAssertEqual(result.perplexities[i], expectedPPL[i], accuracy: 1e-3 * expectedPPL[i]) }
        let threshold = percentile(Array(result.perplexities[0..<n]), 80)
        XCTAssertEqual(result.threshold, threshold)
        XCTAssertEqual(result.kept, (0..<n).filter { result.perplexities[$0] < threshold })
        // numpy's linear 80th percentile of n distinct values lies at rank 0.8 (n - 1): ceil of it are below.
        let below = Int((0.8 * Double(n - 1)).rounded(.up))
        XCTAssertEqual(result.kept.count, below, "the seed code keeps ppl < the 80th percentile: \(below) of \(n)")
        XCTAssertEqual(result.removedPerplexity, n - below)
        XCTAssertEqual(result.set.sequences, result.kept.map { sequences[$0] })
        XCTAssertEqual(result.set.provenance.operation, "filter")
        XCTAssertEqual(result.set.provenance.parameters["parent.method"], "selfgen")

        let all = try PerplexityFilter.filter(set, network: model.network, options: FilterOptions(drop: 0))
        XCTAssertEqual(all.kept, Array(0..<(n + 2)), "drop=0 keeps every sample with at least 2 tokens")
        XCTAssertThrowsError(
            try PerplexityFilter.filter(set, network: model.network, options: FilterOptions(drop: 1))
        ) { XCTAssertTrue("\($0)".hasPrefix("drop=1.0 is invalid"), "\($0)") }
        let tiny = CalibrationSet(sequences: [[1]], provenance: provenance)
        XCTAssertThrowsError(try PerplexityFilter.filter(tiny, network: model.network)) {
            guard case .emptySet = $0 as? CalibrationError else { return XCTFail("\($0)") }
        }
    }

    func testMinKPlusPlusScoresASetWithASummary() throws {
        let model = try TestResources.model()
        let (cases, _) = try cases()
        let set = CalibrationSet(
            sequences: try cases.map { try $0.tokens("tokens") } + [[7]],
            provenance: CalibrationProvenance(
                operation: "sample", source: "x", method: "wanda", seed: 0, parameters: [:]))
        let (scores, summary) = try MinKPlusPlus.score(set, network: model.network, ratio: 0.2)
        for (i, reference) in cases.enumerated() {
            let expected = try XCTUnwrap((try reference.object("mink_pp")["0.2"] as? NSNumber)?.doubleValue)
            XCTAssertEqual(scores[i], expected, accuracy: 1e-3 * abs(expected))
        }
        let n = cases.count
        XCTAssertTrue(scores[n].isNaN, "a one-token sample has no prediction")
        XCTAssertEqual(summary.values.count, n)
        XCTAssertEqual(summary.mean, scores.prefix(n).reduce(0, +) / Double(n), accuracy: 1e-12)
        XCTAssertLessThanOrEqual(summary.min, summary.q25)
        XCTAssertLessThanOrEqual(summary.q25, summary.median)
        XCTAssertLessThanOrEqual(summary.median, summary.q75)
        XCTAssertLessThanOrEqual(summary.q75, summary.max)
        XCTAssertEqual(summary.histogram(bins: 4).reduce(0, +), n)
        let text = summary.histogramText(bins: 4, width: 10)
        XCTAssertEqual(text.split(separator: "\n").count, 4)
        XCTAssertTrue(text.contains("█"))
        XCTAssertThrowsError(try MinKPlusPlus.score(set, network: model.network, ratio: 0)) {
            XCTAssertTrue("\($0)".hasPrefix("k=0.0 is invalid"), "\($0)")
        }
    }

    func testMinKTakesTheLowestFraction() {
        XCTAssertEqual(MinKPlusPlus.score([5, 1, 3, 2, 4, 0, 9, 8, 7, 6], ratio: 0.2), 0.5)
        XCTAssertEqual(MinKPlusPlus.score([3, 1, 2], ratio: 0.2), 1, "at least one value")
        XCTAssertEqual(MinKPlusPlus.score([3, 1, 2], ratio: 1), 2)
        XCTAssertTrue(MinKPlusPlus.score([], ratio: 0.2).isNaN)
        XCTAssertEqual(ScoreSummary([1, 2, 3, 4]).histogram(bins: 2), [2, 2])
    }
}
