#!/usr/bin/env python3
"""Turn BIG-bench squad_shifts (SQuAD-format JSON) into plain-text JSONL sources.

Each output line is {"text": paragraph}: the unique `data[].paragraphs[].context`
strings of one file, whitespace-stripped, in first-seen order. The `*_removed.json`
files beside them list removed *answers* (not paragraphs) and are ignored.

    reddit_v1.0.json          -> reddit.jsonl          (web forum)
    amazon_reviews_v1.0.json  -> amazon_reviews.jsonl  (web, product reviews)
    nyt_v1.0.json             -> nyt.jsonl             (news)
    new_wiki_v1.0.json        -> new_wiki.jsonl        (encyclopedic)
    squaddev_v1.1.json        -> squad.jsonl           (SQuAD v1.1 dev, Wikipedia: held-out eval text)

Standard library only. Every output is written to a temporary name and renamed.
Usage: prepare_text.py SRC_DIR OUT_DIR
"""

import json
import os
import sys

SOURCES = [
    ("reddit", "reddit_v1.0.json"),
    ("amazon_reviews", "amazon_reviews_v1.0.json"),
    ("nyt", "nyt_v1.0.json"),
    ("new_wiki", "new_wiki_v1.0.json"),
    ("squad", "squaddev_v1.1.json"),
]

# Characters that some line splitters (e.g. Swift's Character.isNewline) treat as line
# breaks although JSON allows them raw: escape them so one document is one physical line.
LINE_BREAK_ESCAPES = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(obj):
    """One JSONL line: UTF-8, no raw characters that could split the line."""
    line = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in LINE_BREAK_ESCAPES.items():
        line = line.replace(raw, escaped)
    return line + "\n"


def unique_contexts(path):
    """Unique stripped paragraph contexts of a SQuAD-format file, in first-seen order."""
    with open(path, encoding="utf-8") as handle:
        squad = json.load(handle)
    if not isinstance(squad, dict) or "data" not in squad:
        raise SystemExit(f"prepare_text: {path} is not SQuAD-format JSON (no top-level 'data')")
    seen = set()
    texts = []
    total = 0
    for article in squad["data"]:
        for paragraph in article["paragraphs"]:
            total += 1
            text = paragraph["context"].strip()
            if text and text not in seen:
                seen.add(text)
                texts.append(text)
    return texts, total


def write_atomic(path, lines):
    """Write lines to path through a temporary file in the same folder."""
    tmp = f"{path}.tmp.{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(lines)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main(argv):
    if len(argv) != 3:
        raise SystemExit("usage: prepare_text.py SRC_DIR OUT_DIR")
    src, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    print(f"{'source':<16} {'paragraphs':>10} {'docs':>6} {'text bytes':>11} {'file bytes':>11}  file")
    for name, filename in SOURCES:
        path = os.path.join(src, filename)
        if not os.path.isfile(path):
            raise SystemExit(f"prepare_text: missing {path} (run scripts/setup to extract squad_shifts)")
        texts, total = unique_contexts(path)
        target = os.path.join(out, f"{name}.jsonl")
        write_atomic(target, (json_line({"text": t}) for t in texts))
        text_bytes = sum(len(t.encode("utf-8")) for t in texts)
        print(f"{name:<16} {total:>10} {len(texts):>6} {text_bytes:>11} {os.path.getsize(target):>11}  {target}")


if __name__ == "__main__":
    main(sys.argv)
