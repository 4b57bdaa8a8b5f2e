"""Undo text damage before matching, keeping a map back to the original offsets.

Real corpora carry raw LaTeX (`$3.5\\times$`, `$\\sim$`, `20\\,\\mathrm{FPS}`)
and its stripped leftovers (`2.0times`, `13.3\\%`, `11.0 pm 1.3`,
`15times sim 24times`). The rules are written once against a clean form; every
span found in the clean form is mapped back to the text exactly as read.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

import regex

from .shortcuts import shortcut

# inside a math span: after a "$" that opens one (it follows a space or an opening
# sign), within 80 characters and no "$" between; never the stretch after a closing "$"
_IN_MATH = r"(?<![^\s(\[{,;:=])\$(?=\S)[^$\n]{0,80}?"

# (pattern, replacement) in priority order. A replacement may use \g<name>.
# Patterns are applied in one left-to-right pass of their alternation.
_SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\\times(?![a-zA-Z])", "×"),
    # literal first, lookbehind after: the engine can skip to the literal
    (r"times(?<=\d\}?\s?times)(?=[^a-z]|$)", "×"),     # LaTeX-stripped 2.0times, 4timesRTX
    (r"\\%", "%"),
    (r"\\(?:sim|approx|simeq)(?![a-zA-Z])", "~"),
    (r"sim(?<=(?:[\d×%]|times)\s?sim)(?=\s?\d)", "~"),   # stripped 15times sim 24times
    (r"\\pm(?![a-zA-Z])", "±"),
    (r"\+/-|\+-(?=\s?\d)", "±"),                      # "0.019 +/- 0.011", "3.1 +- 0.2"
    (r"pm(?<=\d\s?pm)(?=\s?\d)", "±"),                 # stripped 11.0 pm 1.3
    (r"\\(?:to|rightarrow|Rightarrow|longrightarrow|mapsto)(?![a-zA-Z])", "→"),
    (r"\\(?:geq?|geqslant)(?![a-zA-Z])", "≥"),
    (r"\\(?:leq?|leqslant)(?![a-zA-Z])", "≤"),
    (r"\\(?:textgreater)(?![a-zA-Z])", ">"),
    (r"\\(?:textless)(?![a-zA-Z])", "<"),
    (r"\\(?:mu|micro)(?![a-zA-Z])", "µ"),
    # math a converter spells token by token: "$3 0 \\mathrm { s }$" is 30 s, "$2 . 5 \\times$"
    # is 2.5x (read as written, "0 s" and "5x": wrong values); a space between digits, or
    # between a digit and a decimal point, within a math span (_IN_MATH) closes up
    (r" (?<=" + _IN_MATH + r"\d )(?=\d|\.\s?\d)", ""),
    (r" (?<=" + _IN_MATH + r"\d\s?\. )(?=\d)", ""),
    # LaTeX's thousands separator "{,}" between digits, spelled out or not ("1 0 0 { , } 0 0 0")
    (r"\{\s?,\s?\}(?<=\d\s?\{\s?,\s?\})(?=\s?\d)", ","),
    (r" (?<=" + _IN_MATH + r"\d )(?=\{\s?,\s?\}\s?\d)", ""),
    (r" (?<=" + _IN_MATH + r"\d\s?\{\s?,\s?\} )(?=\d)", ""),
    # and a unit in \mathrm spelled letter by letter ("\mathrm { m s }", "\mathrm { G B }")
    (r" (?<=\\mathrm\s?\{\s?(?:[A-Za-z]\s){0,12}[A-Za-z] )(?=[A-Za-z](?:\s[A-Za-z]){0,12}\s?\})", ""),
    (r"\\[,;:! ]", " "),                                # thin spaces
    (r"\\[()\[\]]", ""),                                 # inline and display math delimiters: "up to \(5.49\times\)"
    (r"\\(?:mathrm|text|textbf|textit|mathbf|mathit|emph|textrm|textsc|operatorname|boldsymbol|bm|underline|mbox"
     r"|mathcal|mathbb|mathsf|mathtt|mathfrak|mathscr)\s*\{", ""),
    (r"\\&", "&"),                                    # "$\mathcal{J}\&\mathcal{F}$": J&F
    (r"\\(?:left|right|big|Big)(?![a-zA-Z])", ""),
    (r"[{}$]", ""),
    (r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " "),  # non-breaking and thin spaces
    (r"[\u2010-\u2015\u2212\ufe63\uff0d]", "-"),        # hyphens, dashes, minus
    (r"[\u223c\u301c\uff5e]", "~"),                     # tilde look-alikes
    (r"[\u2715\u2716\u2a2f]", "×"),
    (r"\*\*", ""),                                      # Markdown bold: "up to **20x**", "about **6.1x faster**"
]

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({"\uff05": "%", "\uff0e": ".", "\uff0c": ","})

_PATTERN = regex.compile(
    "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SUBSTITUTIONS))
    + "|(?P<fw>[" + "".join(_FULLWIDTH) + "])"
)
_REPLACEMENTS = {f"s{i}": r for i, (_, r) in enumerate(_SUBSTITUTIONS)}


# Cheap substring tests first: most texts need no cleaning at all, and a
# str ``in`` test is far cheaper than a regex scan.
_TRIGGERS = ("\\", "$", "{", "}", "+/-", "+-", "**")
# LaTeX-stripped leftovers ("2.0times", "11.0 pm 1.3", "15times sim 24"), one
# pattern per word, each starting with its literal (the engine then skips to
# it) and tried only when the word occurs at all
_STRIPPED_LATEX = (
    ("times", regex.compile(r"times(?<=\d\}?\s?times)")),
    ("pm", regex.compile(r"pm(?<=\d\}?\s?pm)(?=\s?\d)")),
    ("sim", regex.compile(r"sim(?<=(?:[\d×%]|times)\s?sim)(?=\s?\d)")),
)


def _always(text: str) -> bool:
    return True


@shortcut(_always, "a cheap test that rules out text no substitution can touch")
def _may_need_cleaning(text: str) -> bool:
    # plain loops: this runs for every text, and a generator costs more here
    # than the substring tests themselves. Non-ASCII text (accents, curly
    # quotes) needs cleaning only where it holds a character a substitution
    # replaces; otherwise it is tested like ASCII text.
    if not text.isascii() and _NON_ASCII_STARTS.search(text):
        return True
    for trigger in _TRIGGERS:
        if trigger in text:
            return True
    for word, pattern in _STRIPPED_LATEX:
        if word in text and pattern.search(text):
            return True
    return False


@dataclass(frozen=True, init=False)
class CleanText:
    """A cleaned string and, when it differs from the original, its offset map."""

    text: str
    original: str
    # (clean_start, orig_start, orig_end, replaced) per segment, in order;
    # None when the text needed no cleaning
    segments: Optional[list[tuple[int, int, int, bool]]] = None

    def __init__(self, text: str, original: str, segments: Optional[list[tuple[int, int, int, bool]]] = None):
        # two per document: the fields set in one step behind the frozen
        # __setattr__, 3x faster than the generated __init__
        self.__dict__.update(text=text, original=original, segments=segments)

    def _segment(self, pos: int) -> tuple[int, int, int, bool]:
        return self.segments[bisect_right(self._starts, pos) - 1]

    @property
    def _starts(self) -> list[int]:
        starts = self.__dict__.get("_starts_cache")
        if starts is None:
            starts = [seg[0] for seg in self.segments]
            object.__setattr__(self, "_starts_cache", starts)
        return starts

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to the original text."""
        if self.segments is None:
            return start, end
        if start >= len(self.text):
            return len(self.original), len(self.original)
        cs, os_, oe, replaced = self._segment(start)
        o_start = os_ if replaced else os_ + (start - cs)
        if end <= start:
            return o_start, o_start
        cs, os_, oe, replaced = self._segment(end - 1)
        o_end = oe if replaced else os_ + (end - 1 - cs) + 1
        return o_start, o_end


# Where a substitution can start: one of these ASCII leads (found with
# str.find), or, in non-ASCII text, a character of the patterns that are a
# single character class (found with one scan for their union)
_ASCII_STARTS = _TRIGGERS + tuple(word for word, _ in _STRIPPED_LATEX)
# (a plain class of characters: the stdlib engine scans for it 4x faster)
_NON_ASCII_STARTS = re.compile(
    "[" + "".join(p[1:-1] for p, _ in _SUBSTITUTIONS if p.startswith("[") and p.endswith("]"))
    + "".join(_FULLWIDTH) + "]")


_CLOSING = frozenset("0123456789.}")   # what a closing-up space may follow
_OPENING = frozenset("0123456789.{")   # ... and precede


def _all_matches(text: str):
    return _PATTERN.finditer(text)


@shortcut(_all_matches)
def _matches(text: str):
    """_PATTERN.finditer(text), the pattern tried only where a substitution
    can start rather than at every character: the same matches, in the same
    order, as none is empty (tests/test_clean.py checks it)."""
    starts = set()
    for lead in _ASCII_STARTS:
        i = text.find(lead)
        while i >= 0:
            starts.add(i)
            i = text.find(lead, i + 1)
    if not text.isascii():
        starts.update(m.start() for m in _NON_ASCII_STARTS.finditer(text))
    # the spaces a spelled-out math span closes up start with no lead of their own:
    # those within reach of a "$" or a "\mathrm" (the patterns' lookbehinds) are tried
    for lead, reach, letters in (("$", 84, False), ("\\mathrm", 60, True)):
        i = text.find(lead)
        while i >= 0:
            j = text.find(" ", i, i + reach)
            while 0 < j < len(text) - 1:
                # only a space between digits, points and braces ("3 0", "2 . 5", "0 { , } 0"),
                # or between the letters of a \mathrm unit ("m s"), can close up
                before, after = text[j - 1], text[j + 1]
                # (a digit is any decimal, as the pattern's \d: "3 0 ３" closes up before the full-width one too)
                if ((before.isalpha() and after.isalpha()) if letters
                        else ((before in _CLOSING or before.isdecimal()) and (after in _OPENING or after.isdecimal()))):
                    starts.add(j)
                j = text.find(" ", j + 1, i + reach)
            i = text.find(lead, i + 1)
    pos = 0
    for i in sorted(starts):
        if i >= pos and (m := _PATTERN.match(text, i)):
            yield m
            pos = m.end()


def clean(text: str) -> CleanText:
    if not _may_need_cleaning(text):
        return CleanText(text, text)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    pos = 0      # in the original
    length = 0   # of the cleaned text so far
    for m in _matches(text):
        if m.start() > pos:  # unchanged stretch: identity mapping
            pieces.append(text[pos:m.start()])
            segments.append((length, pos, m.start(), False))
            length += m.start() - pos
        name = m.lastgroup
        replacement = _FULLWIDTH[m.group()] if name == "fw" else _REPLACEMENTS[name]
        if replacement:
            pieces.append(replacement)
            segments.append((length, m.start(), m.end(), True))
            length += len(replacement)
        pos = m.end()
    if not segments:
        return CleanText(text, text)
    pieces.append(text[pos:])
    segments.append((length, pos, len(text), False))
    return CleanText("".join(pieces), text, segments)
