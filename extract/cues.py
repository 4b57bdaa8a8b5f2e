"""How the rules' patterns are run: case-insensitive context cues on the
fastest engine that gives the same matches.

``Twin`` pairs a `regex` pattern with a stdlib-engine copy that gives the
same matches on ASCII text (nearly all of it) and runs faster; ``Caseless``
builds that copy lower-cased from the same source; ``Cue`` reads the few
characters a cue can start with first; ``MetricVocab`` names the metric
word nearest a claim. Each fast path is registered in ``shortcuts``
(``PERFCLAIMS_SLOW=1`` runs the `regex` definitions), and tests check the
copies against their definitions.
"""
from __future__ import annotations

import re
from typing import Optional

import regex

from . import shortcuts
from .rule_schema import RuleError


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


shortcuts.register("cues.Twin", Twin.search, Twin._search_definition,
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
        self.names = {_group_name(k): k for k in metrics}   # group -> the metric as named in the data
        self.scan = Caseless(guard + "|".join(alt[2:] for v in metrics.values()
                                              for alt in _top_level_alternatives(v)) + ")")

    def _name(self, text: str, m) -> Optional[str]:
        return self.names[self.named.match(text, m.start()).lastgroup] if m is not None else None

    def first(self, text: str) -> Optional[str]:
        return self._name(text, self.scan.search(text))

    def last(self, text: str) -> Optional[str]:
        m = None
        for m in self.scan.finditer(text):
            pass
        return self._name(text, m)

    def named_before(self, text: str, end: int) -> list[str]:
        """The metrics named in ``text`` by words that start before ``end``, in
        order (the words after ``end`` still decide a word's own lookahead:
        "sensitivity| to noise" names no metric)."""
        out = []
        for m in self.scan.finditer(text):
            if m.start() >= end:
                break
            out.append(self._name(text, m))
        return out

    def nearest(self, after: str, before: str) -> Optional[str]:
        """The metric word nearest a claim, whose words after it are ``after``
        and before it ``before``: the first after or the last before, the
        nearer of the two (after, on a tie)."""
        a = self.scan.search(after)
        b = None
        for b in self.scan.finditer(before):
            pass
        if a is not None and (b is None or a.start() <= len(before) - b.end()):
            return self._name(after, a)
        return self._name(before, b)

    # the definitions: the grouped alternation alone
    def _first_definition(self, text: str) -> Optional[str]:
        m = self.named.search(text)
        return self.names[m.lastgroup] if m is not None else None

    def _last_definition(self, text: str) -> Optional[str]:
        m = None
        for m in self.named.finditer(text):
            pass
        return self.names[m.lastgroup] if m is not None else None

    def _nearest_definition(self, after: str, before: str) -> Optional[str]:
        a = self.named.search(after)
        b = None
        for b in self.named.finditer(before):
            pass
        if a is not None and (b is None or a.start() <= len(before) - b.end()):
            return self.names[a.lastgroup]
        return self.names[b.lastgroup] if b is not None else None


shortcuts.register("cues.MetricVocab", MetricVocab.first, MetricVocab._first_definition,
                   "metric words found by one ungrouped alternation, named by the grouped one")
if not shortcuts.ENABLED:
    MetricVocab.first, MetricVocab.last = MetricVocab._first_definition, MetricVocab._last_definition
    MetricVocab.nearest = MetricVocab._nearest_definition


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


shortcuts.register("cues.Cue", Cue.search, Twin._search_definition,
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
