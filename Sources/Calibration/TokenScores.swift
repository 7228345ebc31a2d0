import Foundation

/// What a model thinks of one sequence, position by position: for t in 0..<count−1, the prediction of
/// token t+1 from tokens 0…t.
public struct TokenScores: Sendable, Equatable {
    /// log p(x_{t+1} | x_≤t), in nats.
    public let logProbabilities: [Double]
    /// μ_t = Σ_z p(z) log p(z) over the vocabulary (empty unless moments were asked for).
    public let means: [Double]
    /// σ²_t = Σ_z p(z) (log p(z) − μ_t)² (empty unless moments were asked for).
    public let variances: [Double]

    /// Scores from per-position values.
    public init(logProbabilities: [Double], means: [Double] = [], variances: [Double] = []) {
        self.logProbabilities = logProbabilities
        self.means = means
        self.variances = variances
    }

    /// Mean negative log-likelihood per predicted token (transformers' loss with `labels=input_ids`).
    public var meanNLL: Double {
        logProbabilities.isEmpty ? .nan : -logProbabilities.reduce(0, +) / Double(logProbabilities.count)
    }

    /// exp(mean NLL): the per-sample perplexity of the seed code.
    public var perplexity: Double { Foundation.exp(meanNLL) }

    /// Min-K%++ values s_t = (log p(x_t) − μ_t)/σ_t, one per predicted token.
    public var minKPlusPlus: [Double] {
        zip(logProbabilities, zip(means, variances)).map { lp, moments in (lp - moments.0) / moments.1.squareRoot() }
    }
}
