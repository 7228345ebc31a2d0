import Calibration
import Foundation
import Store

extension CommandSpec {
    /// `score syn model=m k=0.2`: Min-K%++ per sample and a summary.
    public static let score = CommandSpec(
        name: "score",
        summary: "Min-K%++ of each sample of a calibration set or text (higher: more like the model's training data)",
        discussion: """
            A text is scored on its first n documents, each cut to len tokens. The summary is stored on the scored \
            object with dataset = the model's name: `minkpp` (mean), `minkpp_std`, `minkpp_median`, `minkpp_q25`, \
            `minkpp_q75`, `minkpp_min`, `minkpp_max`. Every sample's score is stored on it too, as `filter` stores \
            perplexities: key `sample_minkpp`, dataset = the sample's index (samples under 2 tokens have none); \
            `plot minkpp PATH of=…` draws them.
            """,
        positionals: [
            .positional("data", .object([.calib, .text]), placeholder: "CALIB|TEXT", help: "the samples to score")
        ],
        keys: [
            .key("model", .object([.model]), help: ImplicitModel.help),
            .key("k", .float(0.001...1), default: 0.2, help: "fraction of lowest token scores averaged"),
            .key("n", .int(1...), default: 64, help: "documents scored, for a text"),
            .key("len", .int(2...), default: 512, help: "tokens per document, for a text"),
            .key("bins", .int(1...100), default: 10, help: "histogram bins"),
        ],
        produces: .result,
        examples: ["score syn model=m", "score wiki k=0.1 n=32 len=256"]
    ) { context, arguments in
        let handle = try arguments.handle("data")
        let model = try ImplicitModel.resolve(arguments, context: context, verb: "score")
        let set: CalibrationSet
        if let calib = try handle.object() as? CalibObject {
            try calib.check(against: model.object, modelName: model.handle.name, calibName: handle.name)
            set = calib.set
        } else {
            let text = try handle.object(as: TextObject.self)
            let length = try arguments.int("len")
            let tokenizer = model.object.model.tokenizer
            set = CalibrationSet(
                sequences: text.source.documents.prefix(try arguments.int("n")).map {
                    Array(tokenizer.encode($0).prefix(length))
                },
                provenance: CalibrationProvenance(
                    operation: "score", source: text.source.path, method: "documents", seed: nil,
                    parameters: ["len": "\(length)"]))
        }
        let bar = context.progress("score", total: set.count)
        let (scores, summary) = try MinKPlusPlus.score(
            set, network: model.object.model.network, ratio: try arguments.float("k"),
            progress: { done, _ in bar.update(done: done) }, isCancelled: context.cancellation.isCancelledClosure)
        bar.finish()
        let values: [(String, Double)] = [
            ("minkpp", summary.mean), ("minkpp_std", summary.standardDeviation), ("minkpp_min", summary.min),
            ("minkpp_q25", summary.q25), ("minkpp_median", summary.median), ("minkpp_q75", summary.q75),
            ("minkpp_max", summary.max),
        ]
        let samples: [CommandResult.Measurement] = scores.enumerated().compactMap { index, score in
            let metric = Metric(key: "sample_minkpp", value: score, dataset: String(index))
            return score.isNaN ? nil : .init(.object(handle), metric)
        }
        let table = ResultTable(
            title: "Min-K%++ of \(handle.name) under \(model.handle.name)", columns: ["statistic", "value"],
            rows: [[.text("samples"), .int(Int64(summary.values.count))]]
                + values.map { [.text($0.0), .float($0.1)] })
        return CommandResult(
            object: ResultObject(table: table), tables: [table],
            lines: summary.histogramText(bins: try arguments.int("bins")).split(separator: "\n").map(String.init),
            measurements: values.map {
                .init(.object(handle), Metric(key: $0.0, value: $0.1, dataset: model.handle.name))
            } + samples, extraParams: model.params, extraInputs: model.inputs)
    }
}
