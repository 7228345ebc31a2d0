import Foundation
import Model
import Tensor
import XCTest

@testable import Calibration

/// Self-generation on the default model: the cached, batched decoder against recomputation without a cache.
final class GenerationTests: XCTestCase {
    private func prompts(_ model: LanguageModel) -> [[Int32]] {
        [
            model.tokenizer.encode("The history of the city"),
            model.tokenizer.encode("In"),
            model.tokenizer.encode("Recipe: first, whisk two eggs with sugar and"),
        ]
    }

    /// Greedy decoding by recomputing the whole sequence at every step, no KV cache.
    private func naiveGreedy(
        _ network: LlamaModel, prompt: [Int32], length: Int, penalty: Float, stop: Set<Int32>
    )
        throws -> [Int32]
    {
        var tokens = prompt
        for _ in 0..<length {
            let logits = try network.logits([tokens])
            var row = Array(UnsafeBufferPointer(start: logits.row(logits.rows - 1), count: logits.cols))
            let next = row.withUnsafeMutableBufferPointer { buffer -> Int32 in
                LogitsWarpers.repetitionPenalty(buffer.baseAddress!, n: buffer.count, history: tokens, penalty: penalty)
                return Int32(argmax(buffer.baseAddress!, n: buffer.count))
            }
            if stop.contains(next) { break }
            tokens.append(next)
        }
        return tokens
    }

    func testGreedyEqualsGreedyWithoutTheCache() throws {
        let model = try TestResources.model()
        let prompts = prompts(model)
        for penalty in [1.0, 1.2] {
            let options = GenerationOptions(length: 12, repetitionPenalty: penalty, greedy: true, batch: 2)
            let generated = try SelfGenerator.continuations(
                model.network, prompts: prompts, stopTokens: [2], options: options)
            for (i, prompt) in prompts.enumerated() {
                let expected = try naiveGreedy(
                    model.network, prompt: prompt, length: 12, penalty: Float(penalty), stop: [2])
                XCTAssertEqual(generated[i], expected, "prompt \(i), penalty \(penalty)")
            }
        }
    }

    func testCachedDecodingEqualsRecomputingThePrefix() throws {
        let model = try TestResources.model()
        let network = model.network
        let prompts = prompts(model)
        let options = GenerationOptions(length: 6, seed: 3, batch: 2)
        let decoder = BatchedDecoder(network: network, prompts: prompts, options: options, stopTokens: [])
        var seen: [Int: [[Float]]] = [:]
        decoder.onLogits = { indices, logits in
            for (j, p) in indices.enumerated() {
                seen[p, default: []].append(Array(UnsafeBufferPointer(start: logits.row(j), count: logits.cols)))
            }
        }
        while !decoder.isDone { try decoder.step(isCancelled: { false }) }
        var worst: Float = 0
        for (p, prompt) in prompts.enumerated() {
            let sequence = try XCTUnwrap(decoder.finished[p])
            XCTAssertEqual(sequence.count, prompt.count + 6)
            let full = try network.logits([sequence])
            let steps = try XCTUnwrap(seen[p])
            XCTAssertEqual(steps.count, 6)
            for (s, cached) in steps.enumerated() {
                let row = full.row(prompt.count - 1 + s)
                for v in 0..<full.cols { worst = max(worst, abs(cached[v] - row[v])) }
            }
        }
        print("cached vs recomputed logits: max |Δ| = \(worst)")
        XCTAssertLessThanOrEqual(worst, 1e-4)
    }

    func testSameSeedSameSamplesWhateverTheBatch() throws {
        let model = try TestResources.model()
        let prompts = prompts(model)
        func run(batch: Int, seed: UInt64) throws -> [[Int32]] {
            try SelfGenerator.continuations(
                model.network, prompts: prompts, stopTokens: [2],
                options: GenerationOptions(length: 10, seed: seed, batch: batch))
        }
        let one = try run(batch: 1, seed: 7)
        XCTAssertEqual(try run(batch: 3, seed: 7), one)
        XCTAssertNotEqual(try run(batch: 3, seed: 8), one)
        for (i, prompt) in prompts.enumerated() { XCTAssertEqual(Array(one[i].prefix(prompt.count)), prompt) }
    }

    func testStopTokenEndsASampleAndIsNotKept() throws {
        let model = try TestResources.model()
        let prompt = [model.tokenizer.encode("One, two, three,")]
        let options = GenerationOptions(length: 8, greedy: true)
        let free = try SelfGenerator.continuations(model.network, prompts: prompt, stopTokens: [], options: options)[0]
        let stop = free[prompt[0].count + 3]
        let stopped = try SelfGenerator.continuations(
            model.network, prompts: prompt, stopTokens: [stop], options: options)[0]
        let firstStop = try XCTUnwrap(free[prompt[0].count...].firstIndex(of: stop))
        XCTAssertEqual(stopped, Array(free[..<firstStop]))
    }

    func testGenerateFromSourceDocumentsRecordsEverything() throws {
        let model = try TestResources.model()
        let source = try TestResources.text("wikipedia")
        var reports: [(Int, Int)] = []
        let result = try SelfGenerator.generate(
            model, from: source, options: GenerationOptions(count: 3, length: 5, prefix: 2, seed: 1, batch: 2),
            progress: { reports.append(($0, $1)) })
        XCTAssertEqual(result.set.count, 3)
        for (i, sequence) in result.set.sequences.enumerated() {
            XCTAssertEqual(Array(sequence.prefix(2)), Array(model.tokenizer.encode(source.documents[i]).prefix(2)))
            XCTAssertLessThanOrEqual(sequence.count, 7)
        }
        XCTAssertEqual(result.newTokens, result.set.tokenCount - 6)
        XCTAssertEqual(reports.last?.0, result.newTokens)
        XCTAssertEqual(reports.last?.1, result.newTokens)
        let p = result.set.provenance
        XCTAssertEqual([p.operation, p.method, p.source], ["generate", "selfgen", source.path])
        XCTAssertEqual(p.seed, 1)
        XCTAssertEqual(p.parameters["top_k"], "50")
        XCTAssertEqual(p.parameters["stop"], "2")

        let bos = try SelfGenerator.prompts(
            source, tokenizer: model.tokenizer, options: GenerationOptions(count: 2, prefix: 0))
        XCTAssertEqual(bos, [[1], [1]], "prefix=0 starts from BOS <|im_start|> alone, as generate() without input_ids")
    }

    func testBadRequestsGiveClearErrors() throws {
        let model = try TestResources.model()
        let source = TextSource(path: "two.txt", format: .txt, documents: ["a b c", "d e f"])
        XCTAssertThrowsError(try SelfGenerator.generate(model, from: source, options: GenerationOptions(count: 3))) {
            XCTAssertEqual(
                $0 as? CalibrationError,
                .notEnoughDocuments(source: "two.txt", requested: 3, available: 2, what: "documents"))
        }
        XCTAssertThrowsError(
            try SelfGenerator.generate(model, from: source, options: GenerationOptions(count: 1, length: 8192))
        ) { XCTAssertTrue("\($0)".contains("longer than the model's context"), "\($0)") }
        XCTAssertThrowsError(
            try SelfGenerator.generate(
                model, from: source, options: GenerationOptions(count: 1, length: 4), isCancelled: { true })
        ) { XCTAssertTrue($0 is CancellationError, "\($0)") }
    }
}
