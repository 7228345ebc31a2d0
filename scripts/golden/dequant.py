#!/usr/bin/env python3
"""Golden fixtures for the Swift GGUF reader and dequantizers (Tests/ModelTests/Files/GGUFGoldenTests.swift).

Reference: the `gguf` package (gguf-py, llama.cpp's Python reader), `gguf.quants.dequantize`.

Writes to Tests/ModelTests/Fixtures/:
  dequant-model.json      header facts, metadata summary, and for every tensor of the default model:
                          type, PyTorch shape, absolute data offset, sha256 of the little-endian f32 bytes of the
                          dequantized tensor, and its first 8 values as f32 bit patterns.
  dequant-synthetic.json  for each supported type: 4 blocks of seeded random bytes (scale fields overwritten with
                          sane f16 values) as hex, and the expected f32 values as uint32 bit patterns.
  dequant-hf-reference.safetensors + dequant-hf-reference.json
                          a small safetensors file written by `safetensors.torch.save_file` (F32, BF16, F16, U8,
                          metadata), the float32 sources of its tensors and the values it stores, as bit patterns:
                          the Swift reader must read them and the Swift writer must reproduce the file byte for byte.

Usage (venv per INTERFACES.md):
  python3 -m venv /work/main/.venv-ref && /work/main/.venv-ref/bin/pip install gguf numpy
  /work/main/.venv-ref/bin/python scripts/golden/dequant.py [path/to/model.gguf]
(the safetensors reference also needs torch, which the INTERFACES.md venv has)
"""

import hashlib
import json
import pathlib
import sys

import numpy as np
from gguf import GGUFReader, GGMLQuantizationType as T, GGUFValueType as V
from gguf.constants import GGML_QUANT_SIZES
from gguf.quants import dequantize

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "ModelTests" / "Fixtures"
MODEL = ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


def bits(values: np.ndarray) -> list[int]:
    return [int(v) for v in np.ascontiguousarray(values, dtype="<f4").view("<u4").ravel()]


def scalar(field):
    """The JSON form of a scalar metadata value (floats as exact bit patterns are not needed here)."""
    value = field.contents()
    if isinstance(value, float):
        return {"float": value}
    return value


def metadata_summary(reader: GGUFReader) -> dict:
    out = {}
    for key, field in reader.fields.items():
        if key.startswith("GGUF."):
            continue
        types = [t.name for t in field.types]
        if field.types[0] == V.ARRAY:
            contents = field.contents()
            out[key] = {"types": types, "count": len(contents), "first": contents[:3]}
        else:
            out[key] = {"types": types, "value": scalar(field)}
    return out


def model_fixture(path: pathlib.Path) -> dict:
    reader = GGUFReader(str(path))
    tensors = []
    for t in reader.tensors:
        values = dequantize(t.data, t.tensor_type)
        data = np.ascontiguousarray(values, dtype="<f4").tobytes()
        tensors.append({
            "name": t.name,
            "type": t.tensor_type.name,
            "shape": [int(d) for d in reversed(t.shape.tolist())],
            "offset": int(t.data_offset),
            "sha256": hashlib.sha256(data).hexdigest(),
            "first": bits(values.ravel()[:8]),
        })
    return {
        "file": path.name,
        "version": int(reader.fields["GGUF.version"].contents()),
        "alignment": int(reader.alignment),
        "data_offset": int(reader.data_offset),
        "metadata": metadata_summary(reader),
        "tensors": tensors,
    }


def f16_bytes(values) -> np.ndarray:
    return np.asarray(values, dtype="<f2").view(np.uint8)


def synthetic_case(qtype: T, rng: np.random.Generator) -> dict:
    block, size = GGML_QUANT_SIZES[qtype]
    n_blocks = 4 if block > 1 else 64
    raw = rng.integers(0, 256, size=(n_blocks, size), dtype=np.uint8)

    def put(offset, values):
        raw[:, offset:offset + 2] = f16_bytes(values).reshape(n_blocks, 2)

    d = rng.uniform(0.002, 0.06, size=n_blocks) * rng.choice([-1.0, 1.0], size=n_blocks)
    positive = rng.uniform(0.002, 0.06, size=n_blocks)
    minimum = rng.uniform(-0.6, 0.1, size=n_blocks)
    if qtype in (T.Q4_0, T.Q5_0, T.Q8_0):
        put(0, d)
    elif qtype in (T.Q4_1, T.Q5_1):
        put(0, positive)
        put(2, minimum)
    elif qtype in (T.Q4_K, T.Q5_K):
        put(0, positive)
        put(2, -minimum * 0.05)
    elif qtype == T.Q6_K:
        put(208, d)
    elif qtype == T.F16:
        # Random halves, but keep clear of NaNs (whose payload handling is not part of the format).
        halves = raw.reshape(-1).view("<u2").copy()
        nan = (halves & 0x7C00) == 0x7C00
        halves[nan] &= 0x83FF
        raw = halves.view(np.uint8).reshape(n_blocks, size)
    flat = raw.reshape(-1)
    values = dequantize(flat, qtype) if qtype != T.F32 else flat.view(np.float32)
    values = np.asarray(values, dtype=np.float32).ravel()
    assert values.size == n_blocks * block, (qtype.name, values.size)
    return {"type": qtype.name, "count": int(values.size), "hex": flat.tobytes().hex(), "expected": bits(values)}


def safetensors_reference() -> None:
    import torch
    from safetensors.torch import save_file

    sources = {
        "a.weight": ([[0.5, -1.25, 3.0], [1e-3, -0.0, 65504.0]], torch.float32),
        "c.bf16": ([[1.0, -3.14], [0.1, 257.5]], torch.bfloat16),
        "b.half": ([1.0, -2.5, 0.1, 6.1035156e-05, 70000.0], torch.float16),
        "layers.0.mask": ([[1, 0, 1], [0, 0, 1]], torch.uint8),
    }
    tensors = {}
    entries = {}
    for name, (values, dtype) in sources.items():
        if dtype == torch.uint8:
            tensor = torch.tensor(values, dtype=torch.uint8)
            entries[name] = {"dtype": "U8", "shape": list(tensor.shape), "bytes": tensor.flatten().tolist()}
        else:
            source = torch.tensor(values, dtype=torch.float32)
            tensor = source.to(dtype)
            entries[name] = {
                "dtype": {torch.float32: "F32", torch.bfloat16: "BF16", torch.float16: "F16"}[dtype],
                "shape": list(tensor.shape),
                "source": bits(source.numpy()),
                "stored": bits(tensor.to(torch.float32).numpy()),
            }
        tensors[name] = tensor
    metadata = {"format": "pt", "note": 'a "quoted" \\ value'}
    save_file(tensors, str(FIXTURES / "dequant-hf-reference.safetensors"), metadata=metadata)
    reference = {"metadata": metadata, "tensors": entries}
    (FIXTURES / "dequant-hf-reference.json").write_text(json.dumps(reference, indent=1) + "\n")


def main() -> None:
    model = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL
    if not model.exists():
        sys.exit(f"{model} is missing: run scripts/setup first")
    FIXTURES.mkdir(parents=True, exist_ok=True)

    fixture = model_fixture(model)
    (FIXTURES / "dequant-model.json").write_text(json.dumps(fixture, indent=1) + "\n")

    rng = np.random.default_rng(20250207)
    types = [T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q4_K, T.Q5_K, T.Q6_K]
    cases = [synthetic_case(t, rng) for t in types]
    (FIXTURES / "dequant-synthetic.json").write_text(json.dumps({"cases": cases}, indent=1) + "\n")
    safetensors_reference()
    print(f"wrote {len(fixture['tensors'])} tensors and {len(cases)} synthetic cases to {FIXTURES}")


if __name__ == "__main__":
    main()
