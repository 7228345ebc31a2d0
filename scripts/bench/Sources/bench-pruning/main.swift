// Pruning speed on the default model, printed as `key=value` lines (same keys as scripts/bench/pruning_torch.py
// without the `torch_` prefix). One method per run, so `peak_rss_mb` is that method's peak.
//
//   bench-pruning TOKENS_FILE METHOD [PATTERN]
//
// TOKENS_FILE: little-endian Int32 ids, preceded by two Int32s (sequence count, sequence length), as written by
// `pruning_torch.py --make-tokens`. METHOD: wanda | sparsegpt. PATTERN: 0.5 (default), 2:4, ...
import Foundation
import Model
import Pruning

func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

func emit(_ key: String, _ value: Double) { print("\(key)=\(String(format: value < 1000 ? "%.4g" : "%.1f", value))") }

func fail(_ message: String) -> Never {
    log("bench-pruning: \(message)")
    exit(2)
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: bench-pruning TOKENS_FILE wanda|sparsegpt [PATTERN]") }
let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: arguments[1]))) ?? Data())
func int32(at index: Int) -> Int32 {
    var value: UInt32 = 0
    for i in 0..<4 { value |= UInt32(bytes[4 * index + i]) << (8 * UInt32(i)) }
    return Int32(bitPattern: value)
}
guard bytes.count >= 8 else { fail("\(arguments[1]) is not a token file") }
let count = Int(int32(at: 0))
let length = Int(int32(at: 1))
guard bytes.count == 4 * (2 + count * length) else { fail("\(arguments[1]) holds the wrong number of ids") }
let calibration = (0..<count).map { s in (0..<length).map { int32(at: 2 + s * length + $0) } }

let method: PruningMethod
switch arguments[2] {
case "wanda": method = .wanda(Wanda())
case "sparsegpt": method = .sparseGPT(SparseGPT())
default: fail("unknown method \(arguments[2])")
}
let pattern = try SparsityPattern(parsing: arguments.count > 3 ? arguments[3] : "0.5")

var start = Date()
let model = try LanguageModel.load(path: root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path)
emit("load_s", Date().timeIntervalSince(start))
log("\(method) \(pattern) on \(count) × \(length) tokens")

let timings = PruningTimings()
start = Date()
let mask = try SequentialPruner(PruningConfiguration(method: method, pattern: pattern)).prune(
    model.network, calibration: calibration,
    progress: { done, total in
        let elapsed = Date().timeIntervalSince(start)
        log("  block \(done)/\(total)  \(String(format: "%.1f", elapsed)) s")
    }, timings: timings)
let wall = Date().timeIntervalSince(start)
let name = arguments[2]
emit("\(name)_wall_s", wall)
emit("\(name)_embed_s", timings.embedding)
emit("\(name)_dense_pass_s", timings.densePasses)
emit("\(name)_statistics_s", timings.statistics)
emit("\(name)_prune_s", timings.pruning)
emit("\(name)_propagate_s", timings.propagation)
emit("\(name)_sparsity", mask.totalSparsity)
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
emit("\(name)_peak_rss_mb", Double(usage.ru_maxrss) / 1024)
emit("\(name)_cpu_s", Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6)
