"""Full-text papers as unarXive or S2ORC JSON Lines records: ``body_text``
paragraphs with their ``section`` (and ``sec_number``), the abstract, and
``ref_entries`` holding the tables and figures.

A record is rendered once as Markdown (``render``): the title as ``#``,
each section heading at the depth of its number ("4.1" -> ``###``), its
paragraphs, and each table as its caption paragraph ("Table 2: ...") followed
by its HTML when the record carries one. The document is then read by the
Markdown reader, so sections, passages and tables work exactly as for a
converted PDF; a claim's offsets index the rendering (``render(record)``
gives it back), since offsets into escaped JSON would point nowhere useful.
unarXive's inline markers (``{{cite:...}}``, ``{{formula:...}}``) are
rendered as nothing and as "formula": a formula's id is hex digits, not a figure.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional

import regex

from ..model import Doc
from .markdown import markdown_document

_MARKERS = regex.compile(r"\{\{(?P<kind>cite|formula|figure|table|float|ref):[^{}\n]{0,200}\}\}")
_SEC_NUMBER = regex.compile(r"^[A-Z]?\d*(?:\.\d+)*\.?$")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _inline(text: str) -> str:
    return _MARKERS.sub(lambda m: "formula" if m.group("kind") == "formula" else "", text)


def _title(rec: dict) -> str:
    meta = rec.get("metadata") if isinstance(rec.get("metadata"), dict) else {}
    return " ".join((_text(rec.get("title")) or _text(meta.get("title"))).split())


def _abstract(rec: dict) -> str:
    value = rec.get("abstract")
    meta = rec.get("metadata") if isinstance(rec.get("metadata"), dict) else {}
    if isinstance(value, list):      # S2ORC: a list of paragraphs
        return "\n\n".join(_text(p.get("text")) for p in value if isinstance(p, dict))
    if isinstance(value, dict):      # unarXive: one paragraph object
        return _text(value.get("text"))
    return _text(value) or _text(meta.get("abstract"))


def _heading(section: str, number: Optional[str]) -> str:
    number = (number or "").strip()
    depth = number.count(".") + 2 if number and _SEC_NUMBER.match(number) else 2
    return "#" * min(depth, 6) + " " + (f"{number} " if number else "") + section


def render(rec: dict) -> str:
    """The record as the Markdown text its claims' offsets index."""
    parts = [f"# {_title(rec) or 'Untitled'}"]
    abstract = _abstract(rec)
    if abstract.strip():
        parts += ["## Abstract", _inline(abstract)]
    current = None
    for para in rec["body_text"]:
        if not isinstance(para, dict):
            continue
        if para.get("content_type") not in (None, "paragraph"):
            continue   # formulas and listings: no claim a rule could read
        section = " ".join(_text(para.get("section")).split())
        number = para.get("sec_number") or para.get("sec_num")
        key = (section, number)
        if section and key != current:
            parts.append(_heading(section, number if isinstance(number, str) else None))
            current = key
        text = _inline(_text(para.get("text"))).strip()
        if text:
            parts.append(text)
    entries = rec.get("ref_entries") if isinstance(rec.get("ref_entries"), dict) else {}
    tables = [e for e in entries.values() if isinstance(e, dict) and e.get("type") == "table"]
    if tables:
        parts.append("## Tables")
        for n, entry in enumerate(tables, 1):
            caption = _inline(_text(entry.get("caption")) or _text(entry.get("text"))).strip()
            parts.append(f"Table {n}: {caption}" if not caption.lower().startswith("table") else caption)
            content = _text(entry.get("content")) or _text(entry.get("html")) or _text(entry.get("table"))
            if "<table" in content.lower():
                parts.append(content)
    return "\n\n".join(parts) + "\n"


def s2orc_document(rec: dict, doc_id: str, source: str, line: int) -> Doc:
    return replace(markdown_document(render(rec), doc_id, source), line=line)
