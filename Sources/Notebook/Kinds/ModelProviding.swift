import Foundation
import Model
import Store
import Tokenizer

/// What every model-kind object offers verbs: the runnable model and a fingerprint of its tokenizer
/// (so calibration sets made with another tokenizer are caught before they reach the network).
public protocol ModelProviding: SessionObject {
    /// The runnable model.
    var model: LanguageModel { get }
    /// SHA-256 of the tokenizer's vocabulary (`ModelFingerprint.tokenizer`).
    var tokenizerDigest: String { get }
}

/// Digests that identify models, files and tokenizers.
public enum ModelFingerprint {
    /// SHA-256 (hex) over every token string, in id order, each followed by a NUL byte.
    public static func tokenizer(_ tokenizer: BPETokenizer) -> String {
        var hash = SHA256()
        for id in 0..<tokenizer.vocabSize {
            hash.update(Array(tokenizer.tokenString(Int32(id)).utf8) + [0])
        }
        return SHA256.hexString(hash.finalize())
    }

    /// SHA-256 of a file, or for a folder the SHA-256 of `name\0digest\n` over its regular files sorted by name
    /// (nested folders included, by relative path).
    public static func path(_ url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw NotebookError.unreadableFile(path: url.path, reason: "no such file or folder")
        }
        if !isDirectory.boolValue { return try file(url) }
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else {
            throw NotebookError.unreadableFile(path: url.path, reason: "cannot list the folder")
        }
        var names: [String] = []
        while let name = enumerator.nextObject() as? String {
            var inner: ObjCBool = false
            let full = url.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: full.path, isDirectory: &inner), !inner.boolValue {
                names.append(name)
            }
        }
        var hash = SHA256()
        for name in names.sorted() {
            hash.update(Array((name + "\0" + (try file(url.appendingPathComponent(name))) + "\n").utf8))
        }
        return SHA256.hexString(hash.finalize())
    }

    private static func file(_ url: URL) throws -> String {
        do {
            let data = try Data(contentsOf: url, options: .alwaysMapped)
            return SHA256.hex(data)
        } catch {
            throw NotebookError.unreadableFile(path: url.path, reason: Session.reason(error))
        }
    }

    /// `30 layers, hidden 576, 134.5 M parameters`.
    public static func describe(_ network: LlamaModel) -> String {
        let c = network.config
        var parameters = network.embedding.count + (network.outputHead?.count ?? 0) + network.finalNorm.count
        for block in network.blocks {
            parameters += block.attentionNorm.count + block.mlpNorm.count
            parameters += block.linears.values.reduce(0) { $0 + $1.count }
            parameters += block.biases.values.reduce(0) { $0 + $1.count }
        }
        return "\(c.modelType), \(c.numHiddenLayers) layers, hidden \(c.hiddenSize), "
            + "\(NumberFormat.significant(Double(parameters) / 1e6, digits: 4)) M parameters"
    }
}

extension ResolvedArguments {
    /// A model argument (file-backed or pruned) with its handle.
    func model(_ name: String) throws -> (handle: ObjectHandle, object: any ModelProviding) {
        let handle = try handle(name)
        let object = try handle.object()
        guard let model = object as? any ModelProviding else {
            throw NotebookError.objectUnavailable(
                name: handle.name, reason: "it is a \(type(of: object).storageType), not a model")
        }
        return (handle, model)
    }
}
