"""Sentence spans that survive decimals (1.5x), abbreviations (e.g., vs., et al.)
and version numbers (v1.2): a split needs terminal punctuation, then
whitespace, then something that can open a sentence."""
from __future__ import annotations

import string
from functools import lru_cache
from importlib import resources

import regex

from .shortcuts import shortcut

# A candidate boundary (group 1): . ! or ? (optionally closed by a quote or
# bracket), then whitespace, then an opener (capital, digit, quote, bracket,
# LaTeX/maths). Punctuation first: the engine skips to it quickly.
_BOUNDARY = regex.compile(r"""[.!?]["')\]]?(\s+)(?=["'(\[$\\]?[\p{Lu}\d])""")
_CLOSERS = "\"')]"
_TERMINATORS = ".!?"   # what a _BOUNDARY match starts with


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = (resources.files(__package__) / "rules" / "abbrev.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


_ASCII_WORD = string.ascii_letters + "."


@lru_cache(maxsize=1)
def _unit_abbreviations() -> frozenset[str]:
    """The abbreviations that are also unit surfaces of rules/claims.toml
    ("ms", "min"): after a number they end a sentence like any unit."""
    from .rule_schema import read_rule_file
    surfaces = {s.lower() for u in read_rule_file("claims.toml")["unit"] for s in u["surfaces"]}
    return abbreviations() & surfaces


def _ends_with_abbreviation(prefix: str) -> bool:
    """Does ``prefix`` end with a word (letters and dots) then a dot, maybe
    closed by a quote or bracket, and is that word an abbreviation?"""
    tail = prefix[-20:]
    dot = len(tail) - 2 if tail[-1:] in _CLOSERS else len(tail) - 1
    if dot < 1 or tail[dot] != ".":
        return False
    head = tail[:dot]
    if head.isascii():   # the word's start in one C call, not a loop
        start = len(head.rstrip(_ASCII_WORD))
    else:
        start = dot
        while start > 0 and (tail[start - 1].isalpha() or tail[start - 1] == "."):
            start -= 1
    if start == dot:
        return False
    word = tail[start:dot].lower()
    # "et al." is two words; single capitals are initials (J. Smith), but not a
    # unit after a number ("while consuming 8.4 W. On Raspberry Pi 4B, ...")
    if word == "al" and tail.lower().endswith("et al."):
        return True
    after_number = tail[:start].rstrip()[-1:].isdigit()
    if word in abbreviations():
        # "Ms. Smith", but "takes 30 ms. It is 5x faster": a unit after a number
        return not (after_number and word in _unit_abbreviations())
    return len(word) == 1 and word.isalpha() and not after_number


def _all_boundaries(text: str):
    return _BOUNDARY.finditer(text)


@shortcut(_all_boundaries)
def _boundaries(text: str):
    """_BOUNDARY.finditer(text), the pattern tried only at the terminators
    (found with str.find, far faster than the engine's scan for them): a
    match starts with one, and none starts inside the previous one."""
    marks = []
    for ch in _TERMINATORS:
        i = text.find(ch)
        while i >= 0:
            marks.append(i)
            i = text.find(ch, i + 1)
    end = 0
    for i in sorted(marks):
        if i >= end and (m := _BOUNDARY.match(text, i)):
            yield m
            end = m.end()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text``, leading/trailing blanks trimmed."""
    spans = []
    start = 0
    for m in _boundaries(text):
        gap_start, gap_end = m.span(1)
        # only the end of the sentence so far matters (and copying all of it
        # each time would cost a long text quadratic time)
        if _ends_with_abbreviation(text[max(start, gap_start - 20):gap_start]):
            continue
        spans.append((start, gap_start))
        start = gap_end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
