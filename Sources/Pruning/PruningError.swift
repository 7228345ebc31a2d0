/// A pruning request, calibration set or mask that cannot be used, naming the argument, layer or file at fault.
public enum PruningError: Error, CustomStringConvertible, Equatable {
    /// The method needs calibration sequences and none were given.
    case noCalibration(method: String)
    /// A calibration sequence is empty.
    case emptySequence(index: Int)
    /// A calibration token id lies outside the model's vocabulary (a set made with another tokenizer).
    case tokenOutOfVocabulary(sequence: Int, position: Int, token: Int32, vocabulary: Int)
    /// A sparsity outside [0, 1) was passed to the driver.
    case sparsityOutOfRange(Double)
    /// An option value is not allowed (`name` is the option, `reason` says what is expected).
    case badOption(name: String, value: String, reason: String)
    /// The (dampened) Hessian of a linear layer is not positive definite.
    case notPositiveDefinite(linear: String, column: Int)
    /// OWL's per-block sparsity left [0, 1) for a block.
    case owlSparsityOutOfRange(layer: Int, sparsity: Double)
    /// A mask was made for a differently shaped model.
    case modelMismatch(mask: String, model: String)
    /// A mask entry or updated weight has a shape that differs from the model's linear layer.
    case linearShapeMismatch(linear: String, mask: [Int], model: [Int])
    /// A mask entry names a block the model does not have.
    case layerOutOfRange(linear: String, layers: Int)
    /// Serialized mask bytes cannot be decoded (`reason` says where they went wrong).
    case corruptMask(reason: String)
    /// Serialized mask bytes were written by a newer, unknown format version.
    case unsupportedMaskVersion(found: UInt32, supported: UInt32)

    /// What went wrong, where, and what to do.
    public var description: String {
        switch self {
        case .noCalibration(let method):
            return "\(method) needs calibration sequences (calib=...); only magnitude prunes without them"
        case .emptySequence(let index):
            return "calibration sequence \(index) is empty; drop it or sample longer windows"
        case .tokenOutOfVocabulary(let sequence, let position, let token, let vocabulary):
            return "calibration sequence \(sequence) has token \(token) at position \(position), outside this model's "
                + "vocabulary of \(vocabulary): the set was made with another tokenizer; sample it again with this model"
        case .sparsityOutOfRange(let value):
            return "sparsity \(value) is outside [0, 1); use e.g. 0.5 for 50 %"
        case .badOption(let name, let value, let reason):
            return "option \(name)=\(value) is not allowed: \(reason)"
        case .notPositiveDefinite(let linear, let column):
            return "the dampened Hessian of \(linear) is not positive definite (pivot \(column)); "
                + "use more calibration tokens or a larger dampening (e.g. 0.1)"
        case .owlSparsityOutOfRange(let layer, let sparsity):
            return
                "OWL assigns block \(layer) sparsity \(sparsity), outside [0, 1); lower lambda or the target sparsity"
        case .modelMismatch(let mask, let model):
            return "mask was made for a model with \(mask); this model has \(model)"
        case .linearShapeMismatch(let linear, let mask, let model):
            return "mask entry \(linear) has shape \(mask) but the model's weight has shape \(model)"
        case .layerOutOfRange(let linear, let layers):
            return "mask entry \(linear) names a block outside this model's \(layers) layers"
        case .corruptMask(let reason):
            return "mask data is corrupt: \(reason)"
        case .unsupportedMaskVersion(let found, let supported):
            return "mask format version \(found) is newer than this build understands (\(supported)); update Secateur"
        }
    }
}
