import Foundation
import Model
import Tensor

/// Token-weighted perplexity of a model over non-overlapping windows (the Wanda/SparseGPT protocol).
public struct PerplexityResult: Equatable, Sendable {
    /// exp(mean NLL over every scored token).
    public let perplexity: Double
    /// Mean negative log-likelihood per scored token, in nats.
    public let meanNLL: Double
    /// Predictions scored: windows × (seqlen − 1).
    public let tokensScored: Int
    /// Windows scored.
    public let windows: Int
    /// Tokens per window.
    public let seqlen: Int
    /// Mean NLL of each window.
    public let windowNLL: [Double]
}

/// Computes perplexity and per-position log-likelihoods with a model.
public enum Perplexity {
    /// Perplexity over `windows`, `batch` windows per forward pass; `progress(done, total)` after each batch.
    public static func evaluate(
        _ model: LlamaModel, windows: PerplexityWindows, batch: Int? = nil,
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> PerplexityResult {
        guard windows.seqlen <= model.config.maxPositionEmbeddings else {
            throw PerplexityError.seqlenBeyondContext(
                seqlen: windows.seqlen, context: model.config.maxPositionEmbeddings)
        }
        let perBatch = batch ?? max(1, 2048 / windows.seqlen)
        var windowNLL: [Double] = []
        var start = 0
        while start < windows.count {
            if isCancelled() { throw CancellationError() }
            let end = min(windows.count, start + perBatch)
            let sequences = (start..<end).map { Array(windows.window($0)) }
            let nll = try tokenNLL(model, sequences: sequences, isCancelled: isCancelled)
            for s in sequences.indices { windowNLL.append(nll[s].reduce(0, +) / Double(nll[s].count)) }
            start = end
            progress(start, windows.count)
        }
        let scored = windows.count * windows.scoredPerWindow
        let mean = windowNLL.reduce(0, +) / Double(windowNLL.count)
        return PerplexityResult(
            perplexity: exp(mean), meanNLL: mean, tokensScored: scored, windows: windows.count,
            seqlen: windows.seqlen, windowNLL: windowNLL)
    }

    /// Negative log-likelihood of every token after the first of each sequence: `result[s][t]` is
    /// −log p(x_{t+1} | x_≤t). Logits are materialised a few hundred rows at a time.
    public static func tokenNLL(
        _ model: LlamaModel, sequences: [[Int32]], isCancelled: () -> Bool = { false }
    ) throws -> [[Double]] {
        let normed = try model.finalHidden(sequences, isCancelled: isCancelled)
        var targets: [Int32] = []  // next token per row, -1 where none
        for sequence in sequences {
            targets.append(contentsOf: sequence.dropFirst())
            targets.append(-1)
        }
        var nll = [Double](repeating: 0, count: normed.rows)
        let chunk = 256
        var r0 = 0
        while r0 < normed.rows {
            let r1 = min(normed.rows, r0 + chunk)
            let logits = model.logits(normed, rows: r0..<r1)
            nll.withUnsafeMutableBufferPointer { out in
                parallelFor(r1 - r0) { i in
                    let target = targets[r0 + i]
                    guard target >= 0 else { return }
                    let row = logits.data + i * logits.cols
                    out[r0 + i] = Double(logSumExp(row, logits.cols) - row[Int(target)])
                }
            }
            r0 = r1
        }
        var result: [[Double]] = []
        var offset = 0
        for sequence in sequences {
            result.append(Array(nll[offset..<(offset + sequence.count - 1)]))
            offset += sequence.count
        }
        return result
    }
}

/// log Σ exp(x_i), computed stably.
func logSumExp(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var m = -Float.infinity
    for i in 0..<n { m = max(m, x[i]) }
    var s: Double = 0
    for i in 0..<n { s += Double(expf(x[i] - m)) }
    return m + Float(log(s))
}
