#!/usr/bin/env python3
"""Golden fixtures for the Swift byte-level BPE tokenizer (Tests/TokenizerTests).

Reference: the tokenizer transformers builds from the GGUF (`AutoTokenizer.from_pretrained(dir,
gguf_file=...)`), i.e. HF `tokenizers` with the GGUF vocabulary, merges and control tokens.

One deliberate change: transformers (5.x) has no entry for `tokenizer.ggml.pre = "smollm"` in its
GGUF pre-tokenizer table, so it falls back to plain GPT-2 ByteLevel and loses the Digits split that
SmolLM2's own tokenizer.json and llama.cpp ("smollm": `\\p{N}` then the GPT-2 regex) both use. The
`ids` in the fixture therefore come from the same transformers tokenizer with its pre-tokenizer set
to SmolLM2's `Sequence[Digits(individual_digits=True), ByteLevel]`; the unmodified transformers ids
are kept as `ids_transformers_gguf` (the Swift tests check both, with the matching pre-tokenizer).

Usage (venv per INTERFACES.md):
  /work/main/.venv-ref/bin/python scripts/golden/tokenizer.py              # write the fixture
  /work/main/.venv-ref/bin/python scripts/golden/tokenizer.py --verify-export /tmp/x/tokenizer.json
      # check that `tokenizers` and transformers load a Swift-exported tokenizer.json to the golden ids
"""

import argparse
import copy
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_MODEL = os.path.join(ROOT, "models", "SmolLM2-135M-Instruct.Q4_1.gguf")
DEFAULT_OUT = os.path.join(ROOT, "Tests", "TokenizerTests", "Fixtures", "tokenizer_golden.json")
HELD_OUT = os.path.join(ROOT, "data", "text", "squad_dev.jsonl")

GPT2_REGEX = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
LLAMA3_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)
QWEN2_REGEX = LLAMA3_REGEX.replace(r"\p{N}{1,3}", r"\p{N}")

PROSE = [
    "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs! How vexingly quick "
    "daft zebras jump; the five boxing wizards jump quickly.",
    "Super Bowl 50 was an American football game to determine the champion of the National Football League "
    "(NFL) for the 2015 season. The American Football Conference (AFC) champion Denver Broncos defeated the "
    "National Football Conference (NFC) champion Carolina Panthers 24–10 to earn their third Super Bowl title.",
    "Pruning removes weights from a trained network. Magnitude pruning keeps the largest |w|; Wanda scores each "
    "weight by |W_ij| · ||X_j||₂, the norm of its input activation, and needs no weight update. SparseGPT solves "
    "a layer-wise reconstruction problem with the inverse Hessian (XᵀX + λI)⁻¹ instead.",
    "In 1905, Albert Einstein published four papers in the Annalen der Physik. He was 26 years old. The third "
    "paper, \"On the Electrodynamics of Moving Bodies\", introduced special relativity; the fourth derived "
    "E = mc², perhaps the world's most famous equation.",
    "She said, \"I can't believe it's already 5 o'clock!\" He replied: \"We'll be late — again.\" They'd "
    "missed the 4:45 train, and the next one wasn't due until 6:10 p.m.",
    "Tokenization splits text into pieces the model knows. A byte-level BPE never meets an unknown character: "
    "every string is a sequence of bytes, and every byte has a token, so rare words, typos, emoji and code all "
    "encode to something. Merges learned from a corpus then join frequent byte pairs, most frequent first, into "
    "longer tokens such as ' the', 'ing' or ' Hugging'. Perplexity is measured per token, so two tokenizers that "
    "split the same text differently give different perplexities for the same model.",
    "Dr. Smith's lab at MIT (Building 32, Room 4-123) studies large language models; e-mail "
    "smith@mit.edu or visit https://example.org/lab?id=42&lang=en#people for details.",
]

CASES = [
    ("prose_1", PROSE[0]),
    ("prose_2", PROSE[1]),
    ("prose_3", PROSE[2]),
    ("prose_4", PROSE[3]),
    ("prose_5", PROSE[4]),
    ("prose_6", PROSE[5]),
    ("prose_7", PROSE[6]),
    ("contractions", "I'm sure they'll say it's fine, don't you think? We've seen it; you'd agree. "
     "I'M SURE THEY'LL SAY IT'S FINE. 'tis the season, rock 'n' roll, O'Neill's, ''s, 's, 'ſ, '\u2019s"),
    ("python", "import numpy as np\n\n\ndef wanda_score(weight, activation_norm):\n"
     "    \"\"\"Return |W| * ||X||_2 per input channel.\"\"\"\n"
     "    return np.abs(weight) * activation_norm[None, :]\n\n"
     "class Pruner:\n\tdef __init__(self, sparsity=0.5):\n\t\tself.sparsity = sparsity  # 50%\n\n"
     "    def __call__(self, x):\n        if x.ndim != 2:\n            raise ValueError(f\"bad shape {x.shape!r}\")\n"
     "        return x[x > 0.0] ** 2\n"),
    ("swift", "public func matmulNT(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, m: Int, n: Int) {\n"
     "    for i in 0..<m {\n        let row = a + i * k  // (m, k) row-major\n"
     "        guard let x = cache[i] else { continue }\n        print(\"row \\(i): \\(x)\")\n    }\n}\n"
     "let ids: [Int32] = tokenizer.encode(\"Hello, world!\")\n"),
    ("numbers", "1234567 and 3.14159 and 1,000,000 and -42 and 6.022e23 and 0x1F and 2024-01-15 and $100.00 "
     "and 99.9% and 1/3 and 10^9 and 007"),
    ("numbers_spacing", "a 1  2   3    4\n    42\n\t7 x=1  2 [1,  2,   3]\n  10.5   \n1\n\n2"),
    ("digits_words", "hello123world 3rd 21st 1990s v1.2.3-beta COVID-19 A4 mp3 2x4 H2O"),
    ("whitespace_runs", "a  b   c    d     e\t\tf\t \tg\n\nh\n\n\ni \n j\r\nk\r\n\r\nl    \n    m"),
    ("leading_trailing", "   leading spaces and trailing spaces   "),
    ("only_spaces", "     "),
    ("single_space", " "),
    ("newlines_only", "\n\n\n"),
    ("tabs_newlines", "\t\n\t\n  \t  \n"),
    ("unicode_spaces", "a\u00a0b\u2009c\u3000d\u2028e\u0085f\u200bg\x1ch\u202fi\u2003j \u00a0 k"),
    ("accents", "Café naïve résumé façade Ångström jalapeño Zürich crème brûlée São Paulo Kraków Dvořák"),
    ("combining", "e\u0301 vs \u00e9, n\u0303, a\u0308\u0304, Z\u0351\u036b\u0343\u036a\u0302\u036b"),
    ("cjk", "你好，世界！这是一个测试。日本語のテキストとカタカナ、ひらがな。한국어 텍스트입니다. 漢字かな混じり文"),
    ("emoji", "Emoji: 😀👍🏽🇺🇸 and ❤️ and 🎉🎉🎉 done ✅"),
    ("emoji_zwj", "family 👨‍👩‍👧‍👦, rainbow 🏳️‍🌈, coder 👩🏽‍💻, 🧑‍🤝‍🧑 and keycap 1️⃣ #️⃣"),
    ("chat", "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face"
     "<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n2 + 2 = 4.<|im_end|>\n"),
    ("special_adjacent", "<|endoftext|><|im_start|><|im_end|>text<|endoftext|> <|im_start|> spaced <|im_end|>"),
    ("special_partial", "<|im_start <|im_start|>> <<|im_end|> <|endoftext| <im_start> <|IM_START|>"),
    ("special_code_tokens", "<repo_name>secateur<file_sep>Sources/main.swift<filename>x.py<gh_stars>100"
     "<jupyter_code>print(1)<jupyter_output>1<empty_output>"),
    ("cyrillic_greek", "Россия и Українa — Ελληνικά: αβγδε, ΑΒΓΔΕ. Привет, мир!"),
    ("arabic_hebrew", "مرحبا بالعالم — שלום עולם (123)"),
    ("indic_thai", "नमस्ते दुनिया, हिन्दी। தமிழ் ภาษาไทย สวัสดี"),
    ("math", "∑_{i=1}^{n} x_i² ≤ ∞, ½ + ¼ = ¾, Ⅻ > Ⅸ, √2 ≈ 1.414, ∀x∈ℝ: x²≥0, α→β ⇒ γ"),
    ("markup", "<div class=\"a\">Hello &amp; <b>bye</b></div>\n# Title\n\n* item **bold** _it_\n"
     "```json\n{\"key\": [1, 2.5, null, true], \"nested\": {\"a\": \"b\"}}\n```"),
    ("urls_paths", "https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/resolve/main/model.safetensors "
     "/usr/local/lib/python3.11/site-packages C:\\Users\\me\\file.txt user.name+tag@example.co.uk"),
    ("punctuation", "Wait... what?! (Really?) [yes] {no} <maybe> --- ___ *** ### @@@ !!! ??? ;;; ::: ''' \"\"\" ``` ~~~"),
    ("controls", "\x00\x01\x07 bell \x1b[31mred\x1b[0m \x7f del"),
    # Bytes 0x04 0x06 0x13 0x14 0x16 0x1D 0xF1 0xF2 have no token in SmolLM2: HF's BPE (no unk_token) drops them.
    ("missing_bytes", "\x04\x06 ctrl \x13\x14\x16\x1d end \U00040000 \U00080001 ok"),
    ("long_word", "pneumonoultramicroscopicsilicovolcanoconiosis Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"),
    ("long_runs", "a" * 120 + " " + "!" * 80 + " " + "ab" * 60 + " " + " " * 64 + "x" + "\n" * 40 + "y"),
    ("base64", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
    ("mixed_scripts", "English, Français, Deutsch (ß, ẞ), Español ¿qué?, Português, 中文, 日本語, 한국어, Tiếng Việt, Ελληνικά"),
    ("fullwidth", "ＡＢＣ１２３！？ｶﾀｶﾅ　全角スペース"),
    ("empty", ""),
]


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def load_reference(model_path):
    from transformers import AutoTokenizer

    directory, name = os.path.split(os.path.abspath(model_path))
    return AutoTokenizer.from_pretrained(directory, gguf_file=name)


def smollm_backend(reference):
    from tokenizers import pre_tokenizers

    backend = copy.deepcopy(reference.backend_tokenizer)
    backend.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True),
         pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)])
    return backend


def pre_tokenizer_configs():
    from tokenizers import Regex, pre_tokenizers as P

    def split_then_bytes(regex):
        return P.Sequence([P.Split(Regex(regex), behavior="isolated"),
                           P.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])

    return {
        "gpt2": P.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True),
        "smollm": P.Sequence([P.Digits(individual_digits=True),
                              P.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)]),
        "llama3": split_then_bytes(LLAMA3_REGEX),
        "qwen2": split_then_bytes(QWEN2_REGEX),
    }


def write_fixture(args):
    reference = load_reference(args.model)
    backend = smollm_backend(reference)
    configs = pre_tokenizer_configs()
    assert reference.add_bos_token is False or reference.add_bos_token is None or not reference.add_bos_token

    cases = []
    differing = 0
    for name, text in CASES:
        ids = backend.encode(text, add_special_tokens=True).ids
        gguf_ids = reference(text)["input_ids"]
        decoded = reference.decode(ids, skip_special_tokens=False)
        assert decoded == backend.decode(ids, skip_special_tokens=False), name
        assert reference.decode(gguf_ids) == decoded, name
        differing += ids != gguf_ids
        case = {
            "name": name,
            "text": text,
            "ids": ids,
            "ids_transformers_gguf": gguf_ids,
            "decoded": decoded,
            "decoded_skip_special": backend.decode(ids, skip_special_tokens=True),
            "decoded_pieces": [backend.decode([i], skip_special_tokens=False) for i in ids],
            "pretokens": {key: [piece for piece, _ in pre.pre_tokenize_str(text)] for key, pre in configs.items()},
        }
        cases.append(case)

    fixture = {
        "generator": "scripts/golden/tokenizer.py",
        "model": os.path.basename(args.model),
        "reference": "transformers AutoTokenizer(gguf_file=...) with pre_tokenizer Sequence[Digits(individual), "
                     "ByteLevel] (SmolLM2 tokenizer.json, llama.cpp 'smollm'); ids_transformers_gguf: unmodified",
        "versions": versions(),
        "vocab_size": len(reference),
        "bos_token_id": reference.bos_token_id,
        "eos_token_id": reference.eos_token_id,
        "special_token_ids": sorted(i for i, t in backend.get_added_tokens_decoder().items() if t.special),
        "cases": cases,
    }
    if os.path.exists(HELD_OUT):
        fixture["corpus"] = corpus_block(backend, reference, HELD_OUT)
    else:
        print(f"note: {HELD_OUT} is missing (run scripts/setup): no corpus checksum written", file=sys.stderr)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        # One case per line keeps the fixture small and its diffs readable.
        header = {key: value for key, value in fixture.items() if key != "cases"}
        handle.write(json.dumps(header, ensure_ascii=False, indent=1)[:-2] + ',\n "cases": [\n')
        handle.write(",\n".join(json.dumps(case, ensure_ascii=False, separators=(",", ":")) for case in cases))
        handle.write("\n ]\n}\n")
    total_text = sum(len(text.encode("utf-8")) for _, text in CASES)
    print(f"wrote {args.out}: {len(cases)} cases, {total_text} bytes of text, "
          f"{sum(len(c['ids']) for c in cases)} ids; {differing} cases differ between smollm and "
          f"plain-transformers-GGUF pre-tokenization", file=sys.stderr)


def fnv1a64(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


def corpus_block(backend, reference, path):
    """Whole-corpus parity without committing the ids: counts and FNV-1a 64 checksums."""
    import array

    with open(path, encoding="utf-8") as handle:
        documents = [json.loads(line)["text"] for line in handle if line.strip()]
    text = "\n\n".join(documents)
    ids = backend.encode(text).ids
    plain = reference(text)["input_ids"]
    return {
        "file": os.path.relpath(path, ROOT),
        "documents": len(documents),
        "joiner": "\n\n",
        "text_bytes": len(text.encode("utf-8")),
        "text_fnv1a64": fnv1a64(text.encode("utf-8")),
        "id_count": len(ids),
        "ids_fnv1a64": fnv1a64(array.array("i", ids).tobytes()),
        "ids_transformers_gguf_count": len(plain),
        "ids_transformers_gguf_fnv1a64": fnv1a64(array.array("i", plain).tobytes()),
    }


def versions():
    import tokenizers
    import transformers

    return {"transformers": transformers.__version__, "tokenizers": tokenizers.__version__}


def verify_export(args):
    """Load a Swift-exported tokenizer.json with `tokenizers` (and transformers) and compare to the fixture."""
    from tokenizers import Tokenizer
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    with open(args.out, encoding="utf-8") as handle:
        fixture = json.load(handle)
    key = "ids_transformers_gguf" if args.plain_gpt2 else "ids"
    loaded = Tokenizer.from_file(args.verify_export)
    directory = os.path.dirname(os.path.abspath(args.verify_export))
    if os.path.exists(os.path.join(directory, "tokenizer_config.json")):
        fast = AutoTokenizer.from_pretrained(directory)
    else:
        fast = PreTrainedTokenizerFast(tokenizer_file=args.verify_export)
    failures = 0
    for case in fixture["cases"]:
        ids = loaded.encode(case["text"]).ids
        fast_ids = fast(case["text"])["input_ids"]
        decoded = fast.decode(fast_ids, skip_special_tokens=False)
        if ids != case[key] or fast_ids != case[key] or decoded != case["decoded"]:
            failures += 1
            print(f"MISMATCH {case['name']}: tokenizers {ids[:12]} transformers {fast_ids[:12]} "
                  f"expected {case[key][:12]}", file=sys.stderr)
    passed = len(fixture["cases"]) - failures
    print(f"verify-export {args.verify_export} ({type(fast).__name__}, {key}): {passed} passed, {failures} failed")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--verify-export", metavar="TOKENIZER_JSON")
    parser.add_argument("--plain-gpt2", action="store_true",
                        help="with --verify-export: compare to ids_transformers_gguf (plain ByteLevel export)")
    args = parser.parse_args()
    if not os.path.exists(args.model):
        sys.exit(f"{args.model} is missing: run scripts/setup")
    if args.verify_export:
        sys.exit(verify_export(args))
    write_fixture(args)


if __name__ == "__main__":
    main()
