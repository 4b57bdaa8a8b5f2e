"""Undo text damage before matching, keeping a map back to the original offsets.

Real corpora carry raw LaTeX (`$3.5\\times$`, `$\\sim$`, `20\\,\\mathrm{FPS}`)
and its stripped leftovers (`2.0times`, `13.3\\%`, `11.0 pm 1.3`,
`15times sim 24times`). The rules are written once against a clean form; every
span found in the clean form is mapped back to the text exactly as read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

# (pattern, replacement) in priority order. A replacement may use \g<name>.
# Patterns are applied in one left-to-right pass of their alternation.
_SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\\times(?![a-zA-Z])", "×"),
    (r"(?<=\d\}?\s?)times(?=[^a-z]|$)", "×"),          # LaTeX-stripped 2.0times, 4timesRTX
    (r"\\%", "%"),
    (r"\\(?:sim|approx|simeq)(?![a-zA-Z])", "~"),
    (r"(?<=(?:[\d×%]|times)\s?)sim(?=\s?\d)", "~"),              # stripped 15times sim 24times
    (r"\\pm(?![a-zA-Z])", "±"),
    (r"(?<=\d\s?)pm(?=\s?\d)", "±"),                    # stripped 11.0 pm 1.3
    (r"\\(?:geq?|geqslant)(?![a-zA-Z])", "≥"),
    (r"\\(?:leq?|leqslant)(?![a-zA-Z])", "≤"),
    (r"\\(?:textgreater)(?![a-zA-Z])", ">"),
    (r"\\(?:textless)(?![a-zA-Z])", "<"),
    (r"\\(?:mu|micro)(?![a-zA-Z])", "µ"),
    (r"\\[,;:! ]", " "),                                # thin spaces
    (r"\\(?:mathrm|text|textbf|textit|mathbf|mathit|emph|textrm|textsc|operatorname|boldsymbol|bm|underline|mbox)\s*\{", ""),
    (r"\\(?:left|right|big|Big)(?![a-zA-Z])", ""),
    (r"[{}$]", ""),
    (r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " "),  # non-breaking and thin spaces
    (r"[\u2010-\u2015\u2212\ufe63\uff0d]", "-"),        # hyphens, dashes, minus
    (r"[\u223c\u301c\uff5e]", "~"),                     # tilde look-alikes
    (r"[\u2715\u2716\u2a2f]", "×"),
]

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({"\uff05": "%", "\uff0e": ".", "\uff0c": ","})

_PATTERN = regex.compile(
    "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SUBSTITUTIONS))
    + "|(?P<fw>[" + "".join(_FULLWIDTH) + "])"
)
_REPLACEMENTS = {f"s{i}": r for i, (_, r) in enumerate(_SUBSTITUTIONS)}


@dataclass(frozen=True)
class CleanText:
    """A cleaned string and, when it differs from the original, its offset map."""

    text: str
    original: str
    # starts[i] / ends[i]: original span of cleaned character i (None: identical)
    starts: Optional[list[int]] = None
    ends: Optional[list[int]] = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to the original text."""
        if self.starts is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def clean(text: str) -> CleanText:
    matches = list(_PATTERN.finditer(text))
    if not matches:
        return CleanText(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in matches:
        if m.start() > pos:  # unchanged stretch: identity mapping
            pieces.append(text[pos:m.start()])
            starts.extend(range(pos, m.start()))
            ends.extend(range(pos + 1, m.start() + 1))
        name = m.lastgroup
        replacement = _FULLWIDTH[m.group()] if name == "fw" else _REPLACEMENTS[name]
        pieces.append(replacement)
        starts.extend([m.start()] * len(replacement))
        ends.extend([m.end()] * len(replacement))
        pos = m.end()
    pieces.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return CleanText("".join(pieces), text, starts, ends)
