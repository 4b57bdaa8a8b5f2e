"""Result types shared by every stage: a document in, claim rows out.

Offsets are always half-open ``[start, end)`` into the field text exactly as
read (docs/SPEC.md section 1), never into a cleaned copy.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class Passage:
    """A stretch of a full-text paper read as one field ("body"): ``text`` is
    ``body[offset:offset + len(text)]`` with markup blanked (same length)."""
    text: str
    offset: int
    section: Optional[str]     # heading path, " > " joined ("4 Experiments > 4.1 Setup")
    section_kind: str          # rules/sections.toml kind (setup, results, ...)
    kind: str = "text"         # text, or caption ("Table 2: ...", "Figure 3: ..."); table cells: table


@dataclass(frozen=True)
class Doc:
    doc_id: str
    title: str
    abstract: str
    # where the record came from, for error messages and auditing
    source: str = ""
    line: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # doc_id was made from the title (the input had none): ours to make unique
    derived_id: bool = field(default=False, compare=False)
    # a full-text paper: the source text, and the passages read from it
    body: str = field(default="", compare=False)
    passages: tuple = field(default=(), compare=False)
    # its tables (fulltext/table_model.Table), each with its section: (table, section, section_kind)
    tables: tuple = field(default=(), compare=False)
    # a full-text paper whose title is a heading of ``body``: where it starts there and its
    # text as the body writes it (markup blanked, same length), so that the title's claims
    # point into the source file like every other full-text claim; -1 when it is not
    title_offset: int = field(default=-1, compare=False)
    title_text: str = field(default="", compare=False)


@dataclass(frozen=True)
class HardwareMention:
    start: int
    end: int
    text: str
    name: Optional[str]          # canonical catalog name; None for a generic "GPU"
    count: Optional[int] = None  # "eight A100s" -> 8, "a single GPU" -> 1
    # a document default whose count was stated for training ("Training is conducted
    # on 8 H100 GPUs"): the count holds for training figures only
    training: bool = False


@dataclass
class Claim:
    """One row of the claims table (docs/SPEC.md section 2)."""

    claim_id: str
    doc_id: str
    title: str
    url: Optional[str]
    date: Optional[str]
    system: Optional[str]
    field: str
    char_start: int
    char_end: int
    text: str
    sentence: str
    claim_type: str
    metric: Optional[str]
    value: float
    value_low: float
    value_high: float
    unit: str
    unit_text: Optional[str]
    qualifier: str
    hardware: Optional[str]
    hardware_count: Optional[int]
    hardware_text: Optional[str]
    baseline: Optional[str]
    baseline_hardware: Optional[str]
    model: Optional[str]
    precision: Optional[str]
    rule: str
    input_extra: Optional[str] = None
    section: Optional[str] = None        # full text: the heading path of the claim's section
    section_kind: Optional[str] = None   # abstract, introduction, ..., results (rules/sections.toml)
    passage_kind: Optional[str] = None   # text, caption, table (a table cell)
    row_header: Optional[str] = None     # a table cell's row label ("FlashAttention-2")
    column_header: Optional[str] = None  # a table cell's column header ("Latency (ms) > A100")

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


CLAIM_COLUMNS = [f for f in Claim.__dataclass_fields__]
# claims stated against a baseline (a level, such as 2,400 tokens/s, takes none)
RELATIVE_TYPES = frozenset({"speedup", "reduction"})
# the types whose rows carry a baseline: relative claims, and quality figures (a gain "+0.4 mAP
# over X", a score set against a named method). A level of speed, memory or power is not
# stated against anything even when a comparison stands near it ("2.7x over Triton, reaching
# 1613 TFLOPs/s": Triton is the 2.7x's); the hand-annotated sets give one such row a baseline
# in about a thousand
BASELINE_TYPES = RELATIVE_TYPES | {"accuracy"}
