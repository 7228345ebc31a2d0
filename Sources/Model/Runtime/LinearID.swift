/// The seven prunable linear layers of a LLaMA block.
public enum LinearKind: String, CaseIterable, Codable, Sendable, Comparable {
    case q, k, v, o, gate, up, down

    /// The Hugging Face tensor name inside `model.layers.N.`.
    public var hfName: String {
        switch self {
        case .q: return "self_attn.q_proj"
        case .k: return "self_attn.k_proj"
        case .v: return "self_attn.v_proj"
        case .o: return "self_attn.o_proj"
        case .gate: return "mlp.gate_proj"
        case .up: return "mlp.up_proj"
        case .down: return "mlp.down_proj"
        }
    }

    /// The GGUF tensor name inside `blk.N.`.
    public var ggufName: String {
        switch self {
        case .q: return "attn_q"
        case .k: return "attn_k"
        case .v: return "attn_v"
        case .o: return "attn_output"
        case .gate: return "ffn_gate"
        case .up: return "ffn_up"
        case .down: return "ffn_down"
        }
    }

    /// Block order, then q, k, v, o, gate, up, down.
    public static func < (a: LinearKind, b: LinearKind) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One linear layer of the model: block index and kind.
public struct LinearID: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// Block index.
    public let layer: Int
    /// Which of the seven linear layers.
    public let kind: LinearKind

    /// Creates an id.
    public init(layer: Int, kind: LinearKind) {
        self.layer = layer
        self.kind = kind
    }

    /// `layers.3.q`: short, stable, used as a key in masks and metrics.
    public var description: String { "layers.\(layer).\(kind.rawValue)" }

    /// Parses the form `description` prints.
    public init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 3, parts[0] == "layers", let layer = Int(parts[1]),
            let kind = LinearKind(rawValue: String(parts[2]))
        else { return nil }
        self.init(layer: layer, kind: kind)
    }

    /// The Hugging Face weight name, e.g. `model.layers.3.self_attn.q_proj.weight`.
    public var hfWeightName: String { "model.layers.\(layer).\(kind.hfName).weight" }

    /// Block order, then q, k, v, o, gate, up, down.
    public static func < (a: LinearID, b: LinearID) -> Bool { (a.layer, a.kind) < (b.layer, b.kind) }
}

/// Receives the input activations of a linear layer during a forward pass: `rows` × `cols`
/// row-major values (one row per token). q, k and v share one input and are reported once each.
public typealias LinearInputHook = (_ id: LinearID, _ input: UnsafePointer<Float>, _ rows: Int, _ cols: Int) -> Void
