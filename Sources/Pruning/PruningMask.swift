import Model
import Tensor

/// The result of pruning a model: keep/prune bits per linear layer, the updated weights of methods that change them
/// (SparseGPT), and how it was made. Linears without an entry are left dense. Embeddings and the head are never part
/// of a mask.
public struct PruningMask: Sendable {
    /// The shape of the model the mask was made for.
    public let shape: ModelShape
    /// The method with its options, e.g. `wanda` or `dsnot initial=wanda`.
    public var method: String
    /// The requested pattern, e.g. `0.5` or `2:4`.
    public var pattern: String
    /// Free-form provenance (calibration set, seed, …), stored with the mask.
    public var metadata: [String: String]
    /// Per-block target patterns when they differ between blocks (OWL), in block order.
    public var blockPatterns: [String]
    /// Keep/prune bits per linear.
    public private(set) var linears: [LinearID: LinearMask]
    /// Replacement weights (pruned entries 0) for linears whose kept weights were changed.
    public private(set) var updatedWeights: [LinearID: Matrix]
    /// SparseGPT's OBS loss estimate per linear.
    public var losses: [LinearID: Double]

    /// An empty mask (every weight kept) for a model of `shape`.
    public init(shape: ModelShape, method: String, pattern: String, metadata: [String: String] = [:]) {
        self.shape = shape
        self.method = method
        self.pattern = pattern
        self.metadata = metadata
        blockPatterns = []
        linears = [:]
        updatedWeights = [:]
        losses = [:]
    }

    /// Records the mask (and optional updated weight) of linear `id`; shapes must match the model shape.
    public mutating func set(_ id: LinearID, mask: LinearMask, updatedWeight: Matrix? = nil) throws {
        guard id.layer >= 0 && id.layer < shape.layers else {
            throw PruningError.layerOutOfRange(linear: id.description, layers: shape.layers)
        }
        let (rows, cols) = shape.linearShape(id.kind)
        guard mask.rows == rows, mask.cols == cols else {
            throw PruningError.linearShapeMismatch(
                linear: id.description, mask: [mask.rows, mask.cols], model: [rows, cols])
        }
        if let updatedWeight, updatedWeight.rows != rows || updatedWeight.cols != cols {
            throw PruningError.linearShapeMismatch(
                linear: id.description, mask: [updatedWeight.rows, updatedWeight.cols], model: [rows, cols])
        }
        linears[id] = mask
        updatedWeights[id] = updatedWeight
    }

    /// Every linear of the model shape, in block order then q, k, v, o, gate, up, down.
    public var allLinearIDs: [LinearID] {
        (0..<shape.layers).flatMap { layer in LinearKind.allCases.map { LinearID(layer: layer, kind: $0) } }
    }

    /// Weights pruned in linear `id` (0 when it has no entry).
    public func prunedCount(_ id: LinearID) -> Int { linears[id]?.prunedCount ?? 0 }

    /// Weights of linear `id` in the model shape.
    public func weightCount(_ id: LinearID) -> Int {
        let (rows, cols) = shape.linearShape(id.kind)
        return rows * cols
    }

    /// Fraction of linear `id`'s weights pruned.
    public func sparsity(_ id: LinearID) -> Double {
        let n = weightCount(id)
        return n == 0 ? 0 : Double(prunedCount(id)) / Double(n)
    }

    /// Fraction of block `layer`'s linear weights pruned (all seven linears together).
    public func layerSparsity(_ layer: Int) -> Double {
        let ids = LinearKind.allCases.map { LinearID(layer: layer, kind: $0) }
        let total = ids.reduce(0) { $0 + weightCount($1) }
        return total == 0 ? 0 : Double(ids.reduce(0) { $0 + prunedCount($1) }) / Double(total)
    }

    /// Weights pruned over every linear of the model.
    public var prunedCount: Int { linears.values.reduce(0) { $0 + $1.prunedCount } }

    /// Linear weights of the model (the denominator of `totalSparsity`; embeddings and head excluded).
    public var weightCount: Int { allLinearIDs.reduce(0) { $0 + weightCount($1) } }

    /// Fraction of all linear weights pruned.
    public var totalSparsity: Double { weightCount == 0 ? 0 : Double(prunedCount) / Double(weightCount) }

    /// Checks that this mask fits `model` (same shape, every entry's shape equal to the model's weight).
    public func check(against model: LlamaModel) throws {
        let modelShape = ModelShape(model.config)
        guard shape.fits(modelShape) else {
            throw PruningError.modelMismatch(mask: shape.description, model: modelShape.description)
        }
        for (id, mask) in linears {
            let w = model.weight(id)
            guard w.rows == mask.rows, w.cols == mask.cols else {
                throw PruningError.linearShapeMismatch(
                    linear: id.description, mask: [mask.rows, mask.cols], model: [w.rows, w.cols])
            }
        }
    }

    /// The pruned model: updated weights substituted; every other pruned linear keeps its resident encoding with
    /// the mask's keep bits over it (pruned weights read as 0); every other tensor shared with `model`.
    public func apply(to model: LlamaModel) throws -> LlamaModel {
        try check(against: model)
        var replaced: [LinearID: Weight] = [:]
        for (id, mask) in linears {
            replaced[id] = updatedWeights[id].map { Weight($0) } ?? model.weight(id).masked(keep: mask.words)
        }
        return model.replacing(replaced)
    }
}
