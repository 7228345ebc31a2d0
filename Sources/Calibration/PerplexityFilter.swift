import Model

/// Options of `PerplexityFilter.filter`, with the seed code's default (drop the top 20 %).
public struct FilterOptions: Sendable, Equatable {
    /// Fraction of samples with the highest perplexity to drop (`drop`); 0 keeps every eligible sample.
    public var drop: Double
    /// Samples with fewer tokens are removed before scoring (`min_len`; at least 2 are needed for a perplexity).
    public var minLength: Int
    /// Remove later exact copies of a token sequence before scoring (`dedup`).
    public var deduplicate: Bool
    /// Tokens per forward pass when scoring.
    public var batchTokens: Int

    /// Options with the seed code's defaults.
    public init(drop: Double = 0.2, minLength: Int = 2, deduplicate: Bool = false, batchTokens: Int = 2048) {
        self.drop = drop
        self.minLength = minLength
        self.deduplicate = deduplicate
        self.batchTokens = batchTokens
    }
}

/// The kept samples and every sample's perplexity.
public struct FilterResult: Sendable {
    /// The kept samples, in their original order.
    public let set: CalibrationSet
    /// Indices (into the input set) of the kept samples.
    public let kept: [Int]
    /// Perplexity of every input sample (NaN for those removed before scoring).
    public let perplexities: [Double]
    /// The percentile threshold: samples at or above it were dropped (+∞ when drop = 0).
    public let threshold: Double
    /// Samples removed for being shorter than the minimum length.
    public let removedShort: Int
    /// Samples removed as exact duplicates of an earlier one.
    public let removedDuplicates: Int
    /// Samples removed for their perplexity.
    public let removedPerplexity: Int
}

/// The seed paper's perplexity filter (`sample_ppl.py`): per-sample perplexity exp(mean token NLL) with
/// transformers' `labels=input_ids` convention, threshold `np.percentile(ppl, 100·(1−drop))`, keep the
/// samples strictly below it. Short samples and duplicates, when asked, are removed first and the
/// percentile is taken over the rest.
public enum PerplexityFilter {
    /// Filters `set` by perplexity under `network`; `progress(done, total)` counts scored samples.
    public static func filter(
        _ set: CalibrationSet, network: LlamaModel, options: FilterOptions = .init(),
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> FilterResult {
        guard options.drop >= 0, options.drop < 1 else {
            throw CalibrationError.invalidOption(name: "drop", value: "\(options.drop)", expected: "in [0, 1)")
        }
        guard options.minLength >= 0 else {
            throw CalibrationError.invalidOption(name: "min_len", value: "\(options.minLength)", expected: "≥ 0")
        }
        try set.validate(vocabulary: network.config.vocabSize)
        let minimum = max(2, options.minLength)
        var eligible: [Int] = []
        var seen = Set<[Int32]>()
        var short = 0
        var duplicates = 0
        for (i, sequence) in set.sequences.enumerated() {
            if sequence.count < minimum {
                short += 1
            } else if options.deduplicate, !seen.insert(sequence).inserted {
                duplicates += 1
            } else {
                eligible.append(i)
            }
        }
        guard !eligible.isEmpty else {
            throw CalibrationError.emptySet(
                operation: "filter", hint: "no sample has at least \(minimum) tokens (after removing duplicates)")
        }
        let scores = try SequenceScorer.score(
            network, sequences: eligible.map { set.sequences[$0] }, batchTokens: options.batchTokens,
            progress: progress, isCancelled: isCancelled)
        var perplexities = [Double](repeating: .nan, count: set.count)
        for (j, i) in eligible.enumerated() { perplexities[i] = scores[j].perplexity }
        let eligiblePerplexities = eligible.map { perplexities[$0] }
        let threshold = options.drop == 0 ? Double.infinity : percentile(eligiblePerplexities, 100 * (1 - options.drop))
        let kept = eligible.filter { perplexities[$0] < threshold }
        var parameters = set.provenance.parameters.reduce(into: [String: String]()) {
            $0["parent." + $1.key] = $1.value
        }
        parameters["drop"] = "\(options.drop)"
        parameters["min_len"] = "\(options.minLength)"
        parameters["dedup"] = "\(options.deduplicate)"
        parameters["threshold"] = "\(threshold)"
        parameters["parent.operation"] = set.provenance.operation
        parameters["parent.method"] = set.provenance.method
        let provenance = CalibrationProvenance(
            operation: "filter", source: set.provenance.source, method: "perplexity", seed: set.provenance.seed,
            parameters: parameters)
        return FilterResult(
            set: set.subset(kept, provenance: provenance), kept: kept, perplexities: perplexities,
            threshold: threshold, removedShort: short, removedDuplicates: duplicates,
            removedPerplexity: eligible.count - kept.count)
    }
}
