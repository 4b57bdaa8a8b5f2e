"""Tests for extract.evaluate: tiny hand-built gold / prediction frames whose
expected scores are worked out by hand in each test."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from perfclaims.evaluate import evaluate, format_report, load_gold, score

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "data" / "gold"

DOC = "PipeLLM: Fast and Confidential LLM Services"
DOC2 = "Another Paper: Faster Things"


def G(start, end, ctype="speedup", title=DOC, field="abstract", lo=2.0, hi=None, unit="x",
      qualifier="exact", hardware=None, hardware_count=None, optional=False, text=None):
    return dict(title=title, field=field, char_start=start, char_end=end,
                text=text or f"g{start}", claim_type=ctype, value_low=lo,
                value_high=lo if hi is None else hi, unit=unit, qualifier=qualifier,
                hardware=hardware, hardware_count=hardware_count, baseline=None,
                metric=None, optional=optional)


def P(start, end, ctype="speedup", title=DOC, field="abstract", lo=2.0, hi=None, unit="x",
      qualifier="exact", hardware=None, hardware_count=None, rule="r", text=None):
    return dict(title=title, field=field, char_start=start, char_end=end,
                claim_type=ctype, value_low=lo, value_high=lo if hi is None else hi,
                unit=unit, qualifier=qualifier, hardware=hardware,
                hardware_count=hardware_count, text=text or f"p{start}", rule=rule,
                sentence="some sentence")


def gold_df(*rows):
    return pd.DataFrame(list(rows))


PRED_COLS = list(P(0, 1).keys())


def pred_df(*rows):
    return pd.DataFrame(list(rows), columns=PRED_COLS)


def counts(s):
    return (s["tp"], s["fp"], s["fn"], s["n_gold"], s["n_pred"])


def no_nan(obj):
    """JSON round trip with allow_nan=False proves there is no NaN/inf."""
    json.loads(json.dumps(obj, allow_nan=False))
    return True


# ---------------------------------------------------------------- matching


def test_exact_match():
    r = score(pred_df(P(10, 15)), gold_df(G(10, 15)))
    o = r["overall"]
    assert counts(o) == (1, 0, 0, 1, 1)
    assert (o["precision"], o["recall"], o["f1"]) == (1.0, 1.0, 1.0)
    assert o["value_accuracy"] == 1.0 and o["unit_accuracy"] == 1.0
    assert o["qualifier_accuracy"] == 1.0
    assert r["misses"] == [] and r["false_positives"] == []
    assert no_nan(r)


def test_partial_overlap_matches():
    # gold [10,20), pred [18,25): overlap [18,20) -> match
    r = score(pred_df(P(18, 25)), gold_df(G(10, 20)))
    assert counts(r["overall"]) == (1, 0, 0, 1, 1)


def test_touching_spans_do_not_overlap():
    # half-open: [0,5) and [5,8) share no character
    r = score(pred_df(P(5, 8)), gold_df(G(0, 5)))
    o = r["overall"]
    assert counts(o) == (0, 1, 1, 1, 1)
    assert (o["precision"], o["recall"], o["f1"]) == (0.0, 0.0, 0.0)
    assert len(r["misses"]) == 1 and len(r["false_positives"]) == 1


def test_different_field_or_title_do_not_match():
    r = score(pred_df(P(0, 5, field="title"), P(0, 5, title=DOC2)), gold_df(G(0, 5)))
    assert counts(r["overall"]) == (0, 2, 1, 1, 2)


def test_title_join_ignores_whitespace_runs():
    r = score(pred_df(P(0, 5, title="  PipeLLM:  Fast and\nConfidential LLM Services ")),
              gold_df(G(0, 5)))
    assert counts(r["overall"]) == (1, 0, 0, 1, 1)


def test_wrong_type_does_not_match():
    r = score(pred_df(P(0, 5, ctype="reduction", unit="%")), gold_df(G(0, 5, ctype="speedup")))
    o = r["overall"]
    assert counts(o) == (0, 1, 1, 1, 1)
    fp = r["false_positives"][0]
    # the FP explains which gold it overlapped
    assert fp["overlapping_gold"] == [{"claim_type": "speedup", "text": "g0", "optional": False}]
    # per type: speedup has the miss, reduction the false positive
    assert counts(r["per_type"]["speedup"]) == (0, 0, 1, 1, 0)
    assert counts(r["per_type"]["reduction"]) == (0, 1, 0, 0, 1)


def test_two_preds_one_gold_gives_one_tp_one_fp():
    # both [0,6) and [4,10) overlap gold [2,8); the larger overlap wins the TP
    r = score(pred_df(P(0, 6, rule="a"), P(4, 10, rule="b")), gold_df(G(2, 8)))
    o = r["overall"]
    assert counts(o) == (1, 1, 0, 1, 2)
    assert o["precision"] == 0.5 and o["recall"] == 1.0
    assert o["f1"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert len(r["false_positives"]) == 1


def test_one_pred_two_golds_gives_one_tp_one_fn():
    # a single wide row covering two gold claims matches only one of them
    r = score(pred_df(P(0, 30)), gold_df(G(0, 5), G(20, 25)))
    assert counts(r["overall"]) == (1, 0, 1, 2, 1)


def test_matching_is_maximum_not_greedy():
    # row A [0,10) overlaps gold1 [0,10) by 10 chars and gold2 [8,20) by 2;
    # row B [1,3) overlaps gold1 only.  Greedy "gold1 takes its largest overlap
    # (A)" would leave gold2 unmatched; the maximum matching is gold1-B,
    # gold2-A, found by an augmenting path.
    gold = gold_df(G(0, 10), G(8, 20))
    pred = pred_df(P(0, 10, rule="A"), P(1, 3, rule="B"))
    r = score(pred, gold)
    assert counts(r["overall"]) == (2, 0, 0, 2, 2)


def test_rows_prefer_non_optional_gold():
    # gold order puts the optional claim first; row X overlaps both it and the
    # required claim and is the only row that can cover the required one.
    gold = gold_df(G(0, 10, optional=True), G(8, 20))
    r = score(pred_df(P(5, 12)), gold)
    o = r["overall"]
    assert counts(o) == (1, 0, 0, 1, 1)
    assert o["optional_matched"] == 0 and o["n_gold_optional"] == 1


# ---------------------------------------------------------------- optional


def test_optional_gold_is_neither_fn_nor_fp():
    gold = gold_df(G(0, 5), G(20, 25, optional=True), G(40, 45, optional=True))
    # hits the required claim and the first optional one; misses the second optional one
    r = score(pred_df(P(0, 5), P(21, 24)), gold)
    o = r["overall"]
    assert counts(o) == (1, 0, 0, 1, 1)
    assert (o["precision"], o["recall"]) == (1.0, 1.0)
    assert o["n_pred_rows"] == 2 and o["optional_matched"] == 1 and o["n_gold_optional"] == 2
    assert r["misses"] == [] and r["false_positives"] == []


def test_optional_gold_duplicate_row_is_fp():
    # one-to-one also for optional gold: a second row on the same optional claim is a FP
    r = score(pred_df(P(0, 5), P(1, 4)), gold_df(G(0, 5, optional=True)))
    assert counts(r["overall"]) == (0, 1, 0, 0, 1)


def test_optional_with_wrong_value_not_in_accuracy():
    r = score(pred_df(P(0, 5, lo=99.0)), gold_df(G(0, 5, optional=True)))
    o = r["overall"]
    assert o["value_accuracy"] is None and r["value_errors"] == []


# ---------------------------------------------------------------- values


def test_value_within_one_percent_vs_two_percent():
    gold = gold_df(G(0, 5, lo=100.0), G(10, 15, lo=100.0), G(20, 25, lo=1.5, hi=2.0, qualifier="range"),
                   G(30, 35, lo=0.0, unit="%", ctype="reduction"))
    pred = pred_df(
        P(0, 5, lo=100.9),                      # 0.9% off: ok
        P(10, 15, lo=102.0),                    # 2% off: wrong
        P(20, 25, lo=1.5, hi=2.03, qualifier="range"),  # high end 1.5% off: wrong
        P(30, 35, lo=0.0, unit="%", ctype="reduction"),  # g == 0: equality required, ok
    )
    r = score(pred, gold)
    o = r["overall"]
    assert counts(o) == (4, 0, 0, 4, 4)
    assert o["value_correct"] == 2 and o["value_accuracy"] == 0.5
    errs = sorted((e["gold_value_low"], e["pred_value_high"]) for e in r["value_errors"])
    assert errs == [(1.5, 2.03), (100.0, 102.0)]
    assert r["per_type"]["speedup"]["value_accuracy"] == pytest.approx(1 / 3)
    assert r["per_type"]["reduction"]["value_accuracy"] == 1.0


def test_value_exactly_one_percent_boundary_and_zero_gold():
    gold = gold_df(G(0, 5, lo=200.0), G(10, 15, lo=0.0))
    pred = pred_df(P(0, 5, lo=198.0), P(10, 15, lo=1e-9))
    r = score(pred, gold)
    assert r["overall"]["value_correct"] == 1  # 198 is exactly 1% off: ok; 1e-9 vs 0: wrong


def test_missing_pred_value_is_wrong():
    r = score(pred_df(P(0, 5, lo=float("nan"))), gold_df(G(0, 5)))
    o = r["overall"]
    assert o["value_accuracy"] == 0.0
    e = r["value_errors"][0]
    assert e["pred_value_low"] is None and no_nan(r)


def test_qualifier_and_unit_accuracy():
    gold = gold_df(G(0, 5), G(10, 15, qualifier="upper_bound"), G(20, 25))
    pred = pred_df(P(0, 5), P(10, 15, qualifier="exact"), P(20, 25, unit="%"))
    o = score(pred, gold)["overall"]
    assert o["qualifier_accuracy"] == pytest.approx(2 / 3)
    assert o["unit_accuracy"] == pytest.approx(2 / 3)


# ---------------------------------------------------------------- hardware


def test_hardware_accuracy_only_over_gold_with_hardware():
    gold = gold_df(
        G(0, 5, hardware="NVIDIA H100", hardware_count=8),
        G(10, 15, hardware="NVIDIA A100"),
        G(20, 25),                                   # no gold hardware: not counted
        G(30, 35, hardware="NVIDIA H100", hardware_count=1),
    )
    pred = pred_df(
        P(0, 5, hardware="NVIDIA H100", hardware_count=8),   # hw ok, count ok
        P(10, 15, hardware="NVIDIA H100", hardware_count=4), # hw wrong; gold count null: not counted
        P(20, 25, hardware="NVIDIA V100"),                   # not counted at all
        P(30, 35, hardware="NVIDIA H100", hardware_count=None),  # hw ok, count wrong
    )
    r = score(pred, gold)
    o = r["overall"]
    assert (o["hardware_correct"], o["hardware_n"]) == (2, 3)
    assert o["hardware_accuracy"] == pytest.approx(2 / 3)
    assert (o["hardware_count_correct"], o["hardware_count_n"]) == (1, 2)
    assert o["hardware_count_accuracy"] == 0.5
    assert len(r["hardware_errors"]) == 2
    assert no_nan(r)


def test_no_gold_hardware_gives_none_accuracy():
    o = score(pred_df(P(0, 5, hardware="NVIDIA H100")), gold_df(G(0, 5)))["overall"]
    assert o["hardware_accuracy"] is None and o["hardware_count_accuracy"] is None


# ---------------------------------------------------------------- corpus level


def test_doc_without_gold_produces_fp():
    r = score(pred_df(P(0, 5), P(0, 5, title=DOC2)), gold_df(G(0, 5)))
    o = r["overall"]
    assert counts(o) == (1, 1, 0, 1, 2)
    fp = r["false_positives"][0]
    assert fp["title"] == DOC2 and fp["doc_in_gold"] is False
    assert r["documents"]["n_pred_docs_without_gold"] == 1


def test_per_type_numbers():
    gold = gold_df(
        G(0, 5, ctype="speedup"), G(10, 15, ctype="speedup"), G(20, 25, ctype="speedup"),
        G(30, 35, ctype="latency", unit="s", lo=0.018),
        G(40, 45, ctype="fps", unit="Hz", lo=76.0),
    )
    pred = pred_df(
        P(0, 5, ctype="speedup"), P(10, 15, ctype="speedup"),   # 2 TP speedup, 1 FN
        P(30, 35, ctype="latency", unit="s", lo=0.018),         # 1 TP latency
        P(50, 55, ctype="latency", unit="s", lo=1.0),           # 1 FP latency
        P(60, 65, ctype="memory", unit="B", lo=8e9),            # 1 FP memory (no gold of type)
        # fps: 1 FN
    )
    r = score(pred, gold)
    pt = r["per_type"]
    assert set(pt) == {"speedup", "latency", "fps", "memory"}
    assert counts(pt["speedup"]) == (2, 0, 1, 3, 2)
    assert (pt["speedup"]["precision"], pt["speedup"]["recall"]) == (1.0, pytest.approx(2 / 3))
    assert pt["speedup"]["f1"] == pytest.approx(0.8)
    assert counts(pt["latency"]) == (1, 1, 0, 1, 2)
    assert (pt["latency"]["precision"], pt["latency"]["recall"]) == (0.5, 1.0)
    assert counts(pt["fps"]) == (0, 0, 1, 1, 0)
    assert pt["fps"]["precision"] == 0.0 and pt["fps"]["value_accuracy"] is None
    assert counts(pt["memory"]) == (0, 1, 0, 0, 1)
    assert pt["memory"]["recall"] == 0.0
    o = r["overall"]
    assert counts(o) == (3, 2, 2, 5, 5)
    assert (o["precision"], o["recall"], o["f1"]) == (0.6, 0.6, pytest.approx(0.6))


def test_empty_predictions():
    r = score(pred_df(), gold_df(G(0, 5), G(10, 15)))
    o = r["overall"]
    assert counts(o) == (0, 0, 2, 2, 0)
    # documented convention: precision 0 when n_pred == 0, F1 0
    assert (o["precision"], o["recall"], o["f1"]) == (0.0, 0.0, 0.0)
    assert o["value_accuracy"] is None
    assert len(r["misses"]) == 2
    assert r["documents"]["gold_docs_without_predictions"] == [DOC]
    assert no_nan(r)


def test_missing_pred_column_is_clear_error():
    with pytest.raises(ValueError, match="claim_type"):
        score(pd.DataFrame({"title": [DOC], "field": ["abstract"], "char_start": [0], "char_end": [5]}),
              gold_df(G(0, 5)))


def test_minimal_pred_columns_and_nullable_dtypes():
    # only the join columns; nullable Int32 offsets as the parquet schema gives
    pred = pd.DataFrame({"title": [DOC], "field": ["abstract"],
                         "char_start": pd.array([0], dtype="Int32"),
                         "char_end": pd.array([5], dtype="Int32"),
                         "claim_type": ["speedup"]})
    r = score(pred, gold_df(G(0, 5, hardware="NVIDIA H100")))
    o = r["overall"]
    assert counts(o) == (1, 0, 0, 1, 1)
    assert o["value_accuracy"] == 0.0 and o["hardware_accuracy"] == 0.0
    assert no_nan(r)


# ---------------------------------------------------------------- report / io


def test_format_report_contents():
    gold = gold_df(G(0, 5), G(10, 15, hardware="NVIDIA H100"), G(20, 25, text="missed one"))
    pred = pred_df(P(0, 5, lo=3.0), P(10, 15, hardware="NVIDIA A100", qualifier="approx"),
                   P(90, 95, rule="bogus_rule", text="x" * 500))
    text = format_report(score(pred, gold))
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["claim_type", "n_gold", "n_pred", "tp"]
    assert any(l.startswith("OVERALL") for l in lines)
    assert any(l.startswith("speedup") for l in lines)
    for section in ("misses (1)", "false positives (1)", "value errors (1)",
                    "qualifier errors (1)", "hardware errors (1)"):
        assert f"== {section} ==" in text
    assert "missed one" in text and "bogus_rule" in text
    assert max(len(l) for l in lines) <= 160


def test_format_report_caps_lists():
    gold = gold_df(*[G(i * 10, i * 10 + 5) for i in range(7)])
    text = format_report(score(pred_df(), gold), max_items=3)
    assert "== misses (7) ==" in text and "... and 4 more" in text


def test_evaluate_writes_json_atomically(tmp_path):
    gdir = tmp_path / "gold"
    gdir.mkdir()
    (gdir / "a.jsonl").write_text(json.dumps(G(0, 5)) + "\n\n" + json.dumps(G(10, 15, optional=True)) + "\n")
    pq = tmp_path / "claims.parquet"
    pred_df(P(0, 5), P(50, 55)).to_parquet(pq)
    out = tmp_path / "out" / "eval.json"
    r = evaluate(pq, gdir, out_json=out)
    assert counts(r["overall"]) == (1, 1, 0, 1, 2)
    assert json.loads(out.read_text()) == r
    assert [p.name for p in out.parent.iterdir()] == ["eval.json"]  # no temp file left
    # DataFrame input works too
    assert evaluate(pred_df(P(0, 5)), gdir)["overall"]["f1"] == 1.0


# ---------------------------------------------------------------- load_gold


def test_load_gold_bad_json_names_file_and_line(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps(G(0, 5)) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps(G(0, 5)) + "\n\n{not json}\n")
    with pytest.raises(ValueError, match=r"b\.jsonl:3: bad JSON"):
        load_gold(tmp_path)


def test_load_gold_missing_field(tmp_path):
    row = G(0, 5)
    del row["claim_type"]
    (tmp_path / "a.jsonl").write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match=r"a\.jsonl:1: missing required field\(s\): claim_type"):
        load_gold(tmp_path)


def test_load_gold_empty_dir(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_gold(tmp_path)


def test_load_gold_repo_data():
    g = load_gold(GOLD_DIR)
    assert len(g) == 115
    assert list(g["gold_file"].value_counts().sort_index().items()) == [("seed_a.jsonl", 65), ("seed_b.jsonl", 50)]
    # sorted file order: seed_a first
    assert g["gold_file"].iloc[0] == "seed_a.jsonl" and g["gold_file"].iloc[-1] == "seed_b.jsonl"
    assert int(g["optional"].sum()) == 12
    assert int(g.loc[g["gold_file"] == "seed_a.jsonl", "optional"].sum()) == 10
    assert int(g.loc[g["gold_file"] == "seed_b.jsonl", "optional"].sum()) == 2
    assert set(g["field"]) <= {"title", "abstract"}
    assert (g["char_start"] < g["char_end"]).all()
    # gold scored against itself is perfect; optional rows are matched but not counted
    r = score(g.drop(columns=["optional"]), g)
    o = r["overall"]
    assert counts(o) == (103, 0, 0, 103, 103)
    assert o["f1"] == 1.0 and o["value_accuracy"] == 1.0 and o["hardware_accuracy"] == 1.0
    assert o["optional_matched"] == 12 and o["n_pred_rows"] == 115
    assert no_nan(r)
