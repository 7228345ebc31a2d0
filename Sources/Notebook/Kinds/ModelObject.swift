import Foundation
import Model
import Tensor
import Store

/// The `model` kind, file-backed: a GGUF file or a Hugging Face folder. Nothing is copied into the store; the
/// object remembers the path and the SHA-256 of the file (of every file, for a folder) and reloads from the path
/// in a later process, refusing if the file changed or vanished.
public final class ModelObject: ModelProviding {
    /// Stored as `model`.
    public static let kind: ObjectKind = .model
    /// A GGUF file (f32 or f16 weights, `dtype=`) or a Hugging Face folder (f32, f16 or bf16 safetensors).
    public static let exportFormats = ModelExport.formats

    /// What is archived: the path as typed, the absolute path, and the content digest.
    struct State: Codable {
        var path: String
        var absolutePath: String
        var format: String
        var description: String
        /// The load-time conversion (`f32`, `f16`, `bf16`), absent when the file's encodings were kept.
        var dtype: String?
    }

    /// The runnable model.
    public let model: LanguageModel
    /// The path as typed.
    public let path: String
    /// The absolute path it was read from.
    public let absolutePath: String
    /// SHA-256 of the file (or folder listing of digests).
    public let digest: String
    /// SHA-256 of the tokenizer's vocabulary.
    public let tokenizerDigest: String
    /// The load-time conversion of every weight, nil when the file's encodings were kept.
    public let dtype: WeightEncoding?

    /// A model loaded from `absolutePath` (typed as `path`) whose content digest is `digest`.
    public init(model: LanguageModel, path: String, absolutePath: String, digest: String, dtype: WeightEncoding?) {
        self.model = model
        self.path = path
        self.absolutePath = absolutePath
        self.digest = digest
        self.dtype = dtype
        self.tokenizerDigest = ModelFingerprint.tokenizer(model.tokenizer)
    }

    /// Loads `url` (typed as `path`) and fingerprints it; `dtype` converts every weight at load.
    public static func load(path: String, url: URL, dtype: WeightEncoding? = nil) throws -> ModelObject {
        let digest = try ModelFingerprint.path(url)
        let model = try LanguageModel.load(path: url.path, dtype: dtype)
        return ModelObject(model: model, path: path, absolutePath: url.path, digest: digest, dtype: dtype)
    }

    /// `llama, 30 layers, hidden 576, 134.5 M parameters, from models/….gguf`.
    public var summary: String {
        ModelFingerprint.describe(model.network) + ", from \(path)"
    }

    /// Path, format, shape, tokenizer and digest.
    public var properties: [(label: String, value: String)] {
        ModelExport.properties(model) + [
            ("path", path), ("format", isFolder ? "hf" : "gguf"), ("sha256", digest),
            ("tokenizer sha256", tokenizerDigest),
        ]
    }

    private var isFolder: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Writes a GGUF file or an HF folder.
    public func export(to url: URL, format: ExportFormat, context: ExecutionContext) throws -> String {
        try ModelExport.write(model, to: url, format: format)
    }

    /// The path and digest (no payload: the file is the payload).
    public func archive(into context: ArchiveContext) throws -> ObjectArchive {
        let state = State(
            path: path, absolutePath: absolutePath, format: isFolder ? "hf" : "gguf",
            description: ModelFingerprint.describe(model.network), dtype: dtype?.rawValue)
        return try ObjectArchive(state: state, digest: digest)
    }

    /// Reloads from the path, after checking the file still has the recorded digest.
    public static func restore(from context: RestoreContext) throws -> ModelObject {
        let state = try context.state(State.self)
        let url = URL(fileURLWithPath: state.absolutePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NotebookError.objectUnavailable(
                name: context.name, reason: "its file \(state.absolutePath) is gone; load it again from where it is now"
            )
        }
        let digest = try ModelFingerprint.path(url)
        if let recorded = context.record.digest, recorded != digest {
            throw NotebookError.objectUnavailable(
                name: context.name,
                reason: "\(state.absolutePath) changed since it was loaded (sha256 \(recorded.prefix(12))… is now "
                    + "\(digest.prefix(12))…); load it again to use the new file")
        }
        let dtype = try state.dtype.map { name in
            guard let encoding = WeightEncoding(rawValue: name) else {
                throw NotebookError.objectUnavailable(name: context.name, reason: "unknown stored dtype '\(name)'")
            }
            return encoding
        }
        return ModelObject(
            model: try LanguageModel.load(path: url.path, dtype: dtype), path: state.path,
            absolutePath: state.absolutePath, digest: digest, dtype: dtype)
    }
}

/// Export of any model-kind object (file-backed or pruned): GGUF or a Hugging Face folder.
enum ModelExport {
    /// GGUF (f32|f16) and HF folder (f32|f16|bf16); the precision is `dtype=` of `export`.
    static let formats = [
        ExportFormat(name: "gguf", extensions: ["gguf"], summary: "a GGUF v3 file, dtype=f32 (default) or f16"),
        ExportFormat(
            name: "hf", extensions: [], isDirectory: true,
            summary: "a Hugging Face folder (config.json, model.safetensors, tokenizer.json), dtype=f32|f16|bf16"),
    ]

    /// Shape properties for `show`.
    static func properties(_ model: LanguageModel) -> [(label: String, value: String)] {
        let c = model.network.config
        return [
            ("architecture", c.modelType), ("layers", String(c.numHiddenLayers)), ("hidden", String(c.hiddenSize)),
            ("heads", "\(c.numAttentionHeads) / \(c.numKeyValueHeads) KV × \(c.headDim)"),
            ("mlp", String(c.intermediateSize)), ("vocabulary", String(c.vocabSize)),
            ("context", String(c.maxPositionEmbeddings)), ("weights", weightsSummary(model.network)),
        ]
    }

    /// `Q4_1 210, Q8_0 1 · 96.4 MB resident, 5.73 bits per weight (92 % mapped from the file)`: the encodings (with
    /// how many tensors use each), the bytes the weights hold in memory and per weight, keep bits included.
    static func weightsSummary(_ network: LlamaModel) -> String {
        let weights = network.allWeights
        var tensors: [WeightEncoding: Int] = [:]
        for w in weights { tensors[w.encoding, default: 0] += 1 }
        let encodings = WeightEncoding.allCases.compactMap { e in tensors[e].map { "\(e) \($0)" } }
        let bytes = weights.reduce(0) { $0 + $1.residentBytes }
        let mapped = weights.filter(\.isMapped).reduce(0) { $0 + $1.residentBytes }
        let elements = weights.reduce(0) { $0 + $1.count }
        let masked = weights.filter { $0.keep != nil }.count
        var text = encodings.joined(separator: ", ")
        if masked > 0 { text += " (\(masked) with keep bits)" }
        text += " · \(NumberFormat.significant(Double(bytes) / 1e6, digits: 4)) MB resident, "
        text += "\(NumberFormat.significant(Double(bytes * 8) / Double(max(elements, 1)), digits: 3)) bits per weight"
        if mapped > 0 { text += " (\(Int((Double(mapped) / Double(bytes) * 100).rounded())) % mapped from the file)" }
        return text
    }

    /// Writes `model` as `format` (dtype from `format.dtype`); returns what was written.
    static func write(_ model: LanguageModel, to url: URL, format: ExportFormat) throws -> String {
        let dtype = format.dtype ?? "f32"
        switch format.name {
        case "gguf":
            guard let type = GGMLType(name: dtype), dtype == "f32" || dtype == "f16" else {
                throw NotebookError.unwritableFile(
                    path: url.path, reason: "GGUF export takes dtype=f32 or f16, not \(dtype)")
            }
            try model.exportGGUF(to: url, type: type)
            return "a GGUF model (\(dtype))"
        default:
            guard ["f32", "f16", "bf16"].contains(dtype) else {
                throw NotebookError.unwritableFile(
                    path: url.path, reason: "HF export takes dtype=f32, f16 or bf16, not \(dtype)")
            }
            try model.exportHuggingFace(to: url, dtype: SafeTensorsDType(name: dtype.uppercased()))
            return "a Hugging Face model (\(dtype))"
        }
    }
}
