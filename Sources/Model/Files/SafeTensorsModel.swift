import Foundation
import Tensor

/// The weights of a Hugging Face model folder: `model.safetensors`, or shards listed by the `weight_map` of
/// `model.safetensors.index.json` (or, failing both, the folder's only `*.safetensors` file).
public final class SafeTensorsModel: WeightSource {
    /// The index file name of a sharded checkpoint.
    public static let indexFileName = "model.safetensors.index.json"
    /// The single-file checkpoint name.
    public static let singleFileName = "model.safetensors"

    /// The folder (or, when opened on a file, the file's folder).
    public let folder: URL
    /// The opened files, in the order they were found (sorted by name for shards).
    public let files: [SafeTensorsFile]
    /// Every tensor name, sorted.
    public let tensorNames: [String]
    private let owner: [String: Int]

    /// Opens `url`: a folder as described above, or a single `.safetensors` file.
    public init(url: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ModelFileError.cannotOpen(file: url.path, reason: "no such file or folder")
        }
        if !isFolder.boolValue {
            folder = url.deletingLastPathComponent()
            let file = try SafeTensorsFile(url: url)
            files = [file]
            tensorNames = file.tensorNames
            owner = Dictionary(uniqueKeysWithValues: file.tensorNames.map { ($0, 0) })
            return
        }
        folder = url
        let index = url.appendingPathComponent(SafeTensorsModel.indexFileName)
        let single = url.appendingPathComponent(SafeTensorsModel.singleFileName)
        if FileManager.default.fileExists(atPath: index.path) {
            (files, owner) = try SafeTensorsModel.openSharded(index: index)
        } else {
            let chosen: URL
            if FileManager.default.fileExists(atPath: single.path) {
                chosen = single
            } else {
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                let candidates = contents.filter { $0.hasSuffix(".safetensors") }.sorted()
                guard candidates.count == 1 else {
                    let found = candidates.isEmpty ? "none" : candidates.joined(separator: ", ")
                    throw ModelFileError.cannotOpen(
                        file: url.path,
                        reason: "no \(SafeTensorsModel.singleFileName) or \(SafeTensorsModel.indexFileName) in it "
                            + "(.safetensors files found: \(found))")
                }
                chosen = url.appendingPathComponent(candidates[0])
            }
            let file = try SafeTensorsFile(url: chosen)
            files = [file]
            owner = Dictionary(uniqueKeysWithValues: file.tensorNames.map { ($0, 0) })
        }
        tensorNames = owner.keys.sorted()
    }

    /// Opens the folder or file at `path`.
    public convenience init(path: String) throws {
        try self.init(url: URL(fileURLWithPath: path))
    }

    /// The file holding `name`; throws `missingTensor` if no file has it.
    public func file(for name: String) throws -> SafeTensorsFile {
        guard let index = owner[name] else {
            let location = files.count == 1 ? files[0].fileName : folder.lastPathComponent
            throw ModelFileError.missingTensor(
                file: location, tensor: name, similar: similarTensorNames(to: name, in: tensorNames))
        }
        return files[index]
    }

    /// The shape of `name` (PyTorch order).
    public func shape(_ name: String) throws -> [Int] {
        try file(for: name).shape(name)
    }

    /// The values of `name` as Float32.
    public func floats(_ name: String) throws -> [Float] {
        try file(for: name).floats(name)
    }

    /// The tensor as a resident weight, from the shard that holds it.
    public func weight(_ name: String) throws -> Weight {
        try file(for: name).weight(name)
    }

    /// Converts `name` into `buffer`.
    public func readFloats(_ name: String, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        try file(for: name).readFloats(name, into: buffer)
    }

    /// Reads the index, opens each shard once, and checks every mapped tensor is in its shard.
    private static func openSharded(index: URL) throws -> ([SafeTensorsFile], [String: Int]) {
        let name = index.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: index)
        } catch {
            throw ModelFileError.cannotOpen(file: index.path, reason: error.localizedDescription)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw ModelFileError.badHeaderJSON(file: name, field: "the index", reason: "not a JSON object")
        }
        guard let map = root["weight_map"] as? [String: Any] else {
            throw ModelFileError.badHeaderJSON(file: name, field: "weight_map", reason: "missing or not an object")
        }
        var shardNames: [String] = []
        var tensorShard: [String: String] = [:]
        for (tensor, value) in map {
            guard let shard = value as? String, !shard.contains("/"), !shard.isEmpty else {
                throw ModelFileError.badHeaderJSON(
                    file: name, field: "weight_map.\(tensor)", reason: "must be a file name in the same folder")
            }
            tensorShard[tensor] = shard
            shardNames.append(shard)
        }
        let shards = Array(Set(shardNames)).sorted()
        let folder = index.deletingLastPathComponent()
        let files = try shards.map { try SafeTensorsFile(url: folder.appendingPathComponent($0)) }
        let position = Dictionary(uniqueKeysWithValues: shards.enumerated().map { ($0.element, $0.offset) })
        var owner: [String: Int] = [:]
        for (tensor, shard) in tensorShard {
            guard let i = position[shard] else { continue }
            guard files[i].tensors[tensor] != nil else {
                throw ModelFileError.missingTensor(
                    file: shard, tensor: tensor,
                    similar: similarTensorNames(to: tensor, in: files[i].tensorNames))
            }
            owner[tensor] = i
        }
        return (files, owner)
    }
}
