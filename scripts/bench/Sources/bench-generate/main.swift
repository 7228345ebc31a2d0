// Self-generation speed on the default model, printed as `key=value` lines (the keys of
// scripts/bench/generate_torch.py without the `torch_` prefix): the paper's settings (prefix 2,
// top-k 50, top-p 0.95, temperature 0.6, repetition penalty 1.2) on the first N documents of
// data/text/wikipedia.jsonl. Usage: bench-generate [N=64] [NEW_TOKENS=256] [BATCH=64]
import Calibration
import Foundation
import Model

func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: value < 1000 ? "%.4g" : "%.1f", value))") }

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let count = arguments.count > 0 ? arguments[0] : 64
let newTokens = arguments.count > 1 ? arguments[1] : 256
let batch = arguments.count > 2 ? arguments[2] : 64

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let model = try LanguageModel.load(path: root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path)
let source = try TextSource.load(
    url: root.appendingPathComponent("data/text/wikipedia.jsonl"), path: "data/text/wikipedia.jsonl")
let options = GenerationOptions(count: count, length: newTokens, prefix: 2, seed: 0, batch: batch)
log("generate: \(count) samples × \(newTokens) new tokens, batch \(batch)")
/// CPU seconds of this process (all threads): robust when other jobs share the cores.
func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

var lastReport = Date()
let cpuStart = cpuSeconds()
let result = try SelfGenerator.generate(model, from: source, options: options) { done, total in
    if Date().timeIntervalSince(lastReport) > 5 {
        lastReport = Date()
        log("  \(done)/\(total) tokens")
    }
}
emit("generate_samples", Double(count))
emit("generate_new_tokens", Double(result.newTokens))
emit("generate_stopped_early", Double(result.stoppedEarly))
emit("generate_seconds", result.seconds)
emit("generate_tokens_per_s", result.tokensPerSecond)
emit("generate_tokens_per_cpu_s", Double(result.newTokens) / (cpuSeconds() - cpuStart))
log(
    "sample 0: " + model.tokenizer.decode(result.set.sequences[0]).prefix(300).replacingOccurrences(of: "\n", with: " ")
)
