import Foundation
import Model
import Tensor

/// Sums log p(continuation | context) for groups of requests with a model, the way
/// lm-evaluation-harness scores causal models, laid out according to a `ScoringStrategy`.
public struct LoglikelihoodScorer: Sendable {
    /// The network.
    public let model: LlamaModel
    /// How requests are laid out into forward passes.
    public let strategy: ScoringStrategy
    /// Tokens per forward pass a batch of documents may reach (one document always fits).
    public let tokensPerBatch: Int
    /// The longest input: the model's context (lm-eval's `max_length`).
    public let maxLength: Int

    /// Logits are materialised this many scored rows at a time.
    private let logitChunk = 128

    /// A scorer over `model`; `tokensPerBatch` bounds the rows of each forward pass.
    public init(model: LlamaModel, strategy: ScoringStrategy = .sharedContext, tokensPerBatch: Int = 1024) {
        self.model = model
        self.strategy = strategy
        self.tokensPerBatch = max(1, tokensPerBatch)
        self.maxLength = model.config.maxPositionEmbeddings
    }

    /// The log-likelihood of every request, grouped as given (a group is typically one document's
    /// requests, which share their context). `progress(groupsDone)` after each forward batch.
    public func score(
        _ groups: [[LoglikelihoodRequest]], progress: (Int) -> Void = { _ in },
        isCancelled: () -> Bool = { false }
    ) throws -> [[Double]] {
        var results: [[Double]] = []
        results.reserveCapacity(groups.count)
        if strategy == .sequential {
            for group in groups {
                if isCancelled() { throw CancellationError() }
                var lls: [Double] = []
                for request in group {
                    let plan = RequestPlan([request], maxLength: maxLength, strategy: .batched)
                    lls.append(contentsOf: try run([plan], isCancelled: isCancelled)[0])
                }
                results.append(lls)
                progress(results.count)
            }
            return results
        }
        var start = 0
        while start < groups.count {
            if isCancelled() { throw CancellationError() }
            var plans: [RequestPlan] = []
            var tokens = 0
            var end = start
            while end < groups.count {
                let plan = RequestPlan(groups[end], maxLength: maxLength, strategy: strategy)
                if !plans.isEmpty && tokens + plan.tokenCount > tokensPerBatch { break }
                plans.append(plan)
                tokens += plan.tokenCount
                end += 1
            }
            results.append(contentsOf: try run(plans, isCancelled: isCancelled))
            start = end
            progress(results.count)
        }
        return results
    }

    /// Tokens the model runs to score `groups` this way (the prefill and remainders; the sequential
    /// strategy runs every request whole).
    public func tokenCount(_ groups: [[LoglikelihoodRequest]]) -> Int {
        groups.reduce(0) { total, group in
            if strategy == .sequential { return total + group.reduce(0) { $0 + $1.input(maxLength: maxLength).count } }
            return total + RequestPlan(group, maxLength: maxLength, strategy: strategy).tokenCount
        }
    }

    /// One scored position: the hidden-state row that predicts `target`, and the request it belongs to.
    private struct ScoredRow {
        let source: Int  // 0: prefix pass, 1: remainder pass
        let row: Int
        let target: Int32
        let plan: Int
        let request: Int
    }

    /// Runs the prefixes of `plans` in one pass (into caches when remainders follow), the remainders in a
    /// second pass, and sums the continuation log-probabilities of every request.
    private func run(_ plans: [RequestPlan], isCancelled: () -> Bool) throws -> [[Double]] {
        let cached = plans.contains(where: \.needsCache)
        let prefixPlans = plans.indices.filter { !plans[$0].prefix.isEmpty }
        var prefixOffset = [Int](repeating: 0, count: plans.count)
        var caches = [KVCache?](repeating: nil, count: plans.count)
        var prefixHidden: Matrix?
        if !prefixPlans.isEmpty {
            var offset = 0
            for p in prefixPlans {
                prefixOffset[p] = offset
                offset += plans[p].prefix.count
            }
            let prefixCaches: [KVCache]? =
                cached ? prefixPlans.map { KVCache(for: model, capacity: plans[$0].prefix.count) } : nil
            if let prefixCaches { for (k, p) in prefixPlans.enumerated() { caches[p] = prefixCaches[k] } }
            prefixHidden = try model.finalHidden(
                prefixPlans.map { plans[$0].prefix }, caches: prefixCaches, isCancelled: isCancelled)
        }
        var suffixOffset: [[Int]] = plans.map { _ in [] }
        var suffixSequences: [[Int32]] = []
        var suffixCaches: [KVCache] = []
        var offset = 0
        for (p, plan) in plans.enumerated() {
            for suffix in plan.suffixes {
                suffixOffset[p].append(offset)
                offset += suffix.count
                suffixSequences.append(suffix)
                if cached {
                    suffixCaches.append(
                        caches[p]?.copy(reserving: suffix.count) ?? KVCache(for: model, capacity: suffix.count))
                }
            }
        }
        let suffixHidden =
            suffixSequences.isEmpty
            ? nil
            : try model.finalHidden(suffixSequences, caches: cached ? suffixCaches : nil, isCancelled: isCancelled)

        var rows: [ScoredRow] = []
        for (p, plan) in plans.enumerated() {
            for (i, input) in plan.inputs.enumerated() {
                let targets = plan.targets[i]
                let first = input.count - targets.count
                for (j, target) in targets.enumerated() {
                    let position = first + j
                    if position < plan.prefix.count {
                        rows.append(
                            ScoredRow(source: 0, row: prefixOffset[p] + position, target: target, plan: p, request: i))
                    } else if let s = plan.suffixOf[i] {
                        let row = suffixOffset[p][s] + position - plan.prefix.count
                        rows.append(ScoredRow(source: 1, row: row, target: target, plan: p, request: i))
                    } else {
                        preconditionFailure("a scored position past the end of a prefix-only request")
                    }
                }
            }
        }
        let logProbs = try targetLogProbabilities(
            rows, sources: [prefixHidden, suffixHidden], isCancelled: isCancelled)
        var lls = plans.map { [Double](repeating: 0, count: $0.inputs.count) }
        for (k, row) in rows.enumerated() { lls[row.plan][row.request] += Double(logProbs[k]) }
        return lls
    }

    /// log softmax(logits)[target] of every scored row, logits computed `logitChunk` rows at a time.
    private func targetLogProbabilities(
        _ rows: [ScoredRow], sources: [Matrix?], isCancelled: () -> Bool
    ) throws -> [Float] {
        let hidden = model.config.hiddenSize
        var out = [Float](repeating: 0, count: rows.count)
        var r0 = 0
        while r0 < rows.count {
            if isCancelled() { throw CancellationError() }
            let r1 = min(rows.count, r0 + logitChunk)
            let gathered = Matrix(rows: r1 - r0, cols: hidden)
            for k in r0..<r1 {
                guard let source = sources[rows[k].source] else { preconditionFailure("scored row without a pass") }
                (gathered.data + (k - r0) * hidden).update(from: source.row(rows[k].row), count: hidden)
            }
            let logits = model.logits(gathered, rows: 0..<gathered.rows)
            out.withUnsafeMutableBufferPointer { result in
                parallelFor(r1 - r0) { i in
                    let row = logits.data + i * logits.cols
                    result[r0 + i] = row[Int(rows[r0 + i].target)] - logSumExp(row, n: logits.cols)
                }
            }
            r0 = r1
        }
        return out
    }
}
