/// Distributions of several samples overlaid on shared bins, as densities (area 1 each) or counts.
/// Every bin is a `<rect class="bin" data-series data-lower data-upper data-count data-density>`.
public struct HistogramPlot: SVGPlot {
    /// Title above the plot.
    public var title: String
    /// Label of the value axis.
    public var xLabel: String
    /// The samples, one colour each.
    public var series: [HistogramSeries]
    /// Number of equal-width bins over the range of all values.
    public var bins: Int
    /// Plot densities (comparable across samples of different sizes) rather than counts.
    public var density: Bool
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// A histogram overlay.
    public init(
        title: String, xLabel: String, series: [HistogramSeries], bins: Int = 30, density: Bool = true,
        width: Double = 720, height: Double = 450
    ) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
        self.bins = bins
        self.density = density
        self.width = width
        self.height = height
    }

    /// Bin edges (`bins + 1` values) over all samples: equal widths from the minimum to the maximum.
    public func edges() throws -> [Double] {
        guard bins >= 1 else { throw EvaluationError.invalidPlot("bins=\(bins): needs at least 1 bin") }
        let all = series.flatMap(\.values)
        guard !all.isEmpty else { throw EvaluationError.invalidPlot("'\(title)' has no values") }
        for s in series {
            if s.values.isEmpty { throw EvaluationError.invalidPlot("series '\(s.name)' has no values") }
            if let bad = s.values.first(where: { !$0.isFinite }) {
                throw EvaluationError.invalidPlot("series '\(s.name)' has a non-finite value (\(bad))")
            }
        }
        var lo = all.min() ?? 0
        var hi = all.max() ?? 1
        if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        return (0...bins).map { $0 == bins ? hi : lo + (hi - lo) * Double($0) / Double(bins) }
    }

    /// Counts of `values` per bin; the last bin includes its upper edge (as numpy.histogram).
    public static func counts(_ values: [Double], edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        var counts = [Int](repeating: 0, count: bins)
        guard let lo = edges.first, let hi = edges.last, hi > lo else { return counts }
        for v in values {
            var k = Int(((v - lo) / (hi - lo) * Double(bins)).rounded(.down))
            k = min(max(k, 0), bins - 1)
            // Rounding in the division can put a value on an edge into the neighbouring bin.
            if k > 0 && v < edges[k] { k -= 1 }
            if k < bins - 1 && v >= edges[k + 1] { k += 1 }
            counts[k] += 1
        }
        return counts
    }

    /// The plot as a standalone SVG document.
    public func svg() throws -> String {
        let edges = try edges()
        let binWidth = edges[1] - edges[0]
        let heights: [[Double]] = series.map { s in
            Self.counts(s.values, edges: edges).map {
                density ? Double($0) / (Double(s.values.count) * binWidth) : Double($0)
            }
        }
        let frame = PlotFrame(width: width, height: height, legend: true)
        let x = try PlotScale(
            values: [edges[0], edges[bins]], kind: .linear, start: frame.plotLeft, end: frame.plotRight)
        let y = try PlotScale(
            values: heights.flatMap { $0 }, kind: .linear, start: frame.plotBottom, end: frame.plotTop,
            includeZero: true)
        var svg = SVGWriter(width: width, height: height)
        frame.drawAxes(&svg, title: title, x: x, y: y, xLabel: xLabel, yLabel: density ? "density" : "count")
        let zero = y.position(0)
        for (i, s) in series.enumerated() {
            let color = PlotFrame.color(i)
            let counts = Self.counts(s.values, edges: edges)
            svg.open("g", [("class", "series"), ("data-series", s.name), ("data-n", String(s.values.count))])
            var outline: [String] = ["\(SVGWriter.number(x.position(edges[0]))),\(SVGWriter.number(zero))"]
            for k in 0..<bins {
                let left = x.position(edges[k])
                let right = x.position(edges[k + 1])
                let top = y.position(heights[i][k])
                svg.element(
                    "rect",
                    [
                        ("class", "bin"), ("data-series", s.name), ("data-lower", SVGWriter.data(edges[k])),
                        ("data-upper", SVGWriter.data(edges[k + 1])), ("data-count", String(counts[k])),
                        (
                            "data-density",
                            SVGWriter.data(heights[i][k] / (density ? 1 : Double(s.values.count) * binWidth))
                        ),
                        ("x", SVGWriter.number(left)), ("y", SVGWriter.number(top)),
                        ("width", SVGWriter.number(right - left)), ("height", SVGWriter.number(zero - top)),
                        ("fill", color), ("fill-opacity", "0.3"),
                    ])
                outline.append("\(SVGWriter.number(left)),\(SVGWriter.number(top))")
                outline.append("\(SVGWriter.number(right)),\(SVGWriter.number(top))")
            }
            outline.append("\(SVGWriter.number(x.position(edges[bins]))),\(SVGWriter.number(zero))")
            svg.element(
                "polyline",
                [
                    ("points", outline.joined(separator: " ")), ("fill", "none"), ("stroke", color),
                    ("stroke-width", "1.5"),
                ])
            svg.close("g")
        }
        frame.drawLegend(&svg, names: series.map(\.name))
        return svg.document(title: title)
    }
}
