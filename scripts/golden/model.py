#!/usr/bin/env python3
"""Golden fixtures for the Swift model runtime and perplexity, from PyTorch + transformers.

Loads the default GGUF model into transformers in float32 (transformers dequantizes each
tensor with the `gguf` package and un-permutes llama.cpp's Q/K row order; this script checks
every weight against an independent dequantization before trusting it), then writes:

  Tests/ModelTests/Fixtures/model_golden.json       logits on two prompts (>= 100 tokens)
  Tests/EvaluationTests/Fixtures/ppl_golden.json    perplexity on data/text/squad_dev.jsonl,
                                                     seqlen 512, first 64 windows

Run from anywhere (paths are relative to the package root):

  /work/main/.venv-ref/bin/python scripts/golden/model.py            # both fixtures
  /work/main/.venv-ref/bin/python scripts/golden/model.py --only logits
  /work/main/.venv-ref/bin/python scripts/golden/model.py --only ppl --wait 1800

Tokenization: transformers 5.x has no entry for the GGUF pre-tokenizer "smollm", so its GGUF
tokenizer falls back to plain GPT-2 ByteLevel and loses the digit split that SmolLM2's own
tokenizer.json and llama.cpp use (they differ e.g. on "\n\n" before a digit). Token ids here
come from the same tokenizer with SmolLM2's pre-tokenizer restored (as the Swift tokenizer and
scripts/golden/tokenizer.py do); the unmodified count is recorded beside it.

Needs torch 2.13 CPU, transformers, gguf, numpy and accelerate (transformers requires it
for GGUF loading). See scripts/golden/README.md.
"""

import argparse
import copy
import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
MODEL_DEFAULT = "models/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_FIXTURE = "Tests/ModelTests/Fixtures/model_golden.json"
PPL_FIXTURE = "Tests/EvaluationTests/Fixtures/ppl_golden.json"
HELD_OUT_DEFAULT = "data/text/squad_dev.jsonl"

# What the default model must look like once transformers has read it (DESIGN.md).
EXPECTED_CONFIG = {
    "num_hidden_layers": 30,
    "hidden_size": 576,
    "num_attention_heads": 9,
    "num_key_value_heads": 3,
    "intermediate_size": 1536,
    "vocab_size": 49152,
    "head_dim": 64,
    "tie_word_embeddings": True,
}

PROMPTS = [
    {
        "name": "prose",
        "text": (
            "The old lighthouse stood at the edge of the cliff for more than two hundred years, its white "
            "paint peeling under the salt wind. Every evening the keeper climbed the one hundred and twelve "
            "steps, trimmed the wick, and wound the clockwork that turned the great lens. Ships passing in "
            "the night saw its beam sweep across the water once every ten seconds, a steady promise that the "
            "rocks were near and the harbour was close. When the keeper finally retired, the village gathered "
            "on the headland to thank him, and the children asked what he had seen from the top of the tower "
            "in all those years."
        ),
    },
    {
        "name": "code_numbers",
        "text": (
            "def moving_average(values, window=3):\n"
            '    """Return the moving average of `values` (window >= 1)."""\n'
            "    if window <= 0:\n"
            '        raise ValueError(f"window must be > 0, got {window}")\n'
            "    out = []\n"
            "    for i in range(len(values) - window + 1):\n"
            "        out.append(sum(values[i:i + window]) / window)\n"
            "    return out\n"
            "\n"
            "# Closing prices in EUR, 2024-03-15 to 2024-03-21\n"
            "prices = [101.25, 99.80, 102.40, 104.15, 98.60]\n"
            "print(moving_average(prices))  # [101.15, 102.11666666666667, 101.71666666666667]\n"
        ),
    },
]

# Frequent tokens whose logits every position reports (looked up by string, so the ids are
# whatever this tokenizer gives them); the first and last vocabulary ids catch off-by-one
# indexing; the rest are drawn at random with a fixed seed.
FREQUENT_STRINGS = [" the", ",", ".", " of", " and", " to", "\n", " a", " in", " is", "(", "1", " =", "    ", "e", " The"]
EDGE_IDS = [0, 49151]
RANDOM_SEED = 1234
PROBE_COUNT = 32

PPL_SEQLEN = 512
PPL_WINDOWS = 64
PPL_BATCH = 8


def log(message):
    print(message, file=sys.stderr, flush=True)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sig(value, digits):
    """A float rounded to `digits` significant digits, as a JSON-friendly Python float."""
    value = float(value)
    if value == 0.0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits - 1}e}")


def load(model_path):
    """The model in float32 (eager attention: the textbook formula) and its tokenizer."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = str(model_path.parent), model_path.name
    model = AutoModelForCausalLM.from_pretrained(
        folder, gguf_file=name, dtype=torch.float32, attn_implementation="eager"
    )
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    return model, tokenizer


def gguf_pre_tokenizer(model_path):
    from gguf import GGUFReader

    field = GGUFReader(str(model_path)).fields.get("tokenizer.ggml.pre")
    return field.contents() if field is not None else None


class Encoder:
    """Text to ids the way the model's own tokenizer does (no BOS: add_bos_token is false)."""

    def __init__(self, tokenizer, pre):
        from tokenizers import pre_tokenizers

        self.tokenizer = tokenizer
        self.pre = pre
        self.backend = tokenizer.backend_tokenizer
        if pre == "smollm":
            self.backend = copy.deepcopy(tokenizer.backend_tokenizer)
            self.backend.pre_tokenizer = pre_tokenizers.Sequence(
                [
                    pre_tokenizers.Digits(individual_digits=True),
                    pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True),
                ]
            )
        self.description = (
            f"transformers' GGUF tokenizer; tokenizer.ggml.pre = {pre!r}"
            + (", pre-tokenizer set to SmolLM2's Sequence[Digits(individual_digits=True), ByteLevel]"
               if pre == "smollm" else "")
        )

    def __call__(self, text):
        return self.backend.encode(text).ids

    def unmodified(self, text):
        return self.tokenizer(text)["input_ids"]


def check_config(model, tokenizer, model_path):
    """Fail loudly if transformers read the GGUF differently from what the Swift side assumes."""
    config = model.config
    for key, expected in EXPECTED_CONFIG.items():
        actual = getattr(config, key)
        if actual != expected:
            raise SystemExit(f"config.{key} is {actual}, expected {expected} ({model_path})")
    rope = getattr(config, "rope_parameters", None) or {}
    rope_theta = rope.get("rope_theta", getattr(config, "rope_theta", None))
    rope_type = rope.get("rope_type", "default")
    if rope_theta != 100000.0 or rope_type != "default":
        raise SystemExit(f"rope is {rope}, expected theta 1e5 and the default rope type")
    if abs(config.rms_norm_eps - 1e-5) > 1e-9:
        raise SystemExit(f"rms_norm_eps is {config.rms_norm_eps}, expected 1e-5")
    if model.lm_head.weight.data_ptr() != model.model.embed_tokens.weight.data_ptr():
        raise SystemExit("lm_head is not tied to embed_tokens")
    if model.dtype != torch.float32:
        raise SystemExit(f"model dtype is {model.dtype}, expected float32")
    probe = tokenizer("Hello world")["input_ids"]
    if getattr(tokenizer, "add_bos_token", False) or (probe and probe[0] == tokenizer.bos_token_id):
        raise SystemExit(f"tokenizer adds BOS ({probe}), expected add_bos_token false")
    return {
        "model_type": config.model_type,
        "num_hidden_layers": config.num_hidden_layers,
        "hidden_size": config.hidden_size,
        "intermediate_size": config.intermediate_size,
        "num_attention_heads": config.num_attention_heads,
        "num_key_value_heads": config.num_key_value_heads,
        "head_dim": config.head_dim,
        "vocab_size": config.vocab_size,
        "rope_theta": rope_theta,
        "rope_type": rope_type,
        "rms_norm_eps": config.rms_norm_eps,
        "tie_word_embeddings": bool(config.tie_word_embeddings),
        "max_position_embeddings": config.max_position_embeddings,
        "bos_token_id": tokenizer.bos_token_id,
        "eos_token_id": tokenizer.eos_token_id,
        "add_bos_token": False,
        "attn_implementation": config._attn_implementation,
    }


def check_weights(model, model_path):
    """Compare every parameter with gguf.dequantize + llama.cpp's Q/K permutation undone here.

    llama.cpp's converter reorders the rows of Q and K inside each head from HF's
    rotate_half layout (first half, second half) to interleaved pairs: GGUF row
    h*64 + 2*i + p holds HF row h*64 + p*32 + i (p in {0, 1}, i < 32).
    """
    from gguf import GGUFReader, dequantize

    reader = GGUFReader(str(model_path))
    config = model.config
    params = dict(model.named_parameters())
    names = {
        "token_embd.weight": "model.embed_tokens.weight",
        "output_norm.weight": "model.norm.weight",
    }
    per_layer = {
        "attn_norm": "input_layernorm",
        "ffn_norm": "post_attention_layernorm",
        "attn_q": "self_attn.q_proj",
        "attn_k": "self_attn.k_proj",
        "attn_v": "self_attn.v_proj",
        "attn_output": "self_attn.o_proj",
        "ffn_gate": "mlp.gate_proj",
        "ffn_up": "mlp.up_proj",
        "ffn_down": "mlp.down_proj",
    }
    types = {}
    checked = 0
    for tensor in reader.tensors:
        name = tensor.name
        if name in names:
            target = names[name]
        else:
            _, layer, kind, suffix = name.split(".")
            target = f"model.layers.{layer}.{per_layer[kind]}.{suffix}"
        values = np.asarray(dequantize(tensor.data, tensor.tensor_type), dtype=np.float32)
        if ".attn_q." in name or ".attn_k." in name:
            heads = config.num_attention_heads if ".attn_q." in name else config.num_key_value_heads
            rows, cols = values.shape
            half = rows // heads // 2
            values = values.reshape(heads, half, 2, cols).transpose(0, 2, 1, 3).reshape(rows, cols)
        actual = params[target].detach().numpy()
        if actual.shape != values.shape or not np.array_equal(actual, values):
            diff = np.abs(actual - values).max() if actual.shape == values.shape else "shape"
            raise SystemExit(f"{target} differs from gguf.dequantize({name}): {diff}")
        types[tensor.tensor_type.name] = types.get(tensor.tensor_type.name, 0) + 1
        checked += 1
    if checked != len(params):
        raise SystemExit(f"checked {checked} GGUF tensors but the model has {len(params)} parameters")
    return {"tensors_checked": checked, "tensor_types": types, "max_abs_diff": 0.0}


def probe_ids(tokenizer):
    ids = []
    for text in FREQUENT_STRINGS:
        encoded = tokenizer(text, add_special_tokens=False)["input_ids"]
        if len(encoded) != 1:
            raise SystemExit(f"{text!r} is not a single token: {encoded}")
        ids.append(encoded[0])
    ids += EDGE_IDS
    rng = np.random.default_rng(RANDOM_SEED)
    while len(ids) < PROBE_COUNT:
        candidate = int(rng.integers(0, 49152))
        if candidate not in ids:
            ids.append(candidate)
    return ids


@torch.no_grad()
def forward(model, ids):
    """Logits [T, V] and the residual-stream norm at the last position after each decoder layer."""
    norms = []

    def hook(_module, _inputs, output):
        hidden = output[0] if isinstance(output, tuple) else output
        norms.append(float(hidden[0, -1].double().norm()))

    handles = [layer.register_forward_hook(hook) for layer in model.model.layers]
    try:
        input_ids = torch.tensor([ids], dtype=torch.long)
        logits = model(input_ids=input_ids, use_cache=False).logits[0]
        embed_norm = float(model.model.embed_tokens(input_ids)[0, -1].double().norm())
    finally:
        for handle in handles:
            handle.remove()
    return logits, norms, embed_norm


def write_model_golden(model, tokenizer, encode, info, out_path):
    probes = probe_ids(tokenizer)
    probe_tensor = torch.tensor(probes)
    prompts = []
    # A float64 run of the same weights estimates float32 rounding noise alone, which tells the
    # Swift side how much of the 1e-3 budget is already used by summation order.
    model64 = None
    for prompt in PROMPTS:
        ids = encode(prompt["text"])
        if encode.unmodified(prompt["text"]) != ids:
            raise SystemExit(f"prompt {prompt['name']} tokenizes differently without the {encode.pre} pre-tokenizer")
        if len(ids) < 100:
            raise SystemExit(f"prompt {prompt['name']} has only {len(ids)} tokens")
        if tokenizer.decode(ids) != prompt["text"]:
            raise SystemExit(f"prompt {prompt['name']} does not round-trip through the tokenizer")
        logits, norms, embed_norm = forward(model, ids)
        if model64 is None:
            model64 = copy.deepcopy(model).double()
        logits64, _, _ = forward(model64, ids)
        noise = float((logits.double() - logits64).abs().max())
        lse = torch.logsumexp(logits.double(), dim=-1)
        argmax = logits.argmax(dim=-1)
        positions = []
        for t in range(len(ids)):
            row = logits[t]
            entry = {
                "argmax": int(argmax[t]),
                "argmax_logit": sig(row[argmax[t]], 8),
                "logsumexp": sig(lse[t], 8),
                "probe_logits": [sig(v, 7) for v in row[probe_tensor].tolist()],
            }
            if t + 1 < len(ids):
                entry["next_id"] = ids[t + 1]
                entry["next_logit"] = sig(row[ids[t + 1]], 8)
            positions.append(entry)
        prompts.append(
            {
                "name": prompt["name"],
                "text": prompt["text"],
                "token_ids": ids,
                "positions": positions,
                "last_logits": [sig(v, 6) for v in logits[-1].tolist()],
                "embedding_norm_last": sig(embed_norm, 8),
                "hidden_norms_last": [sig(v, 8) for v in norms],
                "float64_max_abs_diff": noise,
            }
        )
        log(f"{prompt['name']}: {len(ids)} tokens, float32 vs float64 max |diff| {noise:.2e}")
    golden = {
        "description": (
            "Logits of SmolLM2-135M-Instruct.Q4_1.gguf (dequantized, float32) from transformers, "
            "produced by scripts/golden/model.py. positions[t] describes the logits predicting token t+1. "
            "probe_logits[j] is the logit of probe_ids[j]. hidden_norms_last[l] is the L2 norm of the "
            "residual stream at the last position after decoder layer l (before the final RMSNorm). "
            "last_logits is the full row of the last position, rounded to 6 significant digits."
        ),
        "tolerance_max_abs": 1e-3,
        **info,
        "tokenizer": encode.description,
        "probe_ids": probes,
        "prompts": prompts,
    }
    write_json(golden, out_path)


def write_json(value, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    with open(temporary, "w") as handle:
        json.dump(value, handle, separators=(",", ":"))
        handle.write("\n")
    os.replace(temporary, path)
    log(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({path.stat().st_size} bytes)")


def wait_for(path, seconds):
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() >= deadline:
            raise SystemExit(f"{path} not found: run scripts/setup (it runs scripts/prepare_text.py)")
        log(f"waiting for {path} ...")
        time.sleep(30)


def held_out_text(path):
    """The Wanda/SparseGPT test text: every document joined with blank lines (tokenized once)."""
    with open(path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    return texts, "\n\n".join(texts)


@torch.no_grad()
def window_nlls(model, ids, seqlen, windows, batch):
    """Mean next-token cross-entropy of each non-overlapping window (seqlen - 1 predictions each)."""
    tokens = torch.tensor(ids[: seqlen * windows], dtype=torch.long).view(windows, seqlen)
    nlls = []
    for start in range(0, windows, batch):
        chunk = tokens[start : start + batch]
        logits = model(input_ids=chunk, use_cache=False).logits
        loss = torch.nn.functional.cross_entropy(
            logits[:, :-1].reshape(-1, logits.shape[-1]).float(), chunk[:, 1:].reshape(-1), reduction="none"
        )
        nlls += loss.view(chunk.shape[0], seqlen - 1).double().mean(dim=1).tolist()
        log(f"ppl windows {start + chunk.shape[0]}/{windows}")
    return nlls


def write_ppl_golden(model, encode, info, text_path, out_path):
    texts, joined = held_out_text(text_path)
    ids = encode(joined)
    unmodified = encode.unmodified(joined)
    available = len(ids) // PPL_SEQLEN
    if available < PPL_WINDOWS:
        raise SystemExit(f"{text_path} gives {available} windows of {PPL_SEQLEN}, need {PPL_WINDOWS}")
    started = time.monotonic()
    nlls = window_nlls(model, ids, PPL_SEQLEN, PPL_WINDOWS, PPL_BATCH)
    elapsed = time.monotonic() - started
    mean_nll = sum(nlls) / len(nlls)
    golden = {
        "description": (
            "Perplexity of SmolLM2-135M-Instruct.Q4_1.gguf (dequantized, float32, transformers) on the "
            "squad_dev documents (SQuAD v1.1 dev paragraphs) joined with \"\\n\\n\" and tokenized once (no BOS), non-overlapping windows of "
            "seqlen tokens, the first `windows` of them, 511 shifted predictions per window; "
            "ppl = exp(mean NLL over all scored tokens). Produced by scripts/golden/model.py."
        ),
        "tolerance_relative": 1e-3,
        "transformers_version": info["transformers_version"],
        "torch_version": info["torch_version"],
        "model_file": info["model_file"],
        "model_sha256": info["model_sha256"],
        "text_file": str(text_path.relative_to(ROOT)) if text_path.is_relative_to(ROOT) else str(text_path),
        "text_sha256": sha256_of(text_path),
        "documents": len(texts),
        "joiner": "\n\n",
        "add_bos": False,
        "tokenizer": encode.description,
        "total_tokens": len(ids),
        "total_tokens_unmodified_transformers_tokenizer": len(unmodified),
        "first_differing_token_unmodified": next(
            (i for i, (a, b) in enumerate(zip(ids, unmodified)) if a != b), None
        ),
        "available_windows": available,
        "first_token_ids": ids[:16],
        "seqlen": PPL_SEQLEN,
        "windows": PPL_WINDOWS,
        "tokens_scored": PPL_WINDOWS * (PPL_SEQLEN - 1),
        "mean_nll": mean_nll,
        "ppl": math.exp(mean_nll),
        "window_mean_nll": nlls,
    }
    log(f"ppl {golden['ppl']:.6f} over {golden['tokens_scored']} tokens ({elapsed:.1f} s)")
    write_json(golden, out_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=MODEL_DEFAULT, help="GGUF file, relative to the package root")
    parser.add_argument("--text", default=HELD_OUT_DEFAULT, help="held-out text (.jsonl with \"text\")")
    parser.add_argument("--only", choices=["all", "logits", "ppl"], default="all")
    parser.add_argument("--wait", type=float, default=0, help="seconds to wait for the held-out text to appear")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import transformers

    torch.set_num_threads(args.threads)
    model_path = (ROOT / args.model).resolve()
    if not model_path.exists():
        raise SystemExit(f"{model_path} not found: run scripts/setup")
    model, tokenizer = load(model_path)
    info = {
        "transformers_version": transformers.__version__,
        "torch_version": torch.__version__,
        "model_file": args.model,
        "model_sha256": sha256_of(model_path),
    }
    config = check_config(model, tokenizer, model_path)
    encode = Encoder(tokenizer, gguf_pre_tokenizer(model_path))
    if args.only in ("all", "logits"):
        weights = check_weights(model, model_path)
        log(f"weights: {weights}")
        extra = {**info, "config": config, "weights": weights}
        write_model_golden(model, tokenizer, encode, extra, ROOT / MODEL_FIXTURE)
    if args.only in ("all", "ppl"):
        text_path = (ROOT / args.text).resolve()
        wait_for(text_path, args.wait)
        write_ppl_golden(model, encode, info, text_path, ROOT / PPL_FIXTURE)


if __name__ == "__main__":
    main()
