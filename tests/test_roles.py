"""Number roles (issue 14): the rule file is validated on load, a matching
rule keeps a quantity out of the claims, and --explain lists it."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from perfclaims.model import Doc
from perfclaims.pipeline import extractor
from perfclaims.roles import RoleRules, load_roles
from perfclaims.rule_schema import RuleError


GOOD = {"name": "budget-within", "role": "budget", "types": ["memory"], "before": r"\bwithin\s+(?:an?\s+)?$"}


@pytest.mark.parametrize("change,message", [
    ({"befor": "x"}, "unknown key 'befor'"),
    ({"role": "bogus"}, "role 'bogus' is not one of"),
    ({"types": ["speed"]}, "types must be claim types"),
    ({"before": "("}, "rule 'budget-within': before:"),
    ({"types": 3}, "types must be a list"),
    ({"before": r"(?-i:[A-Z]\w+)\s$"}, "cues are case-insensitive"),
])
def test_a_bad_rule_fails_on_load_naming_file_rule_and_key(change, message):
    with pytest.raises(RuleError, match=message) as err:
        RoleRules({"rule": [{**GOOD, **change}]})
    assert str(err.value).startswith("rules/roles.toml: rule")


def test_a_rule_needs_a_cue_a_unique_name_and_known_tables():
    with pytest.raises(RuleError, match="needs a cue"):
        RoleRules({"rule": [{k: v for k, v in GOOD.items() if k != "before"}]})
    with pytest.raises(RuleError, match="used twice"):
        RoleRules({"rule": [GOOD, GOOD]})
    with pytest.raises(RuleError, match="unknown table"):
        RoleRules({"rules": [GOOD]})


def test_the_shipped_rules_load():
    assert all(r.role and r.types for r in load_roles().rules)


def test_a_matching_rule_keeps_the_quantity_out_and_explain_lists_it(tmp_path, monkeypatch):
    ex = extractor()
    monkeypatch.setattr(ex, "roles", RoleRules({"rule": [GOOD]}))
    text = "It runs within an 8 GB memory budget and uses 6.2 GB of memory."
    rejected: list[dict] = []
    claims = ex.extract(Doc(doc_id="d", title="T", abstract=text), rejected=rejected)
    assert [c.text for c in claims] == ["6.2 GB"]
    assert [(r["text"], r["role"], r["rule"]) for r in rejected] == [("8 GB", "budget", "budget-within")]
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "d", "title": "T", "abstract": "%s"}\n' % text)
    from perfclaims.runner import Run, run_local
    run_local(Run(src, tmp_path / "o", quiet=True, explain=True), 1)
    rows = pq.read_table(tmp_path / "o" / "claims.rejected.parquet").to_pylist()
    assert [(r["text"], r["role"], r["claim_type"]) for r in rows] == [("8 GB", "budget", "memory")]
    assert (tmp_path / "o" / "claims.rejected.csv").exists()
