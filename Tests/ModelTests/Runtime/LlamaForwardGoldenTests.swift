import Foundation
import Model
import Tensor
import XCTest

/// Logits of the default model against transformers in float32 (scripts/golden/model.py).
final class LlamaForwardGoldenTests: XCTestCase {
    func testLogitsMatchTransformers() throws {
        let golden = try FilesTestSupport.jsonFixture("model_golden.json")
        let model = try DefaultModel.get()
        let probeIDs = try XCTUnwrap(golden["probe_ids"] as? [Int])
        let prompts = try XCTUnwrap(golden["prompts"] as? [[String: Any]])
        XCTAssertEqual(prompts.count, 2)
        for prompt in prompts {
            let name = prompt["name"] as? String ?? "?"
            let ids = try XCTUnwrap(prompt["token_ids"] as? [Int]).map(Int32.init)
            XCTAssertGreaterThanOrEqual(ids.count, 100)
            XCTAssertEqual(model.tokenizer.encode(try XCTUnwrap(prompt["text"] as? String)), ids, "\(name): token ids")
            let logits = try model.network.logits([ids])
            let positions = try XCTUnwrap(prompt["positions"] as? [[String: Any]])
            XCTAssertEqual(positions.count, ids.count)
            var maxDiff: Float = 0
            var argmaxMismatches = 0
            for (t, position) in positions.enumerated() {
                let row = logits.row(t)
                let probes = try XCTUnwrap(position["probe_logits"] as? [Double])
                for (j, id) in probeIDs.enumerated() { maxDiff = max(maxDiff, abs(row[id] - Float(probes[j]))) }
                let lse = try XCTUnwrap(position["logsumexp"] as? Double)
                maxDiff = max(maxDiff, abs(logSumExpForTest(row, logits.cols) - Float(lse)))
                let argmax = try XCTUnwrap(position["argmax"] as? Int)
                let best = (0..<logits.cols).max { row[$0] < row[$1] } ?? -1
                if best != argmax {
                    let gap = abs(row[best] - row[argmax])
                    XCTAssertLessThan(gap, 1e-3, "\(name) position \(t): argmax \(best) vs \(argmax), not a near tie")
                    argmaxMismatches += 1
                }
            }
            let last = try XCTUnwrap(prompt["last_logits"] as? [Double])
            XCTAssertEqual(last.count, logits.cols)
            let lastRow = logits.row(ids.count - 1)
            for (j, value) in last.enumerated() {
                // the fixture stores 6 significant digits: allow for that rounding on large logits
                maxDiff = max(maxDiff, abs(lastRow[j] - Float(value)) - Float(abs(value)) * 5e-6)
            }
            print(
                "\(name): \(ids.count) tokens, max |Δlogit| = \(maxDiff), argmax near-tie mismatches \(argmaxMismatches)"
            )
            XCTAssertLessThan(maxDiff, 1e-3, "\(name): logits differ from transformers")
        }
    }

    func testDecodingWithTheCacheEqualsRecomputingThePrefix() throws {
        let model = try DefaultModel.get()
        let ids = model.tokenizer.encode("Pruning removes weights; calibration data decides which ones.")
        let full = try model.network.logits([ids])
        let cache = KVCache(for: model.network, capacity: 4)
        let prefill = 5
        _ = try model.network.logits([Array(ids.prefix(prefill))], caches: [cache])
        var maxDiff: Float = 0
        for t in prefill..<ids.count {
            let step = try model.network.logits([[ids[t]]], caches: [cache])
            for j in 0..<step.cols { maxDiff = max(maxDiff, abs(step[0, j] - full[t, j])) }
        }
        XCTAssertEqual(cache.length, ids.count)
        XCTAssertLessThan(maxDiff, 1e-4, "cached decoding drifted from the full forward pass")
    }

    func testBatchedSequencesEqualSeparateOnes() throws {
        let model = try DefaultModel.get()
        let a = model.tokenizer.encode("The quick brown fox jumps over the lazy dog.")
        let b = model.tokenizer.encode("Secateurs are pruning shears for plants.")
        let batched = try model.network.logits([a, b])
        let separate = [try model.network.logits([a]), try model.network.logits([b])]
        var maxDiff: Float = 0
        for j in 0..<batched.cols {
            maxDiff = max(maxDiff, abs(batched[0, j] - separate[0][0, j]))
            maxDiff = max(maxDiff, abs(batched[a.count, j] - separate[1][0, j]))
            maxDiff = max(maxDiff, abs(batched[a.count + b.count - 1, j] - separate[1][b.count - 1, j]))
        }
        XCTAssertLessThan(maxDiff, 1e-4)
    }
}

/// log Σ exp over a row, in Double.
func logSumExpForTest(_ row: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
    var m = -Float.infinity
    for i in 0..<n { m = max(m, row[i]) }
    var s = 0.0
    for i in 0..<n { s += exp(Double(row[i] - m)) }
    return m + Float(log(s))
}
