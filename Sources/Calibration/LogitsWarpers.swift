import Foundation

/// transformers' logits processors on one row of logits over the whole vocabulary, exactly as
/// `generate(do_sample=True)` applies them: repetition penalty, then temperature, top-k, top-p.
/// These full-vocabulary versions are the oracle of the fast path in `NextTokenChooser`.
public enum LogitsWarpers {
    /// `RepetitionPenaltyLogitsProcessor`: for every distinct id in `history`, a negative logit is
    /// multiplied by `penalty` and any other divided by it (each id once, however often it occurs).
    public static func repetitionPenalty(
        _ logits: UnsafeMutablePointer<Float>, n: Int, history: [Int32], penalty: Float
    ) {
        var done = Set<Int32>()
        for id in history where id >= 0 && Int(id) < n && done.insert(id).inserted {
            let x = logits[Int(id)]
            logits[Int(id)] = x < 0 ? x * penalty : x / penalty
        }
    }

    /// `TemperatureLogitsWarper`: every logit divided by `temperature`.
    public static func temperature(_ logits: UnsafeMutablePointer<Float>, n: Int, temperature: Float) {
        for i in 0..<n { logits[i] /= temperature }
    }

    /// `TopKLogitsWarper`: logits below the `k`-th largest become −∞ (ties with it are kept).
    public static func topK(_ logits: UnsafeMutablePointer<Float>, n: Int, k: Int) {
        let keep = min(max(k, 1), n)
        let sorted = (0..<n).map { logits[$0] }.sorted(by: >)
        let threshold = sorted[keep - 1]
        for i in 0..<n where logits[i] < threshold { logits[i] = -.infinity }
    }

    /// `TopPLogitsWarper` (min_tokens_to_keep = 1): sort ascending, softmax, cumulative sum in float32,
    /// and set to −∞ every token whose cumulative probability is ≤ 1 − `p`, except the largest.
    public static func topP(_ logits: UnsafeMutablePointer<Float>, n: Int, p: Float) {
        let order = (0..<n).sorted { logits[$0] != logits[$1] ? logits[$0] < logits[$1] : $0 < $1 }
        var probabilities = order.map { logits[$0] }
        softmaxFloat(&probabilities)
        let cut = 1 - p
        var cumulative: Float = 0
        for (rank, index) in order.enumerated() {
            cumulative += probabilities[rank]
            if rank < n - 1, cumulative <= cut { logits[index] = -.infinity }
        }
    }

    /// The chain `generate` builds for `options` (repetition penalty, temperature, top-k, top-p;
    /// each only when it changes anything), applied in place.
    public static func apply(
        _ logits: UnsafeMutablePointer<Float>, n: Int, history: [Int32], options: GenerationOptions
    ) {
        if options.repetitionPenalty != 1 {
            repetitionPenalty(logits, n: n, history: history, penalty: Float(options.repetitionPenalty))
        }
        if options.temperature != 1 { temperature(logits, n: n, temperature: Float(options.temperature)) }
        if options.topK > 0 { topK(logits, n: n, k: options.topK) }
        if options.topP < 1 { topP(logits, n: n, p: Float(options.topP)) }
    }
}

/// `softmaxFloat` over an array in place.
func softmaxFloat(_ values: inout [Float]) {
    values.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        softmaxFloat(base, n: buffer.count)
    }
}

/// Softmax in float32 with the maximum subtracted, summing in index order (−∞ gives 0).
func softmaxFloat(_ x: UnsafeMutablePointer<Float>, n: Int) {
    var top = -Float.infinity
    for i in 0..<n { top = max(top, x[i]) }
    var sum: Float = 0
    for i in 0..<n {
        x[i] = x[i] == -.infinity ? 0 : expf(x[i] - top)
        sum += x[i]
    }
    for i in 0..<n { x[i] /= sum }
}
