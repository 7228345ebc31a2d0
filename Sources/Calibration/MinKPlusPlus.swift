import Model

/// Min-K%++ (Zhang et al., zjysteven/mink-plus-plus `run.py`): per position s_t = (log p(x_t) − μ_t)/σ_t
/// with μ, σ² the mean and variance of log p over the model's next-token distribution; a sample's
/// score is the mean of its lowest k % of s_t. Higher means more like the model's training data.
public enum MinKPlusPlus {
    /// Mean of the lowest `ratio` fraction of `values`: ⌊count·ratio⌋ of them as in `run.py`, but at
    /// least one (where `run.py` would average nothing and give NaN). NaN for no values.
    public static func score(_ values: [Double], ratio: Double = 0.2) -> Double {
        guard !values.isEmpty else { return .nan }
        let k = max(1, Int(Double(values.count) * ratio))
        let lowest = values.sorted().prefix(k)
        return lowest.reduce(0, +) / Double(k)
    }

    /// Min-K%++ of every sample of `set` under `network` (NaN for samples under 2 tokens) and their summary.
    public static func score(
        _ set: CalibrationSet, network: LlamaModel, ratio: Double = 0.2, batchTokens: Int = 2048,
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> (scores: [Double], summary: ScoreSummary) {
        guard ratio > 0, ratio <= 1 else {
            throw CalibrationError.invalidOption(name: "k", value: "\(ratio)", expected: "a fraction in (0, 1]")
        }
        try set.validate(vocabulary: network.config.vocabSize)
        guard set.sequences.contains(where: { $0.count >= 2 }) else {
            throw CalibrationError.emptySet(operation: "score", hint: "every sample has fewer than 2 tokens")
        }
        let tokenScores = try SequenceScorer.score(
            network, sequences: set.sequences, moments: true, batchTokens: batchTokens, progress: progress,
            isCancelled: isCancelled)
        let scores = tokenScores.map { score($0.minKPlusPlus, ratio: ratio) }
        return (scores, ScoreSummary(scores))
    }
}
