"""Property tests: for any text, extraction raises nothing and every row
satisfies the table's invariants; realistic mutations of real sentences too."""
import math
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from extract.hardware import canonical_names
from extract.model import Doc
from extract.pipeline import extractor
from extract.units import CANONICAL_BY_TYPE

NAMES = canonical_names()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

REAL = [
    "Nemotron-51B achieves a 2.17x inference throughput speedup, fitting on a single NVIDIA H100 GPU.",
    "It sustains over 25 petaflops on 512 NVIDIA V100 GPUs(40% of peak).",
    r"Our method achieves up to $3.5\times$ faster decoding and 1.2k tokens/s on an RTX 4090.",
    "FlashAttention-3 achieves speedup on H100 GPUs by 1.5-2.0times with FP16 reaching up to 740 TFLOPs/s (75% utilization).",
    "saving 15times sim 24times storage compared with MobileNeRF, e.g., 18.04ms (iPhone 13).",
    "This gives 11.0 pm 1.3 points of improvement and reduces latency by 20% with 8.19 GB VRAM at 200FPS.",
]


def check_rows(doc: Doc):
    rows = [c.as_row() for c in extractor().extract(doc)]
    for r in rows:
        field = getattr(doc, r["field"])
        assert field[r["char_start"]:r["char_end"]] == r["text"]
        assert 0 <= r["char_start"] < r["char_end"] <= len(field)
        for k in ("value", "value_low", "value_high"):
            assert math.isfinite(r[k]), r
        assert r["value_low"] <= r["value"] <= r["value_high"]
        if r["qualifier"] != "range":
            assert r["value_low"] == r["value_high"], r
        assert r["unit"] in CANONICAL_BY_TYPE[r["claim_type"]]
        assert r["hardware"] is None or r["hardware"] in NAMES
    return rows


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=80))
def test_any_unicode_text(abstract, title):
    check_rows(Doc(doc_id="x", title=title, abstract=abstract))


# text built from the pieces claims are made of, so the rules actually fire
PIECES = ["3.5", "1,200", "0.5", "100", "2", " ", "x", "X", "×", "times", r"\times", "$", "%", r"\%", "-", "–", " to ",
          "~", r"\sim", " sim ", "pm", "±", "+", "FPS", "ms", "s", "GB", "TFLOPs/s", "tokens/s", "W", "dB", "up to ",
          "over ", "about ", "between ", " and ", ", ", ".", "faster", "speedup", "less memory", "utilization",
          "accuracy", "on an ", "H100", "RTX 4090", "8x", "A100 GPUs", "than ", "reduces latency by ", "(", ")",
          "{", "}", r"\mathrm{", "\u00a0", "１", "％", "half", "an order of magnitude", "factor of ", "PSNR ",
          "\n", " per\n", "frames per\nsecond", "up\nto ", "tokens per \n second"]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_claim_shaped_text(text):
    check_rows(Doc(doc_id="x", title="", abstract=text))


def _mutate(draw_text: str, data) -> str:
    swaps = data.draw(st.lists(st.sampled_from([
        ("x", "×"), ("x", r"$\times$"), ("x", "times"), ("-", "–"), (" ", "\u00a0"), ("%", r"\%"),
        ("1", "１"), ("2", "7"), (".", ","), ("FPS", "fps"), ("ms", "s"), ("GB", "GiB"), ("up to", "over"),
        ("H100", "A100"), ("GPU", "GPUs"), ("$", ""), ("~", "$\\sim$"),
    ]), max_size=4))
    for a, b in swaps:
        draw_text = draw_text.replace(a, b, 1)
    return draw_text


@SETTINGS
@given(st.sampled_from(REAL), st.data())
def test_mutated_real_sentences(sentence, data):
    check_rows(Doc(doc_id="x", title="T", abstract=_mutate(sentence, data)))


def test_real_sentences_still_yield_claims():
    for sentence in REAL:
        assert check_rows(Doc(doc_id="x", title="", abstract=sentence))


def test_pathological_inputs_run_in_linear_time():
    """No rule backtracks catastrophically (generous bound; the figures
    themselves are in the benchmark)."""
    blobs = ["1" * 100_000, "x" * 100_000, "%" * 100_000, "$" * 100_000, "(" * 50_000 + ")" * 50_000,
             "[" * 50_000 + "]" * 50_000, "1.5x " * 20_000, "up to " * 16_000, "3.5-" * 25_000, "GPU " * 25_000,
             # a 1 MB abstract of real claim sentences
             ("We get a 2.1x speedup and 740 TFLOPs/s on an H100, up to 52.8 percent less memory. " * 12_000)[:1_000_000]]
    for blob in blobs:
        start = time.perf_counter()
        check_rows(Doc(doc_id="x", title="", abstract=blob))
        assert time.perf_counter() - start < 60, blob[:20]
