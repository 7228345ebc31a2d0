import Model

/// Two masks of one model shape compared block by block: sparsity of each, overlap of kept weights and
/// Jaccard of the pruned sets (what `diff k k2` prints).
public struct MaskComparison: Sendable {
    /// One entry per block, in order.
    public let layers: [MaskOverlap]
    /// Every block together.
    public let total: MaskOverlap

    /// Compares `a` with `b` (linears without an entry count as dense); `isCancelled` is checked per block and
    /// cancelling throws `CancellationError`.
    public init(_ a: PruningMask, _ b: PruningMask, isCancelled: () -> Bool = { false }) throws {
        guard a.shape.fits(b.shape) else {
            throw PruningError.modelMismatch(mask: a.shape.description, model: b.shape.description)
        }
        var layers: [MaskOverlap] = []
        var total = MaskOverlap()
        for layer in 0..<a.shape.layers {
            if isCancelled() { throw CancellationError() }
            var overlap = MaskOverlap()
            for kind in LinearKind.allCases {
                let id = LinearID(layer: layer, kind: kind)
                let (rows, cols) = a.shape.linearShape(kind)
                let dense = LinearMask(rows: rows, cols: cols)
                overlap.add(a.linears[id] ?? dense, b.linears[id] ?? dense)
            }
            layers.append(overlap)
            total.add(overlap)
        }
        self.layers = layers
        self.total = total
    }
}
