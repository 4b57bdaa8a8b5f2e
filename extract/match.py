"""Find quantity mentions in cleaned text: numbers with units, word forms
("factor of 30", "an order of magnitude", "by half"), and quality metrics
written as plain numbers ("PSNR 26.15"). What they are claims *of* is decided
later (extract/classify.py); here we only read them.
"""
from __future__ import annotations

import math
import string
from dataclasses import dataclass, fields
from typing import Optional

import regex

from . import shortcuts, units
from .compiled import compiled
from .cues import Caseless
from .rules import DELTA_AFTER, LIST_UNIT_AFTER, MetricNumber, Rules, UnitDef, load_rules
from .sentences import sentence_spans
from .shortcuts import shortcut


@dataclass(frozen=True, init=False)
class Quantity:
    start: int              # span of the claim text in the cleaned string
    end: int
    kind: str               # ratio | percent | decibel | ratio-compression | claim type
    low: float
    high: float
    qualifier: str          # exact | approx | upper_bound | lower_bound | range
    unit_text: Optional[str]
    pint: Optional[str]     # pint expression of the unit (None: kind decides)
    rule: str
    metric: Optional[str] = None
    forced_unit: Optional[str] = None   # metric numbers: canonical unit given by the rule
    bare: bool = False      # written without a unit ("speedups of 2.84 and 1.75")
    context_start: int = -1  # where the qualifier before it begins (-1: at start)

    def __init__(self, start: int, end: int, kind: str, low: float, high: float, qualifier: str,
                 unit_text: Optional[str], pint: Optional[str], rule: str, metric: Optional[str] = None,
                 forced_unit: Optional[str] = None, bare: bool = False, context_start: int = -1):
        # the fields set in one step behind the frozen __setattr__: 3x faster
        # than the generated __init__ (tests/test_match.py checks the two agree)
        self.__dict__.update(start=start, end=end, kind=kind, low=low, high=high, qualifier=qualifier,
                             unit_text=unit_text, pint=pint, rule=rule, metric=metric,
                             forced_unit=forced_unit, bare=bare, context_start=context_start)


_QUANTITY_FIELDS = frozenset(f.name for f in fields(Quantity))


def _with(q: Quantity, **changes) -> Quantity:
    """``dataclasses.replace`` for the hot path (every quantity takes its
    qualifier this way): a copy of the fields with some changed, in one dict
    update, without replace's walk over the fields and a second __init__."""
    if not _QUANTITY_FIELDS.issuperset(changes):
        raise TypeError(f"Quantity has no field {sorted(set(changes) - _QUANTITY_FIELDS)}")
    new = object.__new__(Quantity)
    new.__dict__.update(q.__dict__, **changes)   # frozen: set behind __setattr__, as __init__ does
    return new


_RANGE_FROM = Caseless(r"\b(?:rang\w*|var(?:y|ies|ied|ying)|spann?\w*|anywhere)\s+from\s+$")
_PLUS_MINUS_AFTER = regex.compile(r"\s?±\s?\d")
# "reduces latency from 73 ms to 6.7 ms" (and "scales from 2.4k to 200k actions/s")
# is a before and an after; "ranges from 30 to 45 FPS" is a range
_FROM_BEFORE = Caseless(
    r"\b(?:reduc\w*|improv\w*|increas\w*|decreas\w*|cut\w*|drop\w*|boost\w*|rais\w*|lower\w*|shrink\w*|"
    r"bring\w*|brought|went|goes|go|accelerat\w*|sped|speeds\s+up|fell|falls?|rose|rises?|grows?|grew|jump\w*|climb\w*|"
    r"enhanc\w*|lift\w*|push\w*|elevat\w*|inflat\w*|balloon\w*|degrad\w*|slow\w*|worsen\w*|surg\w*|spik\w*|soar\w*|"
    r"regress\w*|scales|scaled|rising)\b(?:[^;.]|\.\d|\b(?:e\.g|i\.e)\.|\bvs\.){0,110}\bfrom\s+(?:~|≈|about\s+|around\s+|approximately\s+|roughly\s+)?$")


def _ends_anyhow(text: str, ends: tuple[str, ...]) -> bool:
    return True


@shortcut(_ends_anyhow, "a backward search tried only where the text could end with what it matches")
def _may_end_with(text: str, ends: tuple[str, ...]) -> bool:
    return text.lower().endswith(ends)


def _qualifier_before(text: str, start: int, rules: Rules) -> tuple[Optional[str], int]:
    """Qualifier right before ``start`` and where it begins (for the before-context)."""
    window = text[max(0, start - 40):start]
    # the full search only where the window could end with a qualifier
    m = _may_end_with(window.rstrip().rstrip("+").rstrip(), rules.qualifier_ends) and rules.qualifier_before.search(window)
    if not m:
        return None, start
    return rules.qualifier_kind(m.group("q")), start - len(window) + m.start()


def _with_qualifier(q: Quantity, text: str, rules: Rules) -> Quantity:
    qual, qual_start = _qualifier_before(text, q.start, rules)
    context_start = min(qual_start, q.context_start) if q.context_start >= 0 else qual_start
    qualifier = q.qualifier
    if qual and qualifier == "exact":
        qualifier = qual
    elif qualifier == "exact" and _PLUS_MINUS_AFTER.match(text, q.end):
        qualifier = "approx"   # "26.93 ± 5.06": a mean with its spread
    if (context_start, qualifier) != (q.context_start, q.qualifier):   # one copy, and only if needed
        q = _with(q, context_start=context_start, qualifier=qualifier)
    return q


def _scaled(value: float, log10: bool) -> float:
    if not log10:
        return value
    try:
        return 10.0 ** value
    except OverflowError:   # "309 orders of magnitude": past float; the row check drops it
        return math.inf


_SCALED = regex.compile(r"(?i)\s(?:million|billion)$")   # a number with a scale word ("2.9 million")


def _from_quantity(m: regex.Match, text: str, rules: Rules) -> list[Quantity]:
    u, n1_text, n2_text, u1, pm, plus, sep = m.group("u", "n1", "n2", "u1", "pm", "plus", "sep")
    unit: UnitDef = rules.unit(u)
    if n2_text is not None and u1 is None:
        name = rules.metric_name_before.search(text, max(0, m.start() - 40), m.start("n1"))
        # a change "by" a range ("PSNR by 1.9-15.0%") is one figure of its own unit
        by = name is not None and name.group(0).rstrip().endswith(" by")
        spec = rules.metric_names.get(name.group("name").lower()) if name and not by else None
        # a range in another unit than the metric's is two figures, not one range;
        # a score in percent is the same figure ("F1 of 88-92%")
        if spec is not None and spec.unit != {"decibel": "dB", "percent": "%"}.get(unit.kind, "1") \
                and not (spec.unit == "1" and unit.kind == "percent"):
            return []
    if unit.kind == "percent" and _SCALED.search(n1_text):
        return []   # "128 million points" are points of space, not percentage points
    n1 = rules.number_value(n1_text)
    low = high = n1
    qualifier = "exact"
    descending = False
    if n2_text is not None:
        n2 = rules.number_value(n2_text)
        if u1 is not None and rules.unit(u1).kind != unit.kind:
            # "drops by 48% to 3510 ms": two figures of different kinds, not a range
            first = rules.unit(u1)
            v1, v2 = _scaled(n1, first.log10), _scaled(n2, unit.log10)
            return [Quantity(m.start("n1"), m.end("u1"), first.kind, v1, v1, "exact", u1, first.pint,
                             f"unit:{first.name}", metric=first.metric),
                    Quantity(m.start("n2"), m.end(), unit.kind, v2, v2, "exact", u, unit.pint,
                             f"unit:{unit.name}", metric=unit.metric)]
        descending = n2 < n1
        if descending:       # "10-5x" is not a range; keep the larger as headline
            n1, n2 = n2, n1
        low, high = n1, n2
        qualifier = "range"
    if pm is not None:
        qualifier = "approx"
    if plus or rules.plus_suffix.match(text, m.end()):
        qualifier = "lower_bound" if qualifier == "exact" else qualifier
    start = m.start("n1")
    # "from 73 ms to 6.7 ms", "62→50 ms", "(4,918 ms to 50 ms)": a before and an
    # after (ranges are written ascending and without a change verb)
    # "19.52GB -> 6.49GB": the range pattern may read "-" as the separator and ">" as a
    # qualifier of the second number
    arrow = sep in ("→", "->") or (sep == "-" and text.startswith(">", m.end("sep")))
    pair = arrow or sep == "to" and not _RANGE_FROM.search(text[max(0, start - 30):start]) and (
        descending or _FROM_BEFORE.search(text[max(0, start - 130):start]))
    first_unit = rules.unit(u1) if u1 is not None else unit   # "from 9 minutes to 0.3 seconds"
    if qualifier == "range" and pair:
        # "from 73 ms to 6.7 ms" is a before and an after, not a range
        first_end = m.end("u1") if u1 is not None else m.end("n1")
        v1 = _scaled(rules.number_value(n1_text), first_unit.log10)
        v2 = _scaled(rules.number_value(n2_text), unit.log10)
        rule = f"unit:{unit.name}:from-to"
        return [Quantity(start, first_end, unit.kind, v1, v1, "exact", u1 if u1 is not None else u,
                         first_unit.pint, rule, metric=unit.metric),
                # the "after" value reads the context of the whole pair
                Quantity(m.start("n2"), m.end(), unit.kind, v2, v2, "exact", u, unit.pint, rule,
                         metric=unit.metric, context_start=start)]
    if first_unit.pint != unit.pint and unit.kind in units.CANONICAL_BY_TYPE:
        # "1 ms to 2 s": each end in its own unit, both as the second one's
        scale = units.conversion(first_unit.pint, unit.kind)[0] / units.conversion(unit.pint, unit.kind)[0]
        low, high = (low * scale, high) if not descending else (low, high * scale)
    return [Quantity(start, m.end(), unit.kind, _scaled(low, unit.log10), _scaled(high, unit.log10),
                     qualifier, u, unit.pint, f"unit:{unit.name}", metric=unit.metric)]


def _from_form(form, m: regex.Match, groups: dict, rules: Rules, text: str = "",
               start: Optional[int] = None) -> Optional[Quantity]:
    if form.value is not None:
        low = high = float(form.value)
    else:
        v = groups.get("v")
        low = high = _word_or_number(v, rules)
        if groups.get("v2"):
            high = _word_or_number(groups["v2"], rules)
        if groups.get("den"):   # "1/3": a fraction
            low = high = low / float(groups["den"])
    qualifier = form.qualifier or ("range" if high != low else "exact")
    if qualifier == "exact" and (groups.get("v") or "").strip().lower() == "several":
        qualifier = "lower_bound"
    if groups.get("q"):
        qualifier = rules.qualifier_kind(groups["q"], qualifier)
    low, high = _scaled(low, form.log10), _scaled(high, form.log10)
    pint = None
    if form.kind == "latency":
        pint = rules.time_units.get(groups.get("unit", "").lower(), "second")
    s, e = m.span("span")
    if start is not None:
        s = start
    return Quantity(s, e, form.kind, low, high, qualifier, text[s:e] if start is not None else m.group("span"), pint,
                    f"form:{form.name}", metric=form.metric, forced_unit=form.unit,
                    bare=form.bare)


def _word_or_number(text: str, rules: Rules) -> float:
    t = " ".join(text.strip().lower().split())
    if t in ("a", "an", "one"):
        return 1.0
    if t in ("half a", "half an"):
        return 0.5
    if t == "several":
        return 2.0   # "several orders of magnitude": at least two (a lower bound: _from_form)
    return rules.number_value(t)


def _from_metric_number(name: str, number: str, qual: Optional[str], span: tuple[int, int],
                        name_end: Optional[int], text: str, rules: Rules, high: Optional[str] = None) -> Quantity:
    spec = rules.metric_names.get(" ".join(name.lower().split())) or MetricNumber("score", "1")
    value = rules.number_value(number)
    high_value = rules.number_value(high) if high else value
    s, e = span
    qualifier = rules.qualifier_kind(qual, "exact") if high_value == value else "range"
    unit = spec.unit
    unit_text = None
    # "4.53 FID": the name follows the number and is part of the claim text
    if name_end is not None:
        e = name_end
        points = _compiled(rules).points_after.match(text, e)
        if points:  # "35.6 F1 points" are percentage points
            e, unit = points.end(), "%"
        unit_text = text[span[1]:e].strip()
    return Quantity(s, e, "metric", min(value, high_value), max(value, high_value), qualifier, unit_text, None,
                    f"metric:{spec.metric}", metric=spec.metric, forced_unit=unit, bare=True)


def _resolve_overlaps(found: list[Quantity]) -> list[Quantity]:
    """Longest span wins, then earliest; the survivors in text order.

    Works cluster by cluster (runs of overlapping spans), so the cost stays
    linear in the number of quantities however long the text."""
    kept: list[Quantity] = []
    cluster: list[Quantity] = []
    cluster_end = -1
    for q in sorted(found, key=lambda q: (q.start, -q.end)):
        if cluster and q.start >= cluster_end:
            kept.extend(_longest_first(cluster))
            cluster = []
        cluster.append(q)
        cluster_end = max(cluster_end, q.end) if len(cluster) > 1 else q.end
    kept.extend(_longest_first(cluster))
    return sorted(kept, key=lambda q: q.start)


def _longest_first(cluster: list[Quantity]) -> list[Quantity]:
    chosen: list[Quantity] = []
    for q in sorted(cluster, key=lambda q: (-(q.end - q.start), q.start)):
        if all(q.end <= k.start or q.start >= k.end for k in chosen):
            chosen.append(q)
    return chosen


# "2.84 in inference and 1.75 in training", "0.98 for runtime (error 15%) and 0.78"
_CONT_TEMPLATE = (r"\G(?:\s+(?:in|for|on|when|at|with)\s+[\w-]+(?:\s+[\w-]+)?)?(?:\s*\([^()]{{0,40}}\))?"
                  r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus|to)\s+|\s*(?:/|→|->)\s*)(?P<v>{num})"
                  r"(?![\w%×]|\.\d|\s?(?:x|×|%|percent|{points}|dB|times|fold)\b)")


def _continuations(q: Quantity, text: str, rules: Rules, cont: regex.Pattern) -> list[Quantity]:
    """Bare numbers continuing a bare claim: "PSNR 26.15 vs. 25.91"."""
    out = []
    pos = q.end
    while True:
        m = cont.match(text, pos)
        if not m:
            return out
        value = rules.number_value(m.group("v"))
        s, e = m.span("v")
        if "/" in text[pos:s] and "." in text[q.start:q.end] and "." not in m.group("v") and value > q.high:
            return out   # "task score (3.59/4)": the scale the score is out of
        # a bound on the head governs the list: "up to 2.84 ... and 1.75 ...",
        # not the figure it is compared with: "Recall@100 >0.41 vs. 0.20"
        compared = "vs" in text[pos:s] or "versus" in text[pos:s]
        qualifier = q.qualifier if q.qualifier != "range" and not compared else "exact"
        if qualifier == "exact" and _PLUS_MINUS_AFTER.match(text, e):
            qualifier = "approx"   # "from 0.46 to 0.48 ± 0.04": a mean with its spread
        out.append(_with(q, start=s, end=e, low=value, high=value, qualifier=qualifier,
                           unit_text=None, rule=q.rule + "+list", context_start=s))
        pos = e


# "(Dice 0.774 vs 0.762) and at full data (0.882 vs 0.872)", "accuracy from 57.97 to
# 66.51 ... and from 21.68 to 26.27": a later pair of bare numbers in the same
# sentence, written as the metric's own pair was, is that metric's. A "from" pair
# must follow a comma or "and" straight on: "reduces GFLOPs from 7.3 to 5.6" names
# another quantity
_PARALLEL_TEMPLATE = (r"(?P<open>\()(?P<a>{num})\s+(?:vs\.?|versus)\s+(?P<b>{num})\)"
                      r"|(?<=(?:[,;]|\band|\bor)\s{{1,3}})(?P<from>from)\s+(?P<a2>{num})\s+to\s+(?P<b2>{num})"
                      r"(?![\w%×]|\.\d|\s?(?:x|×|%|percent|times|fold|dB)\b)")


# the last text's sentence spans, as one (text, spans) tuple swapped whole: every
# pair of a text asks again, and a text of thousands of pairs must stay linear
_LAST_SENTENCES: list = [("", ())]


def _sentences_of(text: str) -> tuple:
    cached = _LAST_SENTENCES[0]
    if cached[0] is not text:
        cached = (text, tuple(sentence_spans(text)))
        _LAST_SENTENCES[0] = cached
    return cached[1]


def _parallel_pairs(q: Quantity, partner: Quantity, text: str, rules: Rules, parallel: regex.Pattern) -> list[Quantity]:
    """The later pairs of the sentence written in the form of the pair ``q`` and
    ``partner`` ("(Dice 0.774 vs 0.762)", "from 57.97 to 66.51"), as ``q``'s metric."""
    between = text[q.end:partner.start]
    form = "open" if "vs" in between or "versus" in between else "from" if "to" in between else None
    if form is None or (form == "open" and "(" not in text[max(0, q.start - 12):q.start]):
        return []
    sentence_end = next((e for s, e in _sentences_of(text) if s <= partner.end < e), len(text))
    decimals = "." in text[partner.start:partner.end]   # "(569 vs. 101)" after "(RMSE 0.4285 vs. 0.4206)": counts
    out = []
    for m in parallel.finditer(text, partner.end, min(sentence_end, partner.end + 400)):
        pair = ("a", "b") if form == "open" else ("a2", "b2")
        if not m.group(form) or any(("." in m.group(g)) != decimals for g in pair):
            continue
        for g in pair:
            value = rules.number_value(m.group(g))
            s, e = m.span(g)
            out.append(_with(q, start=s, end=e, low=value, high=value, qualifier="exact", unit_text=None,
                             rule=q.rule + "+parallel", context_start=s))
    return out


# "by 6.42 and 8.75 AP points", "reaches 30, 45 and 60 FPS": numbers before a
# quantity, joined by list punctuation only, share its unit
# a bound or "about" before the list is the whole list's ("more than 173 and 186 TFLOPS",
# "up to 2 and 1 million steps/s ... respectively")
_LIST_BEFORE_TEMPLATE = (r"(?:\b(?:by|of|to|at|are|were|is|was|reach\w*|achiev\w*|yield\w*|obtain\w*|gives?)\s+|[:(]\s*)"
                         r"(?:(?P<qual>up\s+to|more\s+than|less\s+than|over|about|around|approximately|roughly|nearly"
                         r"|at\s+least|at\s+most)\s+)?"
                         r"(?P<nums>{num}(?:\s*,\s*{num})*)\s*,?\s*(?:and|or)\s+$")
_YEAR = regex.compile(r"(?:19|20)\d\d")
# "(0.82 vs 0.62 F-score)", "(30.3 vs 31.4 PPL)", "45.3 vs. 26.7 F1": the number
# compared with a figure, written bare before it, is that figure's (a baseline's)
# ... and so is the level a figure rose or fell from ("from 61.5 to 67.4 mAP")
_VERSUS_BEFORE_TEMPLATE = r"(?:(?<![\w./@=-])|(?<=\bfrom\s))(?P<num>{num})\s+(?:vs\.?|versus|(?<=\bfrom\s+\S+\s+)to)\s+$"
# "100/100/98.9/99.7% test accuracy", "97.3/72.9 AP", "35.68/12.20 WER/CER": numbers
# joined to a quantity by slashes alone are its list (one per dataset or metric).
# Two numbers are a list only when both are decimals ("27.69/32.24 BLEU"): whole
# ones are a fraction or a share ("1/120 s", "4/3 times", "2/8 win rate", "90/10%
# split", "0/1 reward"), and "23.5/30 points" is a score out of its scale
_SLASH_LIST_TEMPLATE = r"(?<![\w./-])(?P<nums>{num}(?:/{num})*)/$"


def _shared_unit(q: Quantity, text: str, rules: Rules, list_before: regex.Pattern,
                 number: regex.Pattern) -> tuple[list[Quantity], Optional[str]]:
    """The list's numbers before ``q`` that take its unit, and the qualifier the
    list shares (written before its first number), if any."""
    # the list ends with "and" or "or" and a blank: test that before searching
    if not (text[q.start - 1:q.start].isspace()
            and text[max(0, q.start - 8):q.start].rstrip().lower().endswith(("and", "or"))):
        return [], None
    m = list_before.search(text, max(0, q.start - 80), q.start)
    if not m:
        return [], None
    shared = rules.qualifier_kind(m.group("qual"))
    out = []
    for n in number.finditer(m.group("nums")):
        s = m.start("nums") + n.start()
        e = m.start("nums") + n.end()
        raw = n.group()
        if _YEAR.fullmatch(raw):   # a year, not a figure
            return [], None
        if raw[-1].isalpha():   # "12.5% at 5M and 88.9% at 20M tokens": a count of its own
            return [], None
        value = rules.number_value(raw)
        out.append(_with(q, start=s, end=e, low=value, high=value, unit_text=None,
                           rule=q.rule + "+shared-unit", context_start=s,
                           qualifier=shared if shared and q.qualifier == "exact" else q.qualifier))
    if shared:
        out[0] = _with(out[0], context_start=m.start("qual"))
    return out, shared


def _versus_before(q: Quantity, text: str, rules: Rules, versus_before: regex.Pattern,
                   number: regex.Pattern) -> list[Quantity]:
    if not text[q.start - 1:q.start].isspace():
        return []
    m = versus_before.search(text, max(0, q.start - 40), q.start)
    if not m:
        return []
    raw, head = m.group("num"), number.match(text, q.start)
    # alike numbers only: "(20 vs. 11.5 GB)" compares unlike things
    if head is None or ("." in raw) != ("." in head.group()) or _YEAR.fullmatch(raw) or raw[-1].isalpha():
        return []
    s = m.start("num")
    value = rules.number_value(raw)
    return [_with(q, start=s, end=s + len(raw), low=value, high=value, qualifier="exact",
                  unit_text=None, rule=q.rule + "+versus", context_start=s)]


def _slash_before(q: Quantity, text: str, slash_before: regex.Pattern,
                  number: regex.Pattern) -> Optional[tuple[regex.Match, list, bool]]:
    """The numbers joined to ``q`` by slashes alone ("98.9/99.7%"): their match,
    the numbers, and whether they are ``q``'s list (three or more numbers, or
    two decimals); None when no slash joins a number to ``q``."""
    if text[q.start - 1:q.start] != "/":
        return None
    m = slash_before.search(text, max(0, q.start - 60), q.start)
    if not m:
        return None
    found = list(number.finditer(m.group("nums")))
    head = number.match(text, q.start)
    is_list = len(found) > 1 or ("." in found[0].group() and head is not None and "." in head.group())
    return m, found, is_list


def _denominator(q: Quantity, text: str, slash_before: regex.Pattern, number: regex.Pattern) -> bool:
    """Is ``q`` the second of two numbers joined by a slash, not both decimals
    ("a 2/8 win rate", "1/120 s", "a 90/10% split", "0/1 accuracy reward",
    "23.5/30 points"): a fraction's, a share's or a scale's, not a figure of its own?"""
    joined = _slash_before(q, text, slash_before, number)
    return joined is not None and not joined[2]


def _slash_list(q: Quantity, text: str, rules: Rules, slash_before: regex.Pattern,
                number: regex.Pattern) -> list[Quantity]:
    joined = _slash_before(q, text, slash_before, number)
    if joined is None or not joined[2]:
        return []
    m, found, _ = joined
    out = []
    for n in found:
        raw = n.group()
        if _YEAR.fullmatch(raw) or raw[-1].isalpha():
            return []   # a year ("2023/24"), or a count of its own ("7B/13B")
        s = m.start("nums") + n.start()
        value = rules.number_value(raw)
        out.append(_with(q, start=s, end=s + len(raw), low=value, high=value, qualifier="exact",
                         unit_text=None, rule=q.rule + "+slash-list", context_start=s))
    return out


_PEEK = 6   # characters after a number's digits read by the cheap test
_SHORT_PEEK = 3   # ... and the first of them, tried first
_PEEK_CACHE_SIZE = 50_000


class _AfterDigits:
    """Can ``pattern`` match at the start of the few characters after a
    number's digits? A partial match of those characters answers exactly
    (no means the full match fails there); answers are cached, as the same
    few characters follow many numbers (" ms ", "% on ", "x fas"). The
    first three characters are asked first: far fewer of them differ, and
    where they rule a match out, so do all six."""

    def __init__(self, pattern: regex.Pattern):
        self.pattern = pattern
        self.cache: dict[str, bool] = {}

    def _can_start(self, peek: str) -> bool:
        ok = self.cache.get(peek)
        if ok is None:
            if len(self.cache) >= _PEEK_CACHE_SIZE:
                self.cache.clear()
            ok = self.cache[peek] = self.pattern.match(peek, partial=True) is not None
        return ok

    def allows(self, text: str, digits_end: int) -> bool:
        if not shortcuts.ENABLED:
            return True   # the definition: the full pattern is tried everywhere
        peek = text[digits_end:digits_end + _PEEK]
        ok = self.cache.get(peek)
        if ok is None:
            ok = self._can_start(peek[:_SHORT_PEEK]) and self._can_start(peek)
        return ok


shortcuts.register("match._AfterDigits.allows", _AfterDigits.allows, "always True",
                   "a partial match of the few characters after a number's digits rules the full pattern out")


@dataclass(frozen=True)
class _Compiled:
    """What the matcher derives from the rules once per process."""
    continuation: regex.Pattern
    parallel: regex.Pattern               # a later pair in a metric pair's form
    list_before: regex.Pattern
    slash_before: regex.Pattern           # numbers joined to a quantity by slashes
    versus_before: regex.Pattern          # a number compared with a quantity ("0.82 vs 0.62 F1")
    number: regex.Pattern
    quantity_after_digits: _AfterDigits   # can a quantity go on after a number's digits?
    metric_after_digits: _AfterDigits     # can a metric number?
    form_after_digits: dict               # form name -> what must follow a number for an at_numbers form
    points_after: regex.Pattern           # "35.6 F1 points": a metric number in percentage points


_compiled_cache: dict[int, _Compiled] = {}


def _compiled(rules: Rules) -> _Compiled:
    c = _compiled_cache.get(id(rules))
    if c is None:
        c = _default_compiled() if rules is load_rules() else _build_compiled(rules)
        _compiled_cache[id(rules)] = c
    return c


def _build_compiled(rules: Rules) -> _Compiled:
    return _Compiled(regex.compile(_CONT_TEMPLATE.format(num=rules.num, points=rules.points_alt)),
                     regex.compile(_PARALLEL_TEMPLATE.format(num=rules.num)),
                     regex.compile(_LIST_BEFORE_TEMPLATE.format(num=rules.num), regex.IGNORECASE),
                     regex.compile(_SLASH_LIST_TEMPLATE.format(num=rules.num)),
                     regex.compile(_VERSUS_BEFORE_TEMPLATE.format(num=rules.num), regex.IGNORECASE),
                     regex.compile(rules.num),
                     _AfterDigits(rules.quantity_after_digits),
                     _AfterDigits(rules.metric_after_digits),
                     {f.name: _AfterDigits(f.after_digits) for f in rules.forms if f.after_digits is not None},
                     regex.compile(rf"\s?(?:{rules.points_alt}|%)\b|\s?%", regex.IGNORECASE))


@compiled("matcher")
def _default_compiled() -> _Compiled:
    """The project's own rules' matcher patterns, kept with the compiled rules."""
    return _build_compiled(load_rules())


# The words a rules.word_unit match starts with (lower-cased), each with a
# word the text must also hold ("per" only counts with "cent")
_WORD_UNIT_HEADS = (("times", "times"), ("fold", "fold"), ("percent", "percent"), ("per", "cent"),
                    ("order", "magnitude"))


def _word_units_definition(text: str, lower: str, rules: Rules) -> list:
    return list(rules.word_unit.finditer(text))


@shortcut(_word_units_definition)
def _word_units(text: str, lower: str, rules: Rules) -> list:
    """rules.word_unit's matches, tried only where one of its words occurs
    (str.find) rather than at every character; the same matches as finditer,
    as they are whole words and cannot overlap."""
    if len(lower) != len(text):   # lowering changed offsets (a few non-ASCII letters)
        return list(rules.word_unit.finditer(text))
    found = {}   # by start: "per" and "percent" start alike
    for head, needed in _WORD_UNIT_HEADS:
        if needed not in lower:
            continue
        i = lower.find(head)
        while i >= 0:
            if i not in found and (m := rules.word_unit.match(text, i)):
                found[i] = m
            i = lower.find(head, i + 1)
    return [found[i] for i in sorted(found)]


def _starts(text: str, lower: str, digit_starts, rules: Rules) -> list[int]:
    """Positions where a quantity may start (the quantity regex is then
    matched there only, instead of being tried at every character): the
    numbers (given in order), number words before a word unit ("two
    times"), and "between"."""
    others = []
    for m in _word_units(text, lower, rules):
        w = rules.word_before.search(text, max(0, m.start() - 16), m.start())
        if w:
            others.append(w.start())
    pos = text.find("between")
    while pos >= 0:
        others.append(pos)
        pos = text.find("between", pos + 7)
    if not others:
        return list(digit_starts)
    return sorted(set(digit_starts).union(others))


def _metric_numbers(text: str, number_runs: dict[int, int], rules: Rules,
                    after_digits: _AfterDigits) -> list[Quantity]:
    out = []
    for pos, digits_end in number_runs.items():
        m = after_digits.allows(text, digits_end) and rules.metric_number.match(text, pos)
        if m:
            spread = m.group("spread")   # "0.75 ± 0.01 AUPRC": approximate, the span ends at the figure
            delta = m.group("delta")     # "55.5 (+1.4) mIoU": so does a gain between figure and name
            out.append(_from_metric_number(m.group("name"), m.group("v"), "about" if spread else None,
                                           (pos, m.end("v2") if m.group("v2") else m.end("v")),
                                           None if spread or delta else m.end("named"), text, rules,
                                           high=m.group("v2")))
            gain = _gain_claim(m.group("name"), m.span("delta") if delta else _gain_after(text, m.end()), text, rules)
            if gain:
                out.append(gain)
            continue
        lo = max(0, pos - 60)
        # the full search only where the text before could end a metric name
        before = (_may_end_with(text[lo:pos].rstrip(), rules.metric_name_ends)
                  and rules.metric_name_before.search(text, lo, pos))
        if before:
            v = rules.metric_value.match(text, pos)
            # a change "by" a list whose unit its last item writes is the unit rules' list
            link = text[before.start():before.start("q")] if before.group("q") else before.group(0)
            if v and link.rstrip().endswith(" by") and LIST_UNIT_AFTER.match(text, v.end()):
                v = None
            if v:
                out.append(_from_metric_number(before.group("name"), v.group("v"), before.group("q"),
                                               (pos, v.end()), None, text, rules, high=v.group("v2")))
                gain = _gain_claim(before.group("name"), _gain_after(text, v.end()), text, rules)
                if gain:
                    out.append(gain)
    return out


def _gain_claim(name: str, span: Optional[tuple[int, int]], text: str, rules: Rules) -> Optional[Quantity]:
    """The gain at ``span`` ("+1.4", its sign left out of the value) as a claim
    of the figure named ``name``; None without a span."""
    if span is None:
        return None
    return _from_metric_number(name, text[span[0] + 1:span[1]].strip(), None, span, None, text, rules)


def _gain_after(text: str, end: int) -> Optional[tuple[int, int]]:
    """The span of a gain in parentheses right after a quality figure ("45.2
    mAP (+2.1)", "mIoU of 55.5 (+1.4)"): a claim of the same metric."""
    if end < len(text) and text[end] not in " (":
        return None
    m = DELTA_AFTER.match(text, end)
    return m.span("delta") if m else None


def _every_form(lower: str, rules: Rules) -> tuple:
    return rules.forms


@shortcut(_every_form, "a word form's pattern run only where one of its trigger words occurs")
def _triggered_forms(lower: str, rules: Rules) -> list:
    present = set()   # each trigger tested once, and only if its group's shared prefix occurs
    for gate, members in rules.form_triggers:
        if gate in lower:
            if members:
                present.update(t for t in members if t in lower)
            else:
                present.add(gate)
    if not present:
        return []   # no form can match
    key = (id(rules), frozenset(present))   # few distinct sets of triggers occur: each one's forms found once
    forms = _FORMS_OF_TRIGGERS.get(key)
    if forms is None:
        if len(_FORMS_OF_TRIGGERS) >= 4096:
            _FORMS_OF_TRIGGERS.clear()
        forms = _FORMS_OF_TRIGGERS[key] = [form for form in rules.forms if not present.isdisjoint(form.triggers)]
    return forms


_FORMS_OF_TRIGGERS: dict = {}


def _forms(text: str, lower: str, rules: Rules, number_runs: dict[int, int],
           form_after_digits: dict[str, "_AfterDigits"]) -> list[Quantity]:
    out = []
    for form in _triggered_forms(lower, rules):
        # a form that starts at a number is tried at each number's start (a
        # handful per text), not scanned for: most texts hold its trigger word
        if form.at_numbers:
            after = form_after_digits.get(form.name)
            found = (m for pos, end in number_runs.items()
                     if (after is None or after.allows(text, end)) and (m := form.pattern.match(text, pos)))
        else:
            found = form.pattern.finditer(text)
        for m in found:
            groups = m.groupdict()
            start = None
            if form.before is not None:
                at = m.start("span")   # the match may begin after it (a form found from a later literal)
                b = form.before.search(text, max(0, at - 60), at)
                if not b:
                    continue
                found = b.groupdict()
                if found.get("q"):
                    groups["q"] = b.group("q")
                if found.get("lo"):   # "one to two days": the range's two ends
                    groups["v"], groups["v2"], start = found["lo"], found["v"], b.start("lo")
                elif found.get("v"):   # the number stands before the literal the form finds first
                    groups["v"], start = found["v"], b.start("v")
            q = _from_form(form, m, groups, rules, text, start)
            if q is not None:
                out.append(q)
    return out


_DIGITS = regex.compile(r"\d+")
_ASCII_DIGITS = regex.compile(r"[0-9]+")   # in ASCII text the same, scanned 3x faster
shortcuts.register("match._ASCII_DIGITS", _ASCII_DIGITS, _DIGITS, "[0-9]+ for \\d+ in ASCII text")
_WORD_CHAR = regex.compile(r"\w")
# what may not stand just before a number (rules.number_start), in ASCII
_GLUED_BEFORE = frozenset(string.ascii_letters + string.digits + "_.^-")


_GROUP_SPACES = " \u2009\u202f"


def _after_sub(text: str, hyphen: int) -> bool:
    """Is the hyphen at ``hyphen`` the end of a word "sub-" ("sub-100ms")?"""
    return (hyphen >= 3 and text[hyphen - 3:hyphen] in ("sub", "Sub")
            and (hyphen == 3 or not (text[hyphen - 4].isalnum() or text[hyphen - 4] in "_-")))


def _number_runs_definition(text: str, first: regex.Match, digits: regex.Pattern) -> dict[int, int]:
    return {m.start(): m.end() for m in load_rules().number_start.finditer(text)}


@shortcut(_number_runs_definition)
def _number_runs(text: str, first: regex.Match, digits: regex.Pattern) -> dict[int, int]:
    """rules.number_start's matches (start -> end) from the first run of
    digits on: the engine hops from one digit run to the next (a number
    starts at a run, or at a dot just before it), 2x faster than trying the
    pattern at every digit and dot. ``digits`` finds runs of \\d (str.isdecimal
    is the same class). Tested equal to the pattern."""
    runs = {}
    m = first
    while m is not None:
        s, e = m.span()
        # only a run's first digit, or a dot before it (".5"), can start a number
        start = s - 1 if s and text[s - 1] == "." else s
        before = text[start - 1] if start else " "
        glued = (before in _GLUED_BEFORE and not (before == "-" and _after_sub(text, start - 1))
                 or before == "×" and start >= 2 and text[start - 2].isdecimal())   # a shape: "80×80×4"
        if not (glued or (not before.isascii() and _WORD_CHAR.match(before))
                or (before == "," and start >= 2 and text[start - 2].isdecimal())):
            # thousands grouped by spaces after one to three digits: "200 000", "3 144.65"
            if start == s and e - s <= 3:
                while (e + 4 <= len(text) and text[e] in _GROUP_SPACES and text[e + 1:e + 4].isdecimal()
                       and len(digits.match(text, e + 1).group()) == 3
                       and (e + 4 == len(text) or text[e + 4] != "-")):
                    e += 4
            # decimals and thousands groups: "1,024.5"
            while e + 1 < len(text) and text[e] in ",." and text[e + 1].isdecimal():
                e = digits.match(text, e + 1).end()
            runs[start] = e
        m = digits.search(text, e)
    return runs


def _can_hold_words(lower: str, rules: Rules) -> bool:
    return True


@shortcut(_can_hold_words, "text with no digit is skipped unless it holds a word that can stand for a number")
def _may_hold_number_words(lower: str, rules: Rules) -> bool:
    for word in rules.numberless_words:   # a plain loop: cheaper than any() over a generator here
        if word in lower:
            return True
    return False


# "91.2% ± 0.4%", "12.3 ms +/- 0.5 ms": a spread written with its own unit is part of
# the figure before it (which reads as approximate), not a figure of its own
_SPREAD_BEFORE = regex.compile(r"(?:±|\+/-|\+-)\s*\(?\s*\Z")


# "2 hours 30 minutes", "3 hours and 15 minutes", "2 min 30 s", "8m 16s": one duration written in
# two units is one figure, the larger unit counted in the smaller (a comma may separate list
# items, so it does not join)
_NEXT_UNIT_DOWN = {("day", "hour"): 24, ("hour", "minute"): 60, ("minute", "second"): 60}
_DURATION_JOIN = regex.compile(r"\s+(?:and\s+)?")
_MINUTES_GLUED = regex.compile(r"(?<![\w.,])(\d{1,3})m\s+\Z")


def _compound_durations(found: list[Quantity], text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == q.kind == "latency" and prev.qualifier in ("exact", "approx")
                and q.qualifier == "exact" and prev.low == prev.high and q.low == q.high):
            per = _NEXT_UNIT_DOWN.get((prev.pint, q.pint))
            if (per is not None and q.low < per and prev.low.is_integer()
                    and _DURATION_JOIN.fullmatch(text, prev.end, q.start)):
                value = prev.low * per + q.low
                out[-1] = _with(q, start=prev.start, low=value, high=value, qualifier=prev.qualifier,
                                context_start=prev.context_start)
                continue
        if q.kind == "latency" and q.pint == "second" and q.qualifier == "exact" and q.low < 60:
            glued = _MINUTES_GLUED.search(text, max(0, q.start - 8), q.start)
            if glued is not None:
                value = int(glued.group(1)) * 60 + q.low
                q = _with(q, start=glued.start(), low=value, high=value)
        out.append(q)
    return out


def find_quantities(text: str, rules: Optional[Rules] = None,
                    unrepresentable: Optional[list[Quantity]] = None) -> list[Quantity]:
    """All quantity mentions of ``text`` (cleaned), non-overlapping, in order.
    A quantity whose value is past float ("309 orders of magnitude") is left
    out, and appended to ``unrepresentable`` when given (to be reported)."""
    rules = rules or load_rules()
    found: list[Quantity] = []
    covered = -1
    lower = text.lower()
    digits = _ASCII_DIGITS if text.isascii() and shortcuts.ENABLED else _DIGITS
    first = digits.search(text)
    if first is not None:
        number_runs = _number_runs(text, first, digits)   # where each number starts -> its digits' end
    elif _may_hold_number_words(lower, rules):
        number_runs = {}
    else:
        return []   # no digit and no word that can stand for a number: cheaply skipped
    compiled = _compiled(rules)
    for pos in _starts(text, lower, number_runs, rules):
        if pos < covered:
            continue
        digits_end = number_runs.get(pos)
        if digits_end is not None and not compiled.quantity_after_digits.allows(text, digits_end):
            continue
        m = rules.quantity.match(text, pos)
        if m:
            found.extend(_from_quantity(m, text, rules))
            covered = m.end()
    found.extend(_forms(text, lower, rules, number_runs, compiled.form_after_digits))
    found.extend(_metric_numbers(text, number_runs, rules, compiled.metric_after_digits))
    found = [_with_qualifier(q, text, rules) for q in _resolve_overlaps(found)
             if not (text[q.start - 1:q.start] == "/" and _denominator(q, text, compiled.slash_before, compiled.number))
             and not _SPREAD_BEFORE.search(text, max(0, q.start - 8), q.start)]
    if len(found) > 1 or (found and found[0].pint == "second"):
        found = _compound_durations(found, text)

    extra = []
    for i, q in enumerate(found):
        if q.bare:
            more = _continuations(q, text, rules, compiled.continuation)
            extra.extend(more)
            if q.kind == "metric" and len(more) == 1:
                extra.extend(_parallel_pairs(q, more[0], text, rules, compiled.parallel))
        if q.unit_text is not None and q.qualifier != "range" and not q.rule.startswith("unit:oom"):
            items, shared = _shared_unit(q, text, rules, compiled.list_before, compiled.number)
            extra.extend(items)
            if items and shared and q.qualifier == "exact":
                found[i] = q = _with(q, qualifier=shared)
        if (q.unit_text is not None or q.kind == "metric") and q.qualifier != "range":
            extra.extend(_slash_list(q, text, rules, compiled.slash_before, compiled.number))
            extra.extend(_versus_before(q, text, rules, compiled.versus_before, compiled.number))
    if extra:
        found = _resolve_overlaps(found + extra)
    finite = [q for q in found if math.isfinite(q.low) and math.isfinite(q.high)]
    if unrepresentable is not None and len(finite) < len(found):
        unrepresentable.extend(q for q in found if not (math.isfinite(q.low) and math.isfinite(q.high)))
    return finite
