/// A weight file with a table of named tensors (GGUF, safetensors): the lookup, shape and whole-tensor read are
/// shared; each format supplies only `readFloats`.
public protocol TensorTable: WeightSource {
    /// The format's table entry.
    associatedtype Entry: TensorTableEntry
    /// The table entries by name.
    var tensors: [String: Entry] { get }
    /// The file's name, as errors show it.
    var fileName: String { get }
}

extension TensorTable {
    /// The table entry of `name`; throws `missingTensor` (with similar names) if absent.
    public func info(_ name: String) throws -> Entry {
        guard let info = tensors[name] else {
            throw ModelFileError.missingTensor(
                file: fileName, tensor: name, similar: similarTensorNames(to: name, in: tensorNames))
        }
        return info
    }

    /// The shape of `name` in PyTorch order (rows first).
    public func shape(_ name: String) throws -> [Int] {
        try info(name).shape
    }

    /// The values of `name` as Float32, row-major in PyTorch order, read with `readFloats`.
    public func floats(_ name: String) throws -> [Float] {
        let count = try info(name).elementCount
        return try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try readFloats(name, into: buffer)
            initialized = count
        }
    }
}
