import Foundation
import Model
import Pruning
import Store

/// A model with a mask applied (`p = apply m k`): usable everywhere a model is. Stored as its two inputs only;
/// a later process rebuilds it by restoring the model and the mask and applying the mask again.
public final class PrunedModelObject: ModelProviding {
    /// A model.
    public static let kind: ObjectKind = .model
    /// Told apart from file-backed models.
    public static let storageType = "model.pruned"
    /// GGUF or a Hugging Face folder, like any model.
    public static let exportFormats = ModelExport.formats

    /// What is archived: the names of the inputs, for reading the provenance.
    struct State: Codable {
        var model: String
        var mask: String
        var method: String
        var pattern: String
        var sparsity: Double
    }

    /// The pruned model.
    public let model: LanguageModel
    /// The dense model it was made from.
    public let base: any ModelProviding
    /// The mask applied.
    public let mask: MaskObject
    /// Its own keep bits over the base model's compact linears (updated weights are the mask's, every other tensor
    /// the base model's).
    public var residentBytes: Int { mask.mask.weightCount / 8 }
    /// The tokenizer is the base model's.
    public var tokenizerDigest: String { base.tokenizerDigest }
    private let baseName: String
    private let maskName: String

    /// Applies `mask` to `base` (throws when the mask was made for a differently shaped model).
    public init(base: any ModelProviding, baseName: String, mask: MaskObject, maskName: String) throws {
        self.base = base
        self.mask = mask
        self.baseName = baseName
        self.maskName = maskName
        self.model = base.model.with(network: try mask.mask.apply(to: base.model.network))
    }

    /// SHA-256 naming the pair: `pruned\0<model digest>\0<mask digest>`.
    static func digest(model: String?, mask: String?) -> String {
        SHA256.hex(Data("pruned\0\(model ?? "")\0\(mask ?? "")".utf8))
    }

    /// `wanda 2:4 (50.00 %) applied to m: llama, 30 layers, …`.
    public var summary: String {
        "\(mask.mask.method) \(mask.mask.pattern) (\(NumberFormat.significant(mask.mask.totalSparsity * 100, digits: 4)) %) "
            + "applied to \(baseName): " + ModelFingerprint.describe(model.network)
    }

    /// The base model, the mask and the shape.
    public var properties: [(label: String, value: String)] {
        [
            ("base model", baseName), ("mask", maskName), ("method", mask.mask.method), ("pattern", mask.mask.pattern),
            ("sparsity", NumberFormat.significant(mask.mask.totalSparsity, digits: 6)),
        ] + ModelExport.properties(model) + [("tokenizer sha256", tokenizerDigest)]
    }

    /// Writes a GGUF file or an HF folder of the pruned weights.
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        try ModelExport.write(model, to: url, format: format)
    }

    /// No payload: the model and the mask are the cell's inputs.
    public func archive(into context: ArchiveContext) throws -> ObjectArchive {
        let state = State(
            model: baseName, mask: maskName, method: mask.mask.method, pattern: mask.mask.pattern,
            sparsity: mask.mask.totalSparsity)
        return try ObjectArchive(state: state, digest: Self.digest(model: baseDigest, mask: maskDigest))
    }

    /// Digests of the inputs, set by `apply` from their store records.
    var baseDigest: String?
    var maskDigest: String?

    /// Restores the `model` and `mask` inputs of the producing cell and applies the mask again.
    public static func restore(from context: RestoreContext) throws -> PrunedModelObject {
        let state = try context.state(State.self)
        guard let base = try context.input(role: "model") as? any ModelProviding else {
            throw NotebookError.objectUnavailable(name: context.name, reason: "its 'model' input is not a model")
        }
        guard let mask = try context.input(role: "mask") as? MaskObject else {
            throw NotebookError.objectUnavailable(name: context.name, reason: "its 'mask' input is not a mask")
        }
        let object = try PrunedModelObject(base: base, baseName: state.model, mask: mask, maskName: state.mask)
        let records = try context.store.inputs(cell: context.record.cellID ?? -1)
        for input in records {
            let digest = try context.store.object(id: input.objectID)?.digest
            if input.role == "model" { object.baseDigest = digest }
            if input.role == "mask" { object.maskDigest = digest }
        }
        return object
    }
}
