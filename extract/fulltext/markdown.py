"""Full-text papers in Markdown, as PDF converters write them (marker,
MinerU, docling, Nougat): ``#`` headings, paragraphs, pipe and HTML tables,
``<span id=...>`` anchors, image links, ``$...$`` math.

One file is one document. Its passages are the paragraphs of each section,
with the section's heading path and kind (``sections.py``) and their offset
in the file. Markup that is not text (tags, image links, code blocks) is
blanked with spaces of the same length, so every offset still points into
the file as read. Sections of the kinds rules/sections.toml skips
(references, acknowledgments) give no passage. Tables (pipe and HTML) are
read by the table model (``table_model.py``) and blanked out of the prose;
a "Table N"/"Figure N" paragraph is a passage of kind ``caption``.
"""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator, Optional

import regex

from ..model import Doc, Passage
from .sections import section_kinds
from .table_model import find_tables

_HEADING = regex.compile(r"^(#{1,6})[ \t]+(.+)$", regex.MULTILINE)   # closing #s: stripped in Python
# Blocks blanked whole: code fences, then display math (no claim a rule can
# read, only numbers and symbols). Each kind opens with its opener and ends
# at the first closer after it; see _blank_blocks for why they are found by
# scanning rather than by one pattern.
_MATH_ENVS = ("equation", "align", "gather", "multline")
_FENCES = (("fence_ticks", r"^```", r"^```[ \t]*$"), ("fence_tildes", r"^~~~", r"^~~~[ \t]*$"))
_MATH = (("dollars", r"\$\$", r"\$\$"), ("brackets", r"\\\[", r"\\\]")) + tuple(
    (env, rf"\\begin\{{{env}\*?\}}", rf"\\end\{{{env}\*?\}}") for env in _MATH_ENVS)
# markup blanked inside a paragraph: image links (whole), HTML tags (the tag
# only, its text stays), link targets ("[text](url)" keeps "text"); each part
# bounded, so a line of "![![![..." costs linear time
_BLANK = regex.compile(r"!\[[^\]\n]{0,1000}\]\([^)\n]{0,1000}\)|<[A-Za-z/!][^>\n]{0,300}>|(?<=\])\([^)\n]{0,1000}\)")
_TABLE_LINE = regex.compile(r"^\s*\|")
# a caption paragraph, after markup is blanked: "Table 2:", "**Figure 3.**", "Fig. 4";
# not prose that starts by citing one ("Table 2 shows ...", "Fig. 3 and Table 4 ...")
_CAPTION = regex.compile(r"^\W{0,6}(?:table|tab\.|figure|fig\.)\s*(?:\d+|[IVX]+)\b(?!\s+(?-i:[a-z]))", regex.IGNORECASE)
_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n")
# a converter's heading that is a paragraph: a long line in which one sentence ends
# and another starts ("# Multi-scale input, multi-scale output adversarial loss. In
# total, our training objective ..."); read as a heading it would become the parent
# of every section after it. Short run-in headings ("Training Details. Our models are:")
# stay headings.
_PARAGRAPH_AS_HEADING_MIN = 120
_SENTENCE_BREAK = regex.compile(r"[a-z)\]]{2}[.!?]\s+[A-Z]")


def _spaces(text: str) -> str:
    """``text`` blanked: every character a space, its line breaks kept."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _blank(text: str) -> str:
    return _BLANK.sub(lambda m: " " * len(m.group()), text)


def _blank_markup(text: str) -> str:
    """``_blank``, run only on text that holds a tag or a link (most paragraphs hold neither)."""
    return _blank(text) if "<" in text or "](" in text else text


def _compile_blocks(kinds: tuple) -> tuple[regex.Pattern, dict]:
    openers = regex.compile("|".join(f"(?P<{name}>{o})" for name, o, _ in kinds), regex.MULTILINE)
    return openers, {name: regex.compile(c, regex.MULTILINE) for name, _, c in kinds}


_FENCE_BLOCKS, _MATH_BLOCKS = _compile_blocks(_FENCES), _compile_blocks(_MATH)


def _blank_blocks(text: str, blocks: tuple[regex.Pattern, dict], in_paragraph: bool = False) -> str:
    """Every block from its opener to the first closer of its kind after
    it, blanked with its line breaks kept; openers are taken leftmost first.
    One lazy pattern (opener.*?closer) would scan to the end of the text from
    every opener that has no closer: quadratic time on a long run of
    openers. Here a kind whose closer is not found is not looked for again
    (no later opener of it could close either), so the cost stays linear.
    ``in_paragraph``: a block must close before the next blank line (TeX
    allows no paragraph break inside display math). A converter's escaped
    citation bracket ("[\\[Smith](#page-3)") is then no math opener whose
    closer, pages later, would blank every section between; a kind not closed
    in a paragraph is looked for again only after that paragraph."""
    openers, closers = blocks
    out, pos, dead, dead_until, paragraph_end = [], 0, set(), {}, -1
    m = openers.search(text, pos)
    while m is not None:
        kind = m.lastgroup
        limit = len(text)
        if in_paragraph:
            if m.end() > paragraph_end:   # one search per paragraph keeps the scan linear
                brk = _PARAGRAPH_BREAK.search(text, m.end())
                paragraph_end = brk.start() if brk else len(text)
            limit = paragraph_end
        if kind in dead or dead_until.get(kind, -1) >= m.end():
            end = None
        else:
            end = closers[kind].search(text, m.end(), limit)
        if end is None:
            if in_paragraph:
                dead_until[kind] = limit
            else:
                dead.add(kind)
            m = openers.search(text, m.end())
            continue
        out.append(text[pos:m.start()])
        out.append(_spaces(text[m.start():end.end()]))
        pos = end.end()
        m = openers.search(text, pos)
    out.append(text[pos:])
    return "".join(out)


def _blank_fences(text: str) -> str:
    """Code blocks and display math blanked, their line breaks kept."""
    return _blank_blocks(_blank_blocks(text, _FENCE_BLOCKS), _MATH_BLOCKS, in_paragraph=True)


_NUMBER_TOKEN = regex.compile(r"(?<![\w.])[-+±]?\d[\d.,]*%?(?![\w])")
_WORD_TOKEN = regex.compile(r"[^\W\d_]{2,}")


def _table_like(text: str) -> bool:
    """A table a converter wrote as plain text ("UniPC 1× 2.95× 948 s 321 s
    0.178 22.72 ..."): many numbers, few words between them. Read with the
    table model, not as sentences."""
    numbers = len(_NUMBER_TOKEN.findall(text))
    return numbers >= 8 and numbers > 0.6 * len(_WORD_TOKEN.findall(text))


def markdown_document(text: str, doc_id: str, source: str = "") -> Doc:
    """The document of one Markdown paper."""
    kinds = section_kinds()
    body = _blank_fences(text)
    tables = find_tables(body)
    body = _blank_spans(body, [(t.start, t.end) for t in tables])
    headings = [h for h in _HEADING.finditer(body) if not _paragraph_as_heading(_heading_text(h))]
    # the title: the first top-level heading before any section's ("# 5 Conclusion" of a
    # conversion that lost the title is a section; the paper then has none)
    title_at = None
    for i, h in enumerate(headings):
        if kinds.is_section_heading(_heading_text(h)):
            break
        if h.group(1) == "#":
            title_at = i
            break
    title_heading = None
    if title_at is not None:
        title_heading = headings[title_at]
    elif headings and not kinds.is_section_heading(_heading_text(headings[0])):
        title_heading = headings[0]   # a title written one level down ("## Title")
    title = _plain(_heading_text(title_heading)) if title_heading is not None else doc_id
    title_offset, title_text = -1, ""
    if title_heading is not None:
        title_offset = title_heading.start(2)
        raw = body[title_offset:title_offset + len(_heading_text(title_heading))]
        title_text = _blank_markup(raw)
    # (start, end, enclosing sections) of each stretch of text between headings;
    # a section is (level, heading, kind); the front matter has none: "other"
    spans = [(0, headings[0].start() if headings else len(body), [])]
    path: list[tuple[int, str, str]] = []
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(body)
        if i != title_at:
            level, heading = len(h.group(1)), _heading_text(h)
            if path and path[0][2] in kinds.skip and kinds.classify(heading) == "appendix":
                path.clear()   # "### A. Appendix" after "# References": the appendix is not theirs, whatever its level
            number = _section_number(heading)
            while path and _leaves(level, number, path[-1]):
                path.pop()
            parent = path[-1][2] if path else None
            # a heading inside references or acknowledgments stays there
            kind = parent if parent in kinds.skip else kinds.classify(heading, parent)
            path.append((level, _plain(heading), kind, number))
        spans.append((h.end(), end, list(path)))
    passages: list[Passage] = []
    placed: list[tuple] = []
    for start, end, sections in spans:
        kind = sections[-1][2] if sections else "other"
        if kind in kinds.skip:
            # a reference list holds no "Table N": one there is an appendix the converter
            # gave no heading ("## References" ... "Table 5: ..."); a table without a
            # caption there stays unread
            placed.extend((t, "Appendix", "appendix") for t in tables if start <= t.start < end and t.caption)
            continue
        name = " > ".join(section[1] for section in sections) or None
        passages.extend(_paragraphs(body, start, end, name, kind))
        placed.extend((t, name, kind) for t in tables if start <= t.start < end)
    return Doc(doc_id=doc_id, title=title, abstract="", source=source, body=text, passages=tuple(passages),
               title_offset=title_offset, title_text=title_text,
               tables=tuple(placed))


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span blanked, its line breaks kept."""
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(_spaces(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


# a heading's section number: "4", "4.3", "A.2", "B." ("A Simple Method" has none)
_SECTION_NUMBER = regex.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})*)\.?|([A-Z](?:\.\d{1,2})+)\.?|([A-Z])\.)\s+\S")


def _section_number(heading: str) -> Optional[str]:
    m = _SECTION_NUMBER.match(_plain(heading))
    return None if m is None else next(g for g in m.groups() if g)


def _leaves(level: int, number: Optional[str], enclosing: tuple) -> bool:
    """Does a heading (its level, its section number) leave the section it
    follows? Converters get heading levels wrong ("# 3. Method" then "## 4.
    Experiments", "## 4. Experiments" then "## 4.3. ..."): where both are
    numbered the numbers tell (4 is not inside 3, 4.3 is inside 4), else the levels."""
    if number is not None and enclosing[3] is not None:
        return not number.startswith(enclosing[3] + ".")
    return enclosing[0] >= level


def _paragraph_as_heading(heading: str) -> bool:
    plain = _plain(heading)
    return len(plain) >= _PARAGRAPH_AS_HEADING_MIN and _SENTENCE_BREAK.search(plain) is not None


def _heading_text(h: regex.Match) -> str:
    # closing #s and blanks go ("## Results ##" -> "Results"), never the first character
    text = h.group(2)
    return (text[:1] + text[1:].rstrip(" \t#")).strip()


def _plain(heading: str) -> str:
    """A heading as the section column shows it: no tags, no emphasis marks."""
    return " ".join(_BLANK.sub(" ", heading).replace("**", "").split())


# a list item starts a passage of its own: items seldom end with a full stop,
# and read as one sentence they would lend each other their devices
_LIST_ITEM = regex.compile(r"\n(?=[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+\S)")


def _paragraphs(body: str, start: int, end: int, section, kind: str) -> Iterator[Passage]:
    pos = start
    breaks = sorted(list(_PARAGRAPH_BREAK.finditer(body, start, end)) + list(_LIST_ITEM.finditer(body, start, end)),
                    key=lambda m: m.start())
    for brk in breaks + [None]:
        if brk is not None and brk.start() < pos:
            continue   # inside a paragraph break already taken
        stop = brk.start() if brk is not None else end
        block = body[pos:stop]
        if "|" in block:   # pipe lines outside a table (no rule line): not prose
            if all(_TABLE_LINE.match(line) or not line.strip() for line in block.split("\n")):
                block = ""
            else:
                block = "\n".join(" " * len(line) if _TABLE_LINE.match(line) else line for line in block.split("\n"))
        if block.strip():
            text = _blank_markup(block)
            if not _table_like(text):
                passage_kind = "caption" if _CAPTION.match(text.lstrip()) else "text"
                yield Passage(text=text, offset=pos, section=section, section_kind=kind, kind=passage_kind)
        pos = brk.end() if brk is not None else end


def _stem(path: Path) -> Path:
    name = path.name
    for suffix in (".md.gz", ".markdown.gz", ".md", ".markdown"):
        if name.lower().endswith(suffix):
            return path.with_name(name[: -len(suffix)])
    return path


def _is_markdown(path: Path) -> bool:
    return path.is_file() and _stem(path) != path


def holds_papers(folder: Path) -> bool:
    """Whether a folder holds a Markdown file ``read_markdown`` would read."""
    return any(_is_markdown(p) for p in folder.rglob("*"))


def read_markdown(path: Path) -> Iterator[Doc]:
    """One document per Markdown file (``.md``, ``.md.gz``): ``path`` itself,
    or every such file under a folder, in name order (its id: the path below
    the folder, without the extension)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if _is_markdown(p))
    for f in files:
        doc_id = _stem(f).name if f == path else _stem(f).relative_to(path).as_posix()
        raw = gzip.decompress(f.read_bytes()) if f.name.lower().endswith(".gz") else f.read_bytes()
        yield markdown_document(raw.decode("utf-8", errors="replace"), doc_id, str(f))
