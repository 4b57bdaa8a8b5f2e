"""The table model: every table of a converted paper as one grid of cells,
whatever its source form: Markdown pipe tables (``| a | b |`` with a
``|---|`` row), HTML ``<table>`` (``rowspan``/``colspan`` spread over the
cells they cover) and ``<br>``-stacked cells (one row written as a cell of
several lines: split back into rows when every cell of the row stacks the
same number of lines).

A cell keeps its span in the file, so a claim read from it points to the
number as written. Header rows are the rows above a pipe table's rule, the
``<th>``/``<thead>`` rows of an HTML table, and any first rows with no number
in a value column (converters often write a second header row as a plain
row). ``cells.py`` reads the claims; this module only reads the shape.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Optional

import regex

_PIPE_LINE = regex.compile(r"^[ \t]*\|.*$", regex.MULTILINE)
_PIPE_RULE = regex.compile(r"^[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*(?::?-{2,}:?[ \t]*)?$")
_UNESCAPED_PIPE = regex.compile(r"(?<!\\)\|")
_HTML_TABLE = regex.compile(r"<table\b[^>]{0,300}>.*?</table\s*>", regex.IGNORECASE | regex.DOTALL)
# the tags that shape an HTML table; everything else inside a cell is text
_HTML_TAG = regex.compile(r"<(/?)(tr|td|th|thead|tbody|tfoot)\b([^>]{0,300})>", regex.IGNORECASE)
_SPAN_ATTR = regex.compile(r"\b(rowspan|colspan)\s*=\s*[\"']?(\d{1,3})", regex.IGNORECASE)
_BR = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_MARKUP = regex.compile(r"<[^>\n]{0,300}>|\*\*|__|\\\(|\\\)|\$")
_NUMBER = regex.compile(r"\d")
# a citation's bracket in a method's label ("3DGStream [15]", "K-Planes† [40, 41]"): its digits name no figure
_CITATION = regex.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")
# "Table 3: ...", "**Table 3.** ...", "TABLE III" opening a paragraph
TABLE_LABEL = regex.compile(r"^\W{0,6}(?:table|tab\.)\s*(?P<n>\d+|[IVX]+)\b", regex.IGNORECASE)
# "Figure 14: ...", "**Fig. 3.**": a figure's caption, which is a table's where the figure is one
FIGURE_LABEL = regex.compile(r"^\W{0,6}(?:figure|fig\.)\s*(?P<n>\d+)\b", regex.IGNORECASE)
# a sentence about a table, not its caption: a lower-case word after the label ("Table 5 reports")
_PROSE_AFTER_LABEL = regex.compile(r"\s+(?:and\s+\d+\s+)?[a-z]{2,}\b(?!\s*[:.])")
_MAX_SPAN = 50   # a rowspan/colspan past this is a converter's slip, not a shape


@dataclass(frozen=True)
class Cell:
    text: str      # as in the file, markup included
    start: int     # span in the file
    end: int
    header: bool = False

    @property
    def plain(self) -> str:
        """The text as a reader sees it: no tags, emphasis or math marks."""
        return " ".join(_MARKUP.sub(" ", self.text).split())


@dataclass(frozen=True)
class Table:
    start: int
    end: int
    rows: tuple            # of tuples of Optional[Cell]; a spanned cell repeats in every slot it covers
    header_rows: int
    caption: Optional[str] = None
    source: str = "pipe"   # pipe | html

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def corner(self) -> Optional[Cell]:
        """The first header cell ("Model", "Method", or a device: "RTX 4090"), or None."""
        return self.rows[0][0] if self.header_rows and self.rows and self.rows[0] else None

    def column_header(self, col: int) -> str:
        """The header rows' text over a column, top to bottom, repeats (a
        colspan's) given once: "Latency (ms) > A100"."""
        parts: list[str] = []
        for row in self.rows[: self.header_rows]:
            cell = row[col] if col < len(row) else None
            text = cell.plain if cell is not None else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        return " > ".join(parts)

    def row_header(self, row: int) -> str:
        """The row's label: its cells before the first one holding a number."""
        parts: list[str] = []
        for cell in self.rows[row]:
            if cell is None:
                continue
            if parts and _NUMBER.search(_CITATION.sub("", cell.plain)):
                break
            # a first cell opening with a letter is a name however many digits it holds ("Wan2.1-14B", "T5-11B")
            if _NUMBER.search(cell.plain) and not parts and mostly_number(cell.plain) and not cell.plain[:1].isalpha():
                break
            if cell.plain and (not parts or parts[-1] != cell.plain):
                parts.append(cell.plain)
            if len(parts) == 2:
                break
        return " > ".join(parts)


# LaTeX commands that only format or join a figure (not symbols such as \lambda, which name things)
_LATEX_FORMAT = regex.compile(r"\\(?:text(?:bf|it|rm)?|math(?:rm|bf|it)|bf|it|rm|times|sim|pm|approx)(?![A-Za-z])")


# a figure written with its unit word: "36 min", "2.5 days", "12 GB" (words outnumber its digits)
# a figure a cell writes with its unit ("23.1 ms", "4.8GB", "330k samples/s"), or several stacked
_ONE_FIGURE = (r"[~≈<>]?\s*\d[\d.,]*\s*[kKMB]?\s*(?:ms|s|secs?|mins?|minutes?|h|hrs?|hours?|days?|seconds?|"
               r"[KMGT]i?B|fps|FPS|W|J|[A-Za-z]+\s*/\s*s(?:ec)?)")
_FIGURE_WITH_UNIT = regex.compile(rf"^\s*{_ONE_FIGURE}(?:\s+{_ONE_FIGURE})*\s*$")


def mostly_number(text: str) -> bool:
    if _FIGURE_WITH_UNIT.match(text):
        return True
    digits = sum(c.isdigit() for c in text)
    # a formatting command's name is markup, not words: "$9.5 \text{ days } (1.0 \times)$" is a figure
    letters = sum(c.isalpha() for c in _LATEX_FORMAT.sub("", text))
    return digits >= letters


def _body_header_rows(rows: list, given: int) -> int:
    """Rows at the top with no figure outside the first column are header rows
    (a header may hold digits: "AUC @1px", "bs=8"; a figure is mostly digits)."""
    n = given
    while n < len(rows) - 1 and not any(c is not None and _NUMBER.search(c.plain) and mostly_number(c.plain)
                                        and not _MODEL_NAME.match(c.plain) for c in rows[n][1:]):
        if n and (is_group_row(rows[n]) or section_label(rows[n])):
            break   # one cell across the table under a header: the body's first group label
        n += 1
    # a row labelled as a header's stub ("Model | bsz=16 | 32 | 64") is a header level
    # a converter wrote into the body: its figures are settings, not results
    while n < len(rows) - 1 and rows[n] and rows[n][0] is not None and _STUB_HEAD.match(rows[n][0].plain):
        n += 1
    return n


# a device's or model's name, not a figure: "A100", "H100", "V100", "T4", "MI250X", "P-1", "Pixel 2"
_MODEL_NAME = regex.compile(r"^[A-Z][A-Za-z]{0,5}[-\s]?\d{1,4}[A-Za-z]{0,2}$")
_STUB_HEAD = regex.compile(r"^(?:models?|methods?|approach(?:es)?|names?)$",
                           regex.IGNORECASE)


def section_label(row) -> str:
    """The text of a pipe-table row with one filled cell ("| | | Inference Speed
    (ms/batch) | | |", "| Steps-per-second (SPS) | | | |": a colspan the
    converter dropped, labelling the rows below), else ""."""
    filled = [c for c in row if c is not None and c.plain]
    return filled[0].plain if len(filled) == 1 and len(row) > 2 else ""


def is_group_row(row) -> bool:
    """Is this row one cell spanning the table (a group's label: "≈2.5× Speedup")?"""
    cells = [c for c in row if c is not None]
    return len(cells) > 1 and all(c is cells[0] for c in cells)


# -- Markdown pipe tables --------------------------------------------------

def _pipe_cells(line: str, at: int) -> list[Cell]:
    """The cells of one ``| a | b |`` line, each with its span in the file."""
    bars = [m.start() for m in _UNESCAPED_PIPE.finditer(line)]
    first_bar = line[: bars[0]].strip() == "" if bars else False
    if not first_bar:
        bars = [-1] + bars
    if line[bars[-1] + 1:].strip():
        bars.append(len(line))
    cells = []
    for a, b in zip(bars, bars[1:]):
        raw = line[a + 1:b]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        cells.append(Cell(text, at + a + 1 + lead, at + a + 1 + lead + len(text)))
    return cells


# one figure of a cell a converter ran several into: "1.02", "2.68×", "766 s", "35.01"
_FIGURE = regex.compile(r"(?<!\S)[~≈<>]?\d[\d.,]*(?:\s?(?:[×xX%]|ms|s|GB|MB|fps|FPS))?[*†‡]?(?!\S)")
_THOUSANDS = regex.compile(r"\d{1,3}(?:[ \u2009\u202f]\d{3})+")   # "23 942": one figure


def _figures(cell: Optional[Cell]) -> list[Cell]:
    """The figures of a cell that holds nothing else, each with its own span;
    a cell that is one figure, or holds markup or words, gives one or none."""
    if cell is None or not cell.text or _THOUSANDS.fullmatch(cell.text) or any(ch in cell.text for ch in "<$\\("):
        return [cell] if cell is not None and cell.text else []
    found = list(_FIGURE.finditer(cell.text))
    if len(found) < 2 or "".join(m.group() for m in found).replace(" ", "") != cell.text.replace(" ", ""):
        return [cell]
    return [Cell(m.group(), cell.start + m.start(), cell.start + m.end(), cell.header) for m in found]


def _unmerge_cells(cells: list) -> list:
    """A converter's merged cells put back: a cell of k figures followed by
    k-1 empty cells gives one figure to each ("141.78 275.94" over the
    columns "32" and "64")."""
    out = list(cells)
    for i, cell in enumerate(cells):
        parts = _figures(cell)
        k = len(parts)
        after = cells[i + 1: i + k]
        if k > 1 and len(after) == k - 1 and all(c is not None and not c.text for c in after):
            out[i: i + k] = parts
    return out


def _unstack(cells: list[Cell]) -> list[list[Cell]]:
    """A row whose every non-empty cell stacks k >= 2 lines with ``<br>`` is k
    rows (cells of one line, settings, repeat in each, when two or more stack k); so is a row whose every cell holding a figure holds k of them,
    side by side ("1.02 5.55 | 35.01 7.00": two rows a converter ran
    together), its label split into k words when it has k, else kept."""
    cells = _unmerge_cells(cells)
    if not any("<br" in c.text or "<BR" in c.text for c in cells if c is not None):
        return _unstack_spaced(cells)
    parts = []
    for c in cells:
        pieces, pos = [], 0
        for m in list(_BR.finditer(c.text)) + [None]:
            stop = m.start() if m is not None else len(c.text)
            raw = c.text[pos:stop]
            lead = len(raw) - len(raw.lstrip())
            pieces.append(Cell(raw.strip(), c.start + pos + lead, c.start + pos + lead + len(raw.strip()), c.header))
            pos = m.end() if m is not None else pos
        parts.append(pieces)
    counts = {len(p) for p, c in zip(parts[1:], cells[1:]) if c.text}   # the first column may be a setting ("16")
    stacked = counts - {1}
    if len(stacked) != 1:
        return [cells]
    k = stacked.pop()
    if 1 in counts and (sum(len(p) == k for p in parts) < 2
                        or any(len(p) == 1 and c.text and mostly_number(c.plain) for p, c in zip(parts[1:], cells[1:]))):
        # one cell of several lines beside one-line settings is a line break, not rows; and
        # beside a one-line figure ("40.3 42.2 45.1 | 71<br>129 672") the lines are not rows
        return [cells]
    # a one-line cell beside stacked ones is shared by the k rows: "Allreduce-based | 4 GPUs |
    # Humanoid-v1<br>Pong-v0 | 330k samples/s<br>23k samples/s"
    return [[p[i] if len(p) == k else c for p, c in zip(parts, cells)] for i in range(k)]


def _unstack_spaced(cells: list) -> list[list]:
    parts = [_figures(c) for c in cells]
    # the first column is the label, a setting's value ("16") or not
    counts = {len(p) for p, c in zip(parts[1:], cells[1:]) if c is not None and _NUMBER.search(c.text)}
    if len(counts) != 1 or counts == {1} or sum(len(p) > 1 for p in parts) < 2:
        return [cells]
    k = counts.pop()
    rows = []
    for i in range(k):
        row = []
        for p, c in zip(parts, cells):
            if len(p) == k:
                row.append(p[i])
            elif c is not None and c.text and len(c.text.split()) == k:   # the label: one word per row
                words = list(regex.finditer(r"\S+", c.text))
                row.append(Cell(words[i].group(), c.start + words[i].start(), c.start + words[i].end(), c.header))
            else:
                row.append(c)
        rows.append(row)
    return rows


def pipe_tables(body: str) -> Iterator[Table]:
    """Every pipe table of ``body``: a run of ``|`` lines holding a rule line."""
    lines = list(_PIPE_LINE.finditer(body))
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and lines[j + 1].start() == lines[j].end() + 1:
            j += 1
        block = lines[i: j + 1]
        i = j + 1
        rule = next((k for k, m in enumerate(block) if _PIPE_RULE.match(m.group())), None)
        if rule is None:
            continue
        rows: list[list[Cell]] = []
        for k, m in enumerate(block):
            if k == rule:
                continue
            cells = _pipe_cells(m.group(), m.start())
            if k < rule:
                rows.append([Cell(c.text, c.start, c.end, True) for c in cells])
            else:
                rows.extend(_unstack(cells))
        header = _body_header_rows(rows, rule)
        _spread_header_labels(rows, header)
        yield Table(block[0].start(), block[-1].end(), tuple(tuple(r) for r in rows), header, source="pipe")


def _spread_header_labels(rows: list[list[Cell]], header_rows: int) -> None:
    """A pipe table has no colspan: an upper header's label stands in one cell
    of the columns it spans, the rest blank ("| Latency (ms) | | Throughput | |"
    over "| A100 | H100 | A100 | H100 |"). Each label is spread over its span:
    where the lowest header row repeats a run of names ("Adan | AdamW | Adan |
    AdamW"), each run is the span of the one label above it (converters put it
    in any of its cells); else over the blank cells to its right."""
    if header_rows < 2:
        return
    lower = [c.plain if c is not None else "" for c in rows[header_rows - 1]]
    runs = _repeated_runs(lower)
    for h in range(header_rows - 1):
        row = rows[h]
        labelled = [c for c in range(1, len(row)) if row[c] is not None and row[c].plain]
        spans: list[tuple[int, int]] = []
        if runs and all(sum(s <= c < e for c in labelled) == 1 for s, e in runs):
            spans = runs
        covered = {k for s, e in spans for k in range(s, e)}
        for c in sorted(labelled, key=lambda c: c not in covered):   # the runs' labels first
            span = next(((s, e) for s, e in spans if s <= c < e), None)
            if span is None:   # to the right, over blank cells above named ones, up to a run
                e = c + 1
                while (e < len(row) and e < len(lower) and lower[e] and e not in covered
                       and (row[e] is None or not row[e].plain)):
                    e += 1
                span = (c, e)
            for k in range(*span):
                if k < len(row) and (row[k] is None or not row[k].plain):
                    row[k] = row[c]


_MAX_RUN_WIDTH = 48


def _repeated_runs(names: list[str]) -> list[tuple[int, int]]:
    """The longest stretch of ``names`` that is one run of two or more names
    written again and again ("Adan, AdamW, LAMB, Adan, AdamW, LAMB"): each
    repetition's (start, end); else []."""
    best: list[tuple[int, int]] = []
    width = len(names)
    if width > _MAX_RUN_WIDTH:
        return best   # cubic in the width: no real header row is this wide
    for start in range(width):
        for period in range(2, (width - start) // 2 + 1):
            run = names[start: start + period]
            if not all(run) or len(set(run)) < period:
                continue
            k = 1
            while names[start + k * period: start + (k + 1) * period] == run:
                k += 1
            if k >= 2 and k * period > (best[-1][1] - best[0][0] if best else 0):
                best = [(start + j * period, start + (j + 1) * period) for j in range(k)]
    return best


# -- HTML tables -------------------------------------------------------------

def _html_rows(body: str, start: int, end: int) -> tuple[list[list[tuple[Cell, int, int]]], int]:
    """Rows of (cell, rowspan, colspan), and how many rows are headers."""
    rows: list[list[tuple[Cell, int, int]]] = []
    open_cell: Optional[tuple[int, bool, int, int]] = None   # content start, header, rowspan, colspan
    in_head, head_rows = False, 0

    def close(at: int) -> None:
        nonlocal open_cell
        if open_cell is None:
            return
        s, is_th, rs, cs = open_cell
        raw = body[s:at]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if not rows:
            rows.append([])
        rows[-1].append((Cell(text, s + lead, s + lead + len(text), is_th), rs, cs))
        open_cell = None

    for m in _HTML_TAG.finditer(body, start, end):
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag in ("td", "th"):
            close(m.start())
            if not closing:
                spans = {k.lower(): min(int(v), _MAX_SPAN) for k, v in _SPAN_ATTR.findall(m.group(3))}
                open_cell = (m.end(), tag == "th" or in_head, max(1, spans.get("rowspan", 1)),
                             max(1, spans.get("colspan", 1)))
        elif tag == "tr":
            close(m.start())
            if not closing:
                rows.append([])
                if in_head:
                    head_rows = len(rows)
        elif tag == "thead":
            close(m.start())
            in_head = not closing
    close(end)
    return [r for r in rows if r], head_rows


def _grid(rows: list[list[tuple[Cell, int, int]]]) -> list[list[Optional[Cell]]]:
    """Spread rowspans and colspans: a spanned cell fills every slot it covers."""
    grid: list[list[Optional[Cell]]] = []
    pending: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        out: list[Optional[Cell]] = []
        col = 0
        for cell, rs, cs in row:
            while (r, col) in pending:
                out.append(pending.pop((r, col)))
                col += 1
            for dc in range(cs):
                out.append(cell)
                for dr in range(1, rs):
                    pending[(r + dr, col + dc)] = cell
            col += cs
        while (r, col) in pending:
            out.append(pending.pop((r, col)))
            col += 1
        grid.append(out)
    return grid


def html_tables(body: str) -> Iterator[Table]:
    for m in _HTML_TABLE.finditer(body):
        rows, head = _html_rows(body, m.start(), m.end())
        if not rows:
            continue
        grid = _grid(rows)
        all_th = 0
        while all_th < len(grid) and all(c is not None and c.header for c in grid[all_th]):
            all_th += 1
        # a stub-head corner spanning k rows ("<td rowspan=3></td>" at the top left)
        # says the first k rows are headers, digits or not ("501 3001 1px (ms)")
        corner, corner_rows, _ = rows[0][0]
        stub = corner_rows if corner_rows < len(grid) and not _NUMBER.search(corner.plain) else 0
        given = max(head, all_th, stub)
        stacked: list[list[Optional[Cell]]] = []
        for k, row in enumerate(grid):
            if k < given or any(c is None for c in row):
                stacked.append(row)
            else:
                stacked.extend(_unstack(row))
        header = _body_header_rows(stacked, given)
        yield Table(m.start(), m.end(), tuple(tuple(r) for r in stacked), header, source="html")


def find_tables(body: str) -> list[Table]:
    """Every table of ``body`` in file order, each with its caption: the
    paragraph that opens with "Table N" just above or just below it.

    A paper keeps one side: where more tables have a caption just below
    than just above, captions are below (the converter or the template put
    them there), else above. A table takes its caption from that side, else
    from the other, unless that paragraph is a neighbour's caption on the
    paper's side (the table above's caption below it is not this one's).
    A converter may write the caption into the table's first cell ("| Table
    5. Narrow vs Shallow MobileNet |"): that is the table's own caption, and
    a "table" holding nothing else but words is a caption paragraph. A table
    with no "Table N" caption that a paper draws as a figure takes the
    "Figure N:" paragraph right below it."""
    tables = [t for t in sorted(list(pipe_tables(body)) + list(html_tables(body)), key=lambda t: t.start)
              if not _is_caption_table(t)]
    above, below = [], []
    for i, t in enumerate(tables):
        previous = tables[i - 1].end if i else 0
        following = tables[i + 1].start if i + 1 < len(tables) else len(body)
        above.append(_caption_paragraph(_paragraphs(body, max(previous, t.start - 3000), t.start)[-2:][::-1]))
        below.append(_caption_paragraph(_paragraphs(body, t.end, min(t.end + 3000, following))[:2]))
    # a caption between two tables, below one and above the next, is the one's that has no
    # other ("Table 1: ..." | table | "Table 2: ..." | table: the second's); when both or
    # neither have another, the paper's side decides, and it is no vote for that side
    shared = {b[0] for b in below if b is not None} & {a[0] for a in above if a is not None}
    own = [(a is not None and a[0] not in shared, b is not None and b[0] not in shared) for a, b in zip(above, below)]
    for i in range(len(tables) - 1):
        if below[i] is not None and above[i + 1] is not None and below[i][0] == above[i + 1][0]:
            if own[i][0] and not own[i + 1][1]:
                below[i] = None
            elif own[i + 1][1] and not own[i][0]:
                above[i + 1] = None
    shared = {b[0] for b in below if b is not None} & {a[0] for a in above if a is not None}
    below_first = (sum(b is not None and b[0] not in shared for b in below)
                   > sum(a is not None and a[0] not in shared for a in above))
    primary, other = (below, above) if below_first else (above, below)
    taken = {c[0] for c in primary if c is not None}
    out = []
    for i, t in enumerate(tables):
        own = _own_caption(t)
        caption = (t.start, own) if own else primary[i]
        if caption is None and other[i] is not None and other[i][0] not in taken:
            caption = other[i]
        gap = body[tables[i - 1].end:t.start] if i and t.start - tables[i - 1].end < 500 else "words"
        if caption is None and out and out[-1].caption and not _MARKUP.sub("", gap).strip():
            out.append(replace(t, caption=out[-1].caption))   # a table right under another: its second part
            continue
        out.append(replace(t, caption=caption[1] if caption else None))
    # a table with no "Table N" caption drawn as a figure: the "Figure N:" paragraph right
    # below it is its caption (captions of figures are below them)
    out = [replace(t, caption=_figure_caption(body, t, tables[i + 1].start if i + 1 < len(tables) else len(body)))
           if t.caption is None else t for i, t in enumerate(out)]
    # captions below (the paper's, or a figure's): a table right above another is its first
    # part ("(a) ... (b) ... Table 1.")
    for i in range(len(out) - 2, -1, -1):
        gap = body[out[i].end:out[i + 1].start] if out[i + 1].start - out[i].end < 500 else "words"
        below = out[i + 1].caption
        if (out[i].caption is None and below and (below_first or FIGURE_LABEL.match(below))
                and not _MARKUP.sub("", gap).strip()):
            out[i] = replace(out[i], caption=below)
    return out


_PARAGRAPH = regex.compile(r"\n[ \t]*\n")


def _own_caption(table: Table) -> Optional[str]:
    """The "Table N ..." a converter wrote into the table's first cell, else None."""
    first = table.rows[0][0] if table.rows and table.rows[0] else None
    return first.plain if first is not None and TABLE_LABEL.match(first.plain) else None


def _is_caption_table(table: Table) -> bool:
    """A "table" that is a caption: "Table N ..." in its first cell, no figure in any other."""
    return _own_caption(table) is not None and not any(
        c is not None and c is not table.rows[0][0] and _NUMBER.search(c.plain) for row in table.rows for c in row)


def _figure_caption(body: str, table: Table, following: int) -> Optional[str]:
    """The "Figure N: ..." paragraph right below ``table`` (no other paragraph, no image
    between), as plain text, else None."""
    below = _paragraphs(body, table.end, min(table.end + 3000, following))[:1]
    if not below:
        return None
    plain = _MARKUP.sub("", below[0][1].strip())
    label = FIGURE_LABEL.match(plain)
    if label and not _PROSE_AFTER_LABEL.match(plain, label.end()):
        return " ".join(_MARKUP.sub(" ", below[0][1]).split())
    return None


def _paragraphs(body: str, start: int, end: int) -> list[tuple[int, str]]:
    """The non-blank paragraphs of body[start:end], with their offsets."""
    out, at = [], start
    for m in _PARAGRAPH.finditer(body, start, end):
        if body[at:m.start()].strip():
            out.append((at, body[at:m.start()]))
        at = m.end()
    if body[at:end].strip():
        out.append((at, body[at:end]))
    return out


def _caption_paragraph(paragraphs: list[tuple[int, str]]) -> Optional[tuple[int, str]]:
    """The first of ``paragraphs`` that opens with "Table N", as (offset, plain text);
    not prose about a table ("Table 5 reports the numerical results ...")."""
    for at, para in paragraphs:
        plain = _MARKUP.sub("", para.strip())
        label = TABLE_LABEL.match(plain)
        if label and not _PROSE_AFTER_LABEL.match(plain, label.end()):
            return at, " ".join(_MARKUP.sub(" ", para).split())
    return None
