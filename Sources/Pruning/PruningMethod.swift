/// A pruning method with its options.
public enum PruningMethod: Sendable, Equatable, CustomStringConvertible {
    /// Smallest |W|, no calibration.
    case magnitude(Magnitude)
    /// |W|·‖x‖ per output row.
    case wanda(Wanda)
    /// Optimal-brain-surgeon masks with weight updates.
    case sparseGPT(SparseGPT)
    /// Outlier-weighed per-block sparsities, then Wanda or SparseGPT.
    case owl(OWL)
    /// Grow/prune refinement of an initial mask.
    case dsnot(DSnoT)

    /// The method's name as the `method=` argument spells it.
    public var name: String {
        switch self {
        case .magnitude: return "magnitude"
        case .wanda: return "wanda"
        case .sparseGPT: return "sparsegpt"
        case .owl: return "owl"
        case .dsnot: return "dsnot"
        }
    }

    /// The method with its options, e.g. `dsnot initial=wanda`.
    public var description: String {
        switch self {
        case .magnitude(let m): return m.description
        case .wanda(let w): return w.description
        case .sparseGPT(let s): return s.description
        case .owl(let o): return o.description
        case .dsnot(let d): return d.description
        }
    }

    /// Whether the method reads calibration activations (every method except magnitude).
    public var needsCalibration: Bool {
        if case .magnitude = self { return false }
        return true
    }

    /// Whether the mask carries updated weights.
    public var updatesWeights: Bool {
        switch self {
        case .sparseGPT: return true
        case .owl(let o): return o.base == .sparsegpt
        default: return false
        }
    }

    /// Checks the method's options.
    public func validate() throws {
        switch self {
        case .magnitude, .wanda: return
        case .sparseGPT(let s): try s.validate()
        case .owl(let o): try o.validate()
        case .dsnot(let d): try d.validate()
        }
    }

    /// The activation statistics the pruning pass needs.
    var statisticsKinds: ActivationStatistics.Kinds {
        switch self {
        case .magnitude: return []
        case .wanda: return .squaredNorms
        case .sparseGPT: return .hessian
        case .owl(let o): return o.base == .wanda ? .squaredNorms : .hessian
        case .dsnot(let d):
            return d.initial == .sparsegpt ? [.squaredNorms, .moments, .hessian] : [.squaredNorms, .moments]
        }
    }
}
