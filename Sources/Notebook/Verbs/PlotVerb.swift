import Evaluation
import Foundation
import Store

extension CommandSpec {
    /// `plot mask=k sparsity.svg`, `plot ppl ppl.svg`: SVG plots of stored results.
    public static let plot = CommandSpec(
        name: "plot",
        summary: "write an SVG plot: per-layer sparsity of a mask, or perplexity / accuracy against sparsity",
        discussion: """
            plot mask=K PATH: bars of the mask's per-layer sparsity (its stored `sparsity` metrics). \
            plot ppl PATH / plot acc PATH: one line per calibration source through the runs of the store \
            (x = sparsity, y = ppl or avg_acc; filtered by method= and pattern= if given).
            """,
        positionals: [
            .positional(
                "what", .oneOf([.choice(["ppl", "acc"]), .path(.output(extensions: ["svg"]))]),
                placeholder: "ppl|acc|PATH", help: "what to plot (omit with mask=)"),
            .optionalPositional("path", .path(.output(extensions: ["svg"])), help: "the SVG file to write"),
        ],
        keys: [
            .key("mask", .object([.mask]), help: "plot this mask's per-layer sparsity"),
            .key("method", .string, help: "ppl/acc: only this method"),
        ],
        examples: ["plot mask=k k.svg", "plot ppl ppl.svg", "plot acc acc.svg method=wanda"]
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
        var points = 0
        if what == "mask" {
            guard let handle = try arguments.optionalHandle("mask") else {
                throw NotebookError.missingArgument("mask= (or ppl|acc)", verb: "plot", at: .point(0))
            }
            var layers: [Int: Double] = [:]
            for metric in try context.store.metrics(objectID: handle.id) where metric.key == "sparsity" {
                if let layer = metric.layer { layers[layer] = metric.value }
            }
            let bars = layers.keys.sorted().map { PlotBar(label: String($0), value: layers[$0] ?? 0) }
            points = bars.count
            plot = BarPlot(
                title: "per-layer sparsity of \(handle.name)", xLabel: "layer", yLabel: "sparsity", bars: bars,
                valueRange: 0...1)
        } else {
            let summary = try RunSummary(store: context.store, model: nil, pattern: nil, sparsity: nil)
            let method = try arguments.optionalString("method")
            var series: [String: [PlotPoint]] = [:]
            for run in summary.runs where method == nil || run.method == method {
                guard let x = run.sparsity, let y = what == "ppl" ? run.ppl : run.accuracy else { continue }
                series[run.source.isEmpty ? run.method : run.source, default: []].append(PlotPoint(x: x, y: y))
            }
            points = series.values.reduce(0) { $0 + $1.count }
            plot = LinePlot(
                title: what == "ppl" ? "perplexity by calibration source" : "average accuracy by calibration source",
                xLabel: "sparsity", yLabel: what == "ppl" ? "perplexity" : "avg acc",
                series: series.keys.sorted().map {
                    PlotSeries(name: $0, points: series[$0]?.sorted { $0.x < $1.x } ?? [])
                },
                yScale: what == "ppl" ? .logarithmic : .linear)
        }
        let url = context.url(for: path)
        do {
            try plot.svg().write(to: url, atomically: true, encoding: .utf8)
        } catch let error as CocoaError {
            throw NotebookError.unwritableFile(path: path, reason: Session.reason(error))
        }
        return CommandResult(lines: ["wrote \(points) points to \(path) (svg)"])
    }
}
