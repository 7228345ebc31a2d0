import Calibration
import Foundation
import Store

extension CommandSpec {
    /// `syn = generate m from=wiki n=128 len=2048 prefix=2 …`: self-generated calibration text.
    public static let generate = CommandSpec(
        name: "generate",
        summary: "self-generated calibration data: the model continues the first prefix tokens of each document",
        discussion: """
            The first n documents of from= are used in file order; each keeps its first prefix tokens (0: the start \
            token alone) and is continued with top-k/top-p sampling and transformers' repetition penalty, up to len \
            new tokens or the end-of-text token. Defaults are the paper's. Same seed, same text.
            """,
        positionals: [.positional("model", .object([.model]), placeholder: "MODEL", help: "the model that writes")],
        keys: [
            .requiredKey("from", .object([.text]), help: "the documents whose beginnings are the prompts"),
            .key("n", .int(1...), default: 128, help: "number of samples (one per document)"),
            .key("len", .int(1...), default: 2048, help: "maximum new tokens per sample"),
            .key("prefix", .int(0...), default: 2, help: "tokens of each document kept as the prompt"),
            .key("temperature", .float(0...), default: 0.6, help: "softmax temperature (0: greedy)"),
            .key("top_k", .int(0...), default: 50, help: "keep the k most likely tokens (0: off)"),
            .key("top_p", .float(0...1), default: 0.95, help: "nucleus probability mass (1: off)"),
            .key("repetition_penalty", .float(0...), default: 1.2, help: "penalty on tokens already present (1: off)"),
            .key("greedy", .bool, default: false, help: "take the most likely token instead of sampling"),
            .key("batch", .int(1...), default: 32, help: "sequences decoded together"),
        ],
        produces: .calib,
        stochastic: true,
        examples: [
            "syn = generate m from=wiki n=128 len=2048 prefix=2 temperature=0.6 top_k=50 top_p=0.95 "
                + "repetition_penalty=1.2 seed=0",
            "g = generate m from=wiki n=8 len=64 greedy=true",
        ]
    ) { context, arguments in
        let (handle, model) = try arguments.model("model")
        let c = model.model.network.config
        let window = try arguments.int("len").addingReportingOverflow(try arguments.int("prefix"))
        let length = window.overflow ? Int.max : window.partialValue
        try MemoryEstimate(
            factors: [("n", try arguments.int("n")), ("len", length)], bytesEach: 4, what: "token ids"
        ).check(arguments)
        try MemoryEstimate(
            factors: [("batch", try arguments.int("batch")), ("len", length)],
            bytesEach: 2 * 4 * c.numHiddenLayers * c.numKeyValueHeads * c.headDim, what: "key/value cache"
        ).check(arguments)
        let text = try arguments.object("from", as: TextObject.self)
        let options = GenerationOptions(
            count: try arguments.int("n"), length: try arguments.int("len"), prefix: try arguments.int("prefix"),
            temperature: try arguments.float("temperature"), topK: try arguments.int("top_k"),
            topP: try arguments.float("top_p"), repetitionPenalty: try arguments.float("repetition_penalty"),
            seed: UInt64(try arguments.int("seed")), greedy: try arguments.bool("greedy"),
            batch: try arguments.int("batch"))
        let bar = context.progress("generate", total: options.count * options.length)
        let result = try SelfGenerator.generate(
            model.model, from: text.source, options: options,
            progress: { done, total in bar.update(done: done, total: total) },
            isCancelled: context.cancellation.isCancelledClosure)
        bar.finish()
        let object = CalibObject(set: result.set, model: model, handle: handle)
        return CommandResult(
            object: object,
            lines: [
                "\(result.newTokens) new tokens, \(result.stoppedEarly) samples stopped at end-of-text"
            ],
            measurements: [
                .init(.result, Metric(key: "samples", value: Double(result.set.count))),
                .init(.result, Metric(key: "tokens", value: Double(result.set.tokenCount))),
                .init(.result, Metric(key: "new_tokens", value: Double(result.newTokens))),
                .init(.result, Metric(key: "stopped_early", value: Double(result.stoppedEarly))),
            ])
    }
}
