import XCTest

@testable import Evaluation

final class ScoringRulesTests: XCTestCase {
    func testMeanStderrIsTheHarnessFormula() {
        let m = MeanWithStandardError([1, 0, 1, 1])
        XCTAssertEqual(m.mean, 0.75)
        XCTAssertEqual(m.standardError, 0.25, accuracy: 1e-15)  // sample std 0.5 / sqrt(4)
        XCTAssertEqual(m.count, 4)
        XCTAssertTrue(MeanWithStandardError([1]).standardError.isNaN)
        XCTAssertEqual(
            MeanWithStandardError.sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), 2.138089935, accuracy: 1e-9)
    }

    func testArgmaxTakesTheFirstMaximumAndNormalizesByCodePoints() {
        let tie = DocumentScore(docID: 0, loglikelihoods: [-2, -1, -1], choiceLengths: [1, 1, 1], gold: 2)
        XCTAssertEqual(tie.predicted, 1)
        XCTAssertFalse(tie.correct)
        // "é" (one code point) vs "e\u{301}" (two): acc_norm divides by Python's len.
        let document = MultipleChoiceDocument(
            docID: 0, contexts: ["c", "c"], continuations: [" é", " e\u{301}"], choices: ["é", "e\u{301}"], gold: 1)
        XCTAssertEqual(document.choiceLength(0), 1)
        XCTAssertEqual(document.choiceLength(1), 2)
        let score = DocumentScore(docID: 0, loglikelihoods: [-3, -4], choiceLengths: [1, 2], gold: 1)
        XCTAssertEqual(score.predicted, 0)
        XCTAssertEqual(score.predictedNorm, 1)
        XCTAssertEqual(score.normalizedLoglikelihoods, [-3, -2])
        XCTAssertTrue(score.correctNorm)
    }

    func testTaskMetricsAndAverages() {
        let right = DocumentScore(docID: 0, loglikelihoods: [-1, -9], choiceLengths: [10, 1], gold: 0)
        let wrong = DocumentScore(docID: 1, loglikelihoods: [-1, -2], choiceLengths: [1, 4], gold: 1)
        let piqa = TaskResult(task: .piqa, documents: [right, wrong], seconds: 2)
        XCTAssertEqual(piqa.acc.mean, 0.5)
        XCTAssertEqual(piqa.accNorm?.mean, 1)  // per character: -0.1 vs -9, then -1 vs -0.5
        XCTAssertEqual(piqa.documentsPerSecond, 1)
        XCTAssertEqual(Set(piqa.metrics.keys), ["acc", "acc_stderr", "acc_norm", "acc_norm_stderr", "n"])
        XCTAssertEqual(piqa.metrics["acc_stderr"] ?? 0, 0.5, accuracy: 1e-12)  // sample std 0.707 / sqrt(2)
        let boolq = TaskResult(task: .boolq, documents: [right], seconds: 1)
        XCTAssertNil(boolq.accNorm)
        XCTAssertEqual(boolq.metrics, ["acc": 1, "n": 1])
        let summary = EvaluationSummary(tasks: [piqa, boolq])
        XCTAssertEqual(summary.averageAcc, 0.75)
        XCTAssertEqual(summary.averageAccNorm, 1)
        XCTAssertEqual(summary.documentCount, 3)
        XCTAssertEqual(summary.metrics, ["avg_acc": 0.75, "avg_acc_norm": 1])
    }

    func testTrailingWhitespaceIsSplitLikePythonRstrip() {
        XCTAssertTrue(RequestEncoder.splitTrailingWhitespace("A: ") == ("A:", " "))
        XCTAssertTrue(RequestEncoder.splitTrailingWhitespace("A:\n \t") == ("A:", "\n \t"))
        XCTAssertTrue(RequestEncoder.splitTrailingWhitespace("A:\u{A0}\u{1F}") == ("A:", "\u{A0}\u{1F}"))
        XCTAssertTrue(RequestEncoder.splitTrailingWhitespace("A:\r\n") == ("A:", "\r\n"))
        XCTAssertTrue(RequestEncoder.splitTrailingWhitespace("   ") == ("", "   "))
        XCTAssertTrue(RequestEncoder.splitTrailingWhitespace("no") == ("no", ""))
    }

    func testRequestInputIsLeftTruncatedWithoutTheLastToken() {
        let request = LoglikelihoodRequest(context: [1, 2, 3, 4], continuation: [5, 6])
        XCTAssertEqual(request.input(maxLength: 100), [1, 2, 3, 4, 5])
        XCTAssertEqual(request.input(maxLength: 3), [3, 4, 5])
    }

    func testPlansShareTheCommonPrefixAndRunIdenticalRemaindersOnce() {
        let requests = [
            LoglikelihoodRequest(context: [1, 2, 3], continuation: [4, 5, 6]),
            LoglikelihoodRequest(context: [1, 2, 3], continuation: [4, 7]),
            LoglikelihoodRequest(context: [1, 2, 3], continuation: [4, 5, 6]),
            LoglikelihoodRequest(context: [1, 2, 3], continuation: [9]),
        ]
        let shared = RequestPlan(requests, maxLength: 100, strategy: .sharedContext)
        XCTAssertEqual(shared.prefix, [1, 2, 3])
        XCTAssertEqual(shared.suffixes, [[4, 5], [4]])
        XCTAssertEqual(shared.suffixOf, [0, 1, 0, nil])
        XCTAssertEqual(shared.tokenCount, 6)
        XCTAssertTrue(shared.needsCache)
        let batched = RequestPlan(requests, maxLength: 100, strategy: .batched)
        XCTAssertEqual(batched.prefix, [])
        XCTAssertEqual(batched.suffixes, [[1, 2, 3, 4, 5], [1, 2, 3, 4], [1, 2, 3]])
        XCTAssertEqual(batched.suffixOf, [0, 1, 0, 2])
        XCTAssertFalse(batched.needsCache)
        // Single-token continuations of one context (BoolQ, MMLU): one input, no remainder, no cache.
        let letters = (0..<4).map { LoglikelihoodRequest(context: [8, 9], continuation: [Int32(20 + $0)]) }
        let mmlu = RequestPlan(letters, maxLength: 100, strategy: .sharedContext)
        XCTAssertEqual(mmlu.prefix, [8, 9])
        XCTAssertEqual(mmlu.suffixes, [])
        XCTAssertFalse(mmlu.needsCache)
    }
}
