import Foundation
import Model
import Tensor
import XCTest

@testable import Pruning

/// A reproducible pseudo-random stream (SplitMix64).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    /// Roughly normal (sum of four uniforms).
    mutating func normal() -> Float { (uniform() + uniform() + uniform() + uniform()) * 0.866 }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func matrix(_ rows: Int, _ cols: Int, scale: Float) -> Matrix {
        let m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.count { m.data[i] = normal() * scale }
        return m
    }
}

enum TinyModel {
    /// hidden 64, 2 layers, 4 heads / 2 KV heads of 16, MLP 128, vocab 100.
    static func config(layers: Int = 2) -> LlamaConfig {
        LlamaConfig(
            modelType: "llama", hiddenSize: 64, intermediateSize: 128, numHiddenLayers: layers, numAttentionHeads: 4,
            numKeyValueHeads: 2, headDim: 16, vocabSize: 100, rmsNormEps: 1e-5, ropeTheta: 10000,
            maxPositionEmbeddings: 512, tieWordEmbeddings: true)
    }

    /// A model with random weights. A few input channels get large activations (like real LLM outliers) so that
    /// scores differ between methods.
    static func make(seed: UInt64 = 1, layers: Int = 2) -> LlamaModel {
        let c = config(layers: layers)
        var random = TestRandom(seed: seed)
        let embedding = random.matrix(c.vocabSize, c.hiddenSize, scale: 1)
        var blocks: [LlamaBlock] = []
        for _ in 0..<layers {
            var linears: [LinearKind: Weight] = [:]
            for kind in LinearKind.allCases {
                let (rows, cols) = ModelShape(c).linearShape(kind)
                linears[kind] = Weight(random.matrix(rows, cols, scale: 1 / Float(cols).squareRoot()))
            }
            var attentionNorm = (0..<c.hiddenSize).map { _ in 1 + 0.2 * random.uniform() }
            var mlpNorm = (0..<c.hiddenSize).map { _ in 1 + 0.2 * random.uniform() }
            for j in [3, 17, 40] {
                attentionNorm[j] *= 6
                mlpNorm[j] *= 4
            }
            blocks.append(
                LlamaBlock(attentionNorm: attentionNorm, mlpNorm: mlpNorm, linears: linears, biases: [:]))
        }
        let finalNorm = [Float](repeating: 1, count: c.hiddenSize)
        return LlamaModel(config: c, embedding: Weight(embedding), blocks: blocks, finalNorm: finalNorm, outputHead: nil)
    }

    /// `count` random sequences of `length` tokens.
    static func calibration(count: Int = 6, length: Int = 24, seed: UInt64 = 7) -> [[Int32]] {
        var random = TestRandom(seed: seed)
        return (0..<count).map { _ in (0..<length).map { _ in Int32(random.below(100)) } }
    }
}

/// The input activations of every linear of block `layer`, when the calibration set runs through `model`
/// (rows of all sequences stacked, one matrix per input group's leader).
func linearInputs(_ model: LlamaModel, layer: Int, calibration: [[Int32]]) -> [LinearKind: Matrix] {
    let layout = BatchLayout(lengths: calibration.map(\.count))
    let hidden = model.embed(calibration)
    for l in 0..<layer { model.runBlock(l, hidden: hidden, layout: layout) }
    var inputs: [LinearKind: Matrix] = [:]
    model.runBlock(
        layer, hidden: hidden, layout: layout,
        hook: { id, input, rows, cols in
            inputs[id.kind] = Matrix(rows: rows, cols: cols, copying: input)
        })
    return inputs
}

/// ‖X·(W − Ŵ)ᵀ‖²_F, in Double.
func reconstructionError(_ w: Matrix, _ pruned: Matrix, inputs x: Matrix) -> Double {
    let delta = Matrix(rows: w.rows, cols: w.cols)
    for i in 0..<w.count { delta.data[i] = w.data[i] - pruned.data[i] }
    let out = Matrix(rows: x.rows, cols: w.rows)
    naiveMatmulNT(x.data, delta.data, out.data, m: x.rows, n: w.rows, k: w.cols, lda: x.cols, ldb: w.cols, ldc: w.rows)
    var sum = 0.0
    for i in 0..<out.count { sum += Double(out.data[i]) * Double(out.data[i]) }
    return sum
}

/// `weight` with the mask applied (pruned entries 0).
func masked(_ weight: Matrix, _ mask: LinearMask) -> Matrix {
    let w = weight.copy()
    mask.zeroPruned(w.data)
    return w
}

/// The package root (Tests/PruningTests/ is two levels below it).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The default model, loaded once per test process (nil after a failed load, which each caller reports).
enum DefaultModel {
    static let path = packageRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path

    nonisolated(unsafe) private static var cached: LlamaModel?

    static func load() throws -> LlamaModel {
        if let cached { return cached }
        guard FileManager.default.fileExists(atPath: path) else {
            throw PruningTestError("\(path) is missing: run scripts/setup")
        }
        let model = try LanguageModel.load(path: path).network
        cached = model
        return model
    }
}

struct PruningTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
