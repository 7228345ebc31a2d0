/// One bar: a category label and its value.
public struct PlotBar: Sendable, Equatable {
    /// Category label (e.g. a layer index).
    public var label: String
    /// Bar height.
    public var value: Double

    /// A bar.
    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}
