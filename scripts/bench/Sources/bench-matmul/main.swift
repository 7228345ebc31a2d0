// Times the Tensor GEMMs on the model's shapes; prints one tab-separated line per case for scripts/bench-matmul:
// op  m  n  k  threads  seconds  GFLOP/s  GB/s(of B)  GFLOP/s-per-CPU-time
import Dispatch
import Foundation
import Tensor

/// One timed product.
struct BenchCase {
    let op: String
    let m: Int
    let n: Int
    let k: Int
    let threads: Int
}

/// Wall and process-CPU seconds of one timing.
struct Timing {
    var wall: Double
    var cpu: Double
}

/// Process CPU time (all threads) in seconds: unlike wall time, it does not count time lost to other processes.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Median wall and CPU time of `body` over enough repetitions to fill about `budget` seconds (after one warm-up).
func medianTiming(budget: Double, _ body: () -> Void) -> Timing {
    body()
    var walls: [Double] = []
    var cpus: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    while true {
        let c0 = cpuSeconds()
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        let t1 = DispatchTime.now().uptimeNanoseconds
        cpus.append(cpuSeconds() - c0)
        walls.append(Double(t1 - t0) / 1e9)
        if Double(t1 - start) / 1e9 > budget && walls.count >= 3 { break }
        if walls.count >= 2000 { break }
    }
    walls.sort()
    cpus.sort()
    return Timing(wall: walls[walls.count / 2], cpu: cpus[cpus.count / 2])
}

func run(_ bench: BenchCase, budget: Double) -> String {
    let (m, n, k) = (bench.m, bench.n, bench.k)
    let a = Matrix(rows: 1, cols: m * k)
    let b = Matrix(rows: 1, cols: n * k)
    let c = Matrix(rows: m, cols: n)
    var seed: UInt32 = 12345
    for i in 0..<(m * k) {
        seed = seed &* 1_664_525 &+ 1_013_904_223
        a.data[i] = Float(Int(seed >> 9) - (1 << 22)) / Float(1 << 22)
    }
    for i in 0..<(n * k) {
        seed = seed &* 1_664_525 &+ 1_013_904_223
        b.data[i] = Float(Int(seed >> 9) - (1 << 22)) / Float(1 << 22)
    }
    TensorThreads.count = bench.threads
    let timing: Timing
    switch bench.op {
    case "NT":
        timing = medianTiming(budget: budget) {
            matmulNT(a.data, b.data, c.data, m: m, n: n, k: k, lda: k, ldb: k, ldc: n, accumulate: false)
        }
    case "NN":
        timing = medianTiming(budget: budget) {
            matmulNN(a.data, b.data, c.data, m: m, n: n, k: k, lda: k, ldb: n, ldc: n, accumulate: false)
        }
    default:
        timing = medianTiming(budget: budget) {
            matmulTN(a.data, b.data, c.data, m: m, n: n, k: k, lda: m, ldb: n, ldc: n, accumulate: false)
        }
    }
    let flop = 2.0 * Double(m) * Double(n) * Double(k)
    let gflops = flop / timing.wall / 1e9
    let gbytes = Double(n * k * 4) / timing.wall / 1e9
    // GFLOP/s per CPU-second times the threads: what the run would reach with the cores to itself.
    let cpuGflops = flop / (timing.cpu / Double(bench.threads)) / 1e9
    return [
        bench.op, "\(m)", "\(n)", "\(k)", "\(bench.threads)", String(format: "%.6g", timing.wall),
        String(format: "%.1f", gflops), String(format: "%.1f", gbytes), String(format: "%.1f", cpuGflops),
    ].joined(separator: "\t")
}

/// FMA-only loop (12 independent accumulators, no memory traffic): the machine's fp32 peak on `threads` cores.
func fmaPeak(threads: Int) -> (wall: Double, cpu: Double) {
    let iterations = 20_000_000
    let sink = Matrix(rows: threads, cols: 16)
    let timing = medianTiming(budget: 0.3) {
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var acc = [SIMD16<Float>](repeating: SIMD16(repeating: Float(t)), count: 12)
            let x = SIMD16<Float>(repeating: 0.999_999)
            acc.withUnsafeMutableBufferPointer { v in
                for _ in 0..<(iterations / 12) {
                    // Twelve independent chains: enough to cover the FMA latency on both pipes.
                    v[0].addProduct(v[0], x)
                    v[1].addProduct(v[1], x)
                    v[2].addProduct(v[2], x)
                    v[3].addProduct(v[3], x)
                    v[4].addProduct(v[4], x)
                    v[5].addProduct(v[5], x)
                    v[6].addProduct(v[6], x)
                    v[7].addProduct(v[7], x)
                    v[8].addProduct(v[8], x)
                    v[9].addProduct(v[9], x)
                    v[10].addProduct(v[10], x)
                    v[11].addProduct(v[11], x)
                }
                for i in 1..<12 { v[0] += v[i] }
            }
            store16Bench(acc[0], sink.data + t * 16)
        }
    }
    let flop = Double(threads) * Double(iterations) * 32
    return (flop / timing.wall / 1e9, flop / (timing.cpu / Double(threads)) / 1e9)
}

func store16Bench(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    for i in 0..<16 { p[i] = v[i] }
}

// Cases: the two prefill shapes of SmolLM2 (hidden 576, MLP 1536) at 1 and 2 threads, the three layouts,
// then decoding: m = 1 against a layer weight (L3 resident) and the tied LM head (DRAM), and small batches.
var cases: [BenchCase] = []
for threads in [2, 1] {
    cases.append(BenchCase(op: "NT", m: 2048, n: 1536, k: 576, threads: threads))
    cases.append(BenchCase(op: "NT", m: 2048, n: 576, k: 1536, threads: threads))
    cases.append(BenchCase(op: "TN", m: 2048, n: 1536, k: 576, threads: threads))
}
cases.append(BenchCase(op: "NN", m: 2048, n: 1536, k: 576, threads: 2))
cases.append(BenchCase(op: "NN", m: 2048, n: 576, k: 1536, threads: 2))
cases.append(BenchCase(op: "TN", m: 2048, n: 576, k: 1536, threads: 2))
cases.append(BenchCase(op: "TN", m: 576, n: 576, k: 8192, threads: 2))
cases.append(BenchCase(op: "NT", m: 512, n: 1536, k: 576, threads: 2))
for m in [1, 8, 16, 32, 64] {
    cases.append(BenchCase(op: "NT", m: m, n: 1536, k: 576, threads: 2))
}
cases.append(BenchCase(op: "NT", m: 1, n: 576, k: 1536, threads: 2))
cases.append(BenchCase(op: "NT", m: 1, n: 49152, k: 576, threads: 2))
cases.append(BenchCase(op: "NT", m: 64, n: 49152, k: 576, threads: 2))
cases.append(BenchCase(op: "NT", m: 1, n: 1536, k: 576, threads: 1))

// Arguments: a substring of case names to run (e.g. `NT-2048`, `peak`), or custom cases `OP:MxNxK[:threads]`.
var filter = CommandLine.arguments.dropFirst().first
let custom = CommandLine.arguments.dropFirst().compactMap { argument -> BenchCase? in
    let parts = argument.split(separator: ":")
    guard parts.count >= 2, ["NT", "NN", "TN"].contains(String(parts[0])) else { return nil }
    let dims = parts[1].split(separator: "x").compactMap { Int($0) }
    guard dims.count == 3 else { return nil }
    let threads = parts.count > 2 ? Int(parts[2]) ?? 2 : 2
    return BenchCase(op: String(parts[0]), m: dims[0], n: dims[1], k: dims[2], threads: threads)
}
if !custom.isEmpty {
    cases = custom
    filter = "-"
}
let budget = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "") ?? 0.5
if filter == nil || filter == "peak" {
    for threads in [1, 2] {
        let peak = fmaPeak(threads: threads)
        let line = [
            "PEAK", "0", "0", "0", "\(threads)", "0", String(format: "%.1f", peak.wall), "0",
            String(format: "%.1f", peak.cpu),
        ]
        FileHandle.standardOutput.write(Data((line.joined(separator: "\t") + "\n").utf8))
    }
}
for bench in cases {
    let name = "\(bench.op)-\(bench.m)x\(bench.n)x\(bench.k)-t\(bench.threads)"
    if let filter, !name.contains(filter) { continue }
    FileHandle.standardOutput.write(Data((run(bench, budget: budget) + "\n").utf8))
}
