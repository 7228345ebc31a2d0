// The runtime's speed on the default model, printed as `key=value` lines (same keys as
// scripts/bench/runtime_torch.py without the `torch_` prefix): prefill, decode, perplexity — with the weights in
// their file encodings (Q4_1/Q8_0, the default) and again converted to Float32 at load (keys ending `_f32`), in
// the same process. BENCH_TEXT overrides the text (default: the held-out perplexity text).
import Evaluation
import Foundation
import Model
import Tensor

func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: value < 1000 ? "%.4g" : "%.1f", value))") }

/// Seconds of the fastest of `repeats` runs after one warm-up.
func bestOf(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = Date()
        try body()
        best = min(best, Date().timeIntervalSince(start))
    }
    return best
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let repeats = Int(ProcessInfo.processInfo.environment["BENCH_REPEATS"] ?? "") ?? 3
let modelPath = root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
let textPath = ProcessInfo.processInfo.environment["BENCH_TEXT"]
    ?? root.appendingPathComponent("data/text/squad_dev.jsonl").path
let text = try String(contentsOf: URL(fileURLWithPath: textPath), encoding: .utf8)
let documents = text.split(separator: "\n").compactMap { line -> String? in
    (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
}
let compact = try LanguageModel.load(path: modelPath)
let tokens = compact.tokenizer.encode(documents.joined(separator: "\n\n"))
log("\(textPath): \(tokens.count) tokens")

/// Prefill, decode and perplexity of `model`, emitted with `suffix` on every key.
func measure(_ model: LanguageModel, suffix: String) throws {
    let prefillBatch = (0..<8).map { Array(tokens[($0 * 512)..<(($0 + 1) * 512)]) }
    let prefill = try bestOf(repeats) { _ = try model.network.finalHidden(prefillBatch) }
    emit("prefill_tokens_per_s" + suffix, 8 * 512 / prefill)

    let prompt = Array(tokens.prefix(32))
    var stepTimes: [Double] = []
    let decode = try bestOf(repeats) {
        let cache = KVCache(for: model.network)
        var logits = try model.network.logits([prompt], caches: [cache])
        var next = Int32(argmaxOfLastRow(logits))
        stepTimes = []
        for _ in 0..<127 {
            let start = Date()
            logits = try model.network.logits([[next]], caches: [cache])
            next = Int32(argmaxOfLastRow(logits))
            stepTimes.append(Date().timeIntervalSince(start))
        }
    }
    emit("decode_tokens_per_s" + suffix, 128 / decode)
    emit("decode_step_ms" + suffix, stepTimes.sorted()[stepTimes.count / 2] * 1000)

    let windows = try PerplexityWindows(tokens: tokens, seqlen: 512, limit: 64)
    var ppl = 0.0
    let pplTime = try bestOf(1) { ppl = try Perplexity.evaluate(model.network, windows: windows).perplexity }
    emit("ppl_tokens_per_s" + suffix, 64 * 512 / pplTime)
    emit("ppl_512_64" + suffix, ppl)
}

try measure(compact, suffix: "")
try measure(try LanguageModel.load(path: modelPath, dtype: .f32), suffix: "_f32")

func argmaxOfLastRow(_ logits: Matrix) -> Int {
    let row = logits.row(logits.rows - 1)
    var best = 0
    for j in 1..<logits.cols where row[j] > row[best] { best = j }
    return best
}
