/// The layout shared by every plot: title, plotting area, axes with ticks and labels, legend.
struct PlotFrame {
    let width: Double
    let height: Double
    let left = 72.0
    let top = 44.0
    let bottom = 58.0
    let right: Double

    /// A frame of `width × height`; a legend column is reserved when `legend` is true.
    init(width: Double, height: Double, legend: Bool) {
        self.width = width
        self.height = height
        self.right = legend ? 170 : 24
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// Colours of successive series (the Tableau 10 palette).
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// Colour of series `i`.
    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// Title, axis lines, axis labels, y ticks with grid lines, and x ticks when `x` is a numeric scale.
    func drawAxes(_ svg: inout SVGWriter, title: String, x: PlotScale?, y: PlotScale, xLabel: String, yLabel: String) {
        svg.element(
            "text",
            [
                ("class", "title"), ("x", SVGWriter.number(width / 2)), ("y", "24"), ("text-anchor", "middle"),
                ("font-size", "16"), ("font-weight", "bold"),
            ], text: title)
        svg.open("g", [("class", "y-axis")])
        for tick in y.ticks {
            let py = SVGWriter.number(y.position(tick))
            svg.element(
                "line",
                [
                    ("x1", SVGWriter.number(plotLeft)), ("x2", SVGWriter.number(plotRight)), ("y1", py), ("y2", py),
                    ("stroke", "#e5e5e5"),
                ])
            svg.element(
                "text",
                [
                    ("class", "tick"), ("data-value", SVGWriter.data(tick)), ("x", SVGWriter.number(plotLeft - 6)),
                    ("y", py), ("text-anchor", "end"), ("dominant-baseline", "middle"),
                ], text: y.label(tick))
        }
        svg.element(
            "line",
            [
                ("x1", SVGWriter.number(plotLeft)), ("x2", SVGWriter.number(plotLeft)),
                ("y1", SVGWriter.number(plotTop)), ("y2", SVGWriter.number(plotBottom)), ("stroke", "black"),
            ])
        let midY = SVGWriter.number((plotTop + plotBottom) / 2)
        svg.element(
            "text",
            [
                ("class", "axis-label"), ("x", "16"), ("y", midY), ("text-anchor", "middle"),
                ("transform", "rotate(-90 16 \(midY))"),
            ], text: yLabel)
        svg.close("g")
        svg.open("g", [("class", "x-axis")])
        if let x {
            for tick in x.ticks {
                let px = SVGWriter.number(x.position(tick))
                svg.element(
                    "line",
                    [
                        ("x1", px), ("x2", px), ("y1", SVGWriter.number(plotBottom)),
                        ("y2", SVGWriter.number(plotBottom + 5)), ("stroke", "black"),
                    ])
                svg.element(
                    "text",
                    [
                        ("class", "tick"), ("data-value", SVGWriter.data(tick)), ("x", px),
                        ("y", SVGWriter.number(plotBottom + 18)), ("text-anchor", "middle"),
                    ], text: x.label(tick))
            }
        }
        svg.element(
            "line",
            [
                ("x1", SVGWriter.number(plotLeft)), ("x2", SVGWriter.number(plotRight)),
                ("y1", SVGWriter.number(plotBottom)), ("y2", SVGWriter.number(plotBottom)), ("stroke", "black"),
            ])
        svg.element(
            "text",
            [
                ("class", "axis-label"), ("x", SVGWriter.number((plotLeft + plotRight) / 2)),
                ("y", SVGWriter.number(height - 12)), ("text-anchor", "middle"),
            ], text: xLabel)
        svg.close("g")
    }

    /// A legend of coloured swatches and names in the right margin.
    func drawLegend(_ svg: inout SVGWriter, names: [String]) {
        svg.open("g", [("class", "legend")])
        for (i, name) in names.enumerated() {
            let y = plotTop + 8 + Double(i) * 20
            svg.element(
                "rect",
                [
                    ("class", "swatch"), ("x", SVGWriter.number(plotRight + 16)), ("y", SVGWriter.number(y - 6)),
                    ("width", "12"), ("height", "12"), ("fill", Self.color(i)),
                ])
            svg.element(
                "text",
                [
                    ("class", "legend-entry"), ("data-series", name), ("x", SVGWriter.number(plotRight + 34)),
                    ("y", SVGWriter.number(y)), ("dominant-baseline", "middle"),
                ], text: name)
        }
        svg.close("g")
    }
}
