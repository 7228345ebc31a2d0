/// A named series of points (e.g. perplexity against sparsity for one calibration source).
public struct PlotSeries: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// The points, drawn in this order.
    public var points: [PlotPoint]

    /// A series.
    public init(name: String, points: [PlotPoint]) {
        self.name = name
        self.points = points
    }

    /// A series from parallel x and y arrays.
    public init(name: String, x: [Double], y: [Double]) {
        precondition(x.count == y.count, "one y per x")
        self.init(name: name, points: zip(x, y).map { PlotPoint(x: $0, y: $1) })
    }
}
