"""End to end on the bundled corpus and the notebook API."""
import math
from pathlib import Path

import pandas as pd
import pytest

import perfclaims as extract
from perfclaims.evaluate import evaluate
from perfclaims.hardware import canonical_names
from perfclaims.read import read_documents
from perfclaims.pipeline import extract_documents
from perfclaims.units import CANONICAL_BY_TYPE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "hf_papers_h100.txt"
GOLD = ROOT / "data" / "gold"


@pytest.fixture(scope="module")
def seed_claims():
    docs = list(read_documents(CORPUS))
    return docs, [c.as_row() for c in extract_documents(docs)]


def test_row_invariants_on_seed(seed_claims):
    docs, rows = seed_claims
    by_id = {d.doc_id: d for d in docs}
    names = canonical_names()
    assert len(rows) > 90
    for r in rows:
        field = getattr(by_id[r["doc_id"]], r["field"])
        assert field[r["char_start"]:r["char_end"]] == r["text"]
        assert r["text"] in r["sentence"] and r["sentence"] in field
        assert all(math.isfinite(r[k]) for k in ("value", "value_low", "value_high"))
        assert r["value_low"] <= r["value"] <= r["value_high"]
        assert r["value_low"] == r["value_high"] or r["qualifier"] == "range"
        assert r["unit"] in CANONICAL_BY_TYPE[r["claim_type"]]
        assert r["hardware"] is None or r["hardware"] in names
        assert r["hardware_count"] is None or r["hardware_count"] > 0


def test_rows_in_document_then_offset_order(seed_claims):
    docs, rows = seed_claims
    order = {d.doc_id: i for i, d in enumerate(docs)}
    keys = [(order[r["doc_id"]], r["field"] != "title", r["char_start"]) for r in rows]
    assert keys == sorted(keys)
    assert len({r["claim_id"] for r in rows}) == len(rows)


def test_dev_gold_scores_meet_targets(seed_claims):
    _, rows = seed_claims
    result = evaluate(pd.DataFrame(rows), GOLD)
    overall = result["overall"]
    assert overall["f1"] >= 0.97
    assert overall["value_accuracy"] >= 0.97
    assert overall["hardware_accuracy"] >= 0.95
    for claim_type, scores in result["per_type"].items():
        assert scores["f1"] >= 0.9, claim_type


def test_second_evaluation_set_does_not_regress():
    docs = list(read_documents(ROOT / "data" / "heldout" / "docs.jsonl"))
    rows = [c.as_row() for c in extract_documents(docs)]
    overall = evaluate(pd.DataFrame(rows), ROOT / "data" / "heldout" / "gold")["overall"]
    assert overall["f1"] >= 0.93
    assert overall["value_accuracy"] >= 0.97
    assert overall["hardware_accuracy"] >= 0.85


def test_claims_from_text():
    df = extract.claims_from_text("Our kernel reaches 740 TFLOPs/s on an NVIDIA H100, a 2.1x speedup over FlashAttention-2.")
    got = {(r.claim_type, r.value, r.unit, r.hardware) for r in df.itertuples()}
    assert ("throughput", 7.4e14, "FLOP/s", "NVIDIA H100") in got
    assert ("speedup", 2.1, "x", "NVIDIA H100") in got


def test_claims_from_dataframe_matches_file():
    docs = pd.DataFrame([
        {"id": "a", "title": "FastThing: it is fast", "abstract": "It runs 3x faster than the baseline on a single RTX 4090."},
        {"id": "b", "title": "No claims", "abstract": "We study language."},
    ])
    df = extract.claims_from_dataframe(docs)
    assert list(df.doc_id) == ["a"]
    row = df.iloc[0]
    assert (row.claim_type, row.value, row.hardware, row.hardware_count, row.system) == \
        ("speedup", 3.0, "NVIDIA GeForce RTX 4090", 1, "FastThing")


def test_empty_text_gives_empty_frame_with_all_columns():
    df = extract.claims_from_text("")
    assert df.empty and "claim_type" in df.columns and len(df.columns) == 33


def test_a_coordinated_noun_is_a_baseline_only_after_a_comparing_verb():
    from perfclaims import claims_from_text
    rows = claims_from_text("Our method outperforms FlashAttention by 2x and xFormers by 1.9x on an H100.")
    assert rows.set_index("text").baseline.to_dict() == {"2x": "FlashAttention", "1.9x": "xFormers"}
    # two metrics cut, one baseline named after them: "latency" is no baseline
    rows = claims_from_text("It reduces memory by 82% and latency by 63% compared to a BF16 baseline.")
    assert rows.set_index("text").baseline.to_dict() == {"82%": "BF16 baseline", "63%": "BF16 baseline"}


def test_one_baseline_after_a_list_of_relative_claims_is_each_ones():
    from perfclaims import claims_from_text
    rows = claims_from_text("EnvPool runs at one million frames per second, which is 14.9× / 19.2× improvement "
                            "over the current popular Python implementation.")
    assert set(rows.baseline) == {"current popular Python implementation"}
    # a list of baselines cut at its first comma is not one baseline for all
    rows = claims_from_text("It delivers speedups of 12.72x, 1.70x, and 1.18x over FlashAttn, ZigZagRing, and APB.")
    assert rows.set_index("text").baseline.get("1.70x") != "FlashAttn"


def test_a_relative_claims_baseline_reaches_past_a_later_figure():
    from perfclaims import claims_from_text
    rows = claims_from_text("Our 8-bit GaLore reduces optimizer memory by up to 82.5% and total training memory "
                            "by 63.3%, compared to a BF16 baseline.")
    assert set(rows.baseline) == {"BF16 baseline"}
    # an absolute figure does not take the comparison of a later claim
    rows = claims_from_text("The framework achieves 89.5% accuracy and an F1-score of 0.88, outperforming "
                            "conventional models by 7%.").set_index("text")
    assert rows.baseline.isna()["89.5%"]


def test_a_list_of_baselines_maps_in_order():
    from perfclaims import claims_from_text
    rows = claims_from_text("Our kernels are 15x, 46x and 158x faster than Triton, cuBLAS and CUTLASS, respectively.")
    assert rows.baseline.tolist() == ["Triton", "cuBLAS", "CUTLASS"]
    rows = claims_from_text("It delivers speedups of 12.72x, 1.70x, and 1.18x over FlashAttn, ZigZagRing, and APB, "
                            "without notable performance loss.")
    assert rows.baseline.tolist() == ["FlashAttn", "ZigZagRing", "APB"]
    # a clause after the comma is no list item
    rows = claims_from_text("It is 2x and 3x faster than PyTorch, while using less memory.")
    assert rows.baseline.tolist() == ["PyTorch", "PyTorch"]


@pytest.mark.parametrize("text, level, relative", [
    # a level beside a factor: the comparison is the factor's
    ("Our kernel achieves up to 2.7x speedup over Triton on H100 GPUs, reaching up to 740 TFLOPs/s (75% utilization).",
     ["740 TFLOPs/s", "75%"], {"2.7x": "Triton"}),
    ("It can run 20 FPS on one A100 GPU, being 15x faster than FlowVid.", ["20 FPS"], {"15x": "FlowVid"}),
    # a level after a comparison, with no factor of its own
    ("Compared with prior streaming methods, our system renders at 45 FPS on an RTX 3090.", ["45 FPS"], {}),
    ("Our method is much lighter than previous approaches and can process 4K at 76 FPS.", ["76 FPS"], {}),
    ("Unlike existing serving systems, it keeps GPU memory below 12 GB while cutting latency by 40% over vLLM.",
     ["12 GB"], {"40%": "vLLM"}),
])
def test_a_level_of_speed_memory_or_utilization_carries_no_baseline(text, level, relative):
    from perfclaims import claims_from_text
    rows = claims_from_text(text).set_index("text")
    for span in level:
        assert rows.baseline.isna()[span] and rows.baseline_hardware.isna()[span], span
    for span, baseline in relative.items():
        assert rows.baseline[span] == baseline


def test_a_quality_gain_keeps_its_baseline():
    from perfclaims import claims_from_text
    rows = claims_from_text("Our model improves top-1 accuracy by 2.1% over ResNet-50.").set_index("text")
    assert rows.baseline["2.1%"] == "ResNet-50"
