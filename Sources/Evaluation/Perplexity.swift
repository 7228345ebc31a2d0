import Calibration
import Foundation
import Model

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

/// Computes perplexity with a model.
public enum Perplexity {
    /// Perplexity over `windows`, about `batchTokens` tokens per forward pass; `progress(done, total)` counts
    /// windows. Token log-probabilities come from `SequenceScorer`, the same code that scores calibration samples.
    public static func evaluate(
        _ model: LlamaModel, windows: PerplexityWindows, batchTokens: Int = 2048,
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> PerplexityResult {
        guard windows.seqlen <= model.config.maxPositionEmbeddings else {
            throw PerplexityError.seqlenBeyondContext(
                seqlen: windows.seqlen, context: model.config.maxPositionEmbeddings)
        }
        let sequences = (0..<windows.count).map { Array(windows.window($0)) }
        let scores = try SequenceScorer.score(
            model, sequences: sequences, batchTokens: batchTokens, progress: progress, isCancelled: isCancelled)
        let windowNLL = scores.map(\.meanNLL)
        let mean = windowNLL.reduce(0, +) / Double(windowNLL.count)
        return PerplexityResult(
            perplexity: exp(mean), meanNLL: mean, tokensScored: windows.count * windows.scoredPerWindow,
            windows: windows.count, seqlen: windows.seqlen, windowNLL: windowNLL)
    }
}
