"""Decide what each quantity is a claim of, and put its value in the claim
type's canonical unit.

Absolute units name their type (ms -> latency) but may be vetoed by context
("5 seconds of video"). Ratios and percentages take their type from cue words
around them: "3x faster" is a speedup, "4x less memory" a reduction, "75%
utilization" a utilization. Which cues decide, and in what order, is data
too: the [[ratio_step]] and [[percent_step]] tables of rules/context.toml,
walked by ``Classifier._by_steps``; this module holds only the checks and
actions those steps name (``_CHECKS``, ``_ACTIONS``). Quantities in a list share the cue
after the last item and a bound before the first ("up to 52.8% and 88.2%
throughput drop").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

import regex

from . import units
from .match import Quantity
from .model import RELATIVE_TYPES
from .cues import ASCII_SPACE, Caseless, Cue, Twin
from .rule_schema import RuleError
from .rules import Rules, Term, load_rules

_UTILIZATION_WORD = Caseless(r"\b(?:utili[sz]ation|MFU|HFU)\b")
# a percent of throughput is a speedup only as a gain ("outperforms ... by 12% in
# throughput"), not as a level ("90% throughput", "95.9% of unconstrained throughput")
_GAIN = Caseless(r"\b(?:outperform\w*|improv\w*|increas\w*|gains?|boost\w*|higher|faster|more)\b")
_LEVEL_OF = Caseless(r"\s*(?:of\s+)?(?:the\s+|its\s+)?(?:(?!(?:in|by|for|on|at)\b)[\w-]+\s+)?throughputs?\b")

_COMPARED = regex.compile(r"\b(?:vs|versus)\b", regex.IGNORECASE)
# (a label in parentheses between items is theirs: "up to 5.9x (forward), 8.9x (backward)")
_QUANTITY_LIST_GAP = Caseless(r"^\s*(?:\([^()\d]{1,30}\))?\s*(?:,|/|;)?\s*(?:and|or|&|vs\.?|versus)?\s*$")
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
_PSNR = regex.compile(r"\bPSNR\b|\b(?i:peak\s+signal[\s-]+to[\s-]+noise)\b")
_PAREN_GAP = regex.compile(r"^\s*\(\s*\+?$")
# ... but not a list of the aside's own ("60.30%, 63.37%") nor a comparison ("(0.82 vs 0.62 F1)")
_PAREN_LIST_NEXT = regex.compile(r"\s*,\s*(?:and\s+)?\+?\d|\s+(?:vs\.?|versus)\s")
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


def _groups(quantities: list[Quantity], text: str, vocab=None) -> list[list[Quantity]]:
    """Runs of same-kind quantities separated only by list punctuation, or by a
    label in parentheses that names no metric ("5.9x (forward), 8.9x"; not
    "21% (FID), 58% (IS)": each of those is its own metric's)."""
    groups: list[list[Quantity]] = []
    for q in quantities:
        prev = groups[-1][-1] if groups else None
        gap = text[prev.end:q.start] if prev is not None else ""
        if prev is not None and prev.kind == q.kind and _QUANTITY_LIST_GAP.match(gap) and not (
                "(" in gap and vocab is not None and vocab.first(gap) is not None):
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
    if "(" in window:
        window = _CITATION.sub(" ", window)   # "utilization (MFU) (Chowdhery et al., 2022) is 54.9%"
    last = None
    for last in _CLAUSE_START.finditer(window):
        pass
    if last is None:
        return window
    if last.group() == ":" and not window[last.end():].strip():
        # "Accuracy: 85.6%", "(mIoU: 76.6% vs. 62.6%)": the label of a colon right
        # before the number names it; its last few words only, not a verb before
        # them ("reduces attack rates (o3: 13% -> 0.4%)")
        label = _COLON_LABEL.search(window, 0, last.start())
        return window[label.start():] if label else window[last.end():]
    return window[last.end():]


# a citation in parentheses: a year, and an "et al." or a name before a year; its words
# and semicolons are no context of the figure after it
_CITATION = regex.compile(r"\s*\\?\((?=[^()]{0,200}?\b(?:19|20)\d\d[a-z]?\b)"
                          r"(?=[^()]{0,200}?(?:\bet\s+al\b|[A-Z][\w'’-]+,?\s+(?:19|20)\d\d))[^()]{1,200}\\?\)")


_COLON_LABEL = regex.compile(r"(?<![\w@./+-])(?:[\w@./+-]+\s+){0,2}[\w@./+-]+\s*$")


# Where the phrase of a claim ends: a metric word past ", and" or "and" is
# another item's ("a 72.4% decrease in false positives, and an F1-score of")
_PHRASE_BREAK = regex.compile(r",|;|\band\b|\bwhile\b|\bwhereas\b|\bbut\b")


# a figure set beside a from-to pair restates its change ("lowers perplexity
# from 21.7 to 19.9, an 8.2% relative reduction"; "drops from 0.60 to 0.14 (76%
# reduction)"): the pair's metric, written before its "from", is the figure's
_BESIDE_FROM_TO = regex.compile(r"\bfrom\s+[\d.,]+\s*(?:%|[^\W\d_]{1,6}(?:/[^\W\d_]{1,6})?)?\s+to\s+[\d.,]+\s*"
                                r"(?:%|[^\W\d_]{1,6}(?:/[^\W\d_]{1,6})?)?\s*(?:,\s*(?:i\.e\.,?\s*)?|\()\s*(?:an?\s+)?$")


_COMPARATIVE_AFTER = regex.compile(r"\s*(?:[\w-]+\s+)?(?:lower|higher|less|more|fewer|faster|slower|smaller|larger|greater|shorter|longer)"
                                   r"(?P<noun>(?:\s+(?!(?:than|compared|over|vs|versus|relative|to|of|in|on|at|with|for|from|and|or)\b)[\w/-]+){1,4})",
                                   regex.IGNORECASE)


def _metric(after: str, before: str, rules: Rules) -> Optional[str]:
    """The metric word nearest the claim within its phrase, after it or
    before it ("47.2% mAP" is mAP even where "latency" came earlier)."""
    cut = _PHRASE_BREAK.search(after)
    if cut is not None:
        after = after[:cut.start()]
    last = None
    for last in _PHRASE_BREAK.finditer(before):
        pass
    whole_before = before
    if last is not None:
        before = before[last.end():]
    # a comparative right after the number names the figure that changed: "100% pass rate
    # at 34% lower median latency" is a cut of latency, whatever came just before
    comparative = _COMPARATIVE_AFTER.match(after)
    found = rules.metric_vocab.nearest(comparative.group("noun"), "") if comparative else None
    if found is None:
        found = rules.metric_vocab.nearest(after, before)
    if found is None and "from" in whole_before:
        pair = _BESIDE_FROM_TO.search(whole_before)
        if pair is not None:
            found = _metric("", whole_before[:pair.start()], rules)
    return found


# where the head of a cut noun phrase ends: "the latency | of memory-bound kernels"
# (or where a list's first item ends: "parameters, memory, and runtime by 70%, 33% and 34%")
_HEAD_END = regex.compile(r"\s(?:of|for|in|on|at|across|per|with|by|to|from|when|under|over|compared|and|or)\b|[,;/]")


def _cut_metric(phrase: str, rules: Rules) -> Optional[str]:
    """What a cut verb's object names: the last metric word of its head (an
    English noun phrase ends with its head: "Energy Error" is an error, "the
    training time" a time), else the first metric word of the whole phrase.
    A cost of a kind names its kind: "energy cost", "storage costs"."""
    head_end = _HEAD_END.search(phrase)
    named = rules.metric_vocab.named_before(phrase, head_end.start() if head_end else len(phrase))
    if not named:
        return _metric(phrase, "", rules)
    if named[-1] == "cost":
        kind = [n for n in named[:-1] if n in rules.metric_kinds["cost_of_a_kind"]]
        if kind:
            return kind[-1]
    return named[-1]


class Classifier:
    def __init__(self, rules: Optional[Rules] = None):
        self.rules = rules or load_rules()
        self.cues = self.rules.cues
        # which metrics are quality figures (higher or lower is better), errors, costs
        self.quality, self.error, self.cost = (self.rules.metric_kinds[k] for k in ("quality", "error", "cost"))
        _check_steps(self.rules)
        # each step's test as one function of the surroundings
        self._steps = {kind: [(step, _compile_test(step.test, self.cues[kind])) for step in steps]
                       for kind, steps in self.rules.steps.items()}

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
        untyped: list[Quantity] = []   # percents no step typed: a parallel of an accuracy before them?
        for group in _groups(quantities, text, self.rules.metric_vocab):
            first, last = group[0], group[-1]
            after = _after(text, last.end, stop=next_start[last.start])
            before = _before(text, qualifier_start.get(first.start, first.start), sentence_start)
            shared_bound = first.qualifier if first.qualifier in ("upper_bound", "lower_bound", "approx") else None
            # "up to 740 TFLOPs/s (75% utilization)": the aside restates the
            # same measurement, under the same bound
            if (previous is not None and first.qualifier == "exact"
                    and previous.qualifier in ("upper_bound", "lower_bound", "approx")
                    and _PAREN_GAP.match(text[previous.end:first.start])
                    and not _PAREN_LIST_NEXT.match(text, first.end)):   # "above 60% (60.30%, 63.37%)": each model's own
                first = replace(first, qualifier=previous.qualifier)
                group = [first] + group[1:]
            previous = last
            prior_end = first.end
            for q in group:
                # a quantity inside a hardware mention is part of its name; an
                # absolute one right beside it is its spec ("H100 80GB")
                margin = 0 if q.kind in ("ratio", "percent") else 1
                if any(q.start < e + margin and q.end > s - margin for s, e in blocked):
                    continue
                if q is not first and shared_bound and _COMPARED.search(text, prior_end, q.start):
                    shared_bound = None   # "Recall@100 >0.41 vs. 0.20": the bound is not the compared figure's
                if q is not first and shared_bound and q.qualifier == "exact":
                    q = replace(q, qualifier=shared_bound)
                prior_end = q.end
                # an absolute unit reads its own context ("5 seconds of 24 fps
                # video"); ratios and percents share the list's cue
                own_after = (_after(text, q.end, stop=sentence_end)
                             if q.kind not in ("ratio", "percent", "metric") else after)
                typed = self._classify_one(q, own_after, before, sentence, blocked)
                if typed is not None:
                    out.append(typed)
                elif q.kind == "percent":
                    untyped.append(q)
        out = self._paired_levels(_levels_in_percent(_coordinated_bounds(out, text), text), text, sentence_start)
        if untyped and out:
            out = self._pair_partners(out, untyped)
        return self._parallel_percents(out, untyped, text, sentence_start) if untyped and out else out

    def _pair_partners(self, typed: list[Typed], untyped: list[Quantity]) -> list[Typed]:
        """"(Syntax Valid 97.6% -> 58.5%, Combined Score ...)": the before-level of a
        pair is the same figure as its after-level, which read the pair's whole
        context; it takes the after-level's type."""
        out = list(typed)
        for q in untyped:
            if ":from-to" not in q.rule:
                continue
            partner = next((t for t in typed if ":from-to" in t.q.rule and 0 < t.q.start - q.end <= 6), None)
            if partner is not None and partner.claim_type in ("accuracy", "utilization") and partner.unit == "%":
                out.append(self._typed(q, partner.claim_type, q.low, q.high, "%", partner.metric, partner.rule))
        return sorted(out, key=lambda t: t.q.start)

    def _paired_levels(self, typed: list[Typed], text: str, sentence_start: int) -> list[Typed]:
        """"lower CPU utilization (9.5% vs. 23.2%)", "0.09% lower than the
        teacher model (98.65%)": percents compared in parentheses after a cut,
        or one alone in parentheses after what "than" names, are levels, not the cut;
        typed as a level of their figure (a utilization, a quality), else
        dropped."""
        out: list[Typed] = []
        for t in typed:
            if t.q.kind == "percent" and t.claim_type == "reduction" and t.rule.endswith(":reduction-before"):
                before = text[max(sentence_start, t.q.start - 40):t.q.start]
                after = text[t.q.end:t.q.end + 40]
                if _in_paren_pair(before, after) or _named_level(before, after):
                    level = self._level(t.q, after, text[sentence_start:t.q.start], t.metric)
                    if level is not None:
                        out.append(level)
                    continue
            out.append(t)
        return out

    def _parallel_percents(self, typed: list[Typed], untyped: list[Quantity], text: str,
                           sentence_start: int) -> list[Typed]:
        """A percent the steps left untyped, after an accuracy percent of the same
        sentence, that a result verb gives ("achieves 93.64% overall accuracy,
        while SLNet-M reaches 93.92%, ...") or that stands in a pair of the same
        form ("(89% vs. 43%) and ... (90% vs. 0%)"), is of that accuracy; not
        when a word names what it is a percent of ("reaches 50% sparsity")."""
        out = list(typed)
        for q in untyped:
            head = next((t for t in reversed(typed) if t.q.end <= q.start), None)
            if head is None or head.claim_type != "accuracy" or head.unit != "%":
                continue
            before = text[max(sentence_start, q.start - 40):q.start]
            after = text[q.end:q.end + 40]
            paired = _in_paren_pair(before, after)
            head_paired = "vs" in text[max(0, head.q.start - 8):head.q.start] + text[head.q.end:head.q.end + 8]
            if (paired and head_paired) or (
                    _RESULT_VERB.search(before) and _NOTHING_NAMED.match(after)):
                out.append(self._typed(q, "accuracy", q.low, q.high, "%", head.metric, head.rule + "+parallel"))
        return sorted(out, key=lambda t: t.q.start)

    # -- one quantity -----------------------------------------------------
    def _classify_one(self, q: Quantity, after: str, before: str, sentence: _CueCache,
                      blocked) -> Optional[Typed]:
        kind = q.kind
        if kind in ("ratio", "percent"):
            return self._by_steps(kind, q, after, before, sentence, blocked)
        if kind == "metric":
            return self._typed(q, "accuracy", q.low, q.high, q.forced_unit, q.metric, q.rule)
        if kind == "ratio-compression":
            return self._typed(q, "reduction", _cut(q.low), _cut(q.high), "%",
                               self._metric(after, before), q.rule)
        if kind == "decibel":
            c = self.cues["decibel"]
            if not sentence.has(c["needs"]) or (c["veto_before"].search(before)
                                                 and not c["result_after"].search(after)):
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

    # -- ratios and percents: the steps of context.toml ---------------------
    def _by_steps(self, kind: str, q: Quantity, after: str, before: str, sentence: _CueCache,
                  blocked) -> Optional[Typed]:
        """The first step whose test holds decides (rules/context.toml)."""
        s = _Surroundings(self, self.cues[kind], q, after, before, sentence, blocked)
        for step, test in self._steps[kind]:
            if test(s):
                if step.metric == "near":
                    metric = s.metric
                elif step.metric == "after":
                    metric = self._metric(after, "")
                else:   # "cut": the noun between the verb and the number names what was cut
                    metric = _cut_metric(s.cut_phrase, self.rules) or s.metric
                rule = f"{q.rule}:{step.rule}" if step.rule else q.rule
                return _ACTIONS[step.action](self, q, s, metric or step.default_metric, rule)
        return None

    def _quality(self, q: Quantity, unit: str, metric, rule) -> Typed:
        """A change of a quality figure: an accuracy claim, its metric kept only
        when it names a quality."""
        return self._typed(q, "accuracy", q.low, q.high, unit, metric if metric in self.quality else None, rule)

    def _speedup(self, q: Quantity, metric, rule) -> Typed:
        return self._typed(q, "speedup", q.low, q.high, "x",
                           metric if metric in ("throughput", "latency", "time") else None, rule)

    def _level(self, q, after, before, metric) -> Optional[Typed]:
        c = self.cues["percent"]
        if _UTILIZATION_WORD.search(before) or c["utilization_after"].search(after):
            return self._typed(q, "utilization", q.low, q.high, "%", metric, q.rule + ":level")
        if metric in self.quality or metric in self.error or c["accuracy_after"].search(after) \
                or c["accuracy_cue"].search(after) or c["accuracy_cue"].search(before):
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, q.rule + ":level")
        return None

    def _reduced_to(self, q, metric, rule: Optional[str] = None) -> Optional[Typed]:
        """"reduces memory to 30% of the baseline" cuts 70%; "reduced the error
        rate to 5%" reports a level (accuracy); a level of anything else says
        nothing we can type."""
        if metric in self.cost:
            flipped = {"upper_bound": "lower_bound", "lower_bound": "upper_bound"}.get(q.qualifier, q.qualifier)
            q = replace(q, qualifier=flipped)
            return self._typed(q, "reduction", 100 - q.high, 100 - q.low, "%", metric, rule or q.rule + ":reduced-to")
        if metric in self.quality or metric in self.error:
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, q.rule + ":reduced-to-level")
        return None

    def _reduction_or_quality(self, q, metric, rule) -> Typed:
        # a change in a quality figure ("15.5% drop in perplexity") is an
        # accuracy claim; a cut of a cost (memory, latency, energy) a reduction
        if metric in self.quality:
            return self._typed(q, "accuracy", q.low, q.high, "%", metric, rule + ":quality")
        return self._typed(q, "reduction", q.low, q.high, "%", metric, rule)

    def _absolute(self, q, after, before, sentence) -> Optional[Typed]:
        claim_type = q.kind
        c = self.cues.get(claim_type, {})
        if "veto_after" in c and c["veto_after"].search(after):
            return None
        if "veto_before" in c and c["veto_before"].search(before) \
                and not ("result_before" in c and c["result_before"].search(before)):
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
        return self._typed(q, claim_type, units.no_noise(q.low * factor), units.no_noise(q.high * factor), unit, metric, q.rule)


class _Surroundings:
    """A ratio's or a percent's context as its steps read it. The metric and
    the nearest reduction verb are looked for only when a step asks."""

    __slots__ = ("classifier", "cues", "q", "after", "before", "sentence", "blocked", "_metric", "_cut")

    def __init__(self, classifier: Classifier, cues: dict, q: Quantity, after: str, before: str,
                 sentence: _CueCache, blocked):
        self.classifier, self.cues, self.q = classifier, cues, q
        self.after, self.before, self.sentence, self.blocked = after, before, sentence, blocked
        self._metric = self._cut = _UNSET

    @property
    def metric(self) -> Optional[str]:
        if self._metric is _UNSET:
            self._metric = self.classifier._metric(self.after, self.before)
        return self._metric

    @property
    def cut_phrase(self) -> Optional[str]:
        """From the reduction verb nearest the number on, if there is one."""
        if self._cut is _UNSET:
            at = _nearest_cue(self.cues, self.before)
            self._cut = None if at is None else self.before[at:]
        return self._cut


_UNSET = object()


def _compile_term(term: Term, cues: dict) -> Callable[[_Surroundings], object]:
    """A term as a function of the surroundings, true when it holds (made
    once per place: this runs for every ratio and percent)."""
    if term.place is None:
        test = _CHECKS[term.name]
    elif term.place == "sentence":
        pattern = cues[term.name]
        test = lambda s: s.sentence.has(pattern)  # noqa: E731
    else:
        search = cues[term.name].search
        test = {
            "after": lambda s: search(s.after),
            "after40": lambda s: search(s.after[:40]),
            "after70": lambda s: search(s.after[:70]),
            "before": lambda s: search(s.before),
            "cut": lambda s: s.cut_phrase is not None and search(s.cut_phrase),
        }[term.place]
    if term.negated:
        return lambda s: not test(s)
    return test


def _both(a, b):
    return lambda s: a(s) and b(s)


def _either(a, b):
    return lambda s: a(s) or b(s)


def _compile_test(test: tuple, cues: dict) -> Callable[[_Surroundings], object]:
    """A step's test (alternatives of conjunctions) as one function."""
    alternatives = [functools.reduce(_both, [_compile_term(term, cues) for term in terms]) for terms in test]
    return functools.reduce(_either, alternatives)


# "on MMLU", "on BrowseComp", "on the GSM8K test set": a benchmark's name, written
# with two capitals or a capital and a digit (case matters, so not a cue: cues
# are case-insensitive); not a device ("on A100", "on RTX 4090")
_BENCHMARK_AFTER = regex.compile(
    r"\s+on\s+(?:the\s+)?(?!(?:[AHVLTPB]\d{2,3}|RTX|GTX|TPU|GPU|CPU|NPU|Jetson|Snapdragon|Pixel|iPhone|Apple|NVIDIA"
    r"|Nvidia|Intel|AMD|Qualcomm|Google|Raspberry|Ascend|Huawei)\b)(?=[\w-]*[A-Z][\w-]*[A-Z0-9])[A-Z][\w.-]+")

_CHECKS = {
    "benchmark_after": lambda s: _BENCHMARK_AFTER.match(s.after) is not None,
    "cut": lambda s: s.cut_phrase is not None,
    "hardware_after": lambda s: any(0 <= start - s.q.end <= 2 for start, _ in s.blocked),
    "below_one": lambda s: s.q.high < 1,
    "not_positive": lambda s: s.q.low <= 0,
    "fraction": lambda s: s.q.rule.startswith("form:fraction"),
    "halving": lambda s: s.q.rule.startswith("form:halve"),
    # the figure's metric is a cost or an error ("inference time", "the error rate")
    "metric_of_a_cost": lambda s: s.metric in s.classifier.cost or s.metric in s.classifier.error,
    "from_to": lambda s: ":from-to" in s.q.rule,
    "points": lambda s: bool(s.q.unit_text)
    and s.q.unit_text.strip().lower().lstrip("-") in s.classifier.rules.point_words,
}


def _percent_speedup(c: Classifier, q: Quantity, s: _Surroundings, metric, rule) -> Typed:
    """"40% faster" is 1.4x; only a throughput metric is kept (latency is not one)."""
    return c._typed(q, "speedup", units.no_noise(1 + q.low / 100), units.no_noise(1 + q.high / 100), "x",
                    metric if metric == "throughput" else None, rule)


def _accuracy_or_throughput_gain(c: Classifier, q: Quantity, s: _Surroundings, metric, rule) -> Optional[Typed]:
    if metric != "throughput":
        return c._typed(q, "accuracy", q.low, q.high, "%", metric, rule)
    if not _GAIN.search(s.before + " " + s.after[:40]) or _LEVEL_OF.match(s.after):
        return None   # "a 90% throughput": a share of a speed, not a quality
    # "outperforms the baseline by 12% in throughput": a gain in a speed
    return _percent_speedup(c, q, s, metric, q.rule + ":throughput-gain")


# What a step does, by the name context.toml gives it: (classifier, quantity,
# surroundings, metric, rule) -> a claim or None
_ACTIONS = {
    "drop": lambda c, q, s, metric, rule: None,
    "speedup": lambda c, q, s, metric, rule: c._speedup(q, metric, rule),
    "speedup_of_share": lambda c, q, s, metric, rule: c._speedup(
        replace(q, low=1 / q.high, high=1 / q.low), metric or "time", rule),
    "reduction_of_share": lambda c, q, s, metric, rule: c._typed(
        q, "reduction", 100 * (1 - q.high), 100 * (1 - q.low), "%", metric, rule),
    "energy_cut": lambda c, q, s, metric, rule: c._typed(
        q, "reduction", _cut(q.low), _cut(q.high), "%", "energy", rule),
    "time_cut": lambda c, q, s, metric, rule: c._speedup(q, "latency" if metric in (None, "time") else metric, rule),
    "reduction": lambda c, q, s, metric, rule: c._typed(q, "reduction", _cut(q.low), _cut(q.high), "%", metric, rule),
    "utilization": lambda c, q, s, metric, rule: c._typed(q, "utilization", q.low, q.high, "%", metric, rule),
    "reduced_to": lambda c, q, s, metric, rule: c._reduced_to(q, metric, rule if rule != q.rule else None),
    "level": lambda c, q, s, metric, rule: c._level(q, s.after, s.before, metric),
    "accuracy": lambda c, q, s, metric, rule: c._typed(q, "accuracy", q.low, q.high, "%", metric, rule),
    "quality_factor": lambda c, q, s, metric, rule: c._quality(q, "1", metric, rule),   # "3x higher F1"
    "quality_change": lambda c, q, s, metric, rule: c._quality(q, "%", metric, rule),
    "energy_cut_percent": lambda c, q, s, metric, rule: c._typed(
        q, "reduction", _cut(1 + q.low / 100), _cut(1 + q.high / 100), "%", "energy", rule),
    "speedup_percent": _percent_speedup,
    "reduction_or_quality": lambda c, q, s, metric, rule: c._reduction_or_quality(q, metric, rule),
    "slowdown": lambda c, q, s, metric, rule: c._typed(q, "reduction", q.low, q.high, "%", "latency", rule),
    "throughput_drop": lambda c, q, s, metric, rule: c._typed(q, "reduction", q.low, q.high, "%", "throughput", rule),
    "accuracy_or_throughput_gain": _accuracy_or_throughput_gain,
}


def _check_steps(rules: Rules) -> None:
    """Every action and check the steps name exists (cues were checked on load)."""
    for kind, steps in rules.steps.items():
        for i, step in enumerate(steps, 1):
            where = f"rules/context.toml: [[{kind}_step]] {i}"
            if step.action not in _ACTIONS:
                raise RuleError(f"{where}: unknown action {step.action!r} (known: {', '.join(_ACTIONS)})")
            for terms in step.test:
                for term in terms:
                    if term.place is None and term.name not in _CHECKS:
                        raise RuleError(f"{where}: unknown check {term.name!r} (known: {', '.join(_CHECKS)})")


# "about a 5x speedup in TTFT and 2.7x higher throughput": the "about" is the noun phrase's own
# (an "up to a 15.6% increase ... and 17.5% for B" still governs both)
_ARTICLE_BEFORE = regex.compile(r"\b(?:a|an|the)\s+$", regex.IGNORECASE)
# ... and over a list: "up to 3.2x on A100, 2.5x on V100 and 1.8x on T4", "up to 5.9x
# (forward), 8.9x (backward), and 7.3x (end-to-end)" (a short parenthesis may close an item)
_COORDINATED = Caseless(r"^(?:[^,;.()]|\.(?=\d)){0,70}(?:\([^(),;]{0,40}\))?(?:\b(?:and|or)\s+|(?P<comma>\s*,\s*(?:and\s+|or\s+)?))[+~]?$")
# a bound written as a symbol on the number is that number's own: ">97% compliance, >95%
# accuracy, and 99.7% precision"
_SYMBOL_BOUND = regex.compile(r"[<>≤≥~≈∼]")
# an item of its own kind: "up to 30% absolute improvement, and 11% on average"
_OWN_KIND_AFTER = Caseless(r"\s*(?:[^\s,;.]+\s+){0,4}?(?:on\s+average|on\s+avg|in\s+total|in\s+aggregate)\b")
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


# "(90% vs. 0%)": a percent opening or closing a "vs." pair in parentheses
_PAREN_PAIR_START = regex.compile(r"\(\s*$")
_VS_NEXT = regex.compile(r"\s*(?:vs\.?|versus)\s")
_VS_BEFORE = regex.compile(r"\((?:[^()]{0,20}?)(?:vs\.?|versus)\s*$")
_PAREN_CLOSE = regex.compile(r"[^()]{0,20}?\)")   # "(9.5% vs. 23.2% on average)"


# "0.09% lower than the teacher model (98.65%)": the compared figure alone in
# parentheses after what "than" names; not "reductions in generated tokens (92-93%)"
_NAMED_PAREN_BEFORE = regex.compile(r"\bthan\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s*\(\s*$", regex.IGNORECASE)


def _named_level(before: str, after: str) -> bool:
    return bool(_NAMED_PAREN_BEFORE.search(before) and _PAREN_CLOSE_NOW.match(after))


_PAREN_CLOSE_NOW = regex.compile(r"\s*\)")


def _in_paren_pair(before: str, after: str) -> bool:
    """Is the number between these one of two compared in parentheses ("(89% vs. 43%)")?"""
    return bool((_PAREN_PAIR_START.search(before) and _VS_NEXT.match(after))
                or (_VS_BEFORE.search(before) and _PAREN_CLOSE.match(after)))
# "while SLNet-M reaches 93.92%": a result verb right before the percent
_RESULT_VERB = regex.compile(r"\b(?:reach(?:es|ed|ing)?|achiev(?:es|ed|ing)|attain(?:s|ed|ing)?|obtain(?:s|ed|ing)?"
                             r"|scor(?:es|ed|ing)|retain(?:s|ed|ing)?)\s+(?:only\s+|just\s+)?$")
# after it, nothing that names what it is a percent of: an end, a comma, a preposition
_NOTHING_NAMED = regex.compile(r"\s*(?:[,.;)]|$|(?:on|in|for|with|at|and|while|when|under|using|compared)\b)")


# "(from 62.9% to 42.5%)" right after a change: the two levels it moved between
_LEVELS_AFTER = regex.compile(r"\s*\(\s*from\s+(?P<a>\d+(?:\.\d+)?)\s?\\?%\s*(?:to|→|->)\s*(?P<b>\d+(?:\.\d+)?)\s?\\?%")


def _levels_in_percent(typed: list[Typed], text: str) -> list[Typed]:
    """A percent change typed as a cut of a cost, followed by the two levels it
    moved between in percent ("a drop of nearly 20% (from 62.9% to 42.5%)"), is
    a change of a quality figure: costs are not written in percent. Not when the
    levels are typed as another figure (a utilization)."""
    out = list(typed)
    at: Optional[dict[int, list[int]]] = None   # start -> indexes in out: a sentence of many stays linear
    for i, t in enumerate(out):
        if t.claim_type != "reduction" or t.unit != "%":
            continue
        m = _LEVELS_AFTER.match(text, t.q.end)
        if m is None:
            continue
        if at is None:
            at = {}
            for k, u in enumerate(out):
                at.setdefault(u.q.start, []).append(k)
        # levels typed as another figure (utilization) keep the change a reduction
        levels = [out[k] for k in sorted(at.get(m.start("a"), []) + at.get(m.start("b"), []))]
        if all(u.claim_type == "accuracy" for u in levels):
            metric = levels[0].metric if levels else None
            out[i] = Typed(t.q, "accuracy", t.low, t.high, "%", t.qualifier, metric, t.rule + ":levels")
    return out


def _shares_over_list(prev: Typed, cur: Typed) -> bool:
    """Over a comma list only a bound (not an "about") passes: between relative claims
    (speedups and cuts) whatever their units ("up to 25% faster training, 2x faster
    rendering, and 20% reduced VRAM usage"); else only to an item of the same type and
    unit, written alike: not from "more than 1 BLEU point" to "+4% accuracy"."""
    if prev.qualifier == "approx":
        return False
    if {prev.claim_type, cur.claim_type} <= RELATIVE_TYPES:
        return True
    return prev.claim_type == cur.claim_type and prev.unit == cur.unit and _unit_written(prev) == _unit_written(cur)


def _unit_written(t: Typed) -> str:
    return "".join((t.q.unit_text or "").split()).lower()


def _coordinated_bounds(typed: list[Typed], text: str) -> list[Typed]:
    """"up to 1.3x over cuDNN and 2.7x over Triton", "approximately 94% precision
    and 89% recall", "up to 5.0x runtime improvements or 50% cost reductions": a
    bound or an "about" before the first of two claims joined by "and"/"or"
    governs the second too, when both are of one type or both relative (a
    speedup and a reduction)."""
    out = list(typed)
    # own[k]: the k-th claim's qualifier is its own; listed[k]: a list's comma joins it to
    # the claim before. A comma list takes the bound of its head only, not of a later item
    # ("61.4% for A, approximately 71% for B, and 94.5% for C").
    own = [t.qualifier != "exact" for t in out]
    listed = [False] * len(out)
    for k in range(1, len(out)):
        prev, cur = out[k - 1], out[k]
        joined = _COORDINATED.match(text[prev.q.end:cur.q.start])
        listed[k] = bool(joined and joined.group("comma"))
        if ((cur.claim_type == prev.claim_type or {cur.claim_type, prev.claim_type} <= RELATIVE_TYPES)
                and cur.qualifier == "exact"
                and prev.qualifier in ("upper_bound", "lower_bound", "approx")
                and not (prev.qualifier == "approx" and (
                    "±" in text[prev.q.start:prev.q.end]   # its own spread (the cleaner writes each as ±)
                    or _ARTICLE_BEFORE.search(text, max(0, prev.q.start - 4), prev.q.start)))
                and joined
                and not (listed[k] and (not _shares_over_list(prev, cur)
                                        or _SYMBOL_BOUND.search(text, max(0, prev.q.start - 2), prev.q.start + 1)
                                        or (own[k - 1] and listed[k - 1])
                                        or _OWN_KIND_AFTER.match(text, cur.q.end)))):
            out[k] = replace(cur, qualifier=prev.qualifier)
    return out


def _cut(k: float) -> float:
    """A factor-k reduction as percent reduced: 4x less -> 75%."""
    return 100.0 * (1.0 - 1.0 / k) if k > 0 else 0.0
