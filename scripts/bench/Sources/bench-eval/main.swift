// Multiple-choice scoring speed on the default model, printed as `key=value` lines (the keys of
// scripts/bench/eval_torch.py without the `torch_` prefix): documents/s on the first BENCH_LIMIT
// documents of each of BENCH_TASKS, for each strategy in BENCH_STRATEGIES (the first is the headline
// figure) and each forward-batch size in BENCH_TOKENS. Tokenization is timed, model loading is not.
// Wall-clock figures depend on what else the machine runs; docs per CPU-second (user + system time
// of this process) much less so.
import Evaluation
import Foundation
import Model

func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

/// CPU seconds (user + system) this process has used, all threads.
func cpuSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: value < 1000 ? "%.4g" : "%.1f", value))") }

let environment = ProcessInfo.processInfo.environment
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let limit = Int(environment["BENCH_LIMIT"] ?? "") ?? 200
let taskNames = environment["BENCH_TASKS"] ?? "piqa,hellaswag"
let strategies = try (environment["BENCH_STRATEGIES"] ?? "shared,batched").split(separator: ",").map { name in
    guard let strategy = ScoringStrategy(rawValue: String(name)) else {
        throw EvaluationError.invalidReport(
            "BENCH_STRATEGIES: unknown strategy \(name); known: \(ScoringStrategy.allCases.map(\.rawValue))")
    }
    return strategy
}
let batchSizes = (environment["BENCH_TOKENS"] ?? "1024").split(separator: ",").compactMap { Int($0) }

let model = try LanguageModel.load(path: root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path)
let suite = TaskSuite(root: root.path)
let tasks = try suite.load(list: taskNames, limit: limit)

for task in tasks {
    // Tokens each strategy pushes through the model (context reuse is the difference).
    for strategy in ScoringStrategy.allCases {
        let evaluator = MultipleChoiceEvaluator(model: model, strategy: strategy)
        emit(
            "\(task.name.rawValue)_\(strategy.rawValue)_tokens",
            Double(evaluator.scorer.tokenCount(try evaluator.requests(task))))
    }
    if environment["BENCH_COUNT_ONLY"] != nil { continue }
    for (s, strategy) in strategies.enumerated() {
        for (b, tokens) in batchSizes.enumerated() {
            let evaluator = MultipleChoiceEvaluator(model: model, strategy: strategy, tokensPerBatch: tokens)
            let warmUp = MultipleChoiceTask(
                name: task.name, documents: Array(task.documents.prefix(4)), file: task.file)
            _ = try evaluator.evaluate(warmUp)
            let started = Date()
            let cpuStarted = cpuSeconds()
            let result = try evaluator.evaluate(task)
            let seconds = Date().timeIntervalSince(started)
            let cpu = cpuSeconds() - cpuStarted
            let name = task.name.rawValue
            let suffix = (s == 0 && b == 0) ? "" : "_\(strategy.rawValue)\(batchSizes.count > 1 ? "\(tokens)" : "")"
            log(
                "swift \(name) \(strategy.rawValue)/\(tokens): \(task.documents.count) docs in \(String(format: "%.1f", seconds)) s"
            )
            emit("\(name)\(suffix)_docs_per_s", Double(task.documents.count) / seconds)
            if suffix.isEmpty {
                emit("\(name)_docs", Double(task.documents.count))
                emit("\(name)_seconds", seconds)
                emit("\(name)_cpu_seconds", cpu)
                emit("\(name)_docs_per_cpu_s", Double(task.documents.count) / cpu)
                emit("\(name)_acc", result.acc.mean)
                if let norm = result.accNorm { emit("\(name)_acc_norm", norm.mean) }
            }
        }
    }
}
