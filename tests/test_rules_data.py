"""The rule files are validated data: every table and key known, every key
read, every value of its type (issue 13)."""
from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest

from perfclaims.rule_schema import CLAIMS, CONTEXT, Array, Table, validate
from perfclaims.rule_schema import RuleError

RULES = Path(__file__).resolve().parent.parent / "extract" / "rules"
# the code that reads the rule files (not the schema, which names every key)
SOURCES = "\n".join(p.read_text() for p in RULES.parent.glob("*.py") if p.name != "rule_schema.py")


def _load(name):
    return tomllib.loads((RULES / name).read_text("utf-8"))


def test_the_shipped_files_are_valid():
    validate(_load("claims.toml"), CLAIMS, "rules/claims.toml")
    validate(_load("context.toml"), CONTEXT, "rules/context.toml")


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["unit"][0].update(surface=["x"]), "[[unit]] 'ratio': unknown key 'surface'"),
    (lambda d: d.update(units={}), "unknown table [units]"),
    (lambda d: d["unit"][1].pop("pint"), "[[unit]] 'percent': missing key 'pint'"),
    (lambda d: d["qualifiers"].update(approx="about"), "[qualifiers]: approx: must be a list"),
    (lambda d: d["form"][0].update(trigger=[3]), "trigger: every item must be a string"),
], ids=["typo", "table", "missing", "type", "item"])
def test_a_bad_claims_file_names_file_table_and_key(mutate, message):
    data = copy.deepcopy(_load("claims.toml"))
    mutate(data)
    with pytest.raises(RuleError, match=re.escape(message)):
        validate(data, CLAIMS, "rules/claims.toml")


def test_a_misspelt_cue_fails():
    data = copy.deepcopy(_load("context.toml"))
    data["ratio"]["speed_afterr"] = "x"
    with pytest.raises(RuleError, match=r"\[ratio\]: unknown key 'speed_afterr'"):
        validate(data, CONTEXT, "rules/context.toml")


def _keys(schema):
    for table, spec in schema.items():
        if isinstance(spec, (Table, Array)):
            for key in spec.keys:
                yield table, key


def _named_by_steps(table):
    """The cues of [ratio] or [percent] that its steps' tests name."""
    steps = _load("context.toml").get(f"{table}_step", [])
    return {term.strip().lstrip("!").rpartition(":")[2]
            for step in steps for alternative in step["when"].split("|") for term in alternative.split("&")}


@pytest.mark.parametrize("table,key", list(_keys(CLAIMS)) + list(_keys(CONTEXT)))
def test_every_declared_key_is_read_by_the_code(table, key):
    """A key the schema allows but nothing reads would be data that does
    nothing: each is named as a string in the code that reads the files, or
    (a cue of [ratio] or [percent]) in one of its steps' tests."""
    read = re.search(rf"""["']{re.escape(key)}["']""", SOURCES) or key in _named_by_steps(table)
    assert read, f"[{table}] {key} is never read"


def _step_context(**step):
    data = copy.deepcopy(_load("context.toml"))
    data["percent_step"].insert(0, {"then": "drop", **step})
    return data


@pytest.mark.parametrize("step,message", [
    ({"when": "after:speed_aftr"}, "[[percent_step]] 1 ('after:speed_aftr'): no cue 'speed_aftr' in [percent]"),
    ({"when": "afterwards:speed_after"}, "unknown place 'afterwards'"),
    ({"when": "after:speed_after &"}, "empty term"),
    ({"when": "after:speed_after", "metric": "nearest"}, "metric must be one of near, after, cut"),
], ids=["cue", "place", "empty", "metric"])
def test_a_bad_step_names_file_step_and_problem(step, message):
    from perfclaims.rules import _steps
    with pytest.raises(RuleError, match=re.escape(message)):
        _steps(_step_context(**step))


@pytest.mark.parametrize("step,message", [
    ({"when": "after:speed_after", "then": "speedupp"}, "[[percent_step]] 1: unknown action 'speedupp'"),
    ({"when": "frm_to"}, "[[percent_step]] 1: unknown check 'frm_to'"),
], ids=["action", "check"])
def test_a_step_naming_no_action_or_check_fails_when_the_classifier_starts(step, message):
    from dataclasses import replace
    from perfclaims.classify import Classifier
    from perfclaims.rules import _steps, load_rules
    rules = replace(load_rules(), steps=_steps(_step_context(**step)))
    with pytest.raises(RuleError, match=re.escape(message)):
        Classifier(rules)


def test_a_cue_naming_no_part_fails():
    from perfclaims.rules import _context_cues
    data = copy.deepcopy(_load("context.toml"))
    data["ratio"]["speed_after"] = "^{speed_nounz}"
    with pytest.raises(RuleError, match=re.escape("[ratio]: no part {speed_nounz} in [parts]")):
        _context_cues(data)


def test_parts_are_spelled_out_where_cues_name_them():
    from perfclaims.rules import _with_parts
    parts = {"speed_nouns": "speed|fps"}
    assert _with_parts("ratio", {"x": r"(?:{speed_nouns})\s{0,2}"}, parts) == {"x": r"(?:speed|fps)\s{0,2}"}


def test_a_part_may_name_other_parts():
    from perfclaims.rules import _resolved_parts
    parts = {"a": "x|{b}", "b": "y{0,2}|{c}", "c": "z"}
    assert _resolved_parts(parts) == {"a": "x|y{0,2}|z", "b": "y{0,2}|z", "c": "z"}


@pytest.mark.parametrize("parts,message", [
    ({"a": "{b}", "b": "{a}"}, "[parts]: a -> b -> a is a cycle"),
    ({"a": "x|{a}"}, "[parts]: a -> a is a cycle"),
    ({"a": "x|{nope}"}, "[parts] a: no part {nope} in [parts]"),
], ids=["cycle", "self", "missing"])
def test_a_part_cycle_or_a_missing_part_fails(parts, message):
    from perfclaims.rules import _resolved_parts
    with pytest.raises(RuleError, match=re.escape(message)):
        _resolved_parts(parts)


def test_the_ratio_and_percent_cues_share_one_noun_after_check():
    # written once, as a part, and used by both sections
    data = _load("context.toml")
    assert data["ratio"]["other_after"] == data["percent"]["other_after"] == "{noun_not_of_speed_after}"
