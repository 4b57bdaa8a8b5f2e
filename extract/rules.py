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
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import regex

from . import shortcuts

_WHITESPACE = regex.compile(r"\s+")


class RuleError(ValueError):
    """A rule data file is invalid."""


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
        if t and t[-1] in self.suffixes:
            mult = self.suffixes[t[-1]]
            t = t[:-1].strip()
        return float(t.replace(",", "")) * mult


def _read_toml(name: str) -> dict:
    path = resources.files(__package__) / "rules" / name
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"rules/{name}: {e}") from e


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


# What joins a metric name to its value: "PSNR of 30.1", "FID = 4.5",
# "accuracy improved from 71 to 75". The plain words are also all a link can
# end with, as the two patterns end with one of them (tests/test_match.py
# checks the cheap test built from them never rejects a match).
_METRIC_LINK_WORDS = ["of", "=", ":", "is", "was", "at", "to", "from", "reaching", "around", "about"]
_METRIC_LINKS = _METRIC_LINK_WORDS + [r"value\s+of", r"(?:improv|increas|ris|ros|climb)\w*\s+(?:from|to)"]


def _last_word(phrase: str) -> str:
    words = phrase.lower().split()
    return words[-1] if words else phrase


def _top_level_alternatives(pattern: str) -> list[str]:
    """The branches of a regex source split at its outermost ``|``."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _group_name(metric: str) -> str:
    return "m_" + regex.sub(r"\W", "_", metric)


# What `regex` means by \s in ASCII text (the stdlib's \s also takes \x1c-\x1f)
ASCII_SPACE = r"\t\n\x0b\x0c\r "


def _ascii_twin(source: str) -> re.Pattern:
    r"""A case-sensitive stdlib copy of a case-insensitive pattern, for
    lower-cased ASCII text: its literals lower-cased, ``\s`` spelled out."""
    out, i, in_class = [], 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            esc = source[i + 1]
            if esc == "s":
                out.append(ASCII_SPACE if in_class else f"[{ASCII_SPACE}]")
            elif esc == "S" and not in_class:
                out.append(f"[^{ASCII_SPACE}]")
            elif esc in "SpPN":
                raise RuleError(f"no ASCII twin for \\{esc} in {source!r}")
            else:
                out.append(source[i:i + 2])
            i += 2
            continue
        if source.startswith(("(?P<", "(?P="), i):   # group names keep their case
            j = source.index(">" if source[i + 3] == "<" else ")", i)
            out.append(source[i:j + 1])
            i = j + 1
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source.startswith(("[]", "[^]"), i):
                raise RuleError(f"no ASCII twin for a class starting with ']' in {source!r}")
        out.append(ch.lower())
        i += 1
    return re.compile("".join(out))


_LOWER_MEMO_MIN = 256
_last_lowered: tuple[str, str] = ("", "")


def _lowered(text: str) -> str:
    """``text.lower()``, kept for the last long text: the claims of one
    sentence search it with pos/endpos many times, and a copy per search
    would make a sentence of many claims quadratic. (A tuple swap: safe
    under threads.)"""
    if len(text) < _LOWER_MEMO_MIN:
        return text.lower()
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    low = text.lower()
    _last_lowered = (text, low)
    return low


class Twin:
    """A `regex` pattern and a stdlib-engine copy that gives the same matches
    on ASCII text (nearly all of it), where it runs faster; other text goes
    to `regex`. Each twin is tested against its `regex` pattern."""

    __slots__ = ("pattern", "unicode", "ascii", "lower")

    def __init__(self, unicode: regex.Pattern, ascii: re.Pattern, lower: bool = False):
        self.pattern = unicode.pattern
        self.unicode = unicode
        self.ascii = ascii
        self.lower = lower   # the copy reads the text lower-cased

    def search(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        if text.isascii():
            return self.ascii.search(_lowered(text) if self.lower else text, pos, len(text) if endpos is None else endpos)
        return self.unicode.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        if text.isascii():
            return self.ascii.match(_lowered(text) if self.lower else text, pos, len(text) if endpos is None else endpos)
        return self.unicode.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        if text.isascii():
            return self.ascii.finditer(_lowered(text) if self.lower else text, pos,
                                       len(text) if endpos is None else endpos)
        return self.unicode.finditer(text, pos, endpos)

    # the definitions: the `regex` pattern on every text
    def _search_definition(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        return self.unicode.search(text, pos, endpos)

    def _match_definition(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        return self.unicode.match(text, pos, endpos)

    def _finditer_definition(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        return self.unicode.finditer(text, pos, endpos)


shortcuts.register("rules.Twin", Twin.search, Twin._search_definition,
                   "a stdlib-engine copy of a `regex` pattern, run on ASCII text (lower-cased for Caseless)")
if not shortcuts.ENABLED:
    Twin.search, Twin.match, Twin.finditer = (Twin._search_definition, Twin._match_definition,
                                              Twin._finditer_definition)


class Caseless(Twin):
    """A case-insensitive pattern. Its copy is lower-cased (``_ascii_twin``)
    and reads the text lower-cased, 1.5-3x faster on the short windows the
    classifier reads; `regex` keeps IGNORECASE's Unicode case folding ("ſ",
    "K") for other text. Lower-casing ASCII keeps every offset, so spans
    are the text's own; the text of a match may be lower-cased: read spans,
    not groups' text."""

    __slots__ = ()

    def __init__(self, source: str, unicode_flags: int = 0):
        super().__init__(regex.compile(source, regex.IGNORECASE | unicode_flags), _ascii_twin(source), lower=True)


class MetricVocab:
    """The metric words of context.toml [metric], in priority order: which
    metric the first, or the last, of them in a text names.

    The scan is one alternation without groups: each alternative then starts
    with a letter, which the engine tests before trying it (a group or a \\b
    first defeats that), 2.5x faster. The grouped alternation, matched at the
    one place found, names the metric: its alternatives are the same, in the
    same order, so it matches there exactly as the scan did."""

    def __init__(self, metrics: dict[str, str]):
        guard = r"(?=\w)\b(?:"   # the \b each alternative starts with, tested once
        self.named = Caseless(guard + "|".join(f"(?P<{_group_name(k)}>{v})" for k, v in metrics.items()) + ")")
        self.scan = Caseless(guard + "|".join(alt[2:] for v in metrics.values()
                                              for alt in _top_level_alternatives(v)) + ")")

    def _name(self, text: str, m) -> Optional[str]:
        return self.named.match(text, m.start()).lastgroup[2:] if m is not None else None

    def first(self, text: str) -> Optional[str]:
        return self._name(text, self.scan.search(text))

    def last(self, text: str) -> Optional[str]:
        m = None
        for m in self.scan.finditer(text):
            pass
        return self._name(text, m)

    # the definitions: the grouped alternation alone
    def _first_definition(self, text: str) -> Optional[str]:
        m = self.named.search(text)
        return m.lastgroup[2:] if m is not None else None

    def _last_definition(self, text: str) -> Optional[str]:
        m = None
        for m in self.named.finditer(text):
            pass
        return m.lastgroup[2:] if m is not None else None


shortcuts.register("rules.MetricVocab", MetricVocab.first, MetricVocab._first_definition,
                   "metric words found by one ungrouped alternation, named by the grouped one")
if not shortcuts.ENABLED:
    MetricVocab.first, MetricVocab.last = MetricVocab._first_definition, MetricVocab._last_definition


def _first_chars(source: str) -> Optional[str]:
    """The characters a match of a (stdlib) pattern can start with, as a
    character class, when they are a few plain characters; None when that
    is not known (a category such as \\w first, a pattern that can match
    empty or is anchored at the start)."""
    try:   # the stdlib's own parse of the pattern (private modules: no shortcut if they move)
        from re import _constants as sre, _parser
    except ImportError:   # pragma: no cover
        return None

    def first(items) -> tuple[Optional[set], bool]:   # (characters, can be empty)
        out: set = set()
        for op, av in items:
            if op is sre.AT and av is sre.AT_BEGINNING:
                return None, False
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                continue   # zero width
            if op is sre.LITERAL:
                return out | {chr(av)}, False
            if op is sre.IN:
                chars: set = set()
                for kind, value in av:
                    if kind is sre.LITERAL:
                        chars.add(chr(value))
                    elif kind is sre.RANGE and value[1] - value[0] < 64:
                        chars.update(map(chr, range(value[0], value[1] + 1)))
                    else:
                        return None, False
                return out | chars, False
            if op is sre.SUBPATTERN:
                chars, empty = first(av[3].data)
            elif op is sre.ATOMIC_GROUP:
                chars, empty = first(av.data)
            elif op is sre.BRANCH:
                chars, empty = set(), False
                for branch in av[1]:
                    c, e = first(branch.data)
                    if c is None:
                        return None, False
                    chars, empty = chars | c, empty or e
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                chars, empty = first(av[2].data)
                empty = empty or av[0] == 0
            else:
                return None, False
            if chars is None:
                return None, False
            out |= chars
            if not empty:
                return out, False
        return out, True

    try:
        chars, empty = first(_parser.parse(source).data)
    except Exception:   # an unexpected parse: no shortcut, the pattern as is
        return None
    if chars is None or empty:
        return None
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


class Cue(Caseless):
    """A context cue: only asked whether it matches, or where it starts.

    In ASCII text, a cue that can only start with a few characters (and is
    not anchored at the start) is searched reading that character first:
    ``[chars](?<=(?=cue)[chars])``, a class the stdlib engine skips to, where
    a cue opening with \\b or a group is tried at every position; 1.3-2x
    faster for the cues searched in the words before a number. Such a match
    starts where the cue's does but spans that one character: read its start,
    not its end (finditer and match are the cue's own)."""

    __slots__ = ("scan",)

    def __init__(self, source: str, unicode_flags: int = 0):
        super().__init__(source, unicode_flags)
        chars = _first_chars(self.ascii.pattern)
        self.scan = re.compile(f"{chars}(?<=(?=(?:{self.ascii.pattern})){chars})") if chars else self.ascii

    def search(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        if text.isascii():
            return self.scan.search(text.lower(), pos, len(text) if endpos is None else endpos)
        return self.unicode.search(text, pos, endpos)


shortcuts.register("rules.Cue", Cue.search, Twin._search_definition,
                   "a cue that can start with only a few characters searched reading that character first")
if not shortcuts.ENABLED:
    Cue.search = Twin._search_definition


def _compile_cues(section: dict) -> dict[str, Cue]:
    out = {}
    for key, pattern in section.items():
        # a veto_before is only asked whether it matches (anchored at the end
        # of the words before the number): in non-ASCII text it is searched
        # from the end, where its alternatives fail sooner (same answers)
        flags = regex.REVERSE if key == "veto_before" else 0
        try:
            out[key] = Cue(pattern, flags)
        except (regex.error, re.error) as e:
            raise RuleError(f"rules/context.toml: cue {key!r}: {e}") from e
    return out


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


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    from .rule_schema import CLAIMS, CONTEXT, validate
    data = _read_toml("claims.toml")
    context = _read_toml("context.toml")
    validate(data, CLAIMS, "rules/claims.toml")
    validate(context, CONTEXT, "rules/context.toml")

    words = {k.lower(): float(v) for k, v in data["numbers"]["words"].items()}
    suffixes = {k: float(v) for k, v in data["numbers"]["suffixes"].items()}
    word_alt = _alternation(words, flags="i")
    suffix_chars = "".join(sorted(suffixes))
    # atomic: a number never needs to give back digits (nothing that may
    # follow it starts with a digit, and a second number may not start after
    # "1," or "1."), and backtracking into it made every failed match slow
    num_suffix = rf"(?:\s?[{suffix_chars}](?![A-Za-z]))?"     # "1.2k", "3 M"
    num_core = rf"(?>(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)?|\.\d+){num_suffix}"
    num_digits = rf"(?<![\w.-]|\d,)(?<!\d\.){num_core}"
    num = rf"(?:{num_digits}|\b{word_alt}\b)"
    num_core_any = rf"(?:{num_core}|\b{word_alt}\b)"

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
                                + r")\b(?!\s+than\b)", regex.IGNORECASE)
    spread_sign = "(?:" + "|".join(regex.escape(p) for p in q["suffix_approx"]) + ")"
    qual = _alternation(qualifier_of, flags="i")

    time_units = {k: v for k, v in data["time_units"].items()}
    units = _expand_units(data["unit"], data["prefixes"], time_units)
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
    exact_alt = _alternation(units_exact)
    folded_alt = _alternation(units_folded, flags="i")
    unit_alt = f"(?:{exact_alt}|{folded_alt})"

    # One quantity: a number or a range, an optional "+" or "± n", then a unit.
    sp = r"\s{0,2}"
    # the number is read once, then a range tail or a "± n" tail, if any
    range_or_spread = (rf"(?:{sp}(?:(?P<u1>{unit_alt}){sp})?(?P<sep>--?|to|~|→|->){sp}(?:(?P<q2>{qual}){sp})?"
                       rf"\+?(?P<n2>{num_core_any})|{sp}{spread_sign}{sp}(?P<pm>{num_core}))?")
    unit_end = rf"(?P<plus>\+)?{sp}(?P<u>{unit_alt})(?![\p{{L}}\d]|/[\p{{L}}]|-[\p{{L}}])"
    quantity_re = regex.compile(
        rf"(?:(?P<between>between){sp}(?P<n1>{num}){sp}(?:(?P<u1>{unit_alt}){sp})?\s+and\s+(?P<n2>{num_core_any})"
        rf"|(?P<n1>{num}){range_or_spread}){unit_end}")
    # What must follow a number's digits for quantity_re to match there: asked
    # (partially, of the next few characters) before the full match is tried
    quantity_after_digits = regex.compile(num_suffix + range_or_spread + unit_end)
    # the outer of two stacked qualifiers wins: "up to ~3.7x" is an upper bound
    qualifier_before = re.compile(   # stdlib engine: see the module docstring
        rf"(?:^|(?<=[\s(\[,;:]))(?P<q>{qual})\s{{0,2}}(?:{qual}\s{{0,2}})?"
        rf"(?:(?:an?|the)\s+)?(?:(?:average|mean|total)\s+(?:of\s+)?)?\+?$", re.IGNORECASE)
    # what a text it matches ends with (before a "+" and blanks), lower-cased
    qualifier_words = {_last_word(p) for p in qualifier_of}
    qualifier_ends = tuple(sorted(qualifier_words | {"a", "an", "the", "average", "mean", "total", "of"}))

    forms = []
    for f in data["form"]:
        src = f["regex"].replace("{NUM}", num).replace("{QUAL}", qual)
        try:
            pattern = regex.compile(src)
        except regex.error as e:
            raise RuleError(f"rules/claims.toml: form {f['name']!r}: {e}") from e
        if "span" not in pattern.groupindex:
            raise RuleError(f"rules/claims.toml: form {f['name']!r} has no (?P<span>...) group")
        before = None
        if "before" in f:
            before = regex.compile(f["before"].replace("{NUM}", num).replace("{QUAL}", qual))
        if not f.get("trigger"):
            raise RuleError(f"rules/claims.toml: form {f['name']!r} has no trigger")
        forms.append(Form(f["name"], f["kind"], pattern, f.get("value"),
                          f.get("log10", False), f.get("qualifier"), before, tuple(f["trigger"]),
                          f.get("unit"), f.get("metric")))

    metric_names: dict[str, MetricNumber] = {}
    for m in data["metric_number"]:
        for name in m["names"]:
            metric_names[name.lower()] = MetricNumber(m["metric"], m["unit"])
    names_alt = _alternation({n for m in data["metric_number"] for n in m["names"]})
    # Matched at number positions only: "4.53 FID" (number first) or, with
    # the name in the text just before, "PSNR 26.15", "an R^2 score of 0.98".
    metric_tail = rf"\s{{0,2}}(?:dB\s+)?(?P<name>{names_alt})(?![\w-])"
    metric_number = regex.compile(rf"(?P<v>{num}){metric_tail}")
    metric_after_digits = regex.compile(num_suffix + metric_tail)
    links = "|".join(_METRIC_LINKS)
    metric_name_before = re.compile(   # stdlib engine: see the module docstring
        rf"(?<![\w-])(?P<name>{names_alt}|[A-Z][A-Za-z]*Score)(?:\s+scores?)?(?:\s*\([^()]{{0,30}}\))?"
        rf"(?:\s*(?:{links}))?\s{{0,2}}(?:(?P<q>{qual})\s{{0,2}})?$")
    # What a text that metric_name_before matches can end with (before the
    # last blanks), lower-cased: a cheap test that rules most numbers out.
    metric_name_ends = tuple(sorted(
        qualifier_words | set(_METRIC_LINK_WORDS) | {")", "score", "scores"}
        | {_last_word(n) for m in data["metric_number"] for n in m["names"]}))
    metric_value = regex.compile(rf"(?P<v>{num})(?![\w%×]|\.\d|\s?(?:x|×|%|percent|points?|dB)\b)")

    # Where a quantity can start: a number not glued to a word, a number word
    # before a ratio or percent word, or "between". A number_start match runs
    # on over the number's digits, decimals and thousands groups (its end is
    # where what follows the number begins). This is the definition: the
    # matcher finds the same runs faster (match._number_runs, tested equal).
    number_start = regex.compile(r"(?:\d|\.(?=\d))(?<!(?:[\w.^-]|\d,|\d\.)[\d.])\d*(?:[.,]\d+)*")
    word_unit = regex.compile(r"\b(?:[Tt]imes|[Ff]olds?|[Pp]ercent|per\s+cent|orders?\s+of\s+magnitude)\b")
    word_before = regex.compile(rf"\b{word_alt}[\s-]?$")

    cues = {section: _compile_cues(body) for section, body in context.items() if section != "metric"}
    # Every metric word starts a word (checked: \b, then a word character), so
    # "a word character here, a boundary before it" is tested once, before the
    # alternation, and rules most positions out at once.
    for k, v in context["metric"].items():
        if not all(regex.match(r"\\b(?:\(\?:)?\w", alt) for alt in _top_level_alternatives(v)):
            raise RuleError(f"rules/context.toml: [metric] {k}: every alternative must start with \\b and a letter")
    metric_vocab = MetricVocab(context["metric"])

    return Rules(words, suffixes, units_exact, units_folded, qualifier_of,
                 plus_suffix, num, num_core, qual, quantity_re, quantity_after_digits,
                 qualifier_before, qualifier_ends, tuple(forms),
                 _trigger_gates({t for f in forms for t in f.triggers}), metric_number, metric_after_digits,
                 metric_name_before, metric_name_ends, metric_value, number_start,
                 word_unit, word_before, metric_names, cues, metric_vocab, time_units)


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
