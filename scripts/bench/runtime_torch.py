#!/usr/bin/env python3
"""PyTorch reference speed for the default model, printed as `key=value` lines on stdout.

Run by scripts/bench-runtime next to the Swift figures (same machine, same invocation):

  /work/main/.venv-ref/bin/python scripts/bench/runtime_torch.py [--threads 2] [--repeats 3]

Figures (float32, no grad, transformers' default sdpa attention, weights dequantized from
the GGUF; every measurement after one warm-up run, best of --repeats):
  torch_matmul_gflops_<m>x<k>x<n>  C[m,n] = A[m,k] @ B[k,n], the MLP shapes of a 4×512 prefill
  torch_prefill_tokens_per_s       one forward over 8×512 tokens, no KV cache
  torch_decode_tokens_per_s        batch 1, greedy, KV cache: a 32-token prompt then 128 new
                                   tokens; 128 / (prompt forward + 127 one-token steps)
  torch_decode_step_ms             median one-token step of that run (cache of 32..159)
  torch_ppl_tokens_per_s           64×512 tokens in batches of 8 with the cross-entropy,
                                   tokens counted as 64×512 (best of --ppl-repeats)
Every `torch_*` value is a number (scripts/bench-runtime parses them as floats); the text
values are `pytorch_version`, `transformers_version` and `reference_ppl_source` (squad_dev|random).
Progress and diagnostics go to stderr. Needs the venv of scripts/golden/README.md.
"""

import argparse
import inspect
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]


def log(message):
    print(message, file=sys.stderr, flush=True)


def emit(key, value):
    if isinstance(value, float):
        value = f"{value:.4g}" if abs(value) < 1000 else f"{value:.1f}"
    print(f"{key}={value}", flush=True)


def best_of(repeats, body):
    """Seconds of the fastest of `repeats` runs of `body`, after one warm-up run."""
    body()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        body()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_matmul(repeats):
    for m, k, n in [(2048, 576, 1536), (2048, 1536, 576)]:
        a = torch.randn(m, k)
        b = torch.randn(k, n)
        out = torch.empty(m, n)

        def run():
            for _ in range(10):
                torch.matmul(a, b, out=out)

        seconds = best_of(repeats, run) / 10
        emit(f"torch_matmul_gflops_{m}x{k}x{n}", 2 * m * k * n / seconds / 1e9)


@torch.no_grad()
def bench_prefill(model, repeats):
    ids = torch.randint(0, model.config.vocab_size, (8, 512), generator=torch.Generator().manual_seed(0))
    seconds = best_of(repeats, lambda: model(input_ids=ids, use_cache=False))
    emit("torch_prefill_seconds", seconds)
    emit("torch_prefill_tokens_per_s", ids.numel() / seconds)


@torch.no_grad()
def bench_decode(model, repeats, prompt_len=32, new_tokens=128):
    from transformers import DynamicCache

    # transformers 5.x renamed `past_key_values` to `cache`; older releases only know the former.
    params = inspect.signature(model.forward).parameters
    cache_kwarg = "cache" if "cache" in params else "past_key_values"
    prompt = torch.randint(0, model.config.vocab_size, (1, prompt_len), generator=torch.Generator().manual_seed(1))
    steps = []

    def run():
        steps.clear()
        cache = DynamicCache(config=model.config)
        logits = model(input_ids=prompt, use_cache=True, **{cache_kwarg: cache}).logits
        token = logits[:, -1].argmax(dim=-1, keepdim=True)
        for _ in range(new_tokens - 1):
            started = time.perf_counter()
            logits = model(input_ids=token, use_cache=True, **{cache_kwarg: cache}).logits
            token = logits[:, -1].argmax(dim=-1, keepdim=True)
            steps.append(time.perf_counter() - started)
        if cache.get_seq_length() != prompt_len + new_tokens - 1:
            raise SystemExit(f"KV cache holds {cache.get_seq_length()} positions: the cache was not used")

    seconds = best_of(repeats, run)
    emit("torch_decode_tokens_per_s", new_tokens / seconds)
    emit("torch_decode_step_ms", statistics.median(steps) * 1000)


def ppl_tokens(tokenizer, model_path, count):
    """The held-out evaluation tokens, encoded as scripts/golden/model.py does (SmolLM2 pre-tokenizer)."""
    held_out = ROOT / "data/text/squad_dev.jsonl"
    if held_out.exists():
        sys.path.insert(0, str(ROOT / "scripts" / "golden"))
        from model import Encoder, gguf_pre_tokenizer, held_out_text

        ids = Encoder(tokenizer, gguf_pre_tokenizer(model_path))(held_out_text(held_out)[1])
        if len(ids) >= count:
            return torch.tensor(ids[:count]), "squad_dev"
    log("data/text/squad_dev.jsonl missing or short: timing perplexity on random token ids (speed is the same)")
    return torch.randint(0, tokenizer.vocab_size, (count,), generator=torch.Generator().manual_seed(2)), "random"


@torch.no_grad()
def bench_ppl(model, tokenizer, model_path, repeats, seqlen=512, windows=64, batch=8):
    ids, source = ppl_tokens(tokenizer, model_path, seqlen * windows)
    tokens = ids.view(windows, seqlen)
    result = {}

    def run():
        total = 0.0
        for start in range(0, windows, batch):
            chunk = tokens[start : start + batch]
            logits = model(input_ids=chunk, use_cache=False).logits
            loss = torch.nn.functional.cross_entropy(
                logits[:, :-1].reshape(-1, logits.shape[-1]), chunk[:, 1:].reshape(-1), reduction="sum"
            )
            total += float(loss)
        result["nll"] = total / (windows * (seqlen - 1))

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    seconds = min(times)
    emit("reference_ppl_source", source)
    emit("torch_ppl_seconds", seconds)
    emit("torch_ppl_tokens_per_s", tokens.numel() / seconds)
    if source == "squad_dev":
        emit("torch_ppl", float(torch.tensor(result["nll"]).exp()))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/SmolLM2-135M-Instruct.Q4_1.gguf")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of matmul, prefill and decode")
    parser.add_argument("--ppl-repeats", type=int, default=1, help="timed runs of the 64×512 perplexity pass")
    parser.add_argument("--skip", default="", help="comma-separated: matmul,prefill,decode,ppl")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    import importlib.util

    if importlib.util.find_spec("accelerate") is None:
        raise SystemExit(f"transformers needs accelerate to load GGUF: {sys.executable} -m pip install accelerate")
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    torch.set_num_threads(args.threads)
    emit("pytorch_version", torch.__version__)
    emit("transformers_version", transformers.__version__)
    emit("torch_threads", torch.get_num_threads())

    model_path = (ROOT / args.model).resolve()
    if not model_path.exists():
        raise SystemExit(f"{model_path} not found: run scripts/setup")
    if "matmul" not in skip:
        bench_matmul(args.repeats)
    started = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(str(model_path.parent), gguf_file=model_path.name, dtype=torch.float32)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_path.parent), gguf_file=model_path.name)
    emit("torch_load_seconds", time.perf_counter() - started)
    if "prefill" not in skip:
        bench_prefill(model, args.repeats)
    if "decode" not in skip:
        bench_decode(model, args.repeats)
    if "ppl" not in skip:
        bench_ppl(model, tokenizer, model_path, args.ppl_repeats)


if __name__ == "__main__":
    main()
