"""Times PyTorch on the cases the Swift matmul benchmark printed and prints both side by side.

Usage: matmul_torch.py SWIFT_RESULTS.tsv
The TSV comes from scripts/bench/matmul (columns: op m n k threads seconds GFLOP/s GB/s cpuGFLOP/s; a PEAK
line per thread count holds the FMA-loop peak). GFLOP/s is wall-clock; "cpu" divides by process CPU time
instead, i.e. what the run reaches on cores it does not share (the machine is shared with other jobs).
"""

import sys
import time

import torch


def timed(fn, budget=0.5):
    """Median wall and process-CPU seconds of fn() over about `budget` seconds, after a warm-up."""
    fn()
    walls, cpus = [], []
    start = time.perf_counter()
    while True:
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        t1 = time.perf_counter()
        walls.append(t1 - t0)
        cpus.append(time.process_time() - c0)
        if (t1 - start > budget and len(walls) >= 3) or len(walls) >= 2000:
            break
    walls.sort()
    cpus.sort()
    return walls[len(walls) // 2], cpus[len(cpus) // 2]


def torch_case(op, m, n, k, threads, budget):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(0)
    if op == "NT":  # activations (m, k) times weight (n, k) transposed, as nn.Linear
        a, b = torch.rand(m, k, generator=g) * 2 - 1, torch.rand(n, k, generator=g) * 2 - 1
        c = torch.empty(m, n)
        fn = lambda: torch.mm(a, b.t(), out=c)
    elif op == "NN":
        a, b = torch.rand(m, k, generator=g) * 2 - 1, torch.rand(k, n, generator=g) * 2 - 1
        c = torch.empty(m, n)
        fn = lambda: torch.mm(a, b, out=c)
    else:  # TN: A stored (k, m)
        a, b = torch.rand(k, m, generator=g) * 2 - 1, torch.rand(k, n, generator=g) * 2 - 1
        c = torch.empty(m, n)
        fn = lambda: torch.mm(a.t(), b, out=c)
    wall, cpu = timed(fn, budget)
    flop = 2.0 * m * n * k
    return flop / wall / 1e9, n * k * 4 / wall / 1e9, flop / (cpu / threads) / 1e9


def main():
    rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    peak = {int(r[4]): (float(r[6]), float(r[8])) for r in rows if r[0] == "PEAK"}
    print(f"torch {torch.__version__}, intra-op threads set per case; peak = FMA-only loop measured by the Swift bench")
    for t, (wall, cpu) in sorted(peak.items()):
        print(f"  fp32 peak on {t} thread(s): {wall:.1f} GFLOP/s wall, {cpu:.1f} per CPU-time")
    header = (
        f"{'case':<22} {'thr':>3} | {'swift':>7} {'torch':>7} {'ratio':>5} | {'%peak':>5} {'%peak':>5} |"
        f" {'GB/s':>6} {'GB/s':>6} | {'cpu':>6} {'cpu':>6}"
    )
    print(header)
    print(
        f"{'':<22} {'':>3} | {'GFLOP/s':>7} {'GFLOP/s':>7} {'s/t':>5} | {'swift':>5} {'torch':>5} |"
        f" {'swift':>6} {'torch':>6} | {'swift':>6} {'torch':>6}"
    )
    for r in rows:
        if r[0] == "PEAK":
            continue
        op, m, n, k, threads = r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4])
        s_gflops, s_gbytes, s_cpu = float(r[6]), float(r[7]), float(r[8])
        t_gflops, t_gbytes, t_cpu = torch_case(op, m, n, k, threads, budget)
        p = peak.get(threads, (float("nan"), 0))[0]
        name = f"{op} {m}x{n}x{k}"
        print(
            f"{name:<22} {threads:>3} | {s_gflops:7.1f} {t_gflops:7.1f} {s_gflops / t_gflops:5.2f} |"
            f" {100 * s_gflops / p:4.0f}% {100 * t_gflops / p:4.0f}% | {s_gbytes:6.1f} {t_gbytes:6.1f} |"
            f" {s_cpu:6.1f} {t_cpu:6.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
