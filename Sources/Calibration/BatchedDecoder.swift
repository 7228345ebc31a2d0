import Model
import Tensor

/// Continuous batched decoding with one KV cache per sequence: up to `batch` sequences advance by one
/// token per forward pass; a finished sequence leaves the batch and the next prompt joins it (its
/// prompt is prefilled in the same pass as the others' single tokens).
final class BatchedDecoder {
    /// One sequence being decoded.
    final class Slot {
        let index: Int
        let promptLength: Int
        var tokens: [Int32]
        var pending: [Int32]
        let cache: KVCache
        var random: SequenceRandom
        var penalized: [Int32] = []
        var seen = Set<Int32>()

        init(index: Int, prompt: [Int32], cache: KVCache, random: SequenceRandom) {
            self.index = index
            self.promptLength = prompt.count
            self.tokens = prompt
            self.pending = prompt
            self.cache = cache
            self.random = random
            for id in prompt where seen.insert(id).inserted { penalized.append(id) }
        }

        var generated: Int { tokens.count - promptLength }
    }

    let network: LlamaModel
    let prompts: [[Int32]]
    let options: GenerationOptions
    let stopTokens: Set<Int32>
    private let chooser: NextTokenChooser
    private var nextPrompt = 0
    private(set) var active: [Slot] = []
    /// Finished sequences (prompt + new tokens, stop token excluded) by prompt index.
    private(set) var finished: [[Int32]?]
    /// Samples that ended at a stop token.
    private(set) var stoppedEarly = 0
    /// New tokens generated so far.
    private(set) var newTokens = 0
    /// Called after each pass with the prompt indices of the batch and their next-token logits (tests).
    var onLogits: (([Int], Matrix) -> Void)?

    init(network: LlamaModel, prompts: [[Int32]], options: GenerationOptions, stopTokens: Set<Int32>) {
        self.network = network
        self.prompts = prompts
        self.options = options
        self.stopTokens = stopTokens
        self.chooser = NextTokenChooser(options: options)
        self.finished = Array(repeating: nil, count: prompts.count)
    }

    /// Whether every prompt has finished.
    var isDone: Bool { nextPrompt == prompts.count && active.isEmpty }

    /// Upper bound of the new tokens still to come plus those made: the progress total.
    var tokenBudget: Int {
        let unfinished = prompts.count - finished.lazy.filter { $0 != nil }.count
        return newTokens + unfinished * options.length - active.reduce(0) { $0 + $1.generated }
    }

    /// One forward pass over the batch and one new token for each of its sequences.
    func step(isCancelled: () -> Bool) throws {
        while active.count < options.batch, nextPrompt < prompts.count {
            let prompt = prompts[nextPrompt]
            let cache = KVCache(for: network, capacity: prompt.count + options.length)
            active.append(
                Slot(
                    index: nextPrompt, prompt: prompt, cache: cache,
                    random: SequenceRandom(seed: options.seed, index: nextPrompt)))
            nextPrompt += 1
        }
        guard !active.isEmpty else { return }
        let normed = try network.finalHidden(
            active.map(\.pending), caches: active.map(\.cache), isCancelled: isCancelled)
        let hidden = normed.cols
        let last = Matrix(rows: active.count, cols: hidden)
        var row = 0
        for (j, slot) in active.enumerated() {
            row += slot.pending.count
            last.row(j).update(from: normed.row(row - 1), count: hidden)
        }
        let logits = network.logits(last, rows: 0..<active.count)
        onLogits?(active.map(\.index), logits)
        let vocabulary = logits.cols
        var chosen = [Int32](repeating: 0, count: active.count)
        let slots = active
        let chooser = self.chooser
        chosen.withUnsafeMutableBufferPointer { out in
            parallelFor(slots.count) { j in
                let slot = slots[j]
                out[j] = chooser.choose(logits.row(j), n: vocabulary, penalized: slot.penalized, random: &slot.random)
            }
        }
        var still: [Slot] = []
        for (j, slot) in active.enumerated() {
            let token = chosen[j]
            if stopTokens.contains(token) {
                stoppedEarly += 1
                finished[slot.index] = slot.tokens
                continue
            }
            slot.tokens.append(token)
            newTokens += 1
            if slot.seen.insert(token).inserted { slot.penalized.append(token) }
            if slot.generated >= options.length {
                finished[slot.index] = slot.tokens
            } else {
                slot.pending = [token]
                still.append(slot)
            }
        }
        active = still
    }
}
