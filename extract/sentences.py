"""Sentence spans that survive decimals (1.5x), abbreviations (e.g., vs., et al.)
and version numbers (v1.2): a split needs terminal punctuation, then
whitespace, then something that can open a sentence."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import regex

# A candidate boundary: . ! or ? (optionally closed by quotes/brackets), then
# whitespace, then an opener (capital, digit, quote, bracket, LaTeX/maths).
_BOUNDARY = regex.compile(r"""(?<=[.!?]["')\]]?)\s+(?=["'(\[$\\]?[\p{Lu}\d])""")
_WORD_BEFORE = regex.compile(r"([\p{L}.]+)\.[\"')\]]?$")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = (resources.files("extract") / "rules" / "abbrev.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _ends_with_abbreviation(prefix: str) -> bool:
    m = _WORD_BEFORE.search(prefix[-20:])
    if not m:
        return False
    word = m.group(1).lower()
    # "et al." is two words; single capitals are initials (J. Smith)
    if prefix[-20:].lower().endswith("et al."):
        return True
    return word in abbreviations() or (len(word) == 1 and word.isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text``, leading/trailing blanks trimmed."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _ends_with_abbreviation(text[start:m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
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
