#!/usr/bin/env python3
"""PyTorch reference speed of Wanda and SparseGPT on the default model, as `key=value` lines on stdout.

Run by scripts/bench-pruning next to the Swift figures (same machine, same calibration tokens):

  pruning_torch.py --make-tokens FILE --count 128 --length 2048   write the calibration token file
  pruning_torch.py --tokens FILE --method wanda|sparsegpt [--pattern 0.5|2:4] [--threads 2]

The token file (little-endian Int32: count, length, then the ids) holds `count` windows of `length` tokens of
data/text/wikipedia.jsonl (documents joined with "\\n\\n", tokenized once by the GGUF's tokenizer, window starts
from random.Random(0)); windows may overlap when the text is short. The algorithms are the transcriptions in
scripts/golden/pruning.py (wanda/lib/prune.py::prune_wanda and sparsegpt.py::fasterprune with the
sequential driver: batch size 1, dense pass with hooks, prune, re-run through the pruned layer), float32,
transformers' sdpa attention by default (its fastest on the CPU; --attention eager is what the golden fixtures
use), with their fixture-only bookkeeping (tie counting, weight copies) switched off. Figures: torch_<method>_wall_s (pruning, model load excluded),
torch_<method>_cpu_s, torch_<method>_peak_rss_mb, torch_<method>_sparsity. Progress goes to stderr.
"""

import argparse
import random
import resource
import struct
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "golden"))

import pruning as reference  # noqa: E402
import torch  # noqa: E402


def log(message):
    print(message, file=sys.stderr, flush=True)


def emit(key, value):
    if isinstance(value, float):
        value = f"{value:.4g}" if abs(value) < 1000 else f"{value:.1f}"
    print(f"{key}={value}", flush=True)


def make_tokens(path, count, length):
    import json

    from transformers import AutoTokenizer

    model_path = ROOT / reference.MODEL
    tokenizer = AutoTokenizer.from_pretrained(str(model_path.parent), gguf_file=model_path.name)
    with open(ROOT / reference.TEXT, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    ids = tokenizer("\n\n".join(texts))["input_ids"]
    if len(ids) <= length:
        raise SystemExit(f"{reference.TEXT} has only {len(ids)} tokens, fewer than one window of {length}")
    rng = random.Random(0)
    starts = [rng.randint(0, len(ids) - length - 1) for _ in range(count)]
    with open(path, "wb") as handle:
        handle.write(struct.pack("<ii", count, length))
        for s in starts:
            handle.write(struct.pack(f"<{length}i", *ids[s : s + length]))
    log(f"{path}: {count} windows of {length} tokens from {len(ids)} tokens of {reference.TEXT}")


def read_tokens(path):
    data = Path(path).read_bytes()
    count, length = struct.unpack_from("<ii", data, 0)
    flat = struct.unpack_from(f"<{count * length}i", data, 8)
    return [list(flat[i * length : (i + 1) * length]) for i in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--make-tokens")
    parser.add_argument("--count", type=int, default=128)
    parser.add_argument("--length", type=int, default=2048)
    parser.add_argument("--tokens")
    parser.add_argument("--method", choices=["wanda", "sparsegpt"])
    parser.add_argument("--pattern", default="0.5")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--attention", choices=["sdpa", "eager"], default="sdpa")
    args = parser.parse_args()
    if args.make_tokens:
        make_tokens(args.make_tokens, args.count, args.length)
        return
    if not (args.tokens and args.method):
        raise SystemExit("give --make-tokens FILE, or --tokens FILE --method wanda|sparsegpt")
    torch.set_num_threads(args.threads)
    samples = read_tokens(args.tokens)
    if ":" in args.pattern:
        n, m = (int(x) for x in args.pattern.split(":"))
        sparsity = n / m
    else:
        n, m, sparsity = 0, 0, float(args.pattern)
    model, _ = reference.load(ROOT / reference.MODEL, attention=args.attention)
    layers = model.config.num_hidden_layers
    log(f"torch {args.method} {args.pattern} on {len(samples)} × {len(samples[0])} tokens")
    started = time.monotonic()
    cpu = time.process_time()

    def progress(message):
        log(f"  {message}  {time.monotonic() - started:.1f} s")

    reference.SparseGPT.track_ties = False
    with torch.no_grad():
        if args.method == "wanda":
            reference.prune_wanda(model, samples, sparsity, n, m, count_ties=False, progress=progress)
        else:
            reference.prune_sparsegpt(
                model, samples, sparsity, n, m, layers_wanted=layers, progress=progress, record=False
            )
    wall = time.monotonic() - started
    zeros = total = 0
    for layer in model.model.layers:
        for name in reference.NAMES:
            w = layer.get_submodule(name).weight
            zeros += int((w == 0).sum())
            total += w.numel()
    emit(f"torch_{args.method}_wall_s", wall)
    emit(f"torch_{args.method}_cpu_s", time.process_time() - cpu)
    emit(f"torch_{args.method}_peak_rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    emit(f"torch_{args.method}_sparsity", zeros / total)
    emit("pytorch_version", torch.__version__)
    emit("torch_attention", args.attention)


if __name__ == "__main__":
    main()
