import Foundation
import Model
import Tokenizer

/// Self-generated calibration data (the paper's "self-generating then sampling"): the model continues
/// a short prefix of each source document with top-k/top-p sampling.
///
/// Decisions, matching transformers' `generate` on this model family:
/// - Documents are used in file order: the first `n` (the seed code walks its source list in order).
/// - The prompt is the first `prefix` tokens of the document as the tokenizer encodes it (so it holds
///   BOS only when the tokenizer adds one; SmolLM2 does not). `prefix=0` starts from the BOS token
///   alone, which is what `generate()` does without `input_ids` (SmolLM2: id 1, `<|im_start|>`).
/// - Generation stops at the tokenizer's EOS, the only id transformers' generation config treats as
///   end of sequence (SmolLM2's GGUF: id 2, `<|im_end|>`; `<|endoftext|>`, id 0, does not stop it).
///   The stop token is not kept.
public enum SelfGenerator {
    /// The prompt of each of the first `options.count` documents of `source`.
    public static func prompts(
        _ source: TextSource, tokenizer: BPETokenizer, options: GenerationOptions
    ) throws
        -> [[Int32]]
    {
        try options.validate()
        guard options.count <= source.documents.count else {
            throw CalibrationError.notEnoughDocuments(
                source: source.path, requested: options.count, available: source.documents.count, what: "documents")
        }
        if options.prefix == 0 {
            guard let bos = tokenizer.bosID else { throw CalibrationError.noStartToken(model: "the tokenizer") }
            return Array(repeating: [bos], count: options.count)
        }
        return source.documents.prefix(options.count).map { Array(tokenizer.encode($0).prefix(options.prefix)) }
    }

    /// Generates one sample per prompt from the first `options.count` documents of `source`;
    /// `progress(newTokens, budget)` after each decoding step (the budget shrinks when samples stop early).
    public static func generate(
        _ model: LanguageModel, from source: TextSource, options: GenerationOptions = .init(),
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> GenerationResult {
        let prompts = try prompts(source, tokenizer: model.tokenizer, options: options)
        let stops = options.stopTokens ?? model.tokenizer.eosID.map { [$0] } ?? []
        let started = Date()
        let decoder = try decode(
            model.network, prompts: prompts, stopTokens: Set(stops), options: options, progress: progress,
            isCancelled: isCancelled)
        var parameters = [
            "n": "\(options.count)", "len": "\(options.length)", "prefix": "\(options.prefix)",
            "temperature": "\(options.temperature)", "top_k": "\(options.topK)", "top_p": "\(options.topP)",
            "repetition_penalty": "\(options.repetitionPenalty)", "greedy": "\(options.greedy)",
            "stop": stops.map(String.init).joined(separator: ","), "model": model.path,
        ]
        if options.prefix == 0 { parameters["start_token"] = "\(prompts.first?.first ?? -1)" }
        let set = CalibrationSet(
            sequences: decoder.finished.map { $0 ?? [] },
            provenance: CalibrationProvenance(
                operation: "generate", source: source.path, method: "selfgen", seed: options.seed,
                parameters: parameters))
        return GenerationResult(
            set: set, newTokens: decoder.newTokens, stoppedEarly: decoder.stoppedEarly,
            seconds: Date().timeIntervalSince(started))
    }

    /// Continues each of `prompts` with `network` until a stop token or `options.length` new tokens;
    /// returns prompt + new tokens per prompt, in order.
    public static func continuations(
        _ network: LlamaModel, prompts: [[Int32]], stopTokens: Set<Int32>, options: GenerationOptions,
        progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
    ) throws -> [[Int32]] {
        try decode(
            network, prompts: prompts, stopTokens: stopTokens, options: options, progress: progress,
            isCancelled: isCancelled
        ).finished.map { $0 ?? [] }
    }

    static func decode(
        _ network: LlamaModel, prompts: [[Int32]], stopTokens: Set<Int32>, options: GenerationOptions,
        progress: (Int, Int) -> Void, isCancelled: () -> Bool
    ) throws -> BatchedDecoder {
        try options.validate()
        let context = network.config.maxPositionEmbeddings
        let longest = prompts.map(\.count).max() ?? 0
        guard longest + options.length <= context else {
            throw CalibrationError.lengthBeyondContext(
                argument: "len", length: options.length, context: context - longest)
        }
        for (s, prompt) in prompts.enumerated() {
            guard !prompt.isEmpty else {
                throw CalibrationError.invalidOption(name: "prompt \(s)", value: "[]", expected: "at least one token")
            }
            for token in prompt where token < 0 || Int(token) >= network.config.vocabSize {
                throw CalibrationError.tokenOutOfVocabulary(
                    sequence: s, token: token, vocabulary: network.config.vocabSize)
            }
        }
        let decoder = BatchedDecoder(network: network, prompts: prompts, options: options, stopTokens: stopTokens)
        while !decoder.isDone {
            if isCancelled() { throw CancellationError() }
            try decoder.step(isCancelled: isCancelled)
            progress(decoder.newTokens, decoder.tokenBudget)
        }
        return decoder
    }
}
