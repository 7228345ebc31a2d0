#!/usr/bin/env python3
"""Golden fixtures for the Swift Calibration module, from CPython, numpy, transformers and datasketch.

Writes Tests/CalibrationTests/Fixtures/calibration_golden.json with:

  sampling    windows of the Wanda/SparseGPT protocol (`get_c4`: random document with more than
              `len` tokens, random window) and of the seed paper (`' '.join` then random windows),
              seed 0, CPython `random`, tokenized by transformers' tokenizer of the GGUF with SmolLM2's
              digit-splitting pre-tokenizer restored (as model.py)
  warpers     transformers' RepetitionPenaltyLogitsProcessor, TemperatureLogitsWarper,
              TopKLogitsWarper, TopPLogitsWarper alone and chained as `generate` builds them,
              on fixed random logits (float32) and fixed histories
  scoring     per-sample perplexity (HF `labels=input_ids` loss) and Min-K%++ (zjysteven/mink-plus-plus
              `run.py`) under the model in float32, on fixed token sequences cut from each source
  percentile  numpy.percentile (linear) on fixed values, and the kept indices of the seed's filter
  minhash     datasketch (scheme "legacy": sha1_hash32, a,b from RandomState(1), p = 2^61 - 1)
              permutations, hash values, LSH (bands, rows) for several thresholds
  jaccard     the source-to-source table: exact Jaccard of word 3-gram sets and the MinHash estimate

Run from anywhere (paths are relative to the package root; about 3 minutes on 2 cores):

  /work/main/.venv-ref/bin/python scripts/golden/calibration.py

Needs the venv of scripts/golden/README.md plus `datasketch` (pip install datasketch).
"""

import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
TEXT = ROOT / "data" / "text"
SOURCES = ["wikipedia", "cnn", "gutenberg", "race", "mctest", "squad_dev"]
OUT = ROOT / "Tests" / "CalibrationTests" / "Fixtures" / "calibration_golden.json"

SAMPLE_SEED = 0
SAMPLE_N = 6
SAMPLE_LEN = 256
SCORE_TOKENS = 160
MINK_RATIOS = [0.1, 0.2, 0.5, 1.0]
LSH_CASES = [(0.5, 128), (0.7, 128), (0.8, 128), (0.9, 128), (0.5, 64), (0.3, 256)]


def log(message):
    print(message, file=sys.stderr, flush=True)


def documents(name):
    with open(TEXT / f"{name}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def floats(tensor):
    """A float32 tensor as JSON floats (exact: a float32 is exactly a double), -inf as None."""
    return [None if v == float("-inf") else float(v) for v in tensor.tolist()]


# ---------------------------------------------------------------- sampling


def wanda_windows(docs, encode, n, seqlen, seed):
    """wanda/lib/data.py::get_c4, with the document index and start recorded."""
    random.seed(seed)
    out = []
    for _ in range(n):
        while True:
            i = random.randint(0, len(docs) - 1)
            ids = encode(docs[i])
            if len(ids) > seqlen:
                break
        start = random.randint(0, len(ids) - seqlen - 1)
        out.append({"document": i, "start": start, "tokens": ids[start : start + seqlen]})
    return out


def joined_windows(docs, encode, n, seqlen, seed):
    """The seed paper's get_selfgen: join with ' ', tokenize once, random windows."""
    ids = encode(" ".join(docs))
    random.seed(seed)
    out = []
    for _ in range(n):
        start = random.randint(0, len(ids) - seqlen - 1)
        out.append({"start": start, "tokens": ids[start : start + seqlen]})
    return len(ids), out


# ---------------------------------------------------------------- warpers


def warper_cases(model):
    from transformers import GenerationConfig, LogitsProcessorList
    from transformers.generation.logits_process import (
        RepetitionPenaltyLogitsProcessor,
        TemperatureLogitsWarper,
        TopKLogitsWarper,
        TopPLogitsWarper,
    )

    rng = np.random.default_rng(7)
    vocab = 1000
    logits = (rng.standard_normal((4, vocab)) * 3).astype(np.float32)
    logits[3] = np.round(logits[3], 0)  # many exact ties: top-k keeps every tie of the k-th value
    history = rng.integers(0, vocab, size=(4, 24))
    history[:, 12:] = history[:, :12]  # repeats: each id is penalised once
    scores = torch.from_numpy(logits)
    ids = torch.from_numpy(history).long()

    config = GenerationConfig(do_sample=True, top_k=50, top_p=0.95, temperature=0.6, repetition_penalty=1.2)
    chain = model._get_logits_processor(
        generation_config=config,
        input_ids_seq_length=ids.shape[1],
        encoder_input_ids=ids,
        prefix_allowed_tokens_fn=None,
        logits_processor=LogitsProcessorList(),
        device="cpu",
        model_kwargs={},
    )
    order = [type(p).__name__ for p in chain]
    log(f"generate's processors: {order}")
    single = {
        "repetition_penalty_1.2": RepetitionPenaltyLogitsProcessor(1.2),
        "repetition_penalty_0.8": RepetitionPenaltyLogitsProcessor(0.8),
        "temperature_0.6": TemperatureLogitsWarper(0.6),
        "top_k_50": TopKLogitsWarper(50),
        "top_k_1": TopKLogitsWarper(1),
        "top_p_0.95": TopPLogitsWarper(0.95),
        "top_p_0.5": TopPLogitsWarper(0.5),
        "top_p_0.0001": TopPLogitsWarper(0.0001),
    }
    outputs = {name: [floats(row) for row in proc(ids, scores.clone())] for name, proc in single.items()}
    outputs["generate_chain"] = [floats(row) for row in chain(ids, scores.clone())]
    probs = torch.softmax(chain(ids, scores.clone()), dim=-1)
    return {
        "vocab": vocab,
        "logits": [floats(row) for row in scores],
        "history": history.tolist(),
        "chain_order": order,
        "chain_settings": {"temperature": 0.6, "top_k": 50, "top_p": 0.95, "repetition_penalty": 1.2},
        "outputs": outputs,
        "chain_probabilities": [floats(row) for row in probs],
    }


# ---------------------------------------------------------------- scoring


@torch.no_grad()
def scoring_cases(model, encode):
    cases = []
    for name in SOURCES:
        text = documents(name)[1]
        ids = encode(text)[:SCORE_TOKENS]
        cases.append({"name": f"{name}[1]", "tokens": ids})
    short = encode("The cat sat on the mat, and then it slept all afternoon in the sun.")
    cases.append({"name": "short", "tokens": short})
    for case in cases:
        input_ids = torch.tensor([case["tokens"]])
        out = model(input_ids=input_ids, labels=input_ids, use_cache=False)
        logits = out.logits[0].double()
        case["loss"] = float(out.loss)
        case["ppl"] = float(torch.exp(out.loss))
        # Min-K%++ exactly as run.py, in float64 from the float32 logits.
        target = input_ids[0][1:].unsqueeze(-1)
        probs = torch.softmax(logits[:-1], dim=-1)
        log_probs = torch.log_softmax(logits[:-1], dim=-1)
        token_log_probs = log_probs.gather(dim=-1, index=target).squeeze(-1)
        mu = (probs * log_probs).sum(-1)
        sigma = (probs * torch.square(log_probs)).sum(-1) - torch.square(mu)
        mink_plus = (token_log_probs - mu) / sigma.sqrt()
        scores = {}
        for ratio in MINK_RATIOS:
            k_length = int(len(mink_plus) * ratio)
            scores[str(ratio)] = float(np.mean(np.sort(mink_plus.numpy())[:k_length]))
        case["mink_pp"] = scores
        case["token_log_probs"] = [float(v) for v in token_log_probs[:12]]
        case["mu"] = [float(v) for v in mu[:12]]
        case["sigma2"] = [float(v) for v in sigma[:12]]
        log(f"  {case['name']}: {len(case['tokens'])} tokens, ppl {case['ppl']:.4f}, mink++ {scores['0.2']:.4f}")
    return cases


def percentile_cases():
    rng = np.random.default_rng(11)
    values = np.exp(rng.standard_normal(37) * 0.5 + 2.5)
    values[5] = values[9]  # a tie
    qs = [0.0, 12.5, 50.0, 80.0, 90.0, 99.0, 100.0]
    threshold = np.percentile(values, 80)
    return {
        "values": values.tolist(),
        "q": qs,
        "percentiles": [float(np.percentile(values, q)) for q in qs],
        "kept_drop_0.2": [i for i, v in enumerate(values) if v < threshold],
    }


# ---------------------------------------------------------------- similarity


def shingles(docs):
    """Word 3-grams of each document (whitespace-split words joined by one space), as one set."""
    out = set()
    for text in docs:
        words = text.split()
        for i in range(len(words) - 2):
            out.add(" ".join(words[i : i + 3]))
    return out


def minhash_of(items):
    from datasketch import MinHash

    m = MinHash(num_perm=128, seed=1, scheme="legacy")
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return m


def minhash_cases(sets):
    from datasketch import MinHash
    from datasketch.hashfunc import sha1_hash32
    from datasketch.lsh import _optimal_param

    base = MinHash(num_perm=128, seed=1, scheme="legacy")
    a, b = base.permutations
    probes = ["", "a", "the cat sat", "naïve café ☕", "x" * 100]
    small = sorted(shingles(documents("cnn")[:1]))
    m = MinHash(num_perm=128, seed=1, scheme="legacy")
    for s in small:
        m.update(s.encode("utf-8"))
    other = MinHash(num_perm=64, seed=42, scheme="legacy")
    return {
        "a": [int(v) for v in a],
        "b": [int(v) for v in b],
        "a_seed42_64": [int(v) for v in other.permutations[0]],
        "b_seed42_64": [int(v) for v in other.permutations[1]],
        "sha1_hash32": [{"text": p, "hash": sha1_hash32(p.encode("utf-8"))} for p in probes],
        "cnn0_shingles": len(small),
        "cnn0_hashvalues": [int(v) for v in m.hashvalues],
        "lsh": [
            {"threshold": t, "num_perm": n, "bands_rows": list(_optimal_param(t, n, 0.5, 0.5))} for t, n in LSH_CASES
        ],
    }


def jaccard_table(sets, hashes):
    rows = []
    for i, x in enumerate(SOURCES):
        for y in SOURCES[i + 1 :]:
            exact = len(sets[x] & sets[y]) / len(sets[x] | sets[y])
            rows.append({"a": x, "b": y, "exact": exact, "minhash": float(hashes[x].jaccard(hashes[y]))})
            log(f"  {x:>15} {y:>15}  exact {exact:.5f}  minhash {rows[-1]['minhash']:.5f}")
    return {
        "sizes": {name: len(sets[name]) for name in SOURCES},
        "hashvalues": {name: [int(v) for v in hashes[name].hashvalues] for name in SOURCES},
        "pairs": rows,
    }


def main():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log("loading the model (float32, eager) ...")
    model = AutoModelForCausalLM.from_pretrained(
        str(MODEL.parent), gguf_file=MODEL.name, dtype=torch.float32, attn_implementation="eager"
    )
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(MODEL.parent), gguf_file=MODEL.name)
    # Token ids as the model's own tokenizer makes them (SmolLM2's digit-splitting pre-tokenizer restored, as in
    # model.py and tokenizer.py); transformers' GGUF fallback differs e.g. on "\n\n" before a digit.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from model import Encoder, gguf_pre_tokenizer

    encode = Encoder(tokenizer, gguf_pre_tokenizer(MODEL))
    torch.set_num_threads(2)

    log("sampling ...")
    cnn = documents("cnn")
    gutenberg = documents("gutenberg")
    joined_tokens, joined = joined_windows(gutenberg, encode, SAMPLE_N, SAMPLE_LEN, SAMPLE_SEED)
    sampling = {
        "seed": SAMPLE_SEED,
        "n": SAMPLE_N,
        "len": SAMPLE_LEN,
        "wanda": {"source": "cnn", "windows": wanda_windows(cnn, encode, SAMPLE_N, SAMPLE_LEN, SAMPLE_SEED)},
        "joined": {"source": "gutenberg", "tokens": joined_tokens, "windows": joined},
    }
    log("warpers ...")
    warpers = warper_cases(model)
    log("scoring ...")
    scoring = scoring_cases(model, encode)
    log("similarity ...")
    sets = {name: shingles(documents(name)) for name in SOURCES}
    hashes = {name: minhash_of(sets[name]) for name in SOURCES}
    fixture = {
        "generator": "scripts/golden/calibration.py",
        "model_sha256": sha256_of(MODEL),
        "text_sha256": {name: sha256_of(TEXT / f"{name}.jsonl") for name in SOURCES},
        "bos_token_id": tokenizer.bos_token_id,
        "eos_token_id": model.generation_config.eos_token_id,
        "sampling": sampling,
        "warpers": warpers,
        "scoring": {"ratios": MINK_RATIOS, "cases": scoring},
        "percentile": percentile_cases(),
        "minhash": minhash_cases(sets),
        "jaccard": jaccard_table(sets, hashes),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    log(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
