"""Case tables (tests/cases/*.toml): real sentences from arXiv/ACL abstracts
and our own phrasings, one file per claim type plus negatives.

status "ok" must pass; "hard" are tracked gaps, run as strict xfail (a fixed
gap fails loudly, so it gets promoted); "debatable" cases have no agreed
answer and are only checked for the row invariants."""
import math

import pytest

from perfclaims.units import CANONICAL_BY_TYPE

from .case_tables import compare, extract_rows, load_cases


def _params():
    for stem, i, case in load_cases():
        status = case.get("status", "ok")
        marks = [pytest.mark.xfail(strict=True, reason=case.get("note", "known gap"))] if status == "hard" else []
        yield pytest.param(case, status, id=f"{stem}-{i}-{status}", marks=marks)


@pytest.mark.parametrize("case,status", list(_params()))
def test_case(case, status):
    rows = extract_rows(case["text"])
    for r in rows:  # invariants hold for every case, debatable ones included
        assert case["text"][r["char_start"]:r["char_end"]] == r["text"]
        assert math.isfinite(r["value"]) and r["value_low"] <= r["value"] <= r["value_high"]
        assert r["unit"] in CANONICAL_BY_TYPE[r["claim_type"]]
    if status == "debatable":
        return
    problems = compare(case, rows)
    assert not problems, "\n".join(problems)


def test_every_claim_type_has_ten_phrasings():
    counts = {}
    for _, _, case in load_cases():
        if case.get("status", "ok") != "ok":
            continue
        for c in case.get("claims", []):
            counts[c["claim_type"]] = counts.get(c["claim_type"], 0) + 1
    assert set(counts) >= set(CANONICAL_BY_TYPE)
    assert all(n >= 10 for n in counts.values()), counts


def test_negatives_are_many():
    negatives = [c for stem, _, c in load_cases() if stem == "negatives" and c.get("status", "ok") == "ok"]
    assert len(negatives) >= 30
    assert all(not c.get("claims") for c in negatives)
