/// y against x for several named series: lines through the points, or a scatter plot.
/// Every point is a `<circle class="point" data-series data-x data-y>`.
public struct LinePlot: SVGPlot {
    /// Title above the plot.
    public var title: String
    /// Label of the horizontal axis.
    public var xLabel: String
    /// Label of the vertical axis.
    public var yLabel: String
    /// The series, one colour each.
    public var series: [PlotSeries]
    /// Draw lines through each series' points (false: markers only, a scatter plot).
    public var connectPoints: Bool
    /// Scale of the vertical axis.
    public var yScale: AxisScale
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// A line (or scatter) plot.
    public init(
        title: String, xLabel: String, yLabel: String, series: [PlotSeries], connectPoints: Bool = true,
        yScale: AxisScale = .linear, width: Double = 720, height: Double = 450
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.connectPoints = connectPoints
        self.yScale = yScale
        self.width = width
        self.height = height
    }

    /// The plot as a standalone SVG document.
    public func svg() throws -> String {
        let points = series.flatMap(\.points)
        guard !points.isEmpty else { throw EvaluationError.invalidPlot("'\(title)' has no points") }
        for s in series {
            for (i, p) in s.points.enumerated() where !p.x.isFinite || !p.y.isFinite {
                throw EvaluationError.invalidPlot("series '\(s.name)' point \(i) is not finite (\(p.x), \(p.y))")
            }
        }
        let frame = PlotFrame(
            width: width, height: height, legend: series.count > 1 || !(series.first?.name.isEmpty ?? true))
        let x = try PlotScale(values: points.map(\.x), kind: .linear, start: frame.plotLeft, end: frame.plotRight)
        let y = try PlotScale(values: points.map(\.y), kind: yScale, start: frame.plotBottom, end: frame.plotTop)
        var svg = SVGWriter(width: width, height: height)
        frame.drawAxes(&svg, title: title, x: x, y: y, xLabel: xLabel, yLabel: yLabel)
        for (i, s) in series.enumerated() {
            let color = PlotFrame.color(i)
            svg.open("g", [("class", "series"), ("data-series", s.name)])
            if connectPoints && s.points.count > 1 {
                let path = s.points.map {
                    "\(SVGWriter.number(x.position($0.x))),\(SVGWriter.number(y.position($0.y)))"
                }
                svg.element(
                    "polyline",
                    [
                        ("points", path.joined(separator: " ")), ("fill", "none"), ("stroke", color),
                        ("stroke-width", "2"),
                    ])
            }
            for p in s.points {
                svg.element(
                    "circle",
                    [
                        ("class", "point"), ("data-series", s.name), ("data-x", SVGWriter.data(p.x)),
                        ("data-y", SVGWriter.data(p.y)), ("cx", SVGWriter.number(x.position(p.x))),
                        ("cy", SVGWriter.number(y.position(p.y))), ("r", "3.5"), ("fill", color),
                    ])
            }
            svg.close("g")
        }
        if frame.right > 100 { frame.drawLegend(&svg, names: series.map(\.name)) }
        return svg.document(title: title)
    }
}
