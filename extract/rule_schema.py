"""The shape of the rule files, checked when they are loaded.

Each rule file is data; a typo in a key would otherwise silently disable a
rule. ``validate(data, SCHEMA, file)`` fails with the file, the table and
the key on: an unknown table or key, a missing required key, a value of the
wrong type. (Patterns are compiled, and pint expressions parsed, by the
loaders that read them, which name file, table and key the same way.)

A schema is a dict: table name -> one of
  ``Table(keys)``       a table of known keys, ``keys``: name -> Field
  ``Mapping(kind)``     a table of free keys whose values have one type
  ``Array(keys)``       an array of tables (``[[name]]``), each with ``keys``
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any



class RuleError(ValueError):
    """A rule data file is invalid; the message names the file and where."""


@dataclass(frozen=True)
class Field:
    kind: Any                 # a type or a tuple of types
    required: bool = True
    item: Any = None          # for lists: the type of each item


@dataclass(frozen=True)
class Table:
    keys: dict


@dataclass(frozen=True)
class Mapping:
    value: Any


@dataclass(frozen=True)
class Array:
    keys: dict
    name_key: str = "name"   # names an entry in messages


NUMBER = (int, float)
STRINGS = Field(list, item=str)
OPTIONAL_STR = Field(str, required=False)

CLAIMS = {
    "numbers": Table({"words": Field(dict), "suffixes": Field(dict)}),
    "qualifiers": Table({"upper_bound": STRINGS, "lower_bound": STRINGS, "approx": STRINGS,
                         "suffix_lower_bound": STRINGS, "suffix_approx": STRINGS}),
    "points": Table({"surfaces": STRINGS}),
    "per_device": Table({"words": STRINGS}),
    "unit": Array({"name": Field(str), "kind": Field(str), "pint": Field(str), "surfaces": STRINGS,
                   "case_sensitive": Field(bool, required=False), "log10": Field(bool, required=False),
                   "metric": OPTIONAL_STR}),
    "prefixes": Table({"short": Field(dict), "long": Field(dict)}),
    "time_units": Mapping(str),
    "form": Array({"name": Field(str), "kind": Field(str), "regex": Field(str), "trigger": STRINGS,
                   "value": Field(NUMBER, required=False), "log10": Field(bool, required=False),
                   "qualifier": OPTIONAL_STR, "before": OPTIONAL_STR, "unit": OPTIONAL_STR,
                   "metric": OPTIONAL_STR, "digits": Field(bool, required=False),
                   "bare": Field(bool, required=False), "at_numbers": Field(bool, required=False),
                   "after_digits": OPTIONAL_STR}),
    "metric_number": Array({"names": STRINGS, "metric": Field(str), "unit": Field(str)}, name_key="metric"),
    "metric_links": Table({"words": STRINGS, "patterns": STRINGS}),
}

_CUE = Field(str, required=False)
_STEP = {"when": Field(str), "then": Field(str), "rule": OPTIONAL_STR, "metric": OPTIONAL_STR,
         "default_metric": OPTIONAL_STR}
CONTEXT = {
    "ratio": Table({k: _CUE for k in (
        "quality_after", "quality_gain_after", "quality_before", "setting_before", "energy_efficiency_before", "energy_efficiency_after", "veto_after", "veto_before",
        "reduction_after", "reduction_before", "speed_after", "speed_before", "speed_verbs", "speed_sentence",
        "time_metric", "share_after", "in_time_after", "better_after", "speed_noun_before", "other_after", "generic_gain_after", "speed_named", "quality_in_after")}),
    "percent": Table({k: _CUE for k in (
        "utilization_after", "utilization_before", "utilization_change_after", "speed_after", "speed_before", "reduction_after",
        "speed_verbs", "reduction_before", "accuracy_after", "accuracy_cue", "veto_after", "veto_before",
        "energy_efficiency_before", "energy_efficiency_after", "share_before", "share_after", "share_veto_before",
        "quality_drop_before", "quality_drop_after", "to_level", "metric_equals",
        "result_verb_before", "cost_increase_after", "cost_increase_before", "slowdown_after", "speed_drop_before",
        "quality_compare_after", "gain_after", "gain_paren_before", "better_after", "speed_noun_before", "other_after",
        "halved_setting_after", "halved_setting_before")}),
    "parts": Mapping(str),
    "metric": Mapping(str),
    "metric_kinds": Table({"quality": STRINGS, "error": STRINGS, "cost": STRINGS, "cost_of_a_kind": STRINGS}),
    "latency": Table({"veto_after": _CUE, "veto_before": _CUE}),
    "fps": Table({"veto_after": _CUE, "veto_before": _CUE, "result_before": _CUE, "hz_needs": _CUE}),
    "memory": Table({"needs": _CUE, "veto_after": _CUE, "veto_before": _CUE}),
    "throughput": Table({"veto_after": _CUE, "veto_before": _CUE}),
    "power": Table({"needs": _CUE, "veto_after": _CUE, "veto_before": _CUE}),
    "decibel": Table({"needs": _CUE, "veto_before": _CUE, "result_after": _CUE}),
    "ratio_step": Array(_STEP, name_key="when"),
    "percent_step": Array(_STEP, name_key="when"),
}


SECTIONS = {
    "reading": Table({"skip": STRINGS}),
    "setup_passage": Table({"run_in": Field(str), "statement": Field(str), "timing": Field(str),
                           "timing_heading": Field(str), "cited_run": Field(str)}),
    "kind": Array({"name": Field(str), "heading": Field(str)}),
}


TABLES = {
    "reading": Table({"not_result": Field(str), "not_result_row": Field(str), "baseline": Field(str),
                      "merged": Field(str), "spec_caption": Field(str), "spec_row": Field(str),
                      "quoted_rows": Field(str)}),
    "column": Array({"name": Field(str), "claim_type": Field(str), "header": Field(str), "bare": Field(str),
                     "percent": Field(str), "metric": Field(str), "relative": Field(bool),
                     "own_units": Field(list, required=False, item=str)}),
}


def read_rule_file(name: str) -> dict:
    """The TOML rule file ``rules/<name>`` of the package; a syntax error is a RuleError naming it."""
    path = resources.files("perfclaims") / "rules" / name
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"rules/{name}: {e}") from e


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({str: "a string", bool: "true or false", int: "a number", float: "a number",
                        list: "a list", dict: "a table"}[k] for k in kinds)


def _check_value(value: Any, f: Field, where: str) -> None:
    ok = isinstance(value, f.kind) and not (isinstance(value, bool) and f.kind in (NUMBER, int, float))
    if not ok:
        raise RuleError(f"{where}: must be {_type_name(f.kind)}, got {type(value).__name__}")
    if f.item is not None and not all(isinstance(v, f.item) for v in value):
        raise RuleError(f"{where}: every item must be {_type_name(f.item)}")


def _check_keys(entry: dict, keys: dict, where: str) -> None:
    for key, value in entry.items():
        if key not in keys:
            raise RuleError(f"{where}: unknown key {key!r} (known: {', '.join(keys)})")
        _check_value(value, keys[key], f"{where}: {key}")
    for key, f in keys.items():
        if f.required and key not in entry:
            raise RuleError(f"{where}: missing key {key!r}")


def validate(data: dict, schema: dict, file: str) -> None:
    for name, value in data.items():
        spec = schema.get(name)
        where = f"{file}: [{name}]"
        if spec is None:
            raise RuleError(f"{file}: unknown table [{name}] (known: {', '.join(schema)})")
        if isinstance(spec, Table):
            if not isinstance(value, dict):
                raise RuleError(f"{where}: must be a table")
            _check_keys(value, spec.keys, where)
        elif isinstance(spec, Mapping):
            if not isinstance(value, dict):
                raise RuleError(f"{where}: must be a table")
            for key, v in value.items():
                _check_value(v, Field(spec.value), f"{where}: {key}")
        else:
            if not isinstance(value, list):
                raise RuleError(f"{file}: {name} must be an array of tables ([[{name}]])")
            for i, entry in enumerate(value):
                label = entry.get(spec.name_key, i + 1) if isinstance(entry, dict) else i + 1
                _check_keys(entry, spec.keys, f"{file}: [[{name}]] {label!r}")
    for name in schema:
        if name not in data:
            raise RuleError(f"{file}: missing table [{name}]")
