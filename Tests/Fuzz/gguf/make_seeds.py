#!/usr/bin/env python3
"""Writes tiny GGUF seed files for the gguf fuzz target into the folder given as the only argument.

Each seed is a valid GGUF v3 file of a few hundred bytes: metadata of every value type (a llama-style
configuration and a four-token byte-level BPE vocabulary) and small tensors in F32, F16, BF16, Q8_0, Q4_0,
Q4_1, Q5_0, Q5_1, Q4_K, Q5_K and Q6_K, so the fuzzer starts from inputs that reach dequantization.
Standard library only; the files are generated here rather than committed.
"""
import os
import random
import struct
import sys

# ggml type id, block size (elements), bytes per block
TYPES = {
    "F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q4_1": (3, 32, 20), "Q5_0": (6, 32, 22),
    "Q5_1": (7, 32, 24), "Q8_0": (8, 32, 34), "Q4_K": (12, 256, 144), "Q5_K": (13, 256, 176),
    "Q6_K": (14, 256, 210), "BF16": (30, 1, 2),
}
U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)


def gguf_string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def value(kind, v):
    if kind == STR:
        return gguf_string(v)
    if kind == ARR:
        inner, items = v
        return struct.pack("<IQ", inner, len(items)) + b"".join(value(inner, x) for x in items)
    fmt = {U8: "B", I8: "b", U16: "H", I16: "h", U32: "I", I32: "i", F32: "f", BOOL: "?", U64: "Q",
           I64: "q", F64: "d"}[kind]
    return struct.pack("<" + fmt, v)


def gguf(metadata, tensors, alignment=32):
    out = bytearray(b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata)))
    for key, kind, v in metadata:
        out += gguf_string(key) + struct.pack("<I", kind) + value(kind, v)
    offset, blobs = 0, []
    for name, dims, type_name, blob in tensors:
        out += gguf_string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", TYPES[type_name][0], offset)
        blobs.append((offset, blob))
        offset += (len(blob) + alignment - 1) // alignment * alignment
    out += b"\0" * (-len(out) % alignment)
    base = len(out)
    for start, blob in blobs:
        out += b"\0" * (base + start - len(out)) + blob
    return bytes(out)


def tensor(rng, name, type_name, rows, row_length):
    _, block, size = TYPES[type_name]
    blob = bytes(rng.randrange(256) for _ in range(rows * row_length // block * size))
    if type_name == "F32":
        blob = b"".join(struct.pack("<f", rng.uniform(-1, 1)) for _ in range(rows * row_length))
    return (name, [row_length, rows], type_name, blob)


def main(folder):
    rng = random.Random(0)
    llama = [
        ("general.architecture", STR, "llama"), ("general.alignment", U32, 32),
        ("llama.block_count", U32, 1), ("llama.context_length", U32, 64), ("llama.embedding_length", U32, 32),
        ("llama.feed_forward_length", U32, 64), ("llama.attention.head_count", U32, 4),
        ("llama.attention.head_count_kv", U32, 2), ("llama.rope.freq_base", F32, 10000.0),
        ("llama.attention.layer_norm_rms_epsilon", F32, 1e-5), ("tokenizer.ggml.model", STR, "gpt2"),
        ("tokenizer.ggml.pre", STR, "smollm"), ("tokenizer.ggml.tokens", ARR, (STR, ["a", "b", "ab", "<s>"])),
        ("tokenizer.ggml.token_type", ARR, (I32, [1, 1, 1, 3])), ("tokenizer.ggml.merges", ARR, (STR, ["a b"])),
        ("tokenizer.ggml.bos_token_id", U32, 3), ("tokenizer.ggml.add_bos_token", BOOL, False),
    ]
    every_type = [
        ("t.u8", U8, 7), ("t.i8", I8, -7), ("t.u16", U16, 700), ("t.i16", I16, -700), ("t.i64", I64, -1),
        ("t.u64", U64, 1 << 40), ("t.f64", F64, 0.5), ("t.nested", ARR, (ARR, [(U8, [1, 2]), (U8, [])])),
    ]
    seeds = {
        "llama-f32": gguf(llama, [tensor(rng, "token_embd.weight", "F32", 4, 32),
                                  tensor(rng, "output_norm.weight", "F32", 1, 32)]),
        "types": gguf(llama + every_type, []),
        "empty": gguf([], []),
    }
    for type_name in TYPES:
        if type_name == "F32":
            continue
        row_length = TYPES[type_name][1] if TYPES[type_name][1] > 1 else 32
        seeds["tensor-" + type_name.lower()] = gguf(
            [("general.architecture", STR, "llama")], [tensor(rng, "blk.0.attn_q.weight", type_name, 2, row_length)])
    for name, data in seeds.items():
        with open(os.path.join(folder, name + ".gguf"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
