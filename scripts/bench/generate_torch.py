#!/usr/bin/env python3
"""transformers' `generate` speed for scripts/bench-generate, printed as `torch_<key>=value` lines.

The paper's self-generation settings on the default model in float32 (CPU, 2 threads unless told): the first N
documents of data/text/wikipedia.jsonl, each cut to its first 2 tokens (`input_ids[:2]`, as the seed
code's generate_data.py), one batch of N (left padding with EOS, as the seed code), do_sample with
top_k 50, top_p 0.95, temperature 0.6, repetition_penalty 1.2, max_new_tokens NEW_TOKENS.
New tokens are counted up to and excluding each row's first EOS (padding after it is not counted,
its time is: generate keeps stepping until every row is done).

  /work/main/.venv-ref/bin/python scripts/bench/generate_torch.py [N=64] [NEW_TOKENS=256] [THREADS=2]
"""

import json
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


def log(message):
    print(message, file=sys.stderr, flush=True)


def emit(key, value):
    print(f"torch_{key}={value:.4g}" if abs(value) < 1000 else f"torch_{key}={value:.1f}", flush=True)


def main():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    new_tokens = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(str(MODEL.parent), gguf_file=MODEL.name, dtype=torch.float32)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(MODEL.parent), gguf_file=MODEL.name)
    tokenizer.padding_side = "left"
    tokenizer.pad_token = tokenizer.eos_token
    with open(ROOT / "data" / "text" / "wikipedia.jsonl", encoding="utf-8") as handle:
        documents = [json.loads(line)["text"] for line in handle if line.strip()][:count]
    prompts = [tokenizer(text)["input_ids"][:2] for text in documents]
    width = max(len(p) for p in prompts)
    input_ids = torch.tensor([[tokenizer.pad_token_id] * (width - len(p)) + p for p in prompts])
    attention_mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts])
    settings = dict(
        do_sample=True, top_k=50, top_p=0.95, temperature=0.6, repetition_penalty=1.2,
        pad_token_id=tokenizer.pad_token_id,
    )
    with torch.no_grad():
        model.generate(input_ids=input_ids[:4], attention_mask=attention_mask[:4], max_new_tokens=4, **settings)
        log(f"transformers generate: {count} samples x {new_tokens} new tokens, one batch")
        started = time.perf_counter()
        cpu_started = time.process_time()
        out = model.generate(
            input_ids=input_ids, attention_mask=attention_mask, max_new_tokens=new_tokens, **settings
        )
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    eos = model.generation_config.eos_token_id
    eos = set(eos if isinstance(eos, list) else [eos])
    produced = 0
    stopped = 0
    for row in out[:, width:].tolist():
        n = next((i for i, t in enumerate(row) if t in eos), len(row))
        stopped += n < len(row)
        produced += n
    emit("generate_samples", count)
    emit("generate_new_tokens", produced)
    emit("generate_stopped_early", stopped)
    emit("generate_seconds", seconds)
    emit("generate_tokens_per_s", produced / seconds)
    emit("generate_tokens_per_cpu_s", produced / cpu_seconds)
    log("sample 0: " + tokenizer.decode(out[0], skip_special_tokens=True)[:300].replace("\n", " "))


if __name__ == "__main__":
    main()
