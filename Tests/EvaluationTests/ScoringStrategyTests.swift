import XCTest

@testable import Evaluation

/// Batched and shared-context scoring give the numbers of one request at a time.
final class ScoringStrategyTests: XCTestCase {
    private func sample() throws -> [MultipleChoiceTask] {
        let suite = TaskSuite(directory: try EvaluationTestSupport.taskDirectory())
        var tasks = try [TaskName.piqa, .arcChallenge, .hellaswag, .boolq, .winogrande].map {
            try suite.load($0, limit: 6)
        }
        if suite.available.contains(.mmlu) { tasks.append(try suite.load(.mmlu, limit: 2)) }
        return tasks
    }

    func testBatchedAndSharedContextScoringEqualOneRequestAtATime() throws {
        let model = try EvaluationTestSupport.model()
        let tasks = try sample()
        let oracle = MultipleChoiceEvaluator(model: model, strategy: .sequential)
        let variants = [
            MultipleChoiceEvaluator(model: model, strategy: .sharedContext),
            MultipleChoiceEvaluator(model: model, strategy: .sharedContext, tokensPerBatch: 48),
            MultipleChoiceEvaluator(model: model, strategy: .batched, tokensPerBatch: 4096),
        ]
        var report: [String] = []
        for task in tasks {
            let expected = try oracle.evaluate(task)
            for variant in variants {
                let result = try variant.evaluate(task)
                var maxDelta = 0.0
                for (a, b) in zip(result.documents, expected.documents) {
                    XCTAssertEqual(a.predicted, b.predicted, "\(task.name) doc \(a.docID)")
                    XCTAssertEqual(a.predictedNorm, b.predictedNorm, "\(task.name) doc \(a.docID)")
                    for (x, y) in zip(a.loglikelihoods, b.loglikelihoods) {
                        maxDelta = max(maxDelta, abs(x - y))
                        XCTAssertEqual(x, y, accuracy: 1e-3, "\(task.name) doc \(a.docID)")
                    }
                }
                XCTAssertEqual(result.acc, expected.acc)
                XCTAssertEqual(result.accNorm, expected.accNorm)
                report.append(
                    "\(task.name.rawValue) \(variant.scorer.strategy.rawValue)/\(variant.scorer.tokensPerBatch): "
                        + "max |Δll| vs sequential \(maxDelta)")
            }
        }
        print(report.joined(separator: "\n"))
    }

    func testProgressReachesEveryDocumentAndCancellationStops() throws {
        let model = try EvaluationTestSupport.model()
        let suite = TaskSuite(directory: try EvaluationTestSupport.taskDirectory())
        let tasks = [try suite.load(.piqa, limit: 5), try suite.load(.winogrande, limit: 4)]
        let evaluator = MultipleChoiceEvaluator(model: model, tokensPerBatch: 64)
        var reports: [EvaluationProgress] = []
        let summary = try evaluator.evaluate(tasks, progress: { reports.append($0) })
        XCTAssertGreaterThan(reports.count, 2, "several batches")
        XCTAssertEqual(reports.map(\.done), reports.map(\.done).sorted())
        XCTAssertEqual(reports.last?.done, 9)
        XCTAssertEqual(reports.last?.total, 9)
        XCTAssertEqual(reports.last?.task, .winogrande)
        XCTAssertEqual(reports.first?.task, .piqa)
        XCTAssertEqual(summary.tasks.map(\.count), [5, 4])
        XCTAssertEqual(summary.averageAcc, (summary.tasks[0].acc.mean + summary.tasks[1].acc.mean) / 2)

        var batches = 0
        XCTAssertThrowsError(
            try evaluator.evaluate(tasks, progress: { _ in batches += 1 }, isCancelled: { batches >= 1 })
        ) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        XCTAssertEqual(batches, 1)
    }
}
