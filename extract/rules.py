"""Load the rule data files once, validate them, and compile their regexes.

`rules/claims.toml` holds numbers, qualifiers, unit surfaces and word forms;
`rules/context.toml` the context cues that classify ratios and percentages.
Everything is compiled once per process (``load_rules`` is cached).

Most patterns use the ``regex`` package (Unicode properties, variable-width
lookbehinds, repeated group names). The two searched backwards from every
number, in short windows and anchored at the window's end, use the stdlib
engine, which runs them 2-4x faster with the same results; so do the
case-insensitive context cues on ASCII text (``Caseless``). scripts/bench.py
measures the whole; tests/test_match.py checks the engines agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import regex

from .compiled import compiled
from .cues import Cue, MetricVocab, _compile_cues, _top_level_alternatives
from .rule_schema import CLAIMS, CONTEXT, RuleError, read_rule_file, validate

_WHITESPACE = regex.compile(r"\s+")


@dataclass(frozen=True)
class UnitDef:
    name: str
    kind: str               # ratio | percent | decibel | an absolute claim type
    pint: str               # pint expression (prefix/time already filled in)
    surface: str
    metric: Optional[str] = None
    log10: bool = False


@dataclass(frozen=True)
class Form:
    name: str
    kind: str
    pattern: regex.Pattern
    value: Optional[float]
    log10: bool
    qualifier: Optional[str]
    before: Optional[regex.Pattern] = None   # must match the text just before
    triggers: tuple[str, ...] = ()            # lower-case substrings the text must contain
    unit: Optional[str] = None                # canonical unit a "metric" form gives
    metric: Optional[str] = None
    digits: bool = False                      # matches only numbers written in digits
    bare: bool = False                        # a number with no unit: bare numbers after it continue its list
    at_numbers: bool = False                  # matched at each number's start, not scanned for
    after_digits: Optional[regex.Pattern] = None   # at_numbers: what must follow the number (a cheap test first)


@dataclass(frozen=True)
class Term:
    """One term of a step's test: a cue searched in a place, or a check."""
    place: Optional[str]     # after, after40, after70, before, cut, sentence; None: a check
    name: str                # the cue's key in its table, or the check's name
    negated: bool = False


@dataclass(frozen=True)
class Step:
    """One step of how a ratio's or a percent's context decides its type
    (context.toml [[ratio_step]], [[percent_step]])."""
    test: tuple[tuple[Term, ...], ...]   # alternatives of conjunctions
    action: str
    rule: str = ""
    metric: str = "near"
    default_metric: Optional[str] = None


STEP_PLACES = ("after", "after40", "after70", "before", "cut", "sentence")
STEP_METRICS = ("near", "after", "cut")


@dataclass(frozen=True)
class MetricNumber:
    metric: str
    unit: str


@dataclass(frozen=True)
class Rules:
    number_words: dict[str, float]
    suffixes: dict[str, float]
    units_exact: dict[str, UnitDef]
    units_folded: dict[str, UnitDef]
    qualifier_of: dict[str, str]          # lower-cased phrase -> qualifier
    plus_suffix: regex.Pattern         # "or more" after a quantity: a lower bound
    num: str                               # regex source of one number
    num_core: str                          # same without the left guard
    qual: str                              # regex source of a qualifier phrase
    quantity: regex.Pattern                # number(s) + unit
    quantity_after_digits: regex.Pattern   # what must follow a number's digits in a quantity
    qualifier_before: re.Pattern           # qualifier right before a number
    qualifier_ends: tuple[str, ...]        # what a qualifier_before match can end with
    forms: tuple[Form, ...]
    form_triggers: tuple[tuple[str, tuple[str, ...]], ...]   # every trigger of every form, by gate
    metric_number: regex.Pattern
    metric_after_digits: regex.Pattern     # what must follow a number's digits in a metric_number
    metric_name_before: re.Pattern
    metric_name_ends: tuple[str, ...]      # what a metric_name_before match can end with
    metric_value: regex.Pattern
    number_start: regex.Pattern
    word_unit: regex.Pattern
    word_before: regex.Pattern
    metric_names: dict[str, MetricNumber]  # lower-cased name -> metric
    cues: dict[str, dict[str, Cue]]
    metric_vocab: MetricVocab     # the metric words, in priority order
    time_units: dict[str, str]
    point_words: frozenset        # percentage-point spellings, lower-cased, no leading "-"
    points_alt: str               # regex source: any percentage-point spelling (case-insensitive)
    numberless_words: tuple       # a text with no digit can hold a quantity only with one of these
    per_device: regex.Pattern     # right after a quantity: "/GPU", "per GPU" (one device's rate)
    steps: dict[str, tuple[Step, ...]]   # "ratio", "percent" -> how their cues decide
    metric_kinds: dict[str, frozenset]   # "quality", "error", "cost" -> metric names

    def qualifier_kind(self, phrase: Optional[str], default: Optional[str] = None) -> Optional[str]:
        """Qualifier of a phrase as written ("Up\nto" -> upper_bound)."""
        if not phrase:
            return default
        return self.qualifier_of.get(" ".join(phrase.lower().split()), default)

    def unit(self, surface: str) -> UnitDef:
        """The unit of a surface as matched; line breaks and runs of spaces
        inside it count as one space ("frames per\nsecond")."""
        found = self.units_exact.get(surface) or self.units_folded.get(surface.lower())
        if found is None:
            key = _WHITESPACE.sub(" ", surface)
            found = (self.units_exact.get(key) or self.units_folded.get(key.lower())
                     or self.units_exact.get(key.strip()) or self.units_folded.get(key.strip().lower()))
        if found is None:
            raise KeyError(surface)
        return found

    def number_value(self, text: str) -> float:
        """Value of a number as matched by ``num`` ("1,200", "1.2k", "three")."""
        try:
            return float(text)   # most are plain ("12.5"); num never matches "inf" or "1e5"
        except ValueError:
            pass
        t = text.strip()
        word = self.number_words.get(t.lower())
        if word is not None:
            return word
        mult = 1.0
        scale = _SCALE_WORD.search(t)
        if scale:
            mult = _SCALE[scale.group().strip().lower()]
            t = t[: scale.start()].strip()
        elif t and t[-1] in self.suffixes:
            mult = self.suffixes[t[-1]]
            t = t[:-1].strip()
        if _DECIMAL_COMMA.fullmatch(t):
            return float(t.replace(",", ".")) * mult
        return float(_GROUP_SPACE.sub("", t.replace(",", ""))) * mult


_SCALE = {"million": 1e6, "billion": 1e9}
_SCALE_WORD = regex.compile(r"\s(?:million|billion)$", regex.IGNORECASE)
_DECIMAL_COMMA = regex.compile(r"\d{1,3},\d{1,2}")   # "89,28": thousands are grouped by three
_GROUP_SPACE = regex.compile(r"[ \u2009\u202f](?=\d{3})")   # "200 000": a space between thousands


def _alternation(phrases, *, flags: str = "") -> str:
    """One regex matching any of the phrases, longest first, as a trie: a flat
    alternation of hundreds of unit spellings is tried one by one, a trie
    reads each character once."""
    words = {p.lower() if "i" in flags else p for p in phrases if p}
    body = _trie_regex(sorted(words))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def char_trie(words) -> dict:
    """Nested dict of the words' characters; the key "" marks a word's end."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _trie_regex(words: list[str]) -> str:
    trie = char_trie(words)

    def emit(node: dict) -> str:
        ends_here = "" in node
        # a space matches any run of whitespace: arXiv abstracts break lines
        # anywhere ("up\nto 3x", "frames per\nsecond")
        branches = [(r"\s+" if ch == " " else regex.escape(ch)) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        # a longer spelling is tried before the shorter one that ends here
        return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")

    return emit(trie)


def _expand_units(spec: dict, prefixes: dict, time_units: dict) -> list[UnitDef]:
    out = []
    for u in spec:
        for surface in u["surfaces"]:
            variants = []
            if "{P}" in surface:
                variants = [(surface.replace("{P}", short), pint_name)
                            for short, pint_name in prefixes["short"].items() if short]
            elif "{p}" in surface:
                variants = [(surface.replace("{p}", long_), pint_name)
                            for long_, pint_name in prefixes["long"].items()]
            else:
                variants = [(surface, _prefix_of(surface, prefixes))]
            for text, prefix in variants:
                pint = u["pint"].replace("{prefix}", prefix or "")
                if pint == "@surface":
                    pint = _surface_pint(text)
                if "{time}" in pint:
                    pint = _time_pint(text, time_units)
                out.append(UnitDef(u["name"], u["kind"], pint, text,
                                   u.get("metric"), u.get("log10", False)))
    return out


def _surface_pint(surface: str) -> str:
    """A standard SI symbol used as its own pint expression ("kW", "GiB",
    "mJ/token" -> "mJ"); validated here so a typo fails at load time."""
    from .units import registry
    head = regex.split(r"\s*/\s*", surface)[0].replace("μ", "µ")
    for candidate in (head, head.lower()):
        try:
            registry().Unit(candidate)
            return candidate
        except Exception:
            continue
    raise RuleError(f"unit surface {surface!r} is not a pint unit")


def _prefix_of(surface: str, prefixes: dict) -> str:
    """Pint prefix of an explicit surface such as 'TFLOPs' or 'GiB'."""
    for short, name in prefixes["short"].items():
        if short and surface.startswith(short) and surface[len(short):len(short) + 1] in ("F", "O", "B"):
            return name
    return ""


def _time_pint(surface: str, time_units: dict) -> str:
    """Pint expression of a time surface; per-item forms ('ms/token') keep the time."""
    head = regex.split(r"\s*/\s*|\s+per\s+", surface)[0]
    head = regex.sub(r"(?i)^(?:tpuv\d|gpu|tpu|[ahv]\d{3,4}|h800)[\s-]*(?:gpu[\s-]*)?", "", head).strip()
    for key in (head, head.lower()):
        if key in time_units:
            return time_units[key]
    raise RuleError(f"no time unit for surface {surface!r}")


def _last_word(phrase: str) -> str:
    words = phrase.lower().split()
    return words[-1] if words else phrase


def _trigger_gates(triggers: set[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Triggers grouped under the prefix they share ("sub" for "sub-", "submi",
    "subse"), so text without it is ruled out for them all with one substring
    test: (gate, members), members empty when the gate is the one trigger.
    Groups are by first three characters, or first character if it is not a
    letter ("/10", "/5")."""
    groups: dict[str, list[str]] = {}
    for t in sorted(triggers):
        groups.setdefault(t[:3] if t[:1].isalnum() else t[:1], []).append(t)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append((members[0], ()))
            continue
        gate = members[0]
        while not all(m.startswith(gate) for m in members):
            gate = gate[:-1]
        out.append((gate, tuple(members)))
    return tuple(out)


@dataclass
class _Parts:
    """Pattern pieces built from the data and shared by several patterns."""
    words: dict
    suffixes: dict
    num: str = ""            # a number: digits (with thousands, decimals, "1.2k") or a number word
    num_core: str = ""       # the same without its left guard
    num_core_any: str = ""   # num_core or a number word
    num_suffix: str = ""     # "k", "M" after the digits
    qual: str = ""           # any qualifier phrase
    word_alt: str = ""       # any number word
    unit_alt: str = ""       # any unit surface


def _numbers(data: dict) -> _Parts:
    words = {k.lower(): float(v) for k, v in data["numbers"]["words"].items()}
    suffixes = {k: float(v) for k, v in data["numbers"]["suffixes"].items()}
    p = _Parts(words, suffixes)
    p.word_alt = _alternation(words, flags="i")
    # atomic: a number never needs to give back digits (nothing that may
    # follow it starts with a digit, and a second number may not start after
    # "1," or "1."), and backtracking into it made every failed match slow
    # "1.2k", "3 M"; and the scale words ("2.9 million", "3 billion") before a unit
    p.num_suffix = rf"(?:\s?[{''.join(sorted(suffixes))}](?![A-Za-z])|\s(?i:million|billion)\b)?"
    # a comma before one or two digits and a percent sign is a decimal comma ("89,28%",
    # "52,6 %"): thousands are grouped by three
    # thousands grouped by a space, as SI style writes them ("200 000×", "3 144.65 steps per
    # second"); not a count before a compound ("4 256-channel layers")
    p.num_core = (rf"(?>(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?:[ \u2009\u202f]\d{{3}})+(?![\d-])"
                  rf"|\d{{1,3}},\d{{1,2}}(?=\s?%)|\d+)(?:\.\d+)?|\.\d+)"
                  rf"{p.num_suffix}")
    # a number glued to a word ("GPT-4", "T5-3B") is a name, except after "sub-" ("sub-100ms")
    # and a number raised to a power ("10^-6", "$10^{-6}$") is no figure of its own
    num_digits = rf"(?:(?<![\w.-]|\d,)|(?<=(?<![\w-])[Ss]ub-))(?<!\d\.){p.num_core}(?!\s?\^\s?\{{?\s?[-−+]?\s?\d)"
    p.num = rf"(?:{num_digits}|\b{p.word_alt}\b)"
    p.num_core_any = rf"(?:{p.num_core}|\b{p.word_alt}\b)"
    return p


def _qualifiers(data: dict) -> tuple[dict[str, str], regex.Pattern, str]:
    """(phrase -> kind, the "or more" pattern after a quantity, the spread sign)."""
    qualifier_of: dict[str, str] = {}
    q = data["qualifiers"]
    for kind in ("upper_bound", "lower_bound", "approx"):
        for phrase in q[kind]:
            if phrase.lower() in qualifier_of and qualifier_of[phrase.lower()] != kind:
                raise RuleError(f"qualifier {phrase!r} listed as two kinds")
            qualifier_of[phrase.lower()] = kind
    # after the number: "+" (read by quantity_re's plus group), "3x or more"
    # (plus_suffix, at the quantity's end), "26.9 ± 5.1" (the spread)
    plus_words = [p for p in q["suffix_lower_bound"] if p.strip("+")]
    plus_suffix = regex.compile(r"\s{0,2}(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in plus_words)
                                + r")\b(?!\s+than\b)|\+(?![\w+])", regex.IGNORECASE)   # and "17fps+ for HD"
    spread_sign = "(?:" + "|".join(regex.escape(p) for p in q["suffix_approx"]) + ")"
    return qualifier_of, plus_suffix, spread_sign


def _units(data: dict) -> tuple[dict[str, UnitDef], dict[str, UnitDef], str]:
    """(surface -> unit, lower-cased surface -> unit of the case-insensitive
    units, the alternation of every surface). The percent unit also takes
    every [points] spelling."""
    specs = [dict(u, surfaces=u["surfaces"] + data["points"]["surfaces"]) if u["name"] == "percent" else u
             for u in data["unit"]]
    units = _expand_units(specs, data["prefixes"], data["time_units"])
    units_exact: dict[str, UnitDef] = {}
    units_folded: dict[str, UnitDef] = {}
    case_insensitive = {u["name"] for u in data["unit"] if u.get("case_sensitive", True) is False}
    for u in units:
        prev = units_exact.get(u.surface)
        if prev is not None and (prev.kind, prev.pint) != (u.kind, u.pint):
            raise RuleError(f"unit surface {u.surface!r} defined twice ({prev.name}, {u.name})")
        units_exact[u.surface] = u
        if u.name in case_insensitive:
            units_folded.setdefault(u.surface.lower(), u)
    unit_alt = f"(?:{_alternation(units_exact)}|{_alternation(units_folded, flags='i')})"
    return units_exact, units_folded, unit_alt


def _per_device(data: dict) -> tuple[str, regex.Pattern]:
    """(regex source of a per-device word, the pattern of "/GPU" or "per GPU" after a quantity)."""
    words = "(?:" + "|".join(map(regex.escape, data["per_device"]["words"])) + r")s?\b"
    return words, regex.compile(r"\s*(?:per|/|for\s+each|on\s+each)\s*" + words, regex.I)


def _quantity_patterns(p: _Parts, spread_sign: str, qualifier_of: dict, per_device_word: str) -> dict:
    # One quantity: a number or a range, an optional "+" or "± n", then a unit.
    sp = r"\s{0,2}"
    qual, unit_alt = p.qual, p.unit_alt
    # the number is read once, then a range tail or a "± n" tail, if any
    range_or_spread = (rf"(?:{sp}(?:(?P<u1>{unit_alt}){sp})?(?P<sep>--?|to|~|→|->){sp}(?:(?P<q2>{qual}){sp})?"
                       rf"\+?(?P<n2>{p.num_core_any})|{sp}{spread_sign}{sp}(?P<pm>{p.num_core}))?")
    # not glued to a word, but "TFLOP/s/GPU" ends at "/GPU" (read by per_device)
    unit_end = rf"(?P<plus>\+)?{sp}(?P<u>{unit_alt})(?![\p{{L}}\d]|/(?!{per_device_word})[\p{{L}}]|-[\p{{L}}])"
    qualifier_words = {_last_word(ph) for ph in qualifier_of}
    return dict(
        quantity_re=regex.compile(
            rf"(?:(?P<between>between){sp}(?P<n1>{p.num}){sp}(?:(?P<u1>{unit_alt}){sp})?\s+and\s+(?P<n2>{p.num_core_any})"
            rf"|(?P<n1>{p.num}){range_or_spread}){unit_end}"),
        # What must follow a number's digits for quantity_re to match there: asked
        # (partially, of the next few characters) before the full match is tried
        quantity_after_digits=regex.compile(p.num_suffix + range_or_spread + unit_end),
        # the outer of two stacked qualifiers wins: "up to ~3.7x" is an upper bound
        qualifier_before=re.compile(   # stdlib engine: see the module docstring
            rf"(?:^|(?<=[\s(\[,;:]))(?P<q>{qual})\s{{0,2}}(?:{qual}\s{{0,2}})?"
            rf"(?:(?:an?|the)\s+)?(?:(?:average|mean|total)\s+(?:of\s+)?)?\+?$", re.IGNORECASE),
        # what a text it matches ends with (before a "+" and blanks), lower-cased
        qualifier_ends=tuple(sorted(qualifier_words | {"a", "an", "the", "average", "mean", "total", "of"})),
        qualifier_words=qualifier_words,
    )


def _forms(data: dict, p: _Parts) -> tuple[Form, ...]:
    forms = []
    for f in data["form"]:
        where = f"rules/claims.toml: [[form]] {f['name']!r}"
        src = f["regex"].replace("{NUM}", p.num).replace("{QUAL}", p.qual)
        try:
            pattern = regex.compile(src)
            before = regex.compile(f["before"].replace("{NUM}", p.num).replace("{QUAL}", p.qual)) \
                if "before" in f else None
            after_digits = regex.compile(f["after_digits"]) if "after_digits" in f else None
        except regex.error as e:
            raise RuleError(f"{where}: {e}") from e
        if "span" not in pattern.groupindex:
            raise RuleError(f"{where}: regex has no (?P<span>...) group")
        if not f.get("trigger"):
            raise RuleError(f"{where}: no trigger")
        forms.append(Form(f["name"], f["kind"], pattern, f.get("value"),
                          f.get("log10", False), f.get("qualifier"), before, tuple(f["trigger"]),
                          f.get("unit"), f.get("metric"), f.get("digits", False), f.get("bare", False),
                          f.get("at_numbers", False), after_digits))
    return tuple(forms)


# what a text before a number ends with when a metric's cutoff closes it ("Hit@1 0.993",
# "nDCG@10 0.52", "mAP@0.95 of"): the cheap test of metric_name_before may not rule these out
_CUTOFF_ENDS = frozenset({f"@{k}" for k in [*range(1, 21), 25, 30, 32, 40, 50, 64, 75, 100, 128, 200, 256, 500, 1000]}
                         | {f"@0.{d}" for d in range(1, 10)} | {"@0.25", "@0.50", "@0.75", "@0.95"})

# a plural noun after a number counts things ("250 steps", "12 bits"); these words end in s but are not nouns
_THINGS = (r"(?!(?:across|as|is|was|versus|vs|plus|thus|this|its|has|does|remains|yields|gives|shows|suggests|"
           r"indicates)\b)[a-z]+s\b")


# a signed gain in parentheses beside a quality figure, with an optional label
# after a comma: "(+1.4)", "(+2.82, Easy)". Only gains: a "(-0.3)" is as often a
# loss reported beside a figure as a difference to a baseline of unclear sign.
_DELTA = r"\s?\(\s?(?P<delta>\+\s?\d+(?:\.\d+)?)(?:\s?,\s?[^()\d]{1,20})?\s?\)"
DELTA_AFTER = regex.compile(_DELTA)
# the rest of a list whose unit its last item writes: "by 4.92| and 8.79 points",
# "by 5.85|/4.70 points", "by 3.0|, 3.8, and 0.6 percentage points"
LIST_UNIT_AFTER = regex.compile(r"(?:\s?,\s?[+-]?\d+(?:\.\d+)?){0,5}(?:,?\s+(?:and|or)\s+|\s?/\s?)[+-]?\d+(?:\.\d+)?"
                                r"\s?(?:%|\\%|percent|percentage|points?\b|pp\b|dB\b|x\b|×)")


def _metric_patterns(data: dict, p: _Parts, qualifier_words: set) -> dict:
    metric_names: dict[str, MetricNumber] = {}
    for m in data["metric_number"]:
        for name in m["names"]:
            metric_names[name.lower()] = MetricNumber(m["metric"], m["unit"])
    names_alt = _alternation({n for m in data["metric_number"] for n in m["names"]})
    # Matched at number positions only: "4.53 FID" (number first) or, with
    # the name in the text just before, "PSNR 26.15", "an R^2 score of 0.98".
    # a retrieval cutoff after the name: required after "R@", allowed after "MRR" ("MRR@10")
    # "Recall@2/5": two cutoffs; "mAP@0.95": an IoU threshold
    cutoff = r"(?:(?:(?<=@)|@)\d{1,3}(?:\.\d+)?(?:/\d{1,3})*)?(?<!@)"
    # "12.99 average J&F", "0.68 mean IoU": an average's word between;
    # "4.34 higher F1", "a 7.99 increase in F1-score": a gain's word between
    gain_words = r"(?:(?:higher|better|lower|more)\s+|(?:increase|improvement|gain|boost)s?\s+(?:in|of|on)\s+(?:the\s+)?)"
    metric_tail = rf"\s{{0,2}}(?:dB\s+|{gain_words})?(?:(?:average|avg\.|mean|overall)\s+)?(?P<named>(?P<name>{names_alt}){cutoff})(?![\w-])"
    # a range before the name: "by 4-9 F1 points", "0.7-0.8 accuracy points"
    metric_range = rf"(?:\s?(?:-|–)\s?(?P<v2>{p.num_core}))?"   # not "to": "from 71.3 to 74.9 mIoU" is two
    # a spread before the name: "0.7516 ± 0.0043 AUPRC" is about 0.7516 (the cleaner writes ±)
    metric_range += rf"(?:\s?(?P<spread>±)\s?{p.num_core})?"
    # a gain in parentheses between the figure and its name: "55.5 (+1.4) mIoU",
    # "11.78 (+2.82, Easy) AP"; the gain is a claim of its own (match.py)
    metric_range += rf"(?:{_DELTA})?"
    link_words = data["metric_links"]["words"]
    links = "|".join([regex.escape(w) for w in link_words] + data["metric_links"]["patterns"])
    return dict(
        metric_names=metric_names,
        # not a spread's second figure: "0.7697 +/- 0.0154 average Dice" (the cleaner writes ±)
        metric_number=regex.compile(rf"(?<!±\s?)(?P<v>{p.num}){metric_range}{metric_tail}"),
        metric_after_digits=regex.compile(p.num_suffix + metric_range + metric_tail),
        metric_name_before=re.compile(   # stdlib engine: see the module docstring
            # "the area under the ROC curve (AUC) of 0.875": the name in its own parentheses
            rf"(?<![\w-])(?P<paren>\()?(?P<name>{names_alt}|[A-Z][A-Za-z]*Score){cutoff}(?(paren)\))(?:\s+scores?)?(?:\s*\([^()]{{0,30}}\))?"
            # up to two links ("accuracy (from 0.04 to 0.18)"); not "mAP@50:|95", "mAP@0.5:|0.95" ("F1:|0.66" is)
            rf"(?:\s*(?:{links})){{0,2}}\s{{0,2}}(?:(?P<q>{p.qual})\s{{0,2}})?(?<![\d.]\d:)$"),
        # What a text that metric_name_before matches can end with (before the
        # last blanks), lower-cased: a cheap test that rules most numbers out.
        metric_name_ends=tuple(sorted(
            qualifier_words | set(link_words) | {")", "score", "scores"} | _CUTOFF_ENDS
            | {_last_word(n) for m in data["metric_number"] for n in m["names"]})),
        # Not "2-hour rollouts": a number glued to a word by a hyphen is an
        # adjective. A range is read whole or not at all: "F1 of 0.76-0.80" is
        # a range, "accuracy (4-18%)" and "(63 to 75 percent)" percent ranges
        # the unit rules read. A number closing a label is no value: "Macro F1 (14): 46.5";
        # nor is a whole number out of another: "accuracy (25 of 32 cells)", "(20/20)",
        # or of things: "FID at 250 steps", "accuracy over 112 languages", "a precision of 9 to 12 bits".
        # not a year after "by" ("accuracy by 2025 will reach ...")
        metric_value=regex.compile(rf"(?!(?<=\bby\s{{1,2}})(?:19|20)\d\d(?![\d.,]))(?P<v>{p.num})(?>\s?(?:-{{1,2}}|–)\s?(?P<v2>{p.num_core}))?"
                                   rf"(?![\w%×]|\.\d|-[A-Za-z]|\s?(?:x|×|%|\\%|percent|points?|dB)\b|\s?(?:-{{1,2}}|–)\s?\d|\s+to\s+[\d.,]+\s?(?:%|\\%|percent)|\s+to\s+\d[\d.,]*(?<=\d)\s+{_THINGS}|\)\s?[:=]"
                                   rf"|(?<!\.\d*)\s?(?:/|of\s)\s?\d"
                                   rf"|(?<!\.\d*)\s+{_THINGS})"),
    )


_PART = regex.compile(r"\{([a-z][a-z0-9_]*)\}")   # {name}; a quantifier {0,2} starts with a digit


def _with_parts(section: str, body: dict, parts: dict) -> dict:
    """The section's cues with each {name} replaced by the named part."""
    def part(m):
        if m.group(1) not in parts:
            raise RuleError(f"rules/context.toml: [{section}]: no part {{{m.group(1)}}} in [parts]")
        return parts[m.group(1)]
    return {key: _PART.sub(part, pattern) for key, pattern in body.items()}


def _resolved_parts(parts: dict) -> dict:
    """[parts] with the parts a part names filled in, so a cue shared by several
    sections is written once as a part built from other parts. A part may not
    name itself, directly or through others."""
    resolved: dict = {}

    def resolve(name: str, chain: tuple) -> str:
        if name in chain:
            raise RuleError(f"rules/context.toml: [parts]: {' -> '.join(chain + (name,))} is a cycle")
        if name not in resolved:
            def sub(m):
                if m.group(1) not in parts:
                    raise RuleError(f"rules/context.toml: [parts] {name}: no part {{{m.group(1)}}} in [parts]")
                return resolve(m.group(1), chain + (name,))
            resolved[name] = _PART.sub(sub, parts[name])
        return resolved[name]

    return {name: resolve(name, ()) for name in parts}


def _context_cues(context: dict) -> tuple[dict, MetricVocab]:
    parts = _resolved_parts(context["parts"])
    cues = {section: _compile_cues(_with_parts(section, body, parts))
            for section, body in context.items()
            if section not in ("metric", "metric_kinds", "parts") and not section.endswith("_step")}
    # Every metric word starts a word (checked: \b, then a word character), so
    # "a word character here, a boundary before it" is tested once, before the
    # alternation, and rules most positions out at once.
    for k, v in context["metric"].items():
        if not all(regex.match(r"\\b(?:\(\?:)?\w", alt) for alt in _top_level_alternatives(v)):
            raise RuleError(f"rules/context.toml: [metric] {k}: every alternative must start with \\b and a letter")
    return cues, MetricVocab(context["metric"])


def _steps(context: dict) -> dict[str, tuple[Step, ...]]:
    """The [[ratio_step]] and [[percent_step]] tables, their tests parsed;
    a cue a test names must be in its kind's table (checks and actions are
    classify.py's, which checks their names when it starts)."""
    out = {}
    for kind in ("ratio", "percent"):
        steps = []
        for i, entry in enumerate(context[f"{kind}_step"], 1):
            where = f"rules/context.toml: [[{kind}_step]] {i} ({entry['when']!r})"
            alternatives = []
            for alternative in entry["when"].split("|"):
                terms = []
                for text in alternative.split("&"):
                    text = text.strip()
                    negated = text.startswith("!")
                    place, _, name = text.lstrip("!").rpartition(":")
                    if place and place not in STEP_PLACES:
                        raise RuleError(f"{where}: unknown place {place!r} (known: {', '.join(STEP_PLACES)})")
                    if place and name not in context[kind]:
                        raise RuleError(f"{where}: no cue {name!r} in [{kind}]")
                    if not name:
                        raise RuleError(f"{where}: empty term")
                    terms.append(Term(place or None, name, negated))
                alternatives.append(tuple(terms))
            metric = entry.get("metric", "near")
            if metric not in STEP_METRICS:
                raise RuleError(f"{where}: metric must be one of {', '.join(STEP_METRICS)}, got {metric!r}")
            steps.append(Step(tuple(alternatives), entry["then"], entry.get("rule", ""), metric,
                              entry.get("default_metric")))
        out[kind] = tuple(steps)
    return out


# The word units a number word can stand before ("two times", "five percent",
# "three orders of magnitude"): with the form triggers, every word that lets
# a text without digits hold a quantity
_WORD_UNIT_WORDS = ("times", "fold", "percent", "per cent", "magnitude")


def _numberless_words(forms: tuple) -> tuple[str, ...]:
    """Forms marked ``digits`` (and triggers holding a digit) cannot match a
    text without digits, so their triggers do not let one through."""
    return tuple(sorted({t.lower() for f in forms if not f.digits for t in f.triggers
                         if not any(c.isdigit() for c in t)} | set(_WORD_UNIT_WORDS)))


def _points(data: dict) -> tuple[frozenset, str]:
    words = {w.strip().lower().lstrip("-") for w in data["points"]["surfaces"]}
    alt = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return frozenset(words), f"(?i:{alt})"


@compiled("rules")
def load_rules() -> Rules:
    data = read_rule_file("claims.toml")
    context = read_rule_file("context.toml")
    validate(data, CLAIMS, "rules/claims.toml")
    validate(context, CONTEXT, "rules/context.toml")

    p = _numbers(data)
    qualifier_of, plus_suffix, spread_sign = _qualifiers(data)
    p.qual = _alternation(qualifier_of, flags="i")
    units_exact, units_folded, p.unit_alt = _units(data)
    per_device_word, per_device = _per_device(data)
    quantity = _quantity_patterns(p, spread_sign, qualifier_of, per_device_word)
    forms = _forms(data, p)
    metric = _metric_patterns(data, p, quantity["qualifier_words"])
    cues, metric_vocab = _context_cues(context)
    # Where a quantity can start: a number not glued to a word, a number word
    # before a ratio or percent word, or "between". A number_start match runs
    # on over the number's digits, decimals and thousands groups (its end is
    # where what follows the number begins). This is the definition: the
    # matcher finds the same runs faster (match._number_runs, a shortcut).
    # (not the last factor of a shape: "80×80×4 observations/s" is no 4 observations/s)
    number_start = regex.compile(r"(?:\d|\.(?=\d))(?:(?<!(?:[\w.^-]|\d,|\d\.|\d×)[\d.])|(?<=(?<![\w-])[Ss]ub-[\d.]))"
                                 r"(?:(?<=(?<![\d.])\d)\d{0,2}(?:[ \u2009\u202f]\d{3}(?![\d-]))+(?:[.,]\d+)*"   # "200 000"
                                 r"|\d*(?:[.,]\d+)*)")
    word_unit = regex.compile(r"\b(?:[Tt]imes|[Ff]olds?|[Pp]ercent|per\s+cent|orders?\s+of\s+magnitude)\b")
    word_before = regex.compile(rf"\b{p.word_alt}[\s-]?$")
    return Rules(p.words, p.suffixes, units_exact, units_folded, qualifier_of,
                 plus_suffix, p.num, p.num_core, p.qual, quantity["quantity_re"], quantity["quantity_after_digits"],
                 quantity["qualifier_before"], quantity["qualifier_ends"], forms,
                 _trigger_gates({t for f in forms for t in f.triggers}), metric["metric_number"],
                 metric["metric_after_digits"], metric["metric_name_before"], metric["metric_name_ends"],
                 metric["metric_value"], number_start, word_unit, word_before, metric["metric_names"],
                 cues, metric_vocab, data["time_units"], *_points(data), _numberless_words(forms), per_device,
                 _steps(context), {k: frozenset(v) for k, v in context["metric_kinds"].items()})


def unit_expressions(rules: Rules) -> set[str]:
    """Every pint expression a quantity can carry under these rules: the
    units' own, the time units of the word forms, and the canonical units."""
    from .units import CANONICAL_BY_TYPE
    found = {u.pint for u in (*rules.units_exact.values(), *rules.units_folded.values())}
    found |= set(rules.time_units.values()) | {"second"}
    found |= {c for canon in CANONICAL_BY_TYPE.values() for c in canon}
    return found


@lru_cache(maxsize=1)
def rules_digest() -> str:
    """SHA-256 over every rule and catalog file (rules/*, data/*), in name
    order: which rules made an output, recorded in its metadata."""
    import hashlib
    h = hashlib.sha256()
    for folder in ("rules", "data"):
        for entry in sorted(resources.files(__package__).joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.is_file():
                h.update(f"{folder}/{entry.name}\0".encode())
                h.update(entry.read_bytes())
    return h.hexdigest()
