"""Number roles: is a typed quantity a result, or a setting, a budget, a
data size, a spec-sheet figure, a background statistic, an example?

The roles and their cues are data (``rules/roles.toml``), validated on load:
an unknown key, a role or claim type not in the vocabulary, a regex that
does not compile, or a rule with no cue fails with the file, the rule and
the key. ``RoleRules.split`` keeps the results and returns the rest with the
rule that decided, for ``--explain``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import regex

from .classify import Typed
from .compiled import compiled
from . import shortcuts
from .cues import Cue
from .rule_schema import RuleError, read_rule_file
from .units import CANONICAL_BY_TYPE

ROLES = ("setting", "budget", "data_size", "spec", "background", "example", "not_hardware", "not_speed",
         "capture_rate", "amount", "estimate")
RULE_KEYS = {"name": str, "role": str, "types": list, "units": list, "before": str, "after": str,
             "sentence": str, "text": str, "unless": str}
BEFORE_WINDOW = 120
AFTER_WINDOW = 100
UNLESS_WINDOW = 80   # "unless" is searched this near the quantity, on either side


@dataclass(frozen=True)
class RoleRule:
    name: str
    role: str
    types: frozenset
    units: Optional[frozenset]
    before: Optional[Cue]
    after: Optional[Cue]
    sentence: Optional[Cue]
    text: Optional[Cue]
    unless: Optional[Cue]

    def matches(self, unit: str, quantity: str, before: str, after: str, sentence: str, in_sentence: dict) -> bool:
        """``in_sentence`` keeps each rule's sentence answer: a sentence of many
        quantities is searched once per rule, not once per quantity."""
        if self.sentence is not None and self.name not in in_sentence:
            in_sentence[self.name] = self.sentence.search(sentence) is not None
        return ((self.units is None or unit in self.units)
                and (self.text is None or self.text.search(quantity) is not None)
                and (self.before is None or self.before.search(before) is not None)
                and (self.after is None or self.after.match(after) is not None)
                and (self.sentence is None or in_sentence[self.name])
                and (self.unless is None or (self.unless.search(before[-UNLESS_WINDOW:]) is None
                                             and self.unless.search(after[:UNLESS_WINDOW]) is None)))

    def matches_lowered(self, unit: str, quantity: str, before: str, after: str, sentence: str,
                        in_sentence: dict) -> bool:
        """``matches`` on lower-cased ASCII windows, read by the cues' stdlib
        copies directly (no per-cue case fold), cheapest cue first: the same
        answer, as each cue is only asked whether it matches."""
        if self.units is not None and unit not in self.units:
            return False
        if self.after is not None and self.after.ascii.match(after) is None:
            return False
        if self.text is not None and self.text.ascii.search(quantity) is None:
            return False
        if self.before is not None and self.before.scan.search(before) is None:
            return False
        if self.sentence is not None:
            found = in_sentence.get(self.name)
            if found is None:
                found = in_sentence[self.name] = self.sentence.scan.search(sentence) is not None
            if not found:
                return False
        return self.unless is None or (self.unless.scan.search(before[-UNLESS_WINDOW:]) is None
                                       and self.unless.scan.search(after[:UNLESS_WINDOW]) is None)


@dataclass(frozen=True)
class Rejected:
    """A typed quantity that is not a result: its role and the rule."""
    typed: Typed
    role: str
    rule: str


def _validate(rules: list, where: str) -> None:
    names = set()
    for i, r in enumerate(rules):
        at = f"{where}: rule {i + 1} ({r.get('name', '?')})"
        if not isinstance(r, dict):
            raise RuleError(f"{at}: expected a table")
        for key, value in r.items():
            if key not in RULE_KEYS:
                raise RuleError(f"{at}: unknown key {key!r} (allowed: {', '.join(RULE_KEYS)})")
            if not isinstance(value, RULE_KEYS[key]):
                raise RuleError(f"{at}: {key} must be a {RULE_KEYS[key].__name__}")
        for key in ("name", "role", "types"):
            if key not in r:
                raise RuleError(f"{at}: missing {key!r}")
        if r["name"] in names:
            raise RuleError(f"{at}: name {r['name']!r} used twice")
        names.add(r["name"])
        if r["role"] not in ROLES:
            raise RuleError(f"{at}: role {r['role']!r} is not one of {', '.join(ROLES)}")
        unknown = [t for t in r["types"] if t not in CANONICAL_BY_TYPE]
        if unknown or not r["types"]:
            raise RuleError(f"{at}: types must be claim types, got {unknown or 'none'}")
        if not any(k in r for k in ("before", "after", "sentence", "text", "unless")):
            raise RuleError(f"{at}: needs a cue: before, after, sentence, text or unless")
        if "units" in r:
            known = {u for us in CANONICAL_BY_TYPE.values() for u in us}
            bad = [u for u in r["units"] if u not in known]
            if bad:
                raise RuleError(f"{at}: units must be canonical units, got {bad}")


def _cue(pattern: Optional[str], at: str, key: str) -> Optional[Cue]:
    if pattern is None:
        return None
    if "(?-i" in pattern:
        # cues are matched on lower-cased text: a case-sensitive part would match any case
        raise RuleError(f"{at}: {key}: cues are case-insensitive, '(?-i' cannot make a part case-sensitive")
    try:
        return Cue(pattern)
    except (regex.error, re.error) as e:
        raise RuleError(f"{at}: {key}: {e}") from e


class RoleRules:
    def __init__(self, data: dict, where: str = "rules/roles.toml"):
        unknown = set(data) - {"rule"}
        if unknown:
            raise RuleError(f"{where}: unknown table(s) {', '.join(sorted(unknown))} (only [[rule]])")
        rules = data.get("rule", [])
        _validate(rules, where)
        self.rules = tuple(
            RoleRule(r["name"], r["role"], frozenset(r["types"]),
                     frozenset(r["units"]) if "units" in r else None,
                     *(_cue(r.get(k), f"{where}: rule {r['name']!r}", k)
                       for k in ("before", "after", "sentence", "text", "unless")))
            for r in rules)
        self.by_type = {t: tuple(r for r in self.rules if t in r.types) for t in CANONICAL_BY_TYPE}

    def split(self, typed: list[Typed], text: str, s_start: int, s_end: int) -> tuple[list[Typed], list[Rejected]]:
        """(results, rejected) of one sentence's typed quantities. An ASCII
        sentence is lower-cased once and each rule asked by ``matches_lowered``
        (1.5x faster, the same answers)."""
        if not self.rules:
            return typed, []
        sentence = text[s_start:s_end]
        lowered = shortcuts.ENABLED and sentence.isascii()
        if lowered:
            sentence = sentence.lower()
        test = RoleRule.matches_lowered if lowered else RoleRule.matches
        keep, rejected = [], []
        in_sentence: dict[str, bool] = {}
        for t in typed:
            candidates = self.by_type.get(t.claim_type, ())
            if not candidates:
                keep.append(t)
                continue
            start, end = t.q.start - s_start, t.q.end - s_start
            before = sentence[max(0, start - BEFORE_WINDOW):start]   # the qualifier included
            after, quantity = sentence[end:end + AFTER_WINDOW], sentence[start:end]
            rule = next((r for r in candidates if test(r, t.unit, quantity, before, after, sentence, in_sentence)), None)
            if rule is None:
                keep.append(t)
            else:
                rejected.append(Rejected(t, rule.role, rule.name))
        return keep, rejected


shortcuts.register("roles.RoleRule.matches", RoleRule.matches_lowered, RoleRule.matches,
                   "role rules read a lower-cased ASCII sentence once, by their stdlib copies, cheapest cue first")


@compiled("roles")
def load_roles() -> RoleRules:
    return RoleRules(read_rule_file("roles.toml"))
