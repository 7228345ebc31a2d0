import Foundation
import Model
import Tensor
import XCTest

/// The default model with its weights in their file encodings (Q4_1 linears, Q8_0 embedding) against the same model
/// converted to Float32 at load: the kernels multiply exactly the dequantized values, so only the summation order
/// differs (logits within 1e-5 relative, perplexity within 1e-6 relative).
final class CompactWeightsTests: XCTestCase {
    func testResidentEncodingsMatchTheFloat32Path() throws {
        let path = try FilesTestSupport.defaultModel().path
        let compact = try DefaultModel.get()
        let float32 = try LanguageModel.load(path: path, dtype: .f32)
        let encodings = Set(compact.network.allWeights.map(\.encoding))
        XCTAssertEqual(encodings, [.q4_1, .q8_0], "the default model keeps its file encodings")
        XCTAssertTrue(compact.network.blocks[3].weight(.up).isMapped, "Q4_1 linears are views of the mapped file")
        XCTAssertFalse(compact.network.blocks[3].weight(.q).isMapped, "q is copied: its rows are permuted on load")
        XCTAssertEqual(Set(float32.network.allWeights.map(\.encoding)), [.f32])
        let compactBytes = compact.network.allWeights.reduce(0) { $0 + $1.residentBytes }
        let floatBytes = float32.network.allWeights.reduce(0) { $0 + $1.residentBytes }
        print("resident weights: \(compactBytes) bytes compact, \(floatBytes) bytes Float32")
        XCTAssertLessThan(compactBytes * 5, floatBytes)

        let text = "The history of the region is long. In 1848, 42 settlers arrived; by 1900 the town had 3,517"
            + " people, a railway, two newspapers and a school where children learned Latin, arithmetic and music."
        let ids = compact.tokenizer.encode(String(repeating: text + " ", count: 4))
        // Batch of two sequences: the prefill path (panels); then one token at a time: the decoding path.
        let sequences = [Array(ids.prefix(90)), Array(ids.dropFirst(7).prefix(61))]
        let a = try compact.network.logits(sequences)
        let b = try float32.network.logits(sequences)
        let scale = b.toArray().map(abs).max() ?? 1
        let prefillDiff = maxAbsDifference(a, b)
        print("prefill: max |Δlogit| = \(prefillDiff) (max |logit| \(scale))")
        XCTAssertLessThanOrEqual(prefillDiff, 1e-5 * scale)

        let cacheA = KVCache(for: compact.network)
        let cacheB = KVCache(for: float32.network)
        var decodeDiff: Float = 0
        for t in 0..<12 {
            let la = try compact.network.logits([[ids[t]]], caches: [cacheA])
            let lb = try float32.network.logits([[ids[t]]], caches: [cacheB])
            decodeDiff = max(decodeDiff, maxAbsDifference(la, lb))
        }
        print("decode: max |Δlogit| = \(decodeDiff)")
        XCTAssertLessThanOrEqual(decodeDiff, 1e-5 * scale)

        let pa = perplexity(a, sequences)
        let pb = perplexity(b, sequences)
        print("perplexity: compact \(pa), Float32 \(pb)")
        XCTAssertEqual(pa, pb, accuracy: 1e-6 * pb)
    }

    /// exp(mean next-token NLL) over every position of every sequence, in Double.
    private func perplexity(_ logits: Matrix, _ sequences: [[Int32]]) -> Double {
        var nll = 0.0
        var count = 0
        var row = 0
        for sequence in sequences {
            for t in 0..<(sequence.count - 1) {
                let r = logits.row(row + t)
                let peak = (0..<logits.cols).map { Double(r[$0]) }.max() ?? 0
                let lse = peak + log((0..<logits.cols).reduce(0.0) { $0 + exp(Double(r[$1]) - peak) })
                nll += lse - Double(r[Int(sequence[t + 1])])
                count += 1
            }
            row += sequence.count
        }
        return exp(nll / Double(count))
    }

    private func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Float {
        zip(a.toArray(), b.toArray()).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
