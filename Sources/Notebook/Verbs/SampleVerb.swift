import Calibration
import Foundation
import Store

extension CommandSpec {
    /// `cal = sample wiki n=128 len=2048 seed=0`: random token windows of a text.
    public static let sample = CommandSpec(
        name: "sample",
        summary: "a calibration set of n random windows of len tokens from a text (Wanda/SparseGPT or joined protocol)",
        discussion: """
            protocol=wanda picks a random document longer than len and a random window of it (wanda/lib/data.py); \
            protocol=joined joins the documents with a space and takes random windows. Same seed, same windows.
            """,
        positionals: [.positional("text", .object([.text]), placeholder: "TEXT", help: "the documents to sample")],
        keys: [
            .key("n", .int(1...), default: 128, help: "number of windows"),
            .key("len", .int(1...), default: 2048, help: "tokens per window"),
            .key(
                "protocol", .choice(SamplingMethod.allCases.map(\.rawValue)), default: "wanda",
                help: "how windows are drawn"),
            .key("model", .object([.model]), help: ImplicitModel.help),
        ],
        produces: .calib,
        stochastic: true,
        examples: ["cal = sample wiki n=128 len=2048 seed=0", "cal = sample wiki n=16 len=256 protocol=joined model=m"]
    ) { context, arguments in
        try MemoryEstimate(
            factors: [("n", try arguments.int("n")), ("len", try arguments.int("len"))], bytesEach: 4,
            what: "token ids"
        ).check(arguments)
        let text = try arguments.object("text", as: TextObject.self)
        let model = try ImplicitModel.resolve(arguments, context: context, verb: "sample")
        let options = SamplingOptions(
            count: try arguments.int("n"), length: try arguments.int("len"), seed: UInt64(try arguments.int("seed")),
            method: SamplingMethod(rawValue: try arguments.string("protocol")) ?? .wanda)
        let bar = context.progress("sample", total: options.count)
        let set = try CalibrationSampler.sample(
            text.source, tokenizer: model.object.model.tokenizer,
            contextLength: model.object.model.network.config.maxPositionEmbeddings, options: options,
            progress: { done, _ in bar.update(done: done) }, isCancelled: context.cancellation.isCancelledClosure)
        bar.finish()
        let object = CalibObject(set: set, model: model.object, handle: model.handle)
        return CommandResult(
            object: object,
            measurements: [
                .init(.result, Metric(key: "samples", value: Double(set.count))),
                .init(.result, Metric(key: "tokens", value: Double(set.tokenCount))),
            ], extraParams: model.params, extraInputs: model.inputs)
    }
}
