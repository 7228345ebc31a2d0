import Foundation
import Model

/// Tiny LLaMA model files written by the tests (a few KB): a 256-byte-token vocabulary, one block, hidden 32.
/// `metadata` overrides or adds GGUF keys, so a test can plant one hostile value in an otherwise valid file.
enum TinyModelFiles {
    static let hidden = 32
    static let heads = 2
    static let kvHeads = 1
    static let headDim = 16
    static let mlp = 48

    /// GPT-2's byte → character table (printable bytes stand for themselves, the rest from U+0100 on).
    static let byteTokens: [String] = {
        var out = [String](repeating: "", count: 256)
        var next = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            let scalar = printable ? byte : next
            if !printable { next += 1 }
            out[byte] = Unicode.Scalar(UInt32(scalar)).map { String(Character($0)) } ?? ""
        }
        return out
    }()

    /// Deterministic small weights.
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(((($0 + 1) * 7919 + seed * 104_729) % 2001) - 1000) / 20_000 }
    }

    /// Writes a GGUF file whose embedding has `embeddingRows` rows and whose token list is the 256
    /// byte tokens plus `extraTokens` control tokens.
    static func writeGGUF(
        to url: URL, embeddingRows: Int = 256, extraTokens: Int = 0, metadata: [String: GGUFValue] = [:]
    ) throws {
        var writer = GGUFWriter()
        var tokens = byteTokens
        for i in 0..<extraTokens { tokens.append("<|extra_\(i)|>") }
        var types = [GGUFValue](repeating: .int32(1), count: 256)
        types += [GGUFValue](repeating: .int32(3), count: extraTokens)
        var meta: [String: GGUFValue] = [
            "general.architecture": .string("llama"),
            "llama.block_count": .uint32(1),
            "llama.context_length": .uint32(64),
            "llama.embedding_length": .uint32(UInt32(hidden)),
            "llama.feed_forward_length": .uint32(UInt32(mlp)),
            "llama.attention.head_count": .uint32(UInt32(heads)),
            "llama.attention.head_count_kv": .uint32(UInt32(kvHeads)),
            "llama.rope.freq_base": .float32(10_000),
            "llama.attention.layer_norm_rms_epsilon": .float32(1e-5),
            "llama.vocab_size": .uint32(UInt32(embeddingRows)),
            "tokenizer.ggml.model": .string("gpt2"),
            "tokenizer.ggml.pre": .string("default"),
            "tokenizer.ggml.tokens": .array(.string, tokens.map { .string($0) }),
            "tokenizer.ggml.token_type": .array(.int32, types),
            "tokenizer.ggml.merges": .array(.string, []),
        ]
        for (key, value) in metadata { meta[key] = value }
        for (key, value) in meta { writer.setMetadata(key, value) }
        let qWidth = heads * headDim
        let kvWidth = kvHeads * headDim
        try writer.addTensor(
            "token_embd.weight", shape: [embeddingRows, hidden], values: values(embeddingRows * hidden, seed: 1))
        try writer.addTensor("blk.0.attn_norm.weight", shape: [hidden], values: [Float](repeating: 1, count: hidden))
        try writer.addTensor("blk.0.ffn_norm.weight", shape: [hidden], values: [Float](repeating: 1, count: hidden))
        let shapes: [(String, [Int])] = [
            ("attn_q", [qWidth, hidden]), ("attn_k", [kvWidth, hidden]), ("attn_v", [kvWidth, hidden]),
            ("attn_output", [hidden, qWidth]), ("ffn_gate", [mlp, hidden]), ("ffn_up", [mlp, hidden]),
            ("ffn_down", [hidden, mlp]),
        ]
        for (index, (name, shape)) in shapes.enumerated() {
            try writer.addTensor(
                "blk.0.\(name).weight", shape: shape, values: values(shape[0] * shape[1], seed: index + 2))
        }
        try writer.addTensor("output_norm.weight", shape: [hidden], values: [Float](repeating: 1, count: hidden))
        try writer.write(to: url)
    }

    /// A fresh scratch folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("secateur-tiny-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a valid tiny model as a Hugging Face folder (via a tiny GGUF and `exportHuggingFace`).
    static func writeHuggingFaceFolder(to folder: URL) throws {
        let gguf = folder.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: gguf) }
        try writeGGUF(to: gguf)
        try LanguageModel.load(path: gguf.path).exportHuggingFace(to: folder)
    }

    /// Rewrites one JSON file of a folder through `edit`.
    static func editJSON(_ url: URL, _ edit: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }
}
