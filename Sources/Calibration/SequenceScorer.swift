import Foundation
import Model
import Tensor

/// Per-token log-probabilities (and, for Min-K%++, the mean and variance of log p over the vocabulary)
/// of token sequences under a model. Sequences are packed into forward passes of about `batchTokens`
/// tokens; logits are materialised `chunkRows` rows at a time.
public enum SequenceScorer {
    /// Scores every sequence (a sequence of fewer than 2 tokens gets empty scores);
    /// `progress(done, total)` counts sequences.
    public static func score(
        _ network: LlamaModel, sequences: [[Int32]], moments: Bool = false, batchTokens: Int = 2048,
        chunkRows: Int = 256, progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> [TokenScores] {
        let context = network.config.maxPositionEmbeddings
        for (s, sequence) in sequences.enumerated() {
            if sequence.count > context {
                throw CalibrationError.lengthBeyondContext(
                    argument: "sample \(s) length", length: sequence.count, context: context)
            }
            for token in sequence where token < 0 || Int(token) >= network.config.vocabSize {
                throw CalibrationError.tokenOutOfVocabulary(
                    sequence: s, token: token, vocabulary: network.config.vocabSize)
            }
        }
        var results = [TokenScores?](repeating: nil, count: sequences.count)
        var start = 0
        while start < sequences.count {
            if isCancelled() { throw CancellationError() }
            var end = start
            var tokens = 0
            while end < sequences.count, end == start || tokens + sequences[end].count <= batchTokens {
                tokens += sequences[end].count
                end += 1
            }
            let batch = Array(sequences[start..<end])
            let scored = try scoreBatch(
                network, batch, moments: moments, chunkRows: chunkRows, isCancelled: isCancelled)
            for (i, score) in scored.enumerated() { results[start + i] = score }
            start = end
            progress(start, sequences.count)
        }
        return results.map { $0 ?? TokenScores(logProbabilities: []) }
    }

    /// One forward pass over `batch` (ragged) and the scores of each sequence.
    static func scoreBatch(
        _ network: LlamaModel, _ batch: [[Int32]], moments: Bool, chunkRows: Int, isCancelled: () -> Bool
    ) throws -> [TokenScores] {
        let nonEmpty = batch.filter { !$0.isEmpty }
        guard !nonEmpty.isEmpty else { return batch.map { _ in TokenScores(logProbabilities: []) } }
        let normed = try network.finalHidden(nonEmpty, isCancelled: isCancelled)
        var targets: [Int32] = []  // the next token of each row, −1 after a sequence's last token
        targets.reserveCapacity(normed.rows)
        for sequence in nonEmpty {
            targets.append(contentsOf: sequence.dropFirst())
            targets.append(-1)
        }
        var logp = [Double](repeating: 0, count: normed.rows)
        var mean = [Double](repeating: 0, count: moments ? normed.rows : 0)
        var variance = [Double](repeating: 0, count: moments ? normed.rows : 0)
        var r0 = 0
        while r0 < normed.rows {
            if isCancelled() { throw CancellationError() }
            let r1 = min(normed.rows, r0 + chunkRows)
            let logits = network.logits(normed, rows: r0..<r1)
            let n = logits.cols
            logp.withUnsafeMutableBufferPointer { lp in
                mean.withUnsafeMutableBufferPointer { mu in
                    variance.withUnsafeMutableBufferPointer { v in
                        parallelChunks(r1 - r0) { range in
                            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: moments ? 2 * n : 0)
                            defer { scratch.deallocate() }
                            for i in range {
                                let target = targets[r0 + i]
                                guard target >= 0 else { continue }
                                let row = logits.row(i)
                                if moments {
                                    let m = logMoments(row, n: n, scratch: scratch)
                                    lp[r0 + i] = Double(scratch[Int(target)])
                                    mu[r0 + i] = m.mean
                                    v[r0 + i] = m.variance
                                } else {
                                    lp[r0 + i] = Double(row[Int(target)] - logSumExp(row, n: n))
                                }
                            }
                        }
                    }
                }
            }
            r0 = r1
        }
        var out: [TokenScores] = []
        var offset = 0
        for sequence in batch {
            guard !sequence.isEmpty else {
                out.append(TokenScores(logProbabilities: []))
                continue
            }
            let range = offset..<(offset + sequence.count - 1)
            out.append(
                TokenScores(
                    logProbabilities: Array(logp[range]), means: moments ? Array(mean[range]) : [],
                    variances: moments ? Array(variance[range]) : []))
            offset += sequence.count
        }
        return out
    }

    /// log-softmax of `row` into `scratch[0..<n]`, the softmax into `scratch[n..<2n]`, and the mean and
    /// variance of log p under p (variance by the two-pass formula, which does not cancel).
    static func logMoments(
        _ row: UnsafePointer<Float>, n: Int, scratch: UnsafeMutablePointer<Float>
    )
        -> (mean: Double, variance: Double)
    {
        let logProbabilities = scratch
        let probabilities = scratch + n
        logSoftmax(row, logProbabilities, n: n)
        probabilities.update(from: row, count: n)
        softmaxInPlace(probabilities, n: n)
        let mean = blockedDot(probabilities, logProbabilities, n: n) { p, lp in p * lp }
        let m = Float(mean)
        let variance = blockedDot(probabilities, logProbabilities, n: n) { p, lp in
            let d = lp - SIMD16(repeating: m)
            return p * d * d
        }
        return (mean, variance)
    }

    /// Σ term(p, lp) over 16-lane blocks, each block of 1024 summed in float and added in double.
    @inline(__always)
    private static func blockedDot(
        _ p: UnsafePointer<Float>, _ lp: UnsafePointer<Float>, n: Int,
        _ term: (SIMD16<Float>, SIMD16<Float>) -> SIMD16<Float>
    ) -> Double {
        var total = 0.0
        var i = 0
        while i < n {
            let end = min(n, i + 1024)
            var acc = SIMD16<Float>()
            while i + 16 <= end {
                let pv = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
                let lv = UnsafeRawPointer(lp + i).loadUnaligned(as: SIMD16<Float>.self)
                // p = 0 where log p = −∞ would give NaN: such lanes contribute nothing.
                acc += term(pv, lv).replacing(with: 0, where: pv .== 0)
                i += 16
            }
            total += Double(acc.sum())
            while i < end {
                if p[i] > 0 {
                    total += Double(term(SIMD16(repeating: p[i]), SIMD16(repeating: lp[i]))[0])
                }
                i += 1
            }
        }
        return total
    }
}
