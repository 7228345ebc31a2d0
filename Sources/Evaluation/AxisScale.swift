/// How an axis maps values to positions.
public enum AxisScale: String, Sendable, CaseIterable {
    /// Evenly spaced values.
    case linear
    /// Evenly spaced decades (values must be positive), e.g. perplexity that explodes at high sparsity.
    case logarithmic = "log"
}
