import XCTest

@testable import Evaluation

final class PlotTests: XCTestCase {
    func testLinePlotCarriesEveryPointAndIsWellFormed() throws {
        let series = [
            PlotSeries(name: "c4 <web> & \"wiki\"", x: [0.5, 0.6, 0.7], y: [12.25, 18.5, 91.125]),
            PlotSeries(name: "self-generated", x: [0.5, 0.6, 0.7], y: [11.0, 16.75, 60.1]),
        ]
        let plot = LinePlot(
            title: "Perplexity vs sparsity", xLabel: "sparsity", yLabel: "perplexity", series: series,
            yScale: .logarithmic)
        let svg = try plot.svg()
        let parsed = SVGElements.parse(svg)
        let points = parsed.withClass("point")
        XCTAssertEqual(points.count, 6)
        for s in series {
            let mine = points.filter { $0.attributes["data-series"] == s.name }
            XCTAssertEqual(mine.map { SVGElements.number($0, "data-x") }, s.points.map(\.x))
            XCTAssertEqual(mine.map { SVGElements.number($0, "data-y") }, s.points.map(\.y))
        }
        // Drawn positions follow the data: larger y is higher up (smaller cy), larger x further right.
        let first = points.prefix(3).map { (SVGElements.number($0, "cx"), SVGElements.number($0, "cy")) }
        XCTAssertTrue(first[0].0 < first[1].0 && first[1].0 < first[2].0)
        XCTAssertTrue(first[0].1 > first[1].1 && first[1].1 > first[2].1)
        XCTAssertEqual(parsed.withClass("legend-entry").map(\.text), series.map(\.name))
        XCTAssertEqual(parsed.withClass("title").first?.text, "Perplexity vs sparsity")
        XCTAssertEqual(parsed.elements.filter { $0.name == "polyline" }.count, 2)
        let yTicks = parsed.elements.filter { $0.attributes["class"] == "tick" }.map {
            SVGElements.number($0, "data-value")
        }
        XCTAssertTrue(yTicks.contains(10) && yTicks.contains(100), "decade ticks on the log axis: \(yTicks)")

        let scatter = try LinePlot(title: "s", xLabel: "x", yLabel: "y", series: series, connectPoints: false).svg()
        XCTAssertEqual(SVGElements.parse(scatter).elements.filter { $0.name == "polyline" }.count, 0)
    }

    func testBarPlotCarriesEveryBar() throws {
        let bars = (0..<30).map { PlotBar(label: "\($0)", value: 0.4 + 0.2 * Double($0 % 7) / 6) }
        let svg = try BarPlot(
            title: "Per-layer sparsity (OWL)", xLabel: "layer", yLabel: "sparsity", bars: bars, valueRange: 0...1,
            reference: 0.5
        ).svg()
        let parsed = SVGElements.parse(svg)
        let drawn = parsed.withClass("bar")
        XCTAssertEqual(drawn.map { $0.attributes["data-label"] ?? "" }, bars.map(\.label))
        XCTAssertEqual(drawn.map { SVGElements.number($0, "data-value") }, bars.map(\.value))
        let heights = drawn.map { SVGElements.number($0, "height") }
        XCTAssertEqual(heights[6], heights.max())  // value 0.6 at layer 6
        XCTAssertEqual(heights[0], heights.min())
        XCTAssertEqual(parsed.withClass("reference").first.map { SVGElements.number($0, "data-value") }, 0.5)
        let ticks = parsed.withClass("tick").map { SVGElements.number($0, "data-value") }
        XCTAssertEqual(ticks.first, 0)
        XCTAssertEqual(ticks.last, 1)
    }

    func testHistogramBinsEveryValueOnce() throws {
        let a = (0..<200).map { Double($0 % 37) / 7 - 2 }
        let b = (0..<50).map { Double($0) / 10 }
        let plot = HistogramPlot(
            title: "Min-K%++", xLabel: "score",
            series: [HistogramSeries(name: "wiki", values: a), HistogramSeries(name: "generated", values: b)], bins: 12)
        let parsed = SVGElements.parse(try plot.svg())
        let edges = try plot.edges()
        XCTAssertEqual(edges.first, a.min())
        XCTAssertEqual(edges.last, b.max())
        for (name, values) in [("wiki", a), ("generated", b)] {
            let bins = parsed.withClass("bin").filter { $0.attributes["data-series"] == name }
            XCTAssertEqual(bins.count, 12)
            let counts = bins.map { Int($0.attributes["data-count"] ?? "") ?? -1 }
            XCTAssertEqual(counts.reduce(0, +), values.count)
            for (k, bin) in bins.enumerated() {
                let lower = SVGElements.number(bin, "data-lower")
                let upper = SVGElements.number(bin, "data-upper")
                let inside = values.filter { $0 >= lower && ($0 < upper || (k == 11 && $0 == upper)) }.count
                XCTAssertEqual(counts[k], inside, "\(name) bin \(k)")
                let density = SVGElements.number(bin, "data-density")
                XCTAssertEqual(density, Double(inside) / (Double(values.count) * (upper - lower)), accuracy: 1e-12)
            }
        }
        XCTAssertEqual(HistogramPlot.counts([0, 1, 1, 2], edges: [0, 1, 2]), [1, 3])
    }

    func testTicksAreRoundNumbersCoveringTheData() throws {
        let sparsity = try PlotScale(values: [0.3, 0.7], kind: .linear, start: 0, end: 100)
        XCTAssertEqual(sparsity.ticks, [0.3, 0.4, 0.5, 0.6, 0.7])
        XCTAssertEqual(sparsity.position(0.3), 0, accuracy: 1e-9)
        XCTAssertEqual(sparsity.position(0.7), 100, accuracy: 1e-9)
        let accuracy = try PlotScale(values: [41.2, 63.9], kind: .linear, start: 0, end: 1)
        XCTAssertEqual(accuracy.ticks, [40, 45, 50, 55, 60, 65])
        let flat = try PlotScale(values: [5, 5], kind: .linear, start: 0, end: 1)
        XCTAssertTrue(flat.lower < 5 && flat.upper > 5)
        let ppl = try PlotScale(values: [12, 3400], kind: .logarithmic, start: 0, end: 1)
        XCTAssertEqual(ppl.ticks, [10, 100, 1000, 10000])
        XCTAssertEqual(ppl.label(1000), "1000")
    }

    func testBadPlotInputIsAnError() {
        XCTAssertThrowsError(try LinePlot(title: "t", xLabel: "x", yLabel: "y", series: []).svg()) {
            XCTAssertTrue("\($0)".contains("no points"), "\($0)")
        }
        let nan = PlotSeries(name: "bad", x: [1], y: [.nan])
        XCTAssertThrowsError(try LinePlot(title: "t", xLabel: "x", yLabel: "y", series: [nan]).svg()) {
            XCTAssertTrue("\($0)".contains("bad"), "\($0)")
        }
        let negative = PlotSeries(name: "n", x: [1, 2], y: [-1, 3])
        XCTAssertThrowsError(
            try LinePlot(title: "t", xLabel: "x", yLabel: "y", series: [negative], yScale: .logarithmic).svg())
        XCTAssertThrowsError(
            try HistogramPlot(title: "t", xLabel: "x", series: [HistogramSeries(name: "e", values: [])]).svg())
        XCTAssertThrowsError(try HistogramPlot(title: "t", xLabel: "x", series: [], bins: 0).svg())
    }

    func testPlotWritesAFile() throws {
        let folder = try EvaluationTestSupport.temporaryDirectory(self)
        let path = folder.appendingPathComponent("p.svg").path
        try BarPlot(title: "one", xLabel: "x", yLabel: "y", bars: [PlotBar(label: "a", value: 2)]).write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(SVGElements.parse(text).withClass("bar").count, 1)
    }
}
