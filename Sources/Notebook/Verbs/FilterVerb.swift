import Calibration
import Foundation
import Store

extension CommandSpec {
    /// `good = filter syn model=m drop=0.2`: drop the highest-perplexity samples.
    public static let filter = CommandSpec(
        name: "filter",
        summary: "keep the calibration samples below the (1 − drop) perplexity percentile under a model",
        discussion: """
            As the seed paper's sample_ppl.py: per-sample perplexity exp(mean token NLL), threshold = the \
            100·(1 − drop) percentile, samples strictly below it are kept. Samples shorter than min_len and, with \
            dedupe=true, exact duplicates are removed first. Every sample's perplexity is stored as a metric on the \
            INPUT set: key `sample_ppl`, layer NULL, dataset = the sample's index in that set (as text: \
            CAST(dataset AS INTEGER) sorts them); the result carries `threshold`, `kept`, `removed_short`, \
            `removed_duplicates` and `removed_ppl`.
            """,
        positionals: [.positional("calib", .object([.calib]), placeholder: "CALIB", help: "the set to filter")],
        keys: [
            .key("model", .object([.model]), help: ImplicitModel.help),
            .key("drop", .float(0...0.999), default: 0.2, help: "fraction of highest-perplexity samples to drop"),
            .key("min_len", .int(0...), default: 2, help: "drop samples with fewer tokens than this"),
            .key("dedupe", .bool, default: false, help: "drop exact duplicate samples"),
        ],
        produces: .calib,
        examples: ["good = filter syn model=m drop=0.2", "good = filter syn drop=0.1 min_len=32 dedupe=true"]
    ) { context, arguments in
        let handle = try arguments.handle("calib")
        let calib = try handle.object(as: CalibObject.self)
        let model = try ImplicitModel.resolve(arguments, context: context, verb: "filter")
        try calib.check(against: model.object, modelName: model.handle.name, calibName: handle.name)
        let options = FilterOptions(
            drop: try arguments.float("drop"), minLength: try arguments.int("min_len"),
            deduplicate: try arguments.bool("dedupe"))
        let bar = context.progress("filter", total: calib.set.count)
        let result = try PerplexityFilter.filter(
            calib.set, network: model.object.model.network, options: options,
            progress: { done, _ in bar.update(done: done) }, isCancelled: context.cancellation.isCancelledClosure)
        bar.finish()
        var measurements: [CommandResult.Measurement] = result.perplexities.enumerated().compactMap { index, ppl in
            ppl.isNaN ? nil : .init(.object(handle), Metric(key: "sample_ppl", value: ppl, dataset: String(index)))
        }
        measurements += [
            .init(.result, Metric(key: "threshold", value: result.threshold)),
            .init(.result, Metric(key: "kept", value: Double(result.kept.count))),
            .init(.result, Metric(key: "removed_short", value: Double(result.removedShort))),
            .init(.result, Metric(key: "removed_duplicates", value: Double(result.removedDuplicates))),
            .init(.result, Metric(key: "removed_ppl", value: Double(result.removedPerplexity))),
        ]
        let object = CalibObject(set: result.set, model: model.object, handle: model.handle)
        let threshold = result.threshold.isFinite ? NumberFormat.significant(result.threshold, digits: 5) : "∞"
        return CommandResult(
            object: object,
            lines: [
                "kept \(result.kept.count) of \(calib.set.count) (perplexity threshold \(threshold); removed "
                    + "\(result.removedPerplexity) by perplexity, \(result.removedShort) short, "
                    + "\(result.removedDuplicates) duplicates)"
            ], measurements: measurements, extraParams: model.params, extraInputs: model.inputs)
    }
}
