import Tensor

/// Named tensors readable as Float32: a GGUF file, a safetensors file, or a folder of safetensors shards.
public protocol WeightSource: Sendable {
    /// Every tensor name, in a stable order (file order for GGUF, sorted for safetensors).
    var tensorNames: [String] { get }
    /// The shape of `name` in PyTorch order (rows first); throws `missingTensor` if absent.
    func shape(_ name: String) throws -> [Int]
    /// The values of `name` as Float32, row-major in PyTorch order, dequantized if needed.
    func floats(_ name: String) throws -> [Float]
    /// Writes the values of `name` into `buffer`, which must hold exactly the tensor's element count.
    func readFloats(_ name: String, into buffer: UnsafeMutableBufferPointer<Float>) throws
    /// The 2-D tensor `name` as a resident `Weight` in its file encoding: a view of the mapped file where the
    /// encoding has kernels, Float32 values copied into a `Matrix` otherwise (and for F32, so the Float32 path is
    /// the one every other encoding is compared with). The caller has checked the shape.
    func weight(_ name: String) throws -> Weight
}

extension WeightSource {
    /// Whether the source has a tensor called `name`.
    public func contains(_ name: String) -> Bool {
        (try? shape(name)) != nil
    }

    /// Default: copies `floats(name)` into `buffer`.
    public func readFloats(_ name: String, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        let values = try floats(name)
        precondition(
            values.count == buffer.count, "readFloats(\(name)): buffer holds \(buffer.count), tensor \(values.count)")
        _ = buffer.initialize(from: values)
    }
}

extension WeightSource {
    /// Default: the values read as Float32 into a matrix.
    public func weight(_ name: String) throws -> Weight {
        try floatWeight(name)
    }

    /// The 2-D tensor `name` read as Float32 into a matrix.
    func floatWeight(_ name: String) throws -> Weight {
        let shape = try shape(name)
        precondition(shape.count == 2, "weight(\(name)): the caller checks the shape is 2-D")
        let m = Matrix(rows: shape[0], cols: shape[1])
        try readFloats(name, into: UnsafeMutableBufferPointer(start: m.data, count: m.count))
        return Weight(m)
    }
}

/// Up to three names from `candidates` closest to `name` (longest shared prefix, then shared suffix), for hints.
func similarTensorNames(to name: String, in candidates: [String]) -> [String] {
    func shared(_ a: String, _ b: String) -> Int {
        zip(a.utf8, b.utf8).prefix { $0 == $1 }.count
            + zip(a.utf8.reversed(), b.utf8.reversed()).prefix { $0 == $1 }.count
    }
    let scored = candidates.map { (name: $0, score: shared(name, $0)) }.filter { $0.score >= 4 }
    let best = scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
    return best.prefix(3).map(\.name)
}
