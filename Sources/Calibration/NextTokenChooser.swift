import Foundation

/// Picks the next token from one row of logits with transformers' sampling chain (repetition
/// penalty → temperature → top-k → top-p → sample). It scans the vocabulary only to select the
/// top-k candidates and then works on those few; `LogitsWarpers` is its full-vocabulary oracle.
public struct NextTokenChooser: Sendable {
    /// The sampling settings.
    public let options: GenerationOptions

    /// A chooser for `options`.
    public init(options: GenerationOptions) { self.options = options }

    /// The tokens that survive the chain with their probabilities (summing to 1), most likely first;
    /// `logits` is used as scratch. `penalized` lists each id already in the sequence once.
    public func distribution(
        _ logits: UnsafeMutablePointer<Float>, n: Int, penalized: [Int32]
    ) -> [(id: Int32, probability: Float)] {
        if options.repetitionPenalty != 1 {
            let penalty = Float(options.repetitionPenalty)
            for id in penalized where id >= 0 && Int(id) < n {
                let x = logits[Int(id)]
                logits[Int(id)] = x < 0 ? x * penalty : x / penalty
            }
        }
        if options.isGreedy { return [(id: Int32(argmax(logits, n: n)), probability: 1)] }
        var candidates = topKCandidates(logits, n: n)
        if options.topP < 1 { candidates = nucleus(candidates) }
        var probabilities = candidates.map(\.value)
        softmaxFloat(&probabilities)
        return zip(candidates, probabilities).map { (id: $0.id, probability: $1) }
            .sorted { $0.probability != $1.probability ? $0.probability > $1.probability : $0.id < $1.id }
    }

    /// Samples the next token with `random` (or takes the arg-max when greedy).
    public func choose(
        _ logits: UnsafeMutablePointer<Float>, n: Int, penalized: [Int32], random: inout SequenceRandom
    ) -> Int32 {
        let choices = distribution(logits, n: n, penalized: penalized)
        if choices.count == 1 { return choices[0].id }
        let u = random.nextDouble()
        var cumulative = 0.0
        for choice in choices {
            cumulative += Double(choice.probability)
            if u < cumulative { return choice.id }
        }
        return choices[choices.count - 1].id
    }

    /// Candidates after temperature and top-k (every finite logit when top-k is off), ascending by id.
    private func topKCandidates(_ logits: UnsafeMutablePointer<Float>, n: Int) -> [(id: Int32, value: Float)] {
        let temperature = Float(options.temperature)
        let scale: (Float) -> Float = temperature == 1 ? { $0 } : { $0 / temperature }
        var out: [(id: Int32, value: Float)] = []
        guard options.topK > 0, options.topK < n else {
            out.reserveCapacity(n)
            for i in 0..<n where logits[i] > -.infinity { out.append((id: Int32(i), value: scale(logits[i]))) }
            return out
        }
        let kth = kthLargest(logits, n: n, k: options.topK)
        // x ≥ kth keeps its rank after scaling; a value just below kth may round onto kth/T, as in
        // transformers (which selects after scaling), so the bound is widened and checked exactly.
        let threshold = scale(kth)
        let loose = kth - abs(kth) * 1e-5
        out.reserveCapacity(options.topK + 8)
        for i in 0..<n where logits[i] >= loose {
            let value = scale(logits[i])
            if value >= threshold { out.append((id: Int32(i), value: value)) }
        }
        return out
    }

    /// Top-p as `TopPLogitsWarper`: ascending sort, float32 softmax and cumulative sum, drop while ≤ 1 − p,
    /// always keeping the most likely token.
    private func nucleus(_ candidates: [(id: Int32, value: Float)]) -> [(id: Int32, value: Float)] {
        let sorted = candidates.sorted { $0.value != $1.value ? $0.value < $1.value : $0.id < $1.id }
        var probabilities = sorted.map(\.value)
        softmaxFloat(&probabilities)
        let cut = Float(1 - options.topP)
        var cumulative: Float = 0
        var first = 0
        while first < sorted.count - 1 {
            cumulative += probabilities[first]
            if cumulative > cut { break }
            first += 1
        }
        return Array(sorted[first...])
    }
}

/// Index of the first largest value (as `torch.argmax`).
func argmax(_ x: UnsafePointer<Float>, n: Int) -> Int {
    var best = 0
    for i in 1..<max(n, 1) where x[i] > x[best] { best = i }
    return best
}

/// The `k`-th largest of `x[0..<n]` (1 ≤ k ≤ n) by a size-k min-heap: one pass, few heap updates.
func kthLargest(_ x: UnsafePointer<Float>, n: Int, k: Int) -> Float {
    var heap = [Float](repeating: 0, count: k)
    return heap.withUnsafeMutableBufferPointer { h -> Float in
        for i in 0..<k {
            // Sift up the new value.
            var c = i
            h[c] = x[i]
            while c > 0 {
                let p = (c - 1) / 2
                if h[p] <= h[c] { break }
                h.swapAt(p, c)
                c = p
            }
        }
        for i in k..<n {
            let v = x[i]
            if v <= h[0] { continue }
            h[0] = v
            var c = 0
            while true {
                let l = 2 * c + 1
                if l >= k { break }
                let r = l + 1
                let m = r < k && h[r] < h[l] ? r : l
                if h[c] <= h[m] { break }
                h.swapAt(c, m)
                c = m
            }
        }
        return h[0]
    }
}
