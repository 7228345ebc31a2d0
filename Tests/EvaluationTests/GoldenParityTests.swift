import Foundation
import XCTest

@testable import Evaluation

/// Document-by-document parity with scripts/golden/tasks.py (transformers, float32, the harness's scoring).
final class GoldenParityTests: XCTestCase {
    private struct Golden: Decodable {
        let limit: Int
        let tasks: [String: GoldenTask]
    }

    private struct GoldenTask: Decodable {
        enum CodingKeys: String, CodingKey {
            case docs
            case docIDs = "doc_id"
            case ll
            case tokens = "n_tokens"
            case pred
            case predNorm = "pred_norm"
            case acc
            case accNorm = "acc_norm"
        }
        let docs: Int
        let docIDs: [Int]
        let ll: [[Double]]
        let tokens: [[Int]]
        let pred: [Int]
        let predNorm: [Int]
        let acc: Double
        let accNorm: Double?
    }

    /// Absolute tolerance on each choice's log-likelihood.
    private let llTolerance = 2e-3
    /// A prediction may differ only when the reference's two best scores are closer than this.
    private let tieTolerance = 1e-4

    private func load() throws -> Golden {
        let url = EvaluationTestSupport.fixture("tasks_golden.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EvaluationTestSupport.Missing(message: "\(url.path) missing: run scripts/golden/tasks.py")
        }
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    /// Whether the two largest of `values` are within `tieTolerance`.
    private func nearTie(_ values: [Double]) -> Bool {
        let sorted = values.sorted(by: >)
        return sorted.count > 1 && sorted[0] - sorted[1] < tieTolerance
    }

    func testEveryTaskMatchesTheTransformersReferenceDocumentByDocument() throws {
        let golden = try load()
        let suite = TaskSuite(directory: try EvaluationTestSupport.taskDirectory())
        XCTAssertEqual(
            Set(golden.tasks.keys), Set(suite.available.map(\.rawValue)),
            "the fixture must cover every prepared task: rerun scripts/golden/tasks.py")
        let evaluator = MultipleChoiceEvaluator(model: try EvaluationTestSupport.model())
        var report = ["task          docs  max|Δll|  mismatch acc/norm  near-ties  acc (ref)        acc_norm (ref)"]
        for task in TaskName.allCases {
            guard let reference = golden.tasks[task.rawValue] else { continue }
            let loaded = try suite.load(task, limit: reference.docs)
            XCTAssertEqual(loaded.documents.map(\.docID), reference.docIDs, "\(task): documents differ; regenerate")
            let requests = try evaluator.requests(loaded)
            XCTAssertEqual(
                requests.map { $0.map(\.continuation.count) }, reference.tokens,
                "\(task): continuation token counts differ (tokenization)")
            let result = try evaluator.evaluate(loaded)
            var maxDelta = 0.0
            var mismatches = (acc: 0, norm: 0)
            var ties: [String] = []
            for (k, document) in result.documents.enumerated() {
                let ll = reference.ll[k]
                XCTAssertEqual(document.loglikelihoods.count, ll.count)
                for (ours, theirs) in zip(document.loglikelihoods, ll) {
                    maxDelta = max(maxDelta, abs(ours - theirs))
                    XCTAssertEqual(ours, theirs, accuracy: llTolerance, "\(task) doc \(document.docID)")
                }
                let normalized = zip(ll, document.choiceLengths).map { $0 / Double($1) }
                if document.predicted != reference.pred[k] {
                    mismatches.acc += 1
                    XCTAssertTrue(nearTie(ll), "\(task) doc \(document.docID): acc prediction differs, lls \(ll)")
                    ties.append("\(task) doc \(document.docID) acc")
                }
                if document.predictedNorm != reference.predNorm[k] {
                    mismatches.norm += 1
                    XCTAssertTrue(nearTie(normalized), "\(task) doc \(document.docID): acc_norm prediction differs")
                    ties.append("\(task) doc \(document.docID) acc_norm")
                }
            }
            let norm = result.accNorm.map { String(format: "%.3f", $0.mean) } ?? "-"
            let refNorm = reference.accNorm.map { String(format: "%.3f", $0) } ?? "-"
            report.append(
                task.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + String(
                        format: "%5d  %8.2e  %4d/%-4d          %3d        %.3f (%.3f)    %@ (%@)", result.count,
                        maxDelta,
                        mismatches.acc, mismatches.norm, ties.count, result.acc.mean, reference.acc, norm, refNorm))
            report.append(contentsOf: ties.map { "  near-tie: \($0)" })
        }
        print(report.joined(separator: "\n"))
    }
}
