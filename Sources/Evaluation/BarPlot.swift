/// Values per category as bars (e.g. the sparsity of each layer of a mask).
/// Every bar is a `<rect class="bar" data-label data-value>`.
public struct BarPlot: SVGPlot {
    /// Title above the plot.
    public var title: String
    /// Label of the category axis.
    public var xLabel: String
    /// Label of the value axis.
    public var yLabel: String
    /// The bars, left to right.
    public var bars: [PlotBar]
    /// A fixed value range (e.g. 0...1 for sparsity); nil fits the data (always including zero).
    public var valueRange: ClosedRange<Double>?
    /// A horizontal reference line (e.g. the target sparsity), drawn dashed.
    public var reference: Double?
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// A bar plot.
    public init(
        title: String, xLabel: String, yLabel: String, bars: [PlotBar], valueRange: ClosedRange<Double>? = nil,
        reference: Double? = nil, width: Double = 720, height: Double = 420
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.bars = bars
        self.valueRange = valueRange
        self.reference = reference
        self.width = width
        self.height = height
    }

    /// The plot as a standalone SVG document.
    public func svg() throws -> String {
        guard !bars.isEmpty else { throw EvaluationError.invalidPlot("'\(title)' has no bars") }
        for bar in bars where !bar.value.isFinite {
            throw EvaluationError.invalidPlot("bar '\(bar.label)' is not finite (\(bar.value))")
        }
        let frame = PlotFrame(width: width, height: height, legend: false)
        var values = bars.map(\.value) + (reference.map { [$0] } ?? [])
        if let valueRange { values += [valueRange.lowerBound, valueRange.upperBound] }
        let y = try PlotScale(
            values: values, kind: .linear, start: frame.plotBottom, end: frame.plotTop, includeZero: true)
        var svg = SVGWriter(width: width, height: height)
        frame.drawAxes(&svg, title: title, x: nil, y: y, xLabel: xLabel, yLabel: yLabel)
        let slot = (frame.plotRight - frame.plotLeft) / Double(bars.count)
        let labelEvery = max(1, Int((24 / slot).rounded(.up)))
        let zero = y.position(0)
        svg.open("g", [("class", "bars")])
        for (i, bar) in bars.enumerated() {
            let top = y.position(bar.value)
            let x = frame.plotLeft + Double(i) * slot + slot * 0.1
            svg.element(
                "rect",
                [
                    ("class", "bar"), ("data-label", bar.label), ("data-value", SVGWriter.data(bar.value)),
                    ("x", SVGWriter.number(x)), ("y", SVGWriter.number(min(top, zero))),
                    ("width", SVGWriter.number(slot * 0.8)), ("height", SVGWriter.number(abs(zero - top))),
                    ("fill", PlotFrame.color(0)),
                ])
            if i % labelEvery == 0 {
                svg.element(
                    "text",
                    [
                        ("class", "category"), ("x", SVGWriter.number(x + slot * 0.4)),
                        ("y", SVGWriter.number(frame.plotBottom + 16)), ("text-anchor", "middle"),
                    ], text: bar.label)
            }
        }
        svg.close("g")
        if let reference {
            let py = SVGWriter.number(y.position(reference))
            svg.element(
                "line",
                [
                    ("class", "reference"), ("data-value", SVGWriter.data(reference)),
                    ("x1", SVGWriter.number(frame.plotLeft)), ("x2", SVGWriter.number(frame.plotRight)), ("y1", py),
                    ("y2", py), ("stroke", "#d62728"), ("stroke-dasharray", "6 4"),
                ])
        }
        return svg.document(title: title)
    }
}
