import Model
import Tensor

/// How much one block's linear weights moved between two models of one shape: the relative change
/// ‖W_b − W_a‖ / ‖W_a‖ over the block's seven linears, and the fraction of zeros in each (what `diff m p` prints).
public struct WeightChange: Sendable, Equatable {
    /// Σ (b − a)² over the block's linear weights.
    public var squaredDifference = 0.0
    /// Σ a² over the block's linear weights.
    public var squaredNormA = 0.0
    /// Exact zeros among the first model's weights.
    public var zerosA = 0
    /// Exact zeros among the second model's weights.
    public var zerosB = 0
    /// Weights compared.
    public var weights = 0

    /// No weights yet.
    public init() {}

    /// ‖W_b − W_a‖ / ‖W_a‖; NaN when the first model's weights are all zero.
    public var relativeChange: Double { squaredNormA == 0 ? .nan : (squaredDifference / squaredNormA).squareRoot() }

    /// Fraction of the first model's weights that are zero.
    public var zeroFractionA: Double { weights == 0 ? 0 : Double(zerosA) / Double(weights) }

    /// Fraction of the second model's weights that are zero.
    public var zeroFractionB: Double { weights == 0 ? 0 : Double(zerosB) / Double(weights) }

    /// Adds two weights of the same shape, element by element (summed in Double).
    public mutating func add(_ a: Matrix, _ b: Matrix) {
        precondition(a.rows == b.rows && a.cols == b.cols, "WeightChange: \(a.rows)×\(a.cols) vs \(b.rows)×\(b.cols)")
        for i in 0..<a.count {
            let u = Double(a.data[i])
            let v = Double(b.data[i])
            squaredDifference += (v - u) * (v - u)
            squaredNormA += u * u
            if u == 0 { zerosA += 1 }
            if v == 0 { zerosB += 1 }
        }
        weights += a.count
    }

    /// The change of every block from `a` to `b`, in block order; `isCancelled` is checked per block and
    /// cancelling throws `CancellationError`.
    public static func layers(
        from a: LlamaModel, to b: LlamaModel, isCancelled: () -> Bool = { false }
    ) throws -> [WeightChange] {
        let shapeA = ModelShape(a.config)
        let shapeB = ModelShape(b.config)
        guard shapeA.fits(shapeB) else {
            throw PruningError.modelMismatch(mask: shapeA.description, model: shapeB.description)
        }
        return try a.blocks.indices.map { layer in
            if isCancelled() { throw CancellationError() }
            var change = WeightChange()
            for kind in LinearKind.allCases {
                change.add(a.blocks[layer].weight(kind).dequantized(), b.blocks[layer].weight(kind).dequantized())
            }
            return change
        }
    }
}
