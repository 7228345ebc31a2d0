#!/usr/bin/env python3
"""Golden fixture for the Swift pruning methods: Wanda and SparseGPT in PyTorch, run as the anchors run them.

Loads the default GGUF model into transformers in float32 (as scripts/golden/model.py does), takes FIXED
calibration token arrays (8 windows of 128 tokens of data/text/wikipedia.jsonl, documents joined with "\\n\\n",
tokenized once, window starts from random.Random(0); the ids are stored in the fixture, so the Swift test
needs no text and no tokenizer; the committed fixture's ids come from the earlier squad_shifts new_wiki text, as
its text_file and text_sha256 record), and runs the sequential pipeline of wanda/lib/prune.py and sparsegpt/llama.py: a catcher
on layer 0 collects the embeddings and the decoder-layer keyword arguments; per layer, forward hooks feed
WrappedGPT.add_batch (scaler_row) or SparseGPT.add_batch (H), all 7 linears are pruned from the same dense
pass, and the samples are re-run through the pruned layer (batch size 1 throughout, as the references).

Methods, transcribed from the anchors (locuslab/wanda lib/prune.py + lib/layerwrapper.py,
IST-DASLab/sparsegpt sparsegpt.py): prune_wanda (unstructured: stable sort per row, first int(cols*s);
N:M: topk(largest=False) of every aligned M-group) and SparseGPT.fasterprune (blocksize 128, percdamp 0.01).

Writes Tests/PruningTests/Fixtures/pruning_golden.json (< 4 MB):
  - tokens: the calibration ids;
  - wanda_0.5 and wanda_2:4: for layers 0-1 every linear's full keep mask (row-major bits, numpy packbits
    little bit order, base64; Swift's Foundation has no zlib on Linux); for all 30 layers, per linear:
    pruned count, sha256 of the packed full mask, the keep bits of SAMPLE_ROWS sampled rows, and the number of rows (groups for N:M) whose
    cut falls on a tie or a near-tie (relative gap < 1e-5) of the reference scores;
  - sparsegpt "0.5 pruned" (the anchors' re-propagation) and "0.5 dense" (layer 1 fed the dense layer 0's
    outputs, so its inputs do not depend on layer 0's threshold near-ties): for layers 0-1, per linear: keep
    bits and updated weights (float32) of the sampled rows, the Frobenius norm of the full updated weight and
    of its change, fasterprune's error sum, and which rows hold a score within a relative 1e-4 of their
    block's threshold (where float differences flip the mask and then the rest of the row's updates).

Usage (venv per INTERFACES.md / scripts/golden/README.md):
  /work/main/.venv-ref/bin/python scripts/golden/pruning.py [--threads 2] [--only sparsegpt]
"""

import argparse
import base64
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

ROOT = Path(__file__).resolve().parents[2]
MODEL = "models/SmolLM2-135M-Instruct.Q4_1.gguf"
TEXT = "data/text/wikipedia.jsonl"
FIXTURE = "Tests/PruningTests/Fixtures/pruning_golden.json"
NSAMPLES = 8
SEQLEN = 128
SEED = 0
FULL_LAYERS = 2
SAMPLE_ROWS = 8
NEAR_TIE = 1e-5
NEAR_TIE_SPARSEGPT = 1e-4
NAMES = [
    "self_attn.q_proj",
    "self_attn.k_proj",
    "self_attn.v_proj",
    "self_attn.o_proj",
    "mlp.gate_proj",
    "mlp.up_proj",
    "mlp.down_proj",
]
KINDS = ["q", "k", "v", "o", "gate", "up", "down"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------------------
# Statistics, as wanda/lib/layerwrapper.py (WrappedGPT) and sparsegpt.py (SparseGPT.add_batch).


class WrappedGPT:
    def __init__(self, layer):
        self.layer = layer
        self.columns = layer.weight.data.shape[1]
        self.scaler_row = torch.zeros((self.columns), device=layer.weight.device)
        self.nsamples = 0

    def add_batch(self, inp, out):
        if len(inp.shape) == 2:
            inp = inp.unsqueeze(0)
        tmp = inp.shape[0]
        if len(inp.shape) == 3:
            inp = inp.reshape((-1, inp.shape[-1]))
        inp = inp.t()
        self.scaler_row *= self.nsamples / (self.nsamples + tmp)
        self.nsamples += tmp
        inp = inp.type(torch.float32)
        self.scaler_row += torch.norm(inp, p=2, dim=1) ** 2 / self.nsamples


class SparseGPT:
    track_ties = True  # not part of the reference: record rows with scores on a block threshold

    def __init__(self, layer):
        self.layer = layer
        W = layer.weight.data
        self.rows = W.shape[0]
        self.columns = W.shape[1]
        self.H = torch.zeros((self.columns, self.columns))
        self.nsamples = 0

    def add_batch(self, inp, out):
        if len(inp.shape) == 2:
            inp = inp.unsqueeze(0)
        tmp = inp.shape[0]
        if len(inp.shape) == 3:
            inp = inp.reshape((-1, inp.shape[-1]))
        inp = inp.t()
        self.H *= self.nsamples / (self.nsamples + tmp)
        self.nsamples += tmp
        inp = math.sqrt(2 / self.nsamples) * inp.float()
        self.H += inp.matmul(inp.t())

    def fasterprune(self, sparsity, prunen=0, prunem=0, blocksize=128, percdamp=0.01):
        W = self.layer.weight.data.clone().float()
        # Not in the reference: which rows hold a score within NEAR_TIE_SPARSEGPT of their block's threshold
        # (a float difference there flips the mask and changes the rest of the row's updates).
        self.near_tie_rows = torch.zeros(self.rows, dtype=torch.bool)
        H = self.H
        del self.H
        dead = torch.diag(H) == 0
        H[dead, dead] = 1
        W[:, dead] = 0
        Losses = torch.zeros(self.rows)
        damp = percdamp * torch.mean(torch.diag(H))
        diag = torch.arange(self.columns)
        H[diag, diag] += damp
        H = torch.linalg.cholesky(H)
        H = torch.cholesky_inverse(H)
        H = torch.linalg.cholesky(H, upper=True)
        Hinv = H
        mask = None
        for i1 in range(0, self.columns, blocksize):
            i2 = min(i1 + blocksize, self.columns)
            count = i2 - i1
            W1 = W[:, i1:i2].clone()
            Q1 = torch.zeros_like(W1)
            Err1 = torch.zeros_like(W1)
            Losses1 = torch.zeros_like(W1)
            Hinv1 = Hinv[i1:i2, i1:i2]
            if prunen == 0:
                if mask is not None:
                    mask1 = mask[:, i1:i2]
                else:
                    tmp = W1**2 / (torch.diag(Hinv1).reshape((1, -1))) ** 2
                    thresh = torch.sort(tmp.flatten())[0][int(tmp.numel() * sparsity)]
                    mask1 = tmp <= thresh
                    if self.track_ties:
                        self.near_tie_rows |= ((tmp - thresh).abs() <= NEAR_TIE_SPARSEGPT * thresh).any(dim=1)
            else:
                mask1 = torch.zeros_like(W1) == 1
            for i in range(count):
                w = W1[:, i]
                d = Hinv1[i, i]
                if prunen != 0 and i % prunem == 0:
                    tmp = W1[:, i : (i + prunem)] ** 2 / (torch.diag(Hinv1)[i : (i + prunem)].reshape((1, -1))) ** 2
                    mask1.scatter_(1, i + torch.topk(tmp, prunen, dim=1, largest=False)[1], True)
                q = w.clone()
                q[mask1[:, i]] = 0
                Q1[:, i] = q
                Losses1[:, i] = (w - q) ** 2 / d**2
                err1 = (w - q) / d
                W1[:, i:] -= err1.unsqueeze(1).matmul(Hinv1[i, i:].unsqueeze(0))
                Err1[:, i] = err1
            W[:, i1:i2] = Q1
            Losses += torch.sum(Losses1, 1) / 2
            W[:, i2:] -= Err1.matmul(Hinv[i1:i2, i2:])
        self.layer.weight.data = W.reshape(self.layer.weight.shape).to(self.layer.weight.data.dtype)
        return float(torch.sum(Losses).item())


# ---------------------------------------------------------------------------------------------------------
# The sequential driver (prepare_calibration_input + the per-layer loop of prune_wanda / prune_sparsegpt).


def find_linears(layer):
    return {name: module for name, module in layer.named_modules() if isinstance(module, nn.Linear)}


def capture_inputs(model, samples):
    """Catcher on layer 0: the embeddings of every sample and the keyword arguments of the decoder layers."""
    layers = model.model.layers
    inps = []
    cache = {}

    class Catcher(nn.Module):
        def __init__(self, module):
            super().__init__()
            self.module = module

        def forward(self, inp, *args, **kwargs):
            inps.append(inp)
            cache.update(kwargs)
            raise ValueError

    layers[0] = Catcher(layers[0])
    for sample in samples:
        try:
            model(torch.tensor([sample], dtype=torch.long), use_cache=False)
        except ValueError:
            pass
    layers[0] = layers[0].module
    kwargs = {k: v for k, v in cache.items() if k in ("attention_mask", "position_ids", "position_embeddings")}
    return torch.cat(inps, dim=0), kwargs


def run_layer(layer, inps, kwargs):
    outs = torch.zeros_like(inps)
    for j in range(inps.shape[0]):
        out = layer(inps[j].unsqueeze(0), **kwargs)
        hidden = out[0] if isinstance(out, tuple) else out
        outs[j] = hidden[0]
    return outs


def wanda_mask(W_metric, sparsity, prune_n, prune_m, count_ties=True):
    """prune_wanda's mask (True = pruned), plus the count of comparison groups whose cut is (nearly) tied
    (not part of the reference; count_ties=False skips it for timing)."""
    W_mask = torch.zeros_like(W_metric) == 1
    ties = 0
    if prune_n != 0:
        for ii in range(W_metric.shape[1]):
            if ii % prune_m == 0:
                tmp = W_metric[:, ii : (ii + prune_m)].float()
                W_mask.scatter_(1, ii + torch.topk(tmp, prune_n, dim=1, largest=False)[1], True)
                if not count_ties:
                    continue
                s = torch.sort(tmp, dim=1)[0]
                a, b = s[:, prune_n - 1], s[:, prune_n]
                ties += int(((b - a) <= NEAR_TIE * b.abs()).sum())
    else:
        sort_res = torch.sort(W_metric, dim=-1, stable=True)
        k = int(W_metric.shape[1] * sparsity)
        indices = sort_res[1][:, :k]
        W_mask.scatter_(1, indices, True)
        if count_ties and 0 < k < W_metric.shape[1]:
            a, b = sort_res[0][:, k - 1], sort_res[0][:, k]
            ties = int(((b - a) <= NEAR_TIE * b.abs()).sum())
    return W_mask, ties


@torch.no_grad()
def prune_wanda(model, samples, sparsity, prune_n, prune_m, count_ties=True, progress=None):
    inps, kwargs = capture_inputs(model, samples)
    layers = model.model.layers
    result = []
    for i in range(len(layers)):
        layer = layers[i]
        subset = find_linears(layer)
        wrapped = {name: WrappedGPT(subset[name]) for name in subset}

        def add_batch(name):
            def hook(_, inp, out):
                wrapped[name].add_batch(inp[0].data, out.data)

            return hook

        handles = [subset[name].register_forward_hook(add_batch(name)) for name in wrapped]
        run_layer(layer, inps, kwargs)
        for h in handles:
            h.remove()
        masks = {}
        for name in NAMES:
            W_metric = torch.abs(subset[name].weight.data) * torch.sqrt(wrapped[name].scaler_row.reshape((1, -1)))
            W_mask, ties = wanda_mask(W_metric, sparsity, prune_n, prune_m, count_ties)
            subset[name].weight.data[W_mask] = 0
            masks[name] = (W_mask, ties)
        result.append(masks)
        inps = run_layer(layer, inps, kwargs)
        (progress or log)(f"wanda {'%d:%d' % (prune_n, prune_m) if prune_n else sparsity}: layer {i + 1}/{len(layers)}")
    return result


@torch.no_grad()
def prune_sparsegpt(
    model, samples, sparsity, prune_n=0, prune_m=0, layers_wanted=FULL_LAYERS, propagate="pruned", progress=None,
    record=True,
):
    """prune_sparsegpt; propagate="dense" feeds the next layer the dense layer's outputs (no second pass)."""
    inps, kwargs = capture_inputs(model, samples)
    layers = model.model.layers
    result = []
    for i in range(layers_wanted):
        layer = layers[i]
        subset = find_linears(layer)
        gpts = {name: SparseGPT(subset[name]) for name in subset}

        def add_batch(name):
            def hook(_, inp, out):
                gpts[name].add_batch(inp[0].data, out.data)

            return hook

        handles = [subset[name].register_forward_hook(add_batch(name)) for name in gpts]
        dense_outs = run_layer(layer, inps, kwargs)
        for h in handles:
            h.remove()
        entries = {}
        for name in NAMES:
            dense = subset[name].weight.data.clone() if record else None
            error = gpts[name].fasterprune(sparsity, prunen=prune_n, prunem=prune_m, percdamp=0.01, blocksize=128)
            if record:
                entries[name] = (dense, subset[name].weight.data.clone(), error, gpts[name].near_tie_rows)
        result.append(entries)
        inps = run_layer(layer, inps, kwargs) if propagate == "pruned" else dense_outs
        (progress or log)(f"sparsegpt {sparsity} ({propagate} propagation): layer {i + 1}/{layers_wanted}")
    return result


# ---------------------------------------------------------------------------------------------------------
# Fixture encoding.


def sample_rows(rows):
    return sorted({(i * rows) // SAMPLE_ROWS for i in range(SAMPLE_ROWS)} | {rows - 1})


def packed(keep):
    """Row-major keep bits (1 = kept), numpy packbits with little bit order."""
    return np.packbits(keep.numpy().astype(np.uint8).reshape(-1), bitorder="little").tobytes()


def b64(data):
    return base64.b64encode(data).decode("ascii")


def wanda_entry(masks, full):
    layers = []
    for i, per_layer in enumerate(masks):
        linears = {}
        for name, kind in zip(NAMES, KINDS):
            pruned, ties = per_layer[name]
            keep = ~pruned
            bits = packed(keep)
            rows = sample_rows(keep.shape[0])
            entry = {
                "rows": keep.shape[0],
                "cols": keep.shape[1],
                "pruned": int(pruned.sum()),
                "sha256": hashlib.sha256(bits).hexdigest(),
                "near_ties": ties,
                "sample_rows": rows,
                "sample_keep": b64(packed(keep[rows])),
            }
            if i < full:
                entry["keep"] = b64(bits)
            linears[kind] = entry
        layers.append(linears)
    return layers


def sparsegpt_entry(layers_out):
    layers = []
    for per_layer in layers_out:
        linears = {}
        for name, kind in zip(NAMES, KINDS):
            dense, updated, error, near_tie_rows = per_layer[name]
            rows = sample_rows(updated.shape[0])
            keep = updated != 0
            linears[kind] = {
                "rows": updated.shape[0],
                "cols": updated.shape[1],
                "pruned": int((~keep).sum()),
                "error": error,
                "near_tie_rows": int(near_tie_rows.sum()),
                "sample_near_tie": [bool(near_tie_rows[r]) for r in rows],
                "norm": float(updated.double().norm()),
                "change_norm": float((updated.double() - dense.double()).norm()),
                "sample_rows": rows,
                "sample_keep": b64(packed(keep[rows])),
                "sample_weights": b64(updated[rows].numpy().astype("<f4").tobytes()),
            }
        layers.append(linears)
    return layers


def calibration_tokens(tokenizer, path):
    with open(path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    ids = tokenizer("\n\n".join(texts))["input_ids"]
    rng = random.Random(SEED)
    starts = [rng.randint(0, len(ids) - SEQLEN - 1) for _ in range(NSAMPLES)]
    return [ids[s : s + SEQLEN] for s in starts]


def load(model_path, attention="eager"):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = str(model_path.parent), model_path.name
    model = AutoModelForCausalLM.from_pretrained(
        folder, gguf_file=name, dtype=torch.float32, attn_implementation=attention
    )
    model.eval()
    model.config.use_cache = False
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    return model, tokenizer


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=FIXTURE)
    parser.add_argument(
        "--only", choices=["all", "sparsegpt"], default="all", help="sparsegpt: redo only that part of an existing fixture"
    )
    args = parser.parse_args()

    import transformers

    torch.set_num_threads(args.threads)
    model_path = ROOT / MODEL
    text_path = ROOT / TEXT
    for path in (model_path, text_path):
        if not path.exists():
            raise SystemExit(f"{path} not found: run scripts/setup")
    model, tokenizer = load(model_path)
    samples = calibration_tokens(tokenizer, text_path)
    dense_state = {k: v.clone() for k, v in model.state_dict().items()}

    started = time.monotonic()
    fixture = {
        "description": (
            "Wanda and SparseGPT reference masks/weights for SmolLM2-135M-Instruct.Q4_1.gguf (dequantized, float32, "
            "transformers), sequential with pruned-layer re-propagation (SparseGPT also with dense propagation), "
            "batch size 1, on the stored calibration tokens. Produced by scripts/golden/pruning.py. keep: row-major "
            "keep bits (1 = kept), numpy packbits little bit order, base64; sample_weights: float32 LE rows, base64. "
            "near_ties: rows (N:M: groups) whose cut is tied within a relative 1e-5; near_tie_rows: SparseGPT rows "
            "with a score within a relative 1e-4 of a block threshold."
        ),
        "transformers_version": transformers.__version__,
        "torch_version": torch.__version__,
        "model_file": MODEL,
        "model_sha256": sha256_of(model_path),
        "text_file": TEXT,
        "text_sha256": sha256_of(text_path),
        "seed": SEED,
        "tokens": samples,
        "full_layers": FULL_LAYERS,
        "wanda": {},
    }
    out = ROOT / args.out
    if args.only == "sparsegpt":
        with open(out) as handle:
            previous = json.load(handle)
        if previous["tokens"] != samples:
            raise SystemExit(f"{args.out} was made from other calibration tokens: regenerate it all")
        fixture["wanda"] = previous["wanda"]
    else:
        for label, (sparsity, n, m) in {"0.5": (0.5, 0, 0), "2:4": (0.5, 2, 4)}.items():
            model.load_state_dict(dense_state)
            fixture["wanda"][label] = wanda_entry(prune_wanda(model, samples, sparsity, n, m), FULL_LAYERS)
    fixture["sparsegpt"] = {}
    for propagate in ("pruned", "dense"):
        model.load_state_dict(dense_state)
        fixture["sparsegpt"][f"0.5 {propagate}"] = sparsegpt_entry(
            prune_sparsegpt(model, samples, 0.5, propagate=propagate)
        )
    fixture["seconds"] = round(time.monotonic() - started, 1)

    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".json.tmp")
    with open(temporary, "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
        handle.write("\n")
    os.replace(temporary, out)
    log(f"wrote {args.out} ({out.stat().st_size} bytes) in {fixture['seconds']} s")


if __name__ == "__main__":
    main()
