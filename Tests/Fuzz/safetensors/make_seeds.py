#!/usr/bin/env python3
"""Writes tiny safetensors seed files for the safetensors fuzz target into the folder given as the only
argument: every dtype the reader knows, metadata, an empty tensor and a scalar. Standard library only."""
import json
import os
import struct
import sys

SIZES = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def safetensors(entries, metadata=None):
    header, data = {}, bytearray()
    for name, dtype, shape in entries:
        count = 1
        for d in shape:
            count *= d
        blob = bytes((i * 37 + 11) % 256 for i in range(count * SIZES[dtype]))
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(data)


def main(folder):
    seeds = {
        "dtypes": safetensors([("w." + d.lower(), d, [2, 3]) for d in SIZES], {"format": "pt"}),
        "model": safetensors([("model.embed_tokens.weight", "F32", [4, 8]), ("model.norm.weight", "F16", [8]),
                              ("lm_head.weight", "BF16", [4, 8])]),
        "edge": safetensors([("empty", "F32", [0, 4]), ("scalar", "F32", [])]),
        "no-tensors": safetensors([], {}),
    }
    for name, data in seeds.items():
        with open(os.path.join(folder, name + ".safetensors"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
