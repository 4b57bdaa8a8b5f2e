"""What the property tests (tests/test_fuzz.py, a few hundred examples per
CI run) and the deep fuzzer (scripts/fuzz.py, `make fuzz`, >= 10,000 per
strategy) share: the row invariants, and the strategies that build inputs.

Every strategy is seeded with the pathological inputs of issue 11 (huge
counts, numbers past float, 4,300+ digit integers, lone surrogates, deep
JSON, backtracking bait, claim-dense runs) so that fuzzing hunts near them.
"""
from __future__ import annotations

import csv
import io
import json
import math

from hypothesis import strategies as st

from perfclaims.hardware import canonical_names
from perfclaims.model import Doc
from perfclaims.pipeline import SENTENCE_MAX, ELLIPSIS, checked_claims, extractor
from perfclaims.read import RecordError
from perfclaims.schema import claims_table
from perfclaims.units import CANONICAL_BY_TYPE
from perfclaims.write import csv_safe

NAMES = canonical_names()

REAL = [
    "Nemotron-51B achieves a 2.17x inference throughput speedup, fitting on a single NVIDIA H100 GPU.",
    "It sustains over 25 petaflops on 512 NVIDIA V100 GPUs(40% of peak).",
    r"Our method achieves up to $3.5\times$ faster decoding and 1.2k tokens/s on an RTX 4090.",
    "FlashAttention-3 achieves speedup on H100 GPUs by 1.5-2.0times with FP16 reaching up to 740 TFLOPs/s (75% utilization).",
    "saving 15times sim 24times storage compared with MobileNeRF, e.g., 18.04ms (iPhone 13).",
    "This gives 11.0 pm 1.3 points of improvement and reduces latency by 20% with 8.19 GB VRAM at 200FPS.",
    "ResNet-50 runs at 1,200 images/s, 2.4x the throughput of the same number of A100s.",
    "Latency drops from 9 minutes to 0.3 seconds, and energy use by 4x on a Jetson Orin.",
]

# The pathological inputs of issue 11, section 4, as pieces fuzzing builds from
PATHOLOGICAL = [
    "2,147,483,648 GPUs", "309 orders of magnitude", "9" * 4400, "1" * 400 + " tokens/s",
    "ResNet-50 " + "9" * 30, "GPT-" + "A" * 40, "0 GPUs", "0x H100", " 3.2x faster" * 20,
    "=HYPERLINK(\"x\")", "+1", "-fold", "@", "&quot;", "\u2028", "\x00", "\ufeff",
]

# text built from the pieces claims are made of, so the rules actually fire
PIECES = ["3.5", "1,200", "0.5", "100", "2", " ", "x", "X", "×", "times", r"\times", "$", "%", r"\%", "-", "–", " to ",
          "~", r"\sim", " sim ", "pm", "±", "+", "FPS", "ms", "s", "GB", "TFLOPs/s", "tokens/s", "W", "dB", "up to ",
          "over ", "about ", "between ", " and ", ", ", ".", "faster", "speedup", "less memory", "utilization",
          "accuracy", "on an ", "H100", "RTX 4090", "8x", "A100 GPUs", "than ", "reduces latency by ", "(", ")",
          "{", "}", r"\mathrm{", "\u00a0", "１", "％", "half", "an order of magnitude", "factor of ", "PSNR ",
          "\n", " per\n", "frames per\nsecond", "up\nto ", "tokens per \n second", "respectively", "from ", "→"]

SWAPS = [("x", "×"), ("x", r"$\times$"), ("x", "times"), ("-", "–"), (" ", "\u00a0"), ("%", r"\%"),
         ("1", "１"), ("2", "7"), (".", ","), ("FPS", "fps"), ("ms", "s"), ("GB", "GiB"), ("up to", "over"),
         ("H100", "A100"), ("GPU", "GPUs"), ("$", ""), ("~", "$\\sim$"), ("2", "2,147,483,648"),
         ("x", " orders of magnitude"), ("1", "9" * 60), (" ", "  ")]


def check_claims(doc: Doc, claims) -> list[dict]:
    """Every row invariant of the claims table, for the claims of ``doc``."""
    rows = [c.as_row() for c in claims]
    for r in rows:
        field = getattr(doc, r["field"])
        assert field[r["char_start"]:r["char_end"]] == r["text"], r
        assert 0 <= r["char_start"] < r["char_end"] <= len(field)
        for k in ("value", "value_low", "value_high"):
            assert math.isfinite(r[k]), r
        assert r["value_low"] <= r["value"] <= r["value_high"]
        if r["qualifier"] != "range":
            assert r["value_low"] == r["value_high"], r
        assert r["unit"] in CANONICAL_BY_TYPE[r["claim_type"]]
        assert r["hardware"] is None or r["hardware"] in NAMES
        assert r["hardware_count"] is None or 1 <= r["hardware_count"] < 2**31, r
        assert len(r["sentence"]) <= SENTENCE_MAX + 2 * len(ELLIPSIS) + len(r["text"])
        assert r["text"] in r["sentence"]
    table = claims_table(rows)          # every row fits the schema
    csv_safe(table)                     # and can be written out
    return rows


def check_rows(doc: Doc) -> list[dict]:
    """Extract ``doc`` as a run does (unrepresentable claims reported, not
    raised) and check every row."""
    problems: list[RecordError] = []
    claims = checked_claims(extractor(), doc, on_problem=problems.append)
    for p in problems:
        assert "extraction failed" not in p.problem, p   # a crash is a bug, a drop is not
    return check_claims(doc, claims)


def text_doc(abstract: str, title: str = "T") -> Doc:
    return Doc(doc_id="x", title=title, abstract=abstract)


def no_surrogates(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


unicode_texts = st.text(max_size=400).map(no_surrogates)
piece_texts = st.lists(st.sampled_from(PIECES + PATHOLOGICAL), max_size=40).map("".join)


@st.composite
def mutated_sentences(draw) -> str:
    text = draw(st.sampled_from(REAL))
    for a, b in draw(st.lists(st.sampled_from(SWAPS), max_size=5)):
        text = text.replace(a, b, 1)
    if draw(st.booleans()):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(PIECES + PATHOLOGICAL)) + text[i:]
    if draw(st.booleans()):
        i, j = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=2)))
        text = text[:i] + text[j:] if draw(st.booleans()) else text[:j] + text[i:j] + text[j:]
    return text


# -- reader inputs -----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30).map(no_surrogates)
    | piece_texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8)


@st.composite
def jsonl_files(draw) -> bytes:
    """JSON Lines with good records, wrong types, broken JSON, raw bytes,
    escapes of lone surrogates and deep nesting."""
    lines = []
    for i in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["good", "good", "good", "types", "broken", "bytes", "surrogate", "deep", "dup"]))
        if kind == "good":
            rec = {"id": f"r{i}", "title": draw(st.text(min_size=1, max_size=40).map(no_surrogates)),
                   "abstract": draw(piece_texts | mutated_sentences())}
            lines.append(json.dumps(rec).encode())
        elif kind == "types":
            rec = {k: draw(json_values) for k in draw(st.lists(st.sampled_from(
                ["id", "doc_id", "title", "abstract", "summary", "text", "categories"]), max_size=4, unique=True))}
            lines.append(json.dumps(rec).encode())
        elif kind == "broken":
            good = json.dumps({"id": f"b{i}", "title": "T", "abstract": "3x faster"}).encode()
            cut = draw(st.integers(0, len(good)))
            lines.append(good[:cut])
        elif kind == "bytes":
            lines.append(draw(st.binary(max_size=60)).replace(b"\n", b" "))
        elif kind == "surrogate":
            lines.append(b'{"id": "s%d", "title": "S", "abstract": "3x faster \\ud800 on an H100"}' % i)
        elif kind == "deep":
            depth = draw(st.integers(1, 20_000))
            lines.append(b"[" * depth + b"]" * depth)
        else:
            lines.append(json.dumps({"id": "r0", "title": "Dup", "abstract": "2x faster"}).encode())
    return b"\n".join(lines) + (b"\n" if draw(st.booleans()) else b"")


@st.composite
def csv_files(draw) -> bytes:
    """CSV with a header, quotes, embedded newlines, short rows and bad bytes."""
    header = draw(st.sampled_from([["id", "title", "abstract"], ["title", "abstract"], ["title", "summary", "id", "x"]]))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(st.text(max_size=30).map(no_surrogates) | piece_texts | mutated_sentences()) for _ in header]
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]
        w.writerow(row)
    data = buf.getvalue().encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        i = draw(st.integers(0, len(data)))
        data = data[:i] + draw(st.binary(max_size=8)) + data[i:]
    return data


@st.composite
def page_files(draw) -> bytes:
    """A papers page: chrome, title/abstract lines, a line missing now and then."""
    lines = ["Daily Papers", ""]
    for i in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 7)):
            lines.append(f"Paper {i}: " + draw(st.text(max_size=40).map(no_surrogates)).replace("\n", " "))
        if draw(st.integers(0, 7)):
            lines.append(draw(mutated_sentences() | piece_texts).replace("\n", " ") * draw(st.integers(1, 4)))
    return "\n".join(lines).encode("utf-8", "surrogatepass")
