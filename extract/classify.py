"""Decide what each quantity is a claim of, and put its value in the claim
type's canonical unit.

Absolute units name their type (ms -> latency) but may be vetoed by context
("5 seconds of video"). Ratios and percentages take their type from cue words
around them (rules/context.toml): "3x faster" is a speedup, "4x less memory" a
reduction, "75% utilization" a utilization. Quantities in a list share the cue
after the last item and a bound before the first ("up to 52.8% and 88.2%
throughput drop").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

import regex

from . import units
from .match import Quantity
from .cues import ASCII_SPACE, Caseless, Cue, Twin
from .rules import Rules, load_rules

QUALITY_METRICS = {"mmlu", "perplexity", "psnr", "fid", "fvd", "accuracy", "map", "ap", "miou", "iou", "f1", "bleu",
                   "rouge", "recall", "auc", "ssim", "lpips", "dice", "success rate"}
ERROR_METRICS = {"error", "wer", "cer"}   # lower is better, and a cut is a reduction of error
COST_METRICS = {"memory", "latency", "time", "energy", "power", "cost", "storage", "flops", "communication", "parameters"}
_UTILIZATION_WORD = Caseless(r"\b(?:utili[sz]ation|MFU|HFU)\b")
# a percent of throughput is a speedup only as a gain ("outperforms ... by 12% in
# throughput"), not as a level ("90% throughput", "95.9% of unconstrained throughput")
_GAIN = Caseless(r"\b(?:outperform\w*|improv\w*|increas\w*|gains?|boost\w*|higher|faster|more)\b")
_LEVEL_OF = Caseless(r"\s*(?:of\s+)?(?:the\s+|its\s+)?(?:(?!(?:in|by|for|on|at)\b)[\w-]+\s+)?throughputs?\b")
# "reduced to 5%": the number after "to" is the level reached
_TO_LEVEL = Caseless(r"\bto\s+$")

_QUANTITY_LIST_GAP = Caseless(r"^\s*(?:,|/|;)?\s*(?:and|or|&|vs\.?|versus)?\s*$")
# Where a clause ends (only its start is read: a Cue) or starts (its end is
# read too). The start's ASCII twin is the same alternatives with their first
# character read first, as a class the stdlib engine skips to (each starts
# with a different character, so the match at a place is the same); the rest
# of each is checked behind and after it.
_CLAUSE_END = Cue(r"[;:]|\.(?:\s|$)|\s-\s|\(\s*e\.g|\bwhile\b|\bwhereas\b|\bbut\b|\brespectively\b")
_WORD_AT = r"(?<![a-z0-9_]{c})(?<={c})"   # \b before the word's first letter, read after it
_CLAUSE_START = Twin(
    regex.compile(r"[;:]|\.\s|\bwhile\b|\bwhereas\b|\bbut\b", regex.IGNORECASE),
    re.compile(rf"[;:.wb](?:(?<=[;:])|(?<=\.)[{ASCII_SPACE}]|{_WORD_AT.format(c='w')}(?:hile|hereas)\b"
               rf"|{_WORD_AT.format(c='b')}ut\b)"),
    lower=True)
_PSNR = regex.compile(r"\bPSNR\b")
_PAREN_GAP = regex.compile(r"^\s*\(\s*\+?$")
_YEAR_S = regex.compile(r"^(?:1[89]|20)\d0s$")


class _CueCache:
    """A sentence whose cue searches are made once, whatever the number of
    quantities in it (a long run-on sentence must not cost quadratic time)."""

    def __init__(self, text: str):
        self.text = text
        self._found: dict[int, bool] = {}

    def has(self, pattern: regex.Pattern) -> bool:
        key = id(pattern)
        if key not in self._found:
            self._found[key] = bool(pattern.search(self.text))
        return self._found[key]


@dataclass(frozen=True, init=False)
class Typed:
    """A quantity with its claim type and canonical values."""

    q: Quantity
    claim_type: str
    low: float
    high: float
    unit: str
    qualifier: str
    metric: Optional[str]
    rule: str

    def __init__(self, q: Quantity, claim_type: str, low: float, high: float, unit: str, qualifier: str,
                 metric: Optional[str], rule: str):
        # set in one step behind the frozen __setattr__, as Quantity's
        self.__dict__.update(q=q, claim_type=claim_type, low=low, high=high, unit=unit, qualifier=qualifier,
                             metric=metric, rule=rule)


def _groups(quantities: list[Quantity], text: str) -> list[list[Quantity]]:
    """Runs of same-kind quantities separated only by list punctuation."""
    groups: list[list[Quantity]] = []
    for q in quantities:
        prev = groups[-1][-1] if groups else None
        if prev is not None and prev.kind == q.kind and _QUANTITY_LIST_GAP.match(text[prev.end:q.start]):
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups


def _after(text: str, pos: int, limit: int = 90, stop: Optional[int] = None) -> str:
    """The clause after ``pos``, ending before the next quantity (``stop``)."""
    end = pos + limit if stop is None else min(pos + limit, stop)
    window = text[pos:end]
    m = _CLAUSE_END.search(window)
    return window[:m.start()] if m else window


def _before(text: str, pos: int, sentence_start: int, limit: int = 150) -> str:
    lo = max(sentence_start, pos - limit)
    window = text[lo:pos]
    last = None
    for last in _CLAUSE_START.finditer(window):
        pass
    return window[last.end():] if last else window


# Where the phrase of a claim ends: a metric word past ", and" or "and" is
# another item's ("a 72.4% decrease in false positives, and an F1-score of")
_PHRASE_BREAK = regex.compile(r",|;|\band\b|\bwhile\b|\bwhereas\b|\bbut\b")


def _metric(after: str, before: str, rules: Rules) -> Optional[str]:
    """The metric word nearest the claim within its phrase, after it or
    before it ("47.2% mAP" is mAP even where "latency" came earlier)."""
    cut = _PHRASE_BREAK.search(after)
    if cut is not None:
        after = after[:cut.start()]
    last = None
    for last in _PHRASE_BREAK.finditer(before):
        pass
    if last is not None:
        before = before[last.end():]
    return rules.metric_vocab.nearest(after, before)


class Classifier:
    def __init__(self, rules: Optional[Rules] = None):
        self.rules = rules or load_rules()
        self.cues = self.rules.cues

    def _metric(self, after: str, before: str) -> Optional[str]:
        # the items of a list share their context: look each context up once
        key = (after, before)
        if key not in self._metric_memo:
            self._metric_memo[key] = _metric(after, before, self.rules)
        return self._metric_memo[key]

    def classify(self, quantities: list[Quantity], text: str, sentence_start: int, sentence_end: int,
                 qualifier_start: dict[int, int], blocked: list[tuple[int, int]]) -> list[Typed]:
        """Typed claims of one sentence. ``qualifier_start`` maps a quantity's
        start to where its qualifier begins; ``blocked`` are spans (hardware
        mentions) that a quantity may not touch."""
        out: list[Typed] = []
        self._metric_memo: dict[tuple[str, str], Optional[str]] = {}
        sentence = _CueCache(text[sentence_start:sentence_end])
        previous: Optional[Quantity] = None
        starts = [q.start for q in quantities]
        next_start = {q.start: (starts[k + 1] if k + 1 < len(starts) else sentence_end) for k, q in enumerate(quantities)}
        for group in _groups(quantities, text):
            first, last = group[0], group[-1]
            after = _after(text, last.end, stop=next_start[last.start])
            before = _before(text, qualifier_start.get(first.start, first.start), sentence_start)
            shared_bound = first.qualifier if first.qualifier in ("upper_bound", "lower_bound", "approx") else None
            # "up to 740 TFLOPs/s (75% utilization)": the aside restates the
            # same measurement, under the same bound
            if (previous is not None and first.qualifier == "exact"
                    and previous.qualifier in ("upper_bound", "lower_bound", "approx")
                    and _PAREN_GAP.match(text[previous.end:first.start])):
                first = replace(first, qualifier=previous.qualifier)
                group = [first] + group[1:]
            previous = last
            for q in group:
                # a quantity inside a hardware mention is part of its name; an
                # absolute one right beside it is its spec ("H100 80GB")
                margin = 0 if q.kind in ("ratio", "percent") else 1
                if any(q.start < e + margin and q.end > s - margin for s, e in blocked):
                    continue
                if q is not first and shared_bound and q.qualifier == "exact":
                    q = replace(q, qualifier=shared_bound)
                # an absolute unit reads its own context ("5 seconds of 24 fps
                # video"); ratios and percents share the list's cue
                own_after = (_after(text, q.end, stop=sentence_end)
                             if q.kind not in ("ratio", "percent", "metric") else after)
                typed = self._classify_one(q, own_after, before, sentence, blocked)
                if typed is not None:
                    out.append(typed)
        return _coordinated_bounds(out, text)

    # -- one quantity -----------------------------------------------------
    def _classify_one(self, q: Quantity, after: str, before: str, sentence: _CueCache,
                      blocked) -> Optional[Typed]:
        kind = q.kind
        if kind == "ratio":
            return self._ratio(q, after, before, sentence, blocked)
        if kind == "percent":
            return self._percent(q, after, before)
        if kind == "metric":
            return self._typed(q, "accuracy", q.low, q.high, q.forced_unit, q.metric, q.rule)
        if kind == "ratio-compression":
            return self._typed(q, "reduction", _cut(q.low), _cut(q.high), "%",
                               self._metric(after, before), q.rule)
        if kind == "decibel":
            c = self.cues["decibel"]
            if not sentence.has(c["needs"]) or c["veto_before"].search(before):
                return None
            metric = "psnr" if sentence.has(_PSNR) else self._metric(after, before)
            return self._typed(q, "accuracy", q.low, q.high, "dB", metric, q.rule)
        return self._absolute(q, after, before, sentence)

    def _typed(self, q: Quantity, claim_type: str, low: float, high: float, unit: str,
               metric: Optional[str], rule: str) -> Typed:
        qualifier = q.qualifier
        if low != high and qualifier not in ("range",):
            qualifier = "range"
        return Typed(q, claim_type, min(low, high), max(low, high), unit, qualifier, metric,
                     rule)

    def _ratio(self, q, after, before, sentence, blocked) -> Optional[Typed]:
        c = self.cues["ratio"]
        if c["veto_after"].search(after) or c["veto_before"].search(before) or c["quality_after"].search(after):
            return None
        # "8x A100": a hardware mention right after the ratio is a GPU count
        if any(0 <= s - q.end <= 2 for s, _ in blocked):
            return None
        metric = self._metric(after, before)
        if q.high < 1 and c["share_after"].search(after):
            # "0.22x the memory" cuts 78%; "1/10 the training time" is 10x faster
            if c["time_metric"].search(after[:40]):
                return self._speedup(replace(q, low=1 / q.high, high=1 / q.low), metric or "time",
                                     q.rule + ":share-of-time")
            return self._typed(q, "reduction", 100 * (1 - q.high), 100 * (1 - q.low), "%", metric,
                               q.rule + ":share")
        if q.rule.startswith("form:fraction"):
            return None   # "1/30 of the data": a share of something that is not a cost
        if c["energy_efficiency_after"].search(after) or c["energy_efficiency_before"].search(before):
            # "1.47x higher energy efficiency" cuts the energy per task
            return self._typed(q, "reduction", _cut(q.low), _cut(q.high), "%", "energy", q.rule + ":energy-efficiency")
        time_cut = bool(c["time_metric"].search(after[:70]))
        if c["reduction_after"].search(after):
            if time_cut:
                return self._speedup(q, "latency" if metric in (None, "time") else metric, q.rule + ":time-cut")
            return self._typed(q, "reduction", _cut(q.low), _cut(q.high), "%", metric, q.rule + ":reduction-after")
        if c["speed_after"].search(after):
            return self._speedup(q, metric, q.rule + ":speed-after")
        cut_at = _nearest_cue(c, before)
        if cut_at is not None:
            verb_phrase = before[cut_at:]
            if c["time_metric"].search(verb_phrase):
                return self._speedup(q, metric, q.rule + ":time-cut-before")
            return self._typed(q, "reduction", _cut(q.low), _cut(q.high), "%",
                               _metric(verb_phrase, "", self.rules) or metric, q.rule + ":reduction-before")
        if c["speed_before"].search(before):
            return self._speedup(q, metric, q.rule + ":speed-before")
        if sentence.has(c["speed_sentence"]):
            return self._speedup(q, metric, q.rule + ":speed-sentence")
        return None

    def _speedup(self, q: Quantity, metric, rule) -> Typed:
        return self._typed(q, "speedup", q.low, q.high, "x",
                           metric if metric in ("throughput", "latency", "time") else None, rule)

    def _percent(self, q, after, before) -> Optional[Typed]:
        c = self.cues["percent"]
        if c["utilization_after"].search(after) or c["utilization_before"].search(before):
            return self._typed(q, "utilization", q.low, q.high, "%", self._metric(after, before),
                               q.rule + ":utilization")
        if c["share_before"].search(before) and c["share_after"].search(after):
            # "with only 20% of the parameters" cuts 80% of them; "training only
            # 5% of the parameters" is how a method trains, not a result
            if c["share_veto_before"].search(before):
                return None
            return self._reduced_to(q, self._metric(after, ""), q.rule + ":share")
        if c["veto_after"].search(after) or c["veto_before"].search(before):
            return None
        metric = self._metric(after, before)   # only for a percent that survives the vetoes
        if ":from-to" in q.rule:
            # "the error rate drops from 12% to 8%": two levels of a figure,
            # neither a reduction nor a speedup by itself
            return self._level(q, after, before, metric)
        if q.unit_text and q.unit_text.strip().lower().lstrip("-") in self.rules.point_words:
            if not (c["accuracy_cue"].search(after) or c["accuracy_cue"].search(before)):
                return None
            return self._typed(q, "accuracy", q.low, q.high, "%", metric or "accuracy", q.rule + ":points")
        if c["accuracy_after"].search(after):
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, q.rule + ":accuracy-after")
        if c["quality_drop_after"].search(after) or c["quality_drop_before"].search(before):
            return self._typed(q, "accuracy", q.low, q.high, "%", metric if metric in QUALITY_METRICS else None,
                               q.rule + ":quality-drop")
        if c["energy_efficiency_after"].search(after) or c["energy_efficiency_before"].search(before):
            return self._typed(q, "reduction", _cut(1 + q.low / 100), _cut(1 + q.high / 100), "%", "energy",
                               q.rule + ":energy-efficiency")
        if c["speed_after"].search(after):
            return self._typed(q, "speedup", 1 + q.low / 100, 1 + q.high / 100, "x",
                               metric if metric == "throughput" else None, q.rule + ":speed-after")
        if c["reduction_after"].search(after):
            return self._reduction_or_quality(q, metric, q.rule + ":reduction-after")
        cut_at = _nearest_cue(c, before)
        if cut_at is not None:
            # the noun between the verb and the number names what was cut
            verb_metric = _metric(before[cut_at:], "", self.rules) or metric
            if _TO_LEVEL.search(before):
                return self._reduced_to(q, verb_metric)
            return self._reduction_or_quality(q, verb_metric, q.rule + ":reduction-before")
        if c["speed_before"].search(before):
            return self._typed(q, "speedup", 1 + q.low / 100, 1 + q.high / 100, "x",
                               metric if metric == "throughput" else None, q.rule + ":speed-before")
        if c["accuracy_cue"].search(after) or c["accuracy_cue"].search(before):
            if metric == "throughput":
                if not _GAIN.search(before + " " + after[:40]) or _LEVEL_OF.match(after):
                    return None   # "a 90% throughput": a share of a speed, not a quality
                # "outperforms the baseline by 12% in throughput": a gain in a speed
                return self._typed(q, "speedup", 1 + q.low / 100, 1 + q.high / 100, "x", metric,
                                   q.rule + ":throughput-gain")
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, q.rule + ":accuracy")
        return None

    def _level(self, q, after, before, metric) -> Optional[Typed]:
        c = self.cues["percent"]
        if _UTILIZATION_WORD.search(before) or c["utilization_after"].search(after):
            return self._typed(q, "utilization", q.low, q.high, "%", metric, q.rule + ":level")
        if metric in QUALITY_METRICS or metric in ERROR_METRICS or c["accuracy_after"].search(after) \
                or c["accuracy_cue"].search(after) or c["accuracy_cue"].search(before):
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, q.rule + ":level")
        return None

    def _reduced_to(self, q, metric, rule: Optional[str] = None) -> Optional[Typed]:
        """"reduces memory to 30% of the baseline" cuts 70%; "reduced the error
        rate to 5%" reports a level (accuracy); a level of anything else says
        nothing we can type."""
        if metric in COST_METRICS:
            flipped = {"upper_bound": "lower_bound", "lower_bound": "upper_bound"}.get(q.qualifier, q.qualifier)
            q = replace(q, qualifier=flipped)
            return self._typed(q, "reduction", 100 - q.high, 100 - q.low, "%", metric, rule or q.rule + ":reduced-to")
        if metric in QUALITY_METRICS or metric in ERROR_METRICS:
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, q.rule + ":reduced-to-level")
        return None

    def _reduction_or_quality(self, q, metric, rule) -> Typed:
        # a change in a quality figure ("15.5% drop in perplexity") is an
        # accuracy claim; a cut of a cost (memory, latency, energy) a reduction
        if metric in QUALITY_METRICS:
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, rule + ":quality")
        return self._typed(q, "reduction", q.low, q.high, "%", metric, rule)

    def _absolute(self, q, after, before, sentence) -> Optional[Typed]:
        claim_type = q.kind
        c = self.cues.get(claim_type, {})
        if "veto_after" in c and c["veto_after"].search(after):
            return None
        if "veto_before" in c and c["veto_before"].search(before):
            return None
        if "needs" in c and not (c["needs"].search(before) or c["needs"].search(after[:40])):
            return None
        if claim_type == "fps" and q.unit_text and q.unit_text.strip() == "Hz" and not sentence.has(c["hz_needs"]):
            return None
        if claim_type == "latency" and q.unit_text == "s" and _YEAR_S.match(f"{q.low:.0f}s"):
            return None
        factor, unit = units.conversion(q.pint, claim_type)
        metric = q.metric or self._metric(after, before)
        if claim_type == "latency" and metric not in ("latency", "time", "gpu_time"):
            metric = "latency" if metric is None else metric
            metric = metric if metric in ("latency", "time") else "latency"
        elif claim_type == "throughput":
            metric = "throughput"
        elif claim_type == "memory":
            metric = "memory"
        elif claim_type == "power":
            metric = "energy" if unit == "J" else "power"
        elif claim_type == "fps":
            metric = None
        return self._typed(q, claim_type, q.low * factor, q.high * factor, unit, metric, q.rule)


_COORDINATED = Caseless(r"^(?:[^,;.()]|\.(?=\d)){0,70}\band\s+$")
_WORD_START = regex.compile(r"\b\w")


def _nearest_cue(cues: dict, before: str) -> Optional[int]:
    """Where the reduction cue before a number starts, if a reduction verb is
    nearer the number than any speed verb; else None.

    That is the last word start, after the last speed verb, where the
    reduction pattern matches: its match starts are walked left to right with
    one search each (there are seldom more than one), not every word tried."""
    reduction = cues["reduction_before"]
    m = reduction.search(before)
    if m is None:
        return None          # the common case: no reduction cue at all
    last_speed = -1
    for speed in cues["speed_verbs"].finditer(before):
        last_speed = speed.start()
    nearest = None
    if m.start() <= last_speed:
        m = reduction.search(before, last_speed + 1)
    while m is not None:
        if _WORD_START.match(before, m.start()):
            nearest = m.start()
        m = reduction.search(before, m.start() + 1)
    return nearest


def _coordinated_bounds(typed: list[Typed], text: str) -> list[Typed]:
    """"up to 1.3x over cuDNN and 2.7x over Triton": a bound before the first of
    two same-type claims joined by "and" governs the second too."""
    out = list(typed)
    for k in range(1, len(out)):
        prev, cur = out[k - 1], out[k]
        if (cur.claim_type == prev.claim_type and cur.qualifier == "exact"
                and prev.qualifier in ("upper_bound", "lower_bound")
                and _COORDINATED.match(text[prev.q.end:cur.q.start])):
            out[k] = replace(cur, qualifier=prev.qualifier)
    return out


def _cut(k: float) -> float:
    """A factor-k reduction as percent reduced: 4x less -> 75%."""
    return 100.0 * (1.0 - 1.0 / k) if k > 0 else 0.0
