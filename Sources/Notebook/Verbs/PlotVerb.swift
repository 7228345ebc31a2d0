import Evaluation
import Foundation
import Store

extension CommandSpec {
    /// `plot mask=k sparsity.svg`, `plot ppl ppl.svg`, `plot minkpp mk.svg of=cal,syn`: SVG plots of stored results.
    public static let plot = CommandSpec(
        name: "plot",
        summary: "write an SVG plot: a mask's per-layer sparsity, perplexity / accuracy against sparsity, or Min-K%++",
        discussion: """
            plot mask=K PATH: bars of the mask's per-layer sparsity (its stored `sparsity` metrics). \
            plot ppl PATH / plot acc PATH: perplexity or average task accuracy against sparsity, one line per \
            calibration source (per method and source when several methods are included; filtered by method=), \
            each point the mean over seeds, as `report` computes it. plot minkpp PATH of=A,B: the distributions of \
            the per-sample Min-K%++ scores of each set (from its latest `score`), as densities over shared bins. \
            Every point, bar and bin carries its exact value in data- attributes (data-x, data-y, data-count …). \
            PATH must end in .svg; \(OutputTarget.rule).
            """,
        positionals: [
            .positional(
                "what", .oneOf([.choice(["ppl", "acc", "minkpp"]), .path(.output(extensions: ["svg"]))]),
                placeholder: "ppl|acc|minkpp|PATH", help: "what to plot (omit with mask=)"),
            .optionalPositional("path", .path(.output(extensions: ["svg"])), help: "the SVG file to write"),
        ],
        keys: [
            .key("mask", .object([.mask]), help: "plot this mask's per-layer sparsity"),
            .key("method", .string, help: "ppl/acc: only this method"),
            .key("of", .list(.object([.calib, .text])), help: "minkpp: the scored sets, comma-separated"),
            .key("bins", .int(1...200), default: 20, help: "minkpp: histogram bins"),
            OutputTarget.overwriteKey,
        ],
        examples: [
            "plot mask=k k.svg", "plot ppl ppl.svg", "plot acc acc.svg method=wanda", "plot minkpp mk.svg of=cal,syn",
        ]
    ) { context, arguments in
        var path = try arguments.optionalString("path")
        var what = "mask"
        if case .path(let first)? = arguments.value("what") {
            path = first
        } else {
            what = try arguments.string("what")
        }
        guard let path else { throw NotebookError.missingArgument("path", verb: "plot", at: .point(0)) }
        let plot: any SVGPlot
        let drawn: String
        switch what {
        case "mask":
            guard let handle = try arguments.optionalHandle("mask") else {
                throw NotebookError.missingArgument("mask= (or ppl|acc|minkpp)", verb: "plot", at: .point(0))
            }
            var layers: [Int: Double] = [:]
            for metric in try context.store.metrics(objectID: handle.id) where metric.key == "sparsity" {
                if let layer = metric.layer { layers[layer] = metric.value }
            }
            let bars = layers.keys.sorted().map { PlotBar(label: String($0), value: layers[$0] ?? 0) }
            drawn = "\(bars.count) bars"
            plot = BarPlot(
                title: "per-layer sparsity of \(handle.name)", xLabel: "layer", yLabel: "sparsity", bars: bars,
                valueRange: 0...1)
        case "minkpp":
            let sets = try arguments.list("of").flatMap(\.objects)
            guard !sets.isEmpty else {
                throw NotebookError.missingArgument("of= (the scored sets)", verb: "plot", at: .point(0))
            }
            let series = try sets.map {
                HistogramSeries(name: $0.name, values: try Self.minKPlusPlusScores(of: $0, in: context.store))
            }
            drawn = "\(series.count) distributions of \(series.reduce(0) { $0 + $1.values.count }) scores"
            plot = HistogramPlot(
                title: "Min-K%++ of " + sets.map(\.name).joined(separator: ", "), xLabel: "Min-K%++ score",
                series: series, bins: try arguments.int("bins"))
        default:
            let report = RunReport(filter: RunFilter(method: try arguments.optionalString("method")))
            let series = try report.sparsitySeries(
                try RunRecord.all(in: context.store), metric: what == "ppl" ? "ppl" : "average")
            drawn = "\(series.reduce(0) { $0 + $1.points.count }) points"
            plot = LinePlot(
                title: what == "ppl" ? "perplexity by calibration source" : "average accuracy by calibration source",
                xLabel: "sparsity", yLabel: what == "ppl" ? "perplexity" : "average accuracy (%)", series: series,
                yScale: what == "ppl" ? .logarithmic : .linear)
        }
        let svg = try plot.svg()
        try OutputTarget.write(
            to: context.url(for: path), path: path, isDirectory: false, overwrite: try arguments.bool("overwrite")
        ) { temporary in
            do {
                try Data(svg.utf8).write(to: temporary)
            } catch {
                throw NotebookError.unwritableFile(path: path, reason: Session.reason(error))
            }
        }
        return CommandResult(lines: ["wrote \(drawn) to \(path) (svg)"])
    }

    /// The per-sample scores of the latest `score` of `set` (its `sample_minkpp` metrics), in sample order.
    private static func minKPlusPlusScores(of set: ObjectHandle, in store: Store) throws -> [Double] {
        let samples = try store.metrics(objectID: set.id).filter { $0.key == "sample_minkpp" && $0.value.isFinite }
        guard let latest = samples.compactMap(\.cellID).max() else {
            throw EvaluationError.invalidPlot("\(set.name) has no Min-K%++ scores: run `score \(set.name)` first")
        }
        return samples.filter { $0.cellID == latest }.sorted { Int($0.dataset ?? "") ?? 0 < Int($1.dataset ?? "") ?? 0 }
            .map(\.value)
    }
}
