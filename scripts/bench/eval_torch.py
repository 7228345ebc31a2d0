#!/usr/bin/env python3
"""PyTorch reference speed of multiple-choice scoring, printed as `key=value` lines on stdout.

Run by scripts/bench-eval next to the Swift figures (same machine, same invocation):

  /work/main/.venv-ref/bin/python scripts/bench/eval_torch.py [--tasks piqa,hellaswag] [--limit 200]
                                                              [--batch-size 32] [--threads 2]

It scores the first --limit documents of each task the way lm-evaluation-harness's HFLM does
(lm_eval/models/huggingface.py `_loglikelihood_tokens`): `_encode_pair` tokenization (trailing
context whitespace moved to the continuation, the model's own pre-tokenizer, no BOS), requests
sorted longest first, batches of --batch-size right-padded inputs, one forward per batch,
log_softmax over the whole vocabulary at every position, the continuation's log-probabilities
gathered and summed in float32; then acc / acc_norm. Float32 weights dequantized from the GGUF,
transformers' default (sdpa) attention, no grad. The timed part is tokenization + scoring after
a warm-up batch; model loading is not timed.

Figures: torch_<task>_docs_per_s, torch_<task>_seconds, torch_<task>_cpu_seconds (user + system
time of the process, all threads), torch_<task>_docs_per_cpu_s, torch_<task>_tokens (input tokens run,
padding included), torch_<task>_acc, torch_<task>_acc_norm.
Progress and diagnostics go to stderr. Needs the venv of scripts/golden/README.md.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, str(ROOT / "scripts" / "golden"))
from model import MODEL_DEFAULT, Encoder, gguf_pre_tokenizer  # noqa: E402


def log(message):
    print(message, file=sys.stderr, flush=True)


def emit(key, value):
    if isinstance(value, float):
        value = f"{value:.4g}" if abs(value) < 1000 else f"{value:.1f}"
    print(f"{key}={value}", flush=True)


def read_docs(task, limit):
    path = ROOT / "data" / "tasks" / f"{task}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} not found: run scripts/setup")
    docs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if len(docs) == limit:
                break
            if line.strip():
                docs.append(json.loads(line))
    return docs


class HarnessLM:
    """The parts of lm-eval's HFLM that score loglikelihood requests."""

    def __init__(self, model, encode, batch_size):
        self.model = model
        self.encode = encode
        self.batch_size = batch_size
        self.max_length = model.config.max_position_embeddings
        self.eot = encode.tokenizer.eos_token_id
        self.tokens_run = 0

    def encode_pair(self, context, continuation):
        if context == "":
            return [self.eot], self.encode(continuation)
        n_spaces = len(context) - len(context.rstrip())
        if n_spaces > 0:
            continuation = context[-n_spaces:] + continuation
            context = context[:-n_spaces]
        whole = self.encode(context + continuation)
        context_enc = self.encode(context)
        return context_enc, whole[len(context_enc):]

    @torch.no_grad()
    def loglikelihood(self, requests):
        encoded = [self.encode_pair(c, x) for c, x in requests]
        order = sorted(range(len(encoded)), key=lambda i: (-len(encoded[i][0] + encoded[i][1]),
                                                           tuple(encoded[i][0] + encoded[i][1])))
        results = [None] * len(encoded)
        for b in range(0, len(order), self.batch_size):
            chunk = order[b:b + self.batch_size]
            inps, conts, inplens = [], [], []
            for i in chunk:
                context_enc, continuation_enc = encoded[i]
                inp = (context_enc + continuation_enc)[-(self.max_length + 1):][:-1]
                inps.append(inp)
                conts.append(continuation_enc)
                inplens.append(len(inp))
            padded = max(inplens)
            batch = torch.zeros(len(inps), padded, dtype=torch.long)
            for k, inp in enumerate(inps):
                batch[k, :len(inp)] = torch.tensor(inp)
            self.tokens_run += batch.numel()
            multi_logits = F.log_softmax(self.model(batch).logits, dim=-1)
            for k, i in enumerate(chunk):
                n = len(conts[k])
                logits = multi_logits[k, inplens[k] - n:inplens[k]]
                targets = torch.tensor(conts[k]).unsqueeze(-1)
                results[i] = float(torch.gather(logits, 1, targets).squeeze(-1).sum())
        return results


def argmax(values):
    best = 0
    for i, v in enumerate(values):
        if v > values[best]:
            best = i
    return best


def score(lm, docs):
    requests = [(c, x) for doc in docs for c, x in zip(doc["contexts"], doc["continuations"])]
    lls = lm.loglikelihood(requests)
    correct = correct_norm = 0
    k = 0
    for doc in docs:
        n = len(doc["choices"])
        ll = lls[k:k + n]
        k += n
        correct += argmax(ll) == doc["gold"]
        correct_norm += argmax([v / len(c) for v, c in zip(ll, doc["choices"])]) == doc["gold"]
    return correct / len(docs), correct_norm / len(docs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", default="piqa,hellaswag")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", default=MODEL_DEFAULT)
    args = parser.parse_args()
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(args.threads)
    model_path = (ROOT / args.model).resolve()
    if not model_path.exists():
        raise SystemExit(f"{model_path} not found: run scripts/setup")
    model = AutoModelForCausalLM.from_pretrained(str(model_path.parent), gguf_file=model_path.name, dtype=torch.float32)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_path.parent), gguf_file=model_path.name)
    encode = Encoder(tokenizer, gguf_pre_tokenizer(model_path))
    lm = HarnessLM(model, encode, args.batch_size)
    emit("torch_batch_size", args.batch_size)
    emit("torch_threads", args.threads)
    for task in args.tasks.split(","):
        docs = read_docs(task, args.limit)
        score(lm, docs[:4])  # warm-up
        lm.tokens_run = 0
        started = time.perf_counter()
        cpu_started = time.process_time()
        acc, acc_norm = score(lm, docs)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        log(f"torch {task}: {len(docs)} docs in {seconds:.1f} s")
        emit(f"torch_{task}_docs", len(docs))
        emit(f"torch_{task}_seconds", seconds)
        emit(f"torch_{task}_docs_per_s", len(docs) / seconds)
        emit(f"torch_{task}_cpu_seconds", cpu)
        emit(f"torch_{task}_docs_per_cpu_s", len(docs) / cpu)
        emit(f"torch_{task}_tokens", lm.tokens_run)
        emit(f"torch_{task}_acc", acc)
        emit(f"torch_{task}_acc_norm", acc_norm)


if __name__ == "__main__":
    main()
