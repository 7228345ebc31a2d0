import Foundation
import Model
import Pruning
import Store

/// The `mask` kind: per-linear keep/prune bits (plus updated weights for SparseGPT-based methods), stored as the
/// `PruningMask` serialization in the payload folder.
public final class MaskObject: SessionObject {
    /// Stored as `mask`.
    public static let kind: ObjectKind = .mask
    /// Safetensors: one U8 tensor per linear (1 = kept) named like the weight.
    public static let exportFormats = [
        ExportFormat(
            name: "safetensors", extensions: ["safetensors"],
            summary: "U8 keep tensors named like the weights (1 = kept); export the pruned model for updated weights")
    ]

    /// What is archived beside the payload (for listing and `runs` without decoding the mask).
    struct State: Codable {
        var method: String
        var pattern: String
        var sparsity: Double
        var shape: ModelShape
        var linears: Int
        var updatesWeights: Bool
    }

    /// The mask.
    public let mask: PruningMask
    /// The serialized mask (the payload).
    public let data: Data

    /// The serialized payload, the keep bits and any updated weights.
    public var residentBytes: Int {
        data.count + mask.weightCount / 8
            + mask.updatedWeights.values.reduce(0) { $0 + $1.count * MemoryLayout<Float>.size }
    }

    /// A mask object for `mask`.
    public init(mask: PruningMask) throws {
        self.mask = mask
        self.data = try mask.serialized()
    }

    private init(mask: PruningMask, data: Data) {
        self.mask = mask
        self.data = data
    }

    /// `wanda 2:4, 50.00 % of 210 linears (30 layers)`.
    public var summary: String {
        let percent = NumberFormat.significant(mask.totalSparsity * 100, digits: 4)
        var text =
            "\(mask.method) \(mask.pattern), \(percent) % pruned over \(mask.allLinearIDs.count) linears "
            + "(\(mask.shape.layers) layers)"
        if !mask.updatedWeights.isEmpty { text += ", with updated weights" }
        return text
    }

    /// Method, pattern, sparsity, shape and metadata.
    public var properties: [(label: String, value: String)] {
        var pairs: [(label: String, value: String)] = [
            ("method", mask.method), ("pattern", mask.pattern),
            ("sparsity", NumberFormat.significant(mask.totalSparsity, digits: 6)),
            ("pruned", "\(mask.prunedCount) of \(mask.weightCount) weights"), ("model shape", mask.shape.description),
            ("updated weights", String(mask.updatedWeights.count)),
        ]
        for key in mask.metadata.keys.sorted() { pairs.append((key, mask.metadata[key] ?? "")) }
        return pairs
    }

    /// Sparsity of the first layers, one line each.
    public func preview(lines: Int) -> [String] {
        (0..<min(lines, mask.shape.layers)).map { layer in
            let kinds = LinearKind.allCases.map { kind in
                "\(kind.rawValue) "
                    + NumberFormat.significant(mask.sparsity(LinearID(layer: layer, kind: kind)), digits: 3)
            }
            return "layer \(layer): " + NumberFormat.significant(mask.layerSparsity(layer), digits: 4) + "  ("
                + kinds.joined(separator: ", ") + ")"
        }
    }

    /// Per-layer sparsities and the total, as metrics (`sparsity`, layer NULL for the whole mask).
    public var sparsityMetrics: [Metric] {
        [Metric(key: "sparsity", value: mask.totalSparsity)]
            + (0..<mask.shape.layers).map { Metric(key: "sparsity", value: mask.layerSparsity($0), layer: $0) }
    }

    /// Writes the safetensors file (the Pruning module's layout).
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        try mask.exportSafeTensors(to: url)
        return "\(mask.allLinearIDs.count) linear masks"
    }

    /// The serialized mask as the payload.
    public func archive(into context: ArchiveContext) throws -> ObjectArchive {
        let payload = try context.putPayload(data)
        let state = State(
            method: mask.method, pattern: mask.pattern, sparsity: mask.totalSparsity, shape: mask.shape,
            linears: mask.allLinearIDs.count, updatesWeights: !mask.updatedWeights.isEmpty)
        return try ObjectArchive(state: state, digest: payload, payload: payload)
    }

    /// Decodes the payload.
    public static func restore(from context: RestoreContext) throws -> MaskObject {
        let data = try context.payload()
        return MaskObject(mask: try PruningMask(serialized: data), data: data)
    }
}
