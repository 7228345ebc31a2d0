#!/usr/bin/env python3
"""Golden fixture for the Swift multiple-choice evaluation, from PyTorch + transformers.

Scores the first N documents (default 100) of every prepared task file in data/tasks/ the way
lm-evaluation-harness scores a Hugging Face causal model (lm_eval/api/model.py TemplateLM and
lm_eval/models/huggingface.py HFLM), with the default GGUF model loaded in float32 exactly as
scripts/golden/model.py loads it:

  * request i of a document is loglikelihood(contexts[i], continuations[i]);
  * `_encode_pair`: trailing whitespace of the context (Python str.rstrip) moves to the front
    of the continuation; encode(context + continuation) whole and split it at
    len(encode(context)); an empty context becomes [eos] (the harness's prefix_token_id);
  * no BOS (tokenizer(..., add_special_tokens=False), the harness's default for causal models),
    and the model's own pre-tokenizer (SmolLM2 splits digits; transformers' GGUF tokenizer loses
    that, see model.py's Encoder): what the harness sees with the model's tokenizer.json;
  * the model input is (context + continuation)[-(max_length + 1):][:-1], max_length =
    config.max_position_embeddings; the last len(continuation) positions are scored;
  * ll = float32 sum of log_softmax(logits)[target] over the continuation tokens;
  * acc = argmax ll, acc_norm = argmax ll / len(choices[i]) (characters, i.e. code points),
    first maximum on ties (numpy.argmax).

Each distinct model input is run once on its own (batch 1, no padding: nothing can leak
between requests), which gives the same numbers as the harness's padded batches.

Writes Tests/EvaluationTests/Fixtures/tasks_golden.json: per task the documents' ids, the ll
of every choice rounded to 1e-5, the continuation token counts, the predicted indices for acc
and acc_norm, and acc / acc_norm over the documents; the sha256 of the task lines scored.

  /work/main/.venv-ref/bin/python scripts/golden/tasks.py               # first 100 docs per task
  /work/main/.venv-ref/bin/python scripts/golden/tasks.py --limit 20 --tasks piqa,boolq --out /tmp/t.json

Needs the venv of scripts/golden/README.md and scripts/setup's data/tasks and model.
"""

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import (  # noqa: E402
    MODEL_DEFAULT,
    ROOT,
    Encoder,
    check_config,
    gguf_pre_tokenizer,
    load,
    log,
    sha256_of,
    write_json,
)

TASKS = ["piqa", "arc_easy", "arc_challenge", "hellaswag", "boolq", "winogrande", "mmlu"]
ACC_ONLY = {"boolq", "winogrande", "mmlu"}
FIXTURE = "Tests/EvaluationTests/Fixtures/tasks_golden.json"


def read_docs(path, limit):
    """The first `limit` documents and the sha256 of exactly the lines they came from."""
    docs = []
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for raw in handle:
            if len(docs) == limit:
                break
            if not raw.strip():
                continue
            digest.update(raw.rstrip(b"\n") + b"\n")
            docs.append(json.loads(raw))
    return docs, digest.hexdigest()


class HarnessScorer:
    """loglikelihood requests scored like lm-eval's HFLM (batch 1, float32)."""

    def __init__(self, model, tokenizer, encode):
        self.model = model
        self.tokenizer = tokenizer
        self.encode = encode
        self.max_length = model.config.max_position_embeddings
        self.cache = {}

    def tok_encode(self, text):
        return self.encode(text)

    def encode_pair(self, context, continuation):
        if context == "":
            return [self.tokenizer.eos_token_id], self.tok_encode(continuation)
        n_spaces = len(context) - len(context.rstrip())
        if n_spaces > 0:
            continuation = context[-n_spaces:] + continuation
            context = context[:-n_spaces]
        whole = self.tok_encode(context + continuation)
        context_enc = self.tok_encode(context)
        return context_enc, whole[len(context_enc):]

    @torch.no_grad()
    def log_probs(self, inp):
        """log_softmax of the logits at every position of `inp` (cached per distinct input)."""
        key = tuple(inp)
        if key not in self.cache:
            logits = self.model(input_ids=torch.tensor([inp])).logits[0]
            self.cache[key] = torch.log_softmax(logits.float(), dim=-1)
        return self.cache[key]

    def loglikelihood(self, context, continuation):
        context_enc, continuation_enc = self.encode_pair(context, continuation)
        if not context_enc or not continuation_enc:
            raise SystemExit(f"empty context or continuation: {context[:40]!r} / {continuation[:40]!r}")
        whole = (context_enc + continuation_enc)[-(self.max_length + 1):]
        inp = whole[:-1]
        n = len(continuation_enc)
        lp = self.log_probs(inp)[len(inp) - n:]
        targets = torch.tensor(continuation_enc).unsqueeze(-1)
        return float(torch.gather(lp, 1, targets).squeeze(-1).sum()), n

    def forget(self):
        self.cache.clear()


def argmax(values):
    best = 0
    for i, v in enumerate(values):
        if v > values[best]:
            best = i
    return best


def score_task(scorer, task, docs):
    ids, lls, counts, preds, preds_norm = [], [], [], [], []
    started = time.perf_counter()
    for k, doc in enumerate(docs):
        scored = [scorer.loglikelihood(c, x) for c, x in zip(doc["contexts"], doc["continuations"])]
        scorer.forget()
        ll = [s[0] for s in scored]
        ids.append(doc["doc_id"])
        lls.append([round(v, 5) for v in ll])
        counts.append([s[1] for s in scored])
        preds.append(argmax(ll))
        preds_norm.append(argmax([v / len(choice) for v, choice in zip(ll, doc["choices"])]))
        if (k + 1) % 20 == 0:
            log(f"  {task}: {k + 1}/{len(docs)} docs ({time.perf_counter() - started:.0f} s)")
    golds = [doc["gold"] for doc in docs]
    acc = sum(p == g for p, g in zip(preds, golds)) / len(docs)
    acc_norm = sum(p == g for p, g in zip(preds_norm, golds)) / len(docs)
    result = {
        "docs": len(docs),
        "doc_id": ids,
        "ll": lls,
        "n_tokens": counts,
        "pred": preds,
        "pred_norm": preds_norm,
        "acc": acc,
    }
    if task not in ACC_ONLY:
        result["acc_norm"] = acc_norm
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=MODEL_DEFAULT, help="GGUF file, relative to the package root")
    parser.add_argument("--limit", type=int, default=100, help="first N documents of each task")
    parser.add_argument("--tasks", default=",".join(TASKS), help="comma-separated task names")
    parser.add_argument("--out", default=FIXTURE, help="output JSON, relative to the package root")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.limit < 1:
        raise SystemExit("--limit must be at least 1")

    import transformers

    torch.set_num_threads(args.threads)
    model_path = (ROOT / args.model).resolve()
    if not model_path.exists():
        raise SystemExit(f"{model_path} not found: run scripts/setup")
    model, tokenizer = load(model_path)
    check_config(model, tokenizer, model_path)
    encode = Encoder(tokenizer, gguf_pre_tokenizer(model_path))
    scorer = HarnessScorer(model, tokenizer, encode)
    golden = {
        "transformers_version": transformers.__version__,
        "torch_version": torch.__version__,
        "model_file": args.model,
        "model_sha256": sha256_of(model_path),
        "tokenizer": encode.description,
        "max_length": scorer.max_length,
        "limit": args.limit,
        "ll_decimals": 5,
        "tasks": {},
    }
    for task in args.tasks.split(","):
        path = ROOT / "data" / "tasks" / f"{task}.jsonl"
        if not path.exists():
            if task == "mmlu":
                log("mmlu: data/tasks/mmlu.jsonl not prepared, skipped")
                continue
            raise SystemExit(f"{path} not found: run scripts/setup")
        docs, digest = read_docs(path, args.limit)
        started = time.perf_counter()
        result = score_task(scorer, task, docs)
        result["lines_sha256"] = digest
        golden["tasks"][task] = result
        norm = f" acc_norm {result['acc_norm']:.3f}" if "acc_norm" in result else ""
        log(f"{task}: {len(docs)} docs, acc {result['acc']:.3f}{norm} ({time.perf_counter() - started:.0f} s)")
    write_json(golden, (ROOT / args.out).resolve())


if __name__ == "__main__":
    main()
