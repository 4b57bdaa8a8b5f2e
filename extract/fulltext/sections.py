"""What kind of section a heading opens (rules/sections.toml)."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from ..rule_schema import SECTIONS, RuleError, read_rule_file, validate
from ..sentences import sentence_spans

# "4.2", "IV.", "A.1", "Appendix B:" numbering before a heading's words
_DIGIT_NUMBERING = regex.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_NUMBERING = regex.compile(r"^\s*(?:(?P<letter>[A-Z])(?:\.\d+)*\.?|\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_MARKUP = regex.compile(r"[*_`]+|\\\(|\\\)|<[^>\n]{0,300}>")   # bounded: "<<<<..." stays linear


class SectionKinds:
    def __init__(self, data: dict):
        validate(data, SECTIONS, "rules/sections.toml")
        self.kinds = []
        for entry in data["kind"]:
            try:
                self.kinds.append((entry["name"], regex.compile(entry["heading"], regex.IGNORECASE)))
            except regex.error as e:
                raise RuleError(f"rules/sections.toml: [[kind]] {entry['name']!r}: heading: {e}") from e
        self.names = tuple(name for name, _ in self.kinds) + ("other",)
        unknown = set(data["reading"]["skip"]) - set(self.names)
        if unknown:
            raise RuleError(f"rules/sections.toml: skip: unknown kinds {sorted(unknown)}")
        self.skip = frozenset(data["reading"]["skip"])
        setup = data["setup_passage"]
        try:
            self.run_in = regex.compile(setup["run_in"])
            self.statement = regex.compile(setup["statement"], regex.IGNORECASE)
            self.timing = regex.compile(setup["timing"], regex.IGNORECASE)
            self.timing_heading = regex.compile(setup["timing_heading"], regex.IGNORECASE)
            self.cited_run = regex.compile(setup["cited_run"], regex.IGNORECASE)
        except regex.error as e:
            raise RuleError(f"rules/sections.toml: [setup_passage]: {e}") from e
        if "heading" not in self.run_in.groupindex:
            raise RuleError("rules/sections.toml: [setup_passage] run_in must have a (?P<heading>...) group")

    def setup_span(self, paragraph: str) -> Optional[tuple[int, int]]:
        """Where a paragraph says where the experiments ran, whatever its section:
        all of it under a setup run-in heading ("Implementation details."), else
        the sentence of its statement ("The inference times are measured on a
        H100 GPU."), not the training run beside it; None if it says neither."""
        m = self.run_in.match(paragraph)
        if m and self.classify(m.group("heading")) == "setup":
            return 0, len(paragraph)
        m = self.statement.search(paragraph)
        if m is None:
            return None
        return next(((s, e) for s, e in sentence_spans(paragraph) if s <= m.start() < e), (0, len(paragraph)))

    def timing_sentences(self, paragraph: str) -> list[tuple[int, int]]:
        """The sentences of a paragraph that say where its time and speed figures
        were measured ("Latency is measured on a single A100 GPU")."""
        return _sentences_holding(self.timing, paragraph)

    def cited_run_sentences(self, paragraph: str) -> list[tuple[int, int]]:
        """The sentences of a paragraph that say where the figures of a table or
        figure they cite were run ("The runs reported in Figures 3 and 5(c) were
        all run on ...", "For Table 3, all results were collected on ...")."""
        return _sentences_holding(self.cited_run, paragraph)

    def is_timing_section(self, section: Optional[str]) -> bool:
        """Is a section path's last heading about speed itself ("4.4. Timing")?"""
        if not section:
            return False
        last = _MARKUP.sub("", section.split(" > ")[-1]).strip()
        numbered = _DIGIT_NUMBERING.match(last)
        return bool(self.timing_heading.match(last[numbered.end():].strip() if numbered else last))

    def is_section_heading(self, heading: str) -> bool:
        """Is a heading a section's, not a paper's title: numbered ("5 Conclusion",
        "IV. Results") or of a known kind ("References")? (A capital letter
        opening a title is a word: "A ConvNet for the 2020s".)"""
        text = _MARKUP.sub("", heading).strip()
        numbered = _DIGIT_NUMBERING.match(text)
        return bool(numbered) or self._kind_of(text) is not None

    def _kind_of(self, words: str) -> Optional[str]:
        """The first kind whose pattern matches a heading's words, or None."""
        return next((name for name, pattern in self.kinds if pattern.match(words.strip())), None)

    def classify(self, heading: str, parent: Optional[str] = None) -> str:
        """The kind of a heading; ``parent`` is the enclosing section's kind."""
        text = _MARKUP.sub("", heading).strip()
        numbered = _NUMBERING.match(text)
        words = text[numbered.end():] if numbered else text
        kind = self._kind_of(words)
        if kind is not None:
            return kind
        if numbered and numbered.group("letter"):
            return "appendix"
        return parent or "other"


def _sentences_holding(pattern: regex.Pattern, paragraph: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph in which a match of ``pattern`` starts."""
    starts = [m.start() for m in pattern.finditer(paragraph)]
    if not starts:
        return []
    return [(s, e) for s, e in sentence_spans(paragraph) if any(s <= at < e for at in starts)]


@lru_cache(maxsize=1)
def section_kinds() -> SectionKinds:
    return SectionKinds(read_rule_file("sections.toml"))
