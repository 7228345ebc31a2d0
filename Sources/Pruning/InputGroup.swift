import Model

/// Linears of a block that read the same input activations, and so share their statistics (and SparseGPT's
/// Hessian factor): q, k, v read the attention-normed hidden state; gate and up the MLP-normed one.
enum InputGroup: Int, CaseIterable, Sendable {
    case attentionInput, attentionOutput, mlpInput, mlpHidden

    /// The group of a linear.
    init(_ kind: LinearKind) {
        switch kind {
        case .q, .k, .v: self = .attentionInput
        case .o: self = .attentionOutput
        case .gate, .up: self = .mlpInput
        case .down: self = .mlpHidden
        }
    }

    /// The linear whose hook call feeds the group's statistics (the others receive the same pointer).
    var leader: LinearKind {
        switch self {
        case .attentionInput: return .q
        case .attentionOutput: return .o
        case .mlpInput: return .gate
        case .mlpHidden: return .down
        }
    }
}
