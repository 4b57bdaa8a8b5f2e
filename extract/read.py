"""Readers for every input format of docs/SPEC.md section 1, yielding ``Doc`` lazily.

Every reader streams: text formats are read line by line as bytes (decoded
one line at a time, so one bad line costs one record, not the file), Parquet
by record batches, DataFrames by rows. Nothing holds a whole file in memory.

Two kinds of failure:

* ``RecordError``: one record is malformed (bad JSON, missing title, wrong
  type, undecodable bytes, short CSV row, ...). By default it is handed to
  ``on_error`` (or logged when no callback is given) and the record skipped;
  with ``strict=True`` it is raised.
* ``InputError``: the file as a whole cannot be read (missing, a directory,
  unknown extension, no title/text column, a broken gzip stream in strict
  mode).
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import gzip
import hashlib
import io
import json
import logging
import math
import os
import re
import sys
import tarfile
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .model import Doc

log = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]

# -- data -------------------------------------------------------------------

# Field aliases, in order of preference (docs/SPEC.md section 1).
TITLE_FIELDS = ("title",)
TEXT_FIELDS = ("abstract", "summary", "text")
ID_FIELDS = ("doc_id", "id", "arxiv_id", "paper_id")

# Whole lines of scraped page chrome in the papers page text format. Matched
# against the full line (``fullmatch``), so an abstract mentioning these words
# is never dropped.
PAGE_CHROME = [re.compile(p) for p in (
    r"Get trending papers in your email inbox( once a day)?!?",
    r"Subscribe",
    r"Daily Papers",
    r"Trending Papers",
)]
# The "Subscribe" button text that the scrape glues to the first title.
PAGE_TITLE_PREFIXES = ("Subscribe",)

SLUG_MAX = 60
# Longest title accepted: every claim row carries its title, so output size
# stays linear in input size only if titles are bounded (real ones are < 500).
TITLE_MAX = 2000
CSV_FIELD_LIMIT = 2**31 - 1  # abstracts can exceed csv's 128 KiB default


# -- errors -------------------------------------------------------------------

class InputError(Exception):
    """A whole input file cannot be read; the message names the file."""


class GoldError(ValueError):
    """A gold file is malformed; the message names file and line. (Here, not
    in evaluate, so that the command line can catch it without importing
    pandas.)"""


class RecordError(Exception):
    """One malformed record: ``str(err) == f"{path}:{line}: {problem}"``."""

    def __init__(self, path: str, line: int, problem: str):
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem

    def __reduce__(self):
        # crosses process boundaries (worker -> parent): rebuild from the fields,
        # not from ``args`` (which hold only the message)
        return type(self), (self.path, self.line, self.problem)


class _BadRecord(Exception):
    """Internal: raised by record builders, turned into a RecordError."""


OnError = Callable[[RecordError], Any]


class _Reporter:
    """Routes record problems: raise (strict), callback, or log."""

    def __init__(self, path: str, strict: bool, on_error: Optional[OnError]):
        self.path, self.strict, self.on_error = path, strict, on_error

    def record(self, line: int, problem: str) -> None:
        err = RecordError(self.path, line, problem)
        if self.strict:
            raise err
        if self.on_error is not None:
            self.on_error(err)
        else:
            log.warning("skipped record: %s", err)

    def broken_stream(self, line: int, problem: str) -> None:
        """The file stops being readable at ``line``: fatal only in strict mode."""
        if self.strict:
            raise InputError(f"{self.path}:{line}: {problem}")
        self.record(line, problem)


# -- read position --------------------------------------------------------------

class ReadPosition:
    """How far a reader has got through its input file, for a progress ETA.

    ``fraction()`` is the share of the file read so far, 0.0 to 1.0: of its
    bytes (the compressed bytes of a .gz file; 1.0 once the reader has closed
    it), or of its rows for Parquet; None while nothing is known (file not
    opened yet, empty, or not a regular file). Sampling costs one ``lseek``,
    no reading: call it once per batch, not per document. It may be called
    from another thread than the reader's (``multiprocessing.Pool.imap``
    reads the input in a thread of its own).
    """

    def __init__(self) -> None:
        self.total = 0     # bytes in the file, or rows for Parquet
        self.read = 0      # Parquet: rows read so far (a byte file asks its OS file)
        self._os_file: Optional[io.FileIO] = None

    def _follow(self, fh) -> None:
        """Measure through the OS file under ``open(p, "rb")`` or
        ``gzip.open(p, "rb")``: its offset counts (compressed) bytes read,
        ahead of the decoded lines by one buffer at most. Asking it rather than
        the buffered object leaves the reader's buffers alone."""
        buffered = fh.fileobj if isinstance(fh, gzip.GzipFile) else fh
        self._os_file = buffered.raw
        self.total = os.fstat(self._os_file.fileno()).st_size

    def fraction(self) -> Optional[float]:
        if not self.total:
            return None
        if self._os_file is not None:
            try:
                self.read = self._os_file.tell()
            except (OSError, ValueError):   # closed: the reader has finished
                self.read = self.total
        return min(self.read / self.total, 1.0)


# -- ids ----------------------------------------------------------------------

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def slugify(title: str, max_len: int = SLUG_MAX) -> str:
    """SPEC slug: lowercase; runs outside [a-z0-9] -> '-'; strip '-'; cut to
    at most ``max_len`` characters at a '-' boundary (a hard cut only when the
    first word alone is longer)."""
    slug = _NON_SLUG.sub("-", title.lower()).strip("-")
    if len(slug) <= max_len:
        return slug
    if slug[max_len] == "-":
        return slug[:max_len]
    cut = slug.rfind("-", 0, max_len)
    return slug[:cut] if cut > 0 else slug[:max_len]


def _fallback_id(title: str) -> str:
    """doc_id for a title with no [a-z0-9] at all (e.g. all CJK): the slug
    would be empty, so use a short stable hash instead."""
    return slugify(title) or "doc-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]


# -- shared record builder ------------------------------------------------------

def _missing(value: Any) -> bool:
    # None, float NaN and pandas.NA (whose ``!=`` is not a plain bool)
    if value is None or (isinstance(value, float) and value != value):
        return True
    return type(value).__name__ == "NAType"


def _first_present(rec: dict, names: Iterable[str]) -> tuple[Optional[str], Any]:
    """The first alias holding a value (not null, not an empty string)."""
    for name in names:
        value = rec.get(name)
        if not _missing(value) and value != "":
            return name, value
    return None, None


def _type_name(value: Any) -> str:
    return {dict: "object", list: "array", bool: "boolean"}.get(type(value), type(value).__name__)


def _is_empty_string(value: Any) -> bool:
    return isinstance(value, str) and value == ""   # never ``==`` on pd.NA


def _check_text(name: str, value: str) -> None:
    """Text must be valid Unicode (no lone surrogates, e.g. from a JSON
    ``"\\ud800"`` escape): it could not be written out as UTF-8."""
    if not value.isascii():
        bad = _LONE_SURROGATE.search(value)
        if bad is not None:
            raise _BadRecord(f"{name} holds a lone surrogate (\\u{ord(bad.group()):04x} at character "
                             f"{bad.start() + 1}): not valid Unicode")


def _id_text(key: str, value: Any) -> str:
    """The input's own id as text: ``2301`` for an integral float (a numeric
    column with nulls is float in pandas and Parquet), never ``2301.0``."""
    if isinstance(value, (bool, dict, list)):
        raise _BadRecord(f"{key} must be a string or number, got {_type_name(value)}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _BadRecord(f"{key} must be a finite number, got {value}")
        if value.is_integer():
            return str(int(value))
    return str(value)


def _make_doc(rec: dict, source: str, line: int, require_text: bool) -> Doc:
    """Build a Doc from a mapping with SPEC field aliases; raise _BadRecord.

    ``require_text``: a JSON record must carry a text field (a table only
    needs the column, checked once per file; a null cell is an empty abstract).
    """
    title_key, title = _first_present(rec, TITLE_FIELDS)
    if title_key is None:
        raise _BadRecord("empty title" if any(_is_empty_string(rec.get(k)) for k in TITLE_FIELDS)
                         else "missing title")
    if not isinstance(title, str):
        raise _BadRecord(f"title must be a string, got {_type_name(title)}")
    if not title.strip():
        raise _BadRecord("empty title")
    if len(title) > TITLE_MAX:
        # every claim row carries its title: a text this long is no title
        raise _BadRecord(f"title is {len(title):,} characters long (at most {TITLE_MAX:,}); "
                         "is a text field in the title column?")
    _check_text("title", title)

    text_key, text = _first_present(rec, TEXT_FIELDS)
    if text_key is None:
        if require_text and not any(k in rec for k in TEXT_FIELDS):
            raise _BadRecord("missing text (one of: " + ", ".join(TEXT_FIELDS) + ")")
        text = ""
    elif not isinstance(text, str):
        raise _BadRecord(f"{text_key} must be a string, got {_type_name(text)}")
    else:
        _check_text(text_key, text)

    id_key, doc_id = _first_present(rec, ID_FIELDS)
    if id_key is not None:
        doc_id = _id_text(id_key, doc_id)
    derived = not doc_id   # absent or "" (an empty CSV cell)
    if derived:
        doc_id = _fallback_id(title)

    used = (title_key, text_key, id_key)
    extra = {k: v for k, v in rec.items() if k not in used}
    return Doc(doc_id=doc_id, title=title, abstract=text, source=source, line=line, extra=extra,
               derived_id=derived)


def _fulltext_doc(rec: dict, source: str, line: int) -> Doc:
    """A unarXive / S2ORC record (``body_text`` paragraphs): a full-text paper."""
    from .fulltext.s2orc import s2orc_document
    meta = rec.get("metadata") if isinstance(rec.get("metadata"), dict) else {}
    id_key, doc_id = _first_present({**meta, **rec}, ("paper_id", *ID_FIELDS))
    doc = s2orc_document(rec, _id_text(id_key, doc_id) if id_key else "", source, line)
    if not doc.passages and not doc.tables:
        raise _BadRecord("full-text record with no text to read (body_text holds no paragraph)")
    if not doc.doc_id:
        return dataclasses.replace(doc, doc_id=_fallback_id(doc.title), derived_id=True)
    return doc


def _unique_ids(docs: Iterator[Doc], rep: "_Reporter") -> Iterator[Doc]:
    """Every doc_id once per input (claim ids and joins rely on it). The
    input's own id is kept exactly, so a repeated one is a bad record. An id
    made from the title is ours: a clash (titles equal in their first 60
    characters) gets a short hash of the title and text appended, and only
    a document identical to an earlier one is a bad record.

    Only the ids' hashes are kept (8 bytes each, not the strings): 2.7M
    documents cost about 150 MB here."""
    seen: set[int] = set()
    for doc in docs:
        key = hash(doc.doc_id)
        if doc.derived_id:
            digest = hashlib.sha1(f"{doc.title}\n{doc.abstract}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
            alt = f"{doc.doc_id}-{digest}"
            alt_key = hash(alt)
            if alt_key in seen:
                rep.record(doc.line, "duplicate document (same title and text as an earlier record)")
                continue
            seen.add(alt_key)   # so that a later identical document is caught
            if key in seen:
                doc = dataclasses.replace(doc, doc_id=alt)
                key = alt_key
        elif key in seen:
            rep.record(doc.line, f"duplicate doc_id {doc.doc_id!r} (an earlier record has it)")
            continue
        seen.add(key)
        yield doc


# -- a link back to the paper ----------------------------------------------------------

URL_FIELDS = ("url", "link", "abs_url", "pdf_url", "paper_url")
DATE_FIELDS = ("date", "published", "publication_date", "update_date", "created", "year")
EXTRA_MAX = 300   # a pass-through value longer than this (author lists, full texts) is left out
_ARXIV_ID = re.compile(r"(?:arxiv:)?((?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)", re.I)
_ACL_ID = re.compile(r"acl:([A-Za-z0-9][\w.-]*)")


def doc_link(doc: Doc) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(url, date, input_extra) of a document: its own url field, else the
    page its id names (arXiv, ACL Anthology, a DOI); its date as the input
    gives it; its other scalar fields as a JSON object (sorted keys)."""
    extra = doc.extra
    url = next((v for k in URL_FIELDS if isinstance(v := extra.get(k), str) and v.startswith("http")), None)
    if url is None:
        if (m := _ARXIV_ID.fullmatch(doc.doc_id)) is not None:
            url = f"https://arxiv.org/abs/{m.group(1)}"
        elif (m := _ACL_ID.fullmatch(doc.doc_id)) is not None:
            url = f"https://aclanthology.org/{m.group(1)}/"
        elif isinstance(doi := extra.get("doi"), str) and doi.startswith("10."):
            url = f"https://doi.org/{doi}"
    date = next((str(v) for k in DATE_FIELDS if (v := extra.get(k)) not in (None, "")
                 and isinstance(v, (str, int)) and not isinstance(v, bool)), None)
    kept = {k: v for k, v in extra.items()
            if isinstance(k, str) and (v is None or isinstance(v, (bool, int, str))
                                       or (isinstance(v, float) and math.isfinite(v)))
            and not (isinstance(v, str) and len(v) > EXTRA_MAX)}
    # a lone surrogate (an undecodable byte of the input, kept by surrogateescape)
    # cannot be stored as UTF-8: such a field, or a url or date, is left out
    kept = {k: v for k, v in kept.items() if not _missing(v) and not _LONE_SURROGATE.search(k)
            and not (isinstance(v, str) and _LONE_SURROGATE.search(v))}
    url = None if url is not None and _LONE_SURROGATE.search(url) else url
    date = None if date is not None and _LONE_SURROGATE.search(date) else date
    return url, date, (json.dumps(kept, ensure_ascii=False, sort_keys=True) if kept else None)


def text_document(text: Any, title: Any = "", doc_id: Any = "text") -> Doc:
    """A Doc for a piece of text from the Python API, checked as a record is:
    ``TypeError`` for a non-string, ``ValueError`` for invalid Unicode."""
    for name, value in (("text", text), ("title", title), ("doc_id", doc_id)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    try:
        _check_text("title", title)
        _check_text("text", text)
    except _BadRecord as exc:
        raise ValueError(str(exc)) from None
    return Doc(doc_id=doc_id, title=title, abstract=text, source="<text>", line=1)


# -- line-oriented byte input (plain or gzip) ----------------------------------------

# Errors a decompressor raises when the stream is cut short or corrupt.
_STREAM_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


_GZIP_MAGIC = b"\x1f\x8b"


STDIN = "-"


def _open_bytes(path: Path, compression: Optional[str], pos: ReadPosition):
    if str(path) == STDIN:   # standard input, streamed (its size is unknown: no time left)
        raw = sys.stdin.buffer
        return gzip.GzipFile(fileobj=raw, mode="rb") if compression == "gzip" else raw
    try:
        fh = gzip.open(path, "rb") if compression == "gzip" else open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from None
    pos._follow(fh)
    if compression == "gzip":
        magic = fh.fileobj.peek(2)[:2] if hasattr(fh.fileobj, "peek") else _GZIP_MAGIC
        if magic and magic != _GZIP_MAGIC:
            fh.close()
            raise InputError(f"{path}: not a gzip file (it ends in .gz but does not start "
                             "with the gzip signature)")
    return fh


def _byte_lines(path: Path, compression: Optional[str], rep: _Reporter,
                pos: ReadPosition) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, raw line without its terminator). A broken gzip
    stream is reported at the line where it broke, and reading stops there."""
    line_no = 0
    with _open_bytes(path, compression, pos) as fh:
        it = iter(fh)
        while True:
            try:
                raw = next(it)
            except StopIteration:
                return
            except _STREAM_ERRORS as exc:
                rep.broken_stream(line_no + 1, f"compressed stream broken ({exc})")
                return
            line_no += 1
            if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            yield line_no, _chomp(raw)


def _chomp(raw: bytes) -> bytes:
    """Drop exactly one line terminator (\n or \r\n); other whitespace is text."""
    if raw.endswith(b"\n"):
        raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
    return raw


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        raise _BadRecord(f"invalid UTF-8 (byte 0x{bad} at column {exc.start + 1})") from None


# -- formats ------------------------------------------------------------------------

def _read_jsonl(path: Path, compression: Optional[str], rep: _Reporter,
                pos: ReadPosition) -> Iterator[Doc]:
    source = rep.path
    first = True
    for line_no, raw in _byte_lines(path, compression, rep, pos):
        if not raw.strip():
            continue  # blank lines separate nothing; skip quietly
        if first and (raw.lstrip().startswith(b"[") or raw.strip() == b"{"):
            # a JSON array or a pretty-printed object would give one error per
            # line and an empty run: the file as a whole is not JSON Lines
            kind = "a JSON array" if raw.lstrip().startswith(b"[") else "a pretty-printed JSON object"
            raise InputError(f"{source}:{line_no}: {kind}, expected JSON Lines "
                             "(one object per line)")
        first = False
        try:
            rec = json.loads(_decode(raw))
            if not isinstance(rec, dict):
                raise _BadRecord(f"expected a JSON object, got {_type_name(rec)}")
            # a unarXive / S2ORC record: body_text paragraphs (fulltext/s2orc.py)
            doc = _fulltext_doc(rec, source, line_no) if isinstance(rec.get("body_text"), list) else \
                _make_doc(rec, source, line_no, require_text=True)
        except json.JSONDecodeError as exc:
            rep.record(line_no, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            rep.record(line_no, "invalid JSON (nested too deeply)")
            continue
        except _BadRecord as exc:
            rep.record(line_no, str(exc))
            continue
        yield doc


def _is_chrome(line: str) -> bool:
    return any(p.fullmatch(line) for p in PAGE_CHROME)


def _strip_title_prefix(title: str) -> str:
    for prefix in PAGE_TITLE_PREFIXES:
        if title.startswith(prefix) and len(title) > len(prefix):
            return title[len(prefix):]
    return title


# An abstract has two sentence ends or is long; a title has neither. Used to
# notice a papers page whose title/abstract alternation slipped.
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z(]")
_ABSTRACT_MIN = 600


def _abstract_like(text: Optional[str]) -> bool:
    return text is not None and (len(text) >= _ABSTRACT_MIN or len(_SENTENCE_END.findall(text, 0, 2000)) >= 2)


def _page_lines(path: Path, compression: Optional[str], rep: _Reporter,
                pos: ReadPosition) -> Iterator[tuple[int, Optional[str], Optional[str]]]:
    """(line, text or None, decoding problem) of the content lines: chrome and
    blank lines skipped; the glued "Subscribe" prefix cut off the first."""
    first = True
    for line_no, raw in _byte_lines(path, compression, rep, pos):
        try:
            text, problem = _decode(raw), None
        except _BadRecord as exc:
            text, problem = None, str(exc)
        if text is not None and (not text.strip() or _is_chrome(text)):
            continue
        if text is not None and first:
            text = _strip_title_prefix(text)
        first = False
        yield line_no, text, problem


def _read_page(path: Path, compression: Optional[str], rep: _Reporter,
               pos: ReadPosition) -> Iterator[Doc]:
    """Scraped listing page: chrome lines, then title line / abstract line pairs.

    Chrome and blank lines are skipped wherever they stand. A line that cannot
    be decoded still takes its place in the title/abstract alternation, so
    one bad line spoils only its own pair. A missing line would shift every
    later pair, so the alternation is checked against the look of the lines:
    where an abstract is due but a title-like line is followed by an
    abstract-like one, the title before had no abstract (reported, and the
    pairing resumes); where a title is due but an abstract-like line is
    followed by a title-like one, that abstract had no title.
    """
    source = rep.path
    lines = _page_lines(path, compression, rep, pos)
    cur = next(lines, None)
    title = None   # (line, text, problem) of the title awaiting its abstract
    while cur is not None:
        nxt = next(lines, None)
        if title is None:
            if _abstract_like(cur[1]) and nxt is not None and nxt[1] is not None and not _abstract_like(nxt[1]):
                rep.record(cur[0], "abstract line without a title line (the next line looks like a title)")
            else:
                title = cur
        elif cur[1] is not None and not _abstract_like(cur[1]) and _abstract_like(nxt[1] if nxt else None):
            rep.record(title[0], "title line without an abstract line (the next line looks like a title)")
            title = cur
        else:
            (title_line, title_text, title_problem), title = title, None
            if title_problem or cur[2]:
                rep.record(title_line if title_problem else cur[0], title_problem or cur[2])
            else:
                try:
                    yield _make_doc({"title": title_text, "abstract": cur[1]}, source, title_line,
                                    require_text=True)
                except _BadRecord as exc:
                    rep.record(title_line, str(exc))
        cur = nxt
    if title is not None:
        rep.record(title[0], title[2] or "title line without an abstract line")


def _text_lines(path: Path, compression: Optional[str], pos: ReadPosition) -> Iterator[str]:
    """Text lines for the csv module. Undecodable bytes become lone surrogates
    (surrogateescape) so the row holding them can be reported and skipped."""
    with _open_bytes(path, compression, pos) as fh:
        for raw in fh:
            yield raw.decode("utf-8", "surrogateescape")


_SURROGATE = re.compile("[\udc80-\udcff]")


def _check_columns(source: str, columns: Iterable[str]) -> None:
    columns = list(columns)
    for kind, names in (("title", TITLE_FIELDS), ("text", TEXT_FIELDS)):
        if not any(n in columns for n in names):
            raise InputError(
                f"{source}: no {kind} column (expected one of: {', '.join(names)}; "
                f"found: {', '.join(map(str, columns)) or 'none'})")


def _read_csv(path: Path, compression: Optional[str], rep: _Reporter,
              pos: ReadPosition) -> Iterator[Doc]:
    """CSV with a header row, streamed by the csv module (exact physical line
    numbers even with quoted multi-line abstracts; per-row error handling).
    Cells are strings; an empty id cell falls back to the title slug."""
    source = rep.path
    csv.field_size_limit(CSV_FIELD_LIMIT)
    lines = _text_lines(path, compression, pos)
    reader = csv.reader(lines)
    prev_end = 0  # physical line on which the previous record ended
    header: Optional[list[str]] = None
    try:
        for row in reader:
            start, prev_end = prev_end + 1, reader.line_num
            if not row:
                continue  # blank line
            if header is None:
                header = [h.lstrip("\ufeff") if i == 0 else h for i, h in enumerate(row)]
                _check_columns(source, header)
                continue
            if len(row) != len(header):
                rep.record(start, f"expected {len(header)} columns, got {len(row)}")
                continue
            bad = next((c for c in row if _SURROGATE.search(c)), None)
            if bad is not None:
                col = _SURROGATE.search(bad).start()
                rep.record(start, f"invalid UTF-8 in column {header[row.index(bad)]!r} "
                                  f"(at character {col + 1})")
                continue
            try:
                yield _make_doc(dict(zip(header, row)), source, start, require_text=False)
            except _BadRecord as exc:
                rep.record(start, str(exc))
    except _STREAM_ERRORS as exc:
        rep.broken_stream(prev_end + 1, f"compressed stream broken ({exc})")
    except csv.Error as exc:  # e.g. NUL byte or unterminated quote at EOF
        rep.broken_stream(prev_end + 1, f"unreadable CSV ({exc})")
    finally:
        lines.close()


def _read_parquet(path: Path, compression: Optional[str], rep: _Reporter,
                  pos: ReadPosition, batch_size: int = 8192) -> Iterator[Doc]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = rep.path
    if compression:
        raise InputError(f"{source}: Parquet cannot be read through an extra compression layer")
    if path.stat().st_size == 0:
        return
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{source}: not a readable Parquet file ({exc})") from None
    with pf:
        _check_columns(source, pf.schema_arrow.names)
        pos.total = pf.metadata.num_rows
        row = 0
        for batch in pf.iter_batches(batch_size=batch_size):
            pos.read += batch.num_rows
            cols = batch.to_pydict()
            names = list(cols)
            for values in zip(*cols.values()):
                row += 1
                try:
                    yield _make_doc(dict(zip(names, values)), source, row, require_text=False)
                except _BadRecord as exc:
                    rep.record(row, str(exc))


# Format dispatch: extension -> reader(path, compression, reporter, position).
FULLTEXT_WARNING = ("%s: full-text reading is newer than abstract reading: F1 0.62 on the sealed half of a blind "
                    "full-text gold, against 0.85 for abstracts (README, \"Full-text papers\")")

def _read_markdown(path: Path, compression: Optional[str], rep: _Reporter,
                   pos: ReadPosition) -> Iterator[Doc]:
    """Full-text papers in Markdown: one file, or every .md file under a folder."""
    from .fulltext.markdown import read_markdown
    log.warning(FULLTEXT_WARNING, path)
    for doc in read_markdown(path):   # .md.gz too: read whole, as a paper is
        if not doc.passages:
            # the message names the file, not the folder
            _Reporter(doc.source, rep.strict, rep.on_error).record(1, "no text to read (no paragraph outside "
                                                                     "references and acknowledgments)")
            continue
        yield doc


def _read_latex(path: Path, compression: Optional[str], rep: _Reporter,
                pos: ReadPosition) -> Iterator[Doc]:
    """Full-text papers as LaTeX sources: a .tex file, an arXiv .tar.gz, or a
    folder of them. In a folder, a broken archive is reported and skipped."""
    from .fulltext.latex import latex_document, papers_in
    log.warning(FULLTEXT_WARNING, path)
    for paper in papers_in(path) if path.is_dir() else [path]:
        report = _Reporter(str(paper), rep.strict, rep.on_error)
        try:
            doc = latex_document(paper)
        except (tarfile.TarError, EOFError, OSError) as exc:
            problem = f"not a readable LaTeX source ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"
            if not path.is_dir():
                raise InputError(f"{path}: {problem}") from exc
            report.record(1, problem)
            continue
        if not doc.passages and not doc.tables:
            report.record(1, "no text to read (no .tex file with a \\documentclass, or nothing outside references)")
            continue
        yield doc


READERS: dict[str, Callable[..., Iterator[Doc]]] = {
    ".tex": _read_latex,
    ".tar": _read_latex,   # .tar.gz: the archive reader opens the gzip layer itself
    ".tgz": _read_latex,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".txt": _read_page,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".json": _read_jsonl,  # JSON Lines under a .json name
    ".csv": _read_csv,
    ".parquet": _read_parquet,
    ".pq": _read_parquet,
}
# Compression layers, recognised by a trailing extension.
COMPRESSIONS = {".gz": "gzip"}


def _resolve_format(path: Path) -> tuple[Callable[..., Iterator[Doc]], Optional[str]]:
    suffixes = [s.lower() for s in path.suffixes]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    reader = READERS.get(suffixes[-1]) if suffixes else None
    if suffixes and suffixes[-1] == ".pdf":
        raise InputError(f"{path}: a PDF is not read; convert it to Markdown first (marker, MinerU, docling "
                         "or Nougat) and pass the .md file or a folder of them")
    if reader is None:
        known = ", ".join(sorted(READERS)) + " (optionally + " + ", ".join(COMPRESSIONS) + ")"
        raise InputError(f"{path}: unknown input format {''.join(path.suffixes) or '(no extension)'!r}; "
                         f"expected one of {known}")
    return reader, compression


# -- public API -------------------------------------------------------------------

FORMATS = ("txt", "jsonl", "csv", "parquet")


def read_documents(path: PathLike, *, strict: bool = False,
                   on_error: Optional[OnError] = None,
                   position: Optional[ReadPosition] = None,
                   fmt: Optional[str] = None) -> Iterator[Doc]:
    """Yield the documents of one input file, lazily.

    The path and format are checked at once (``InputError``); the file is
    opened on first iteration. Malformed records go to ``on_error`` (or the
    log) and are skipped, unless ``strict`` is set, which raises the first one.
    Pass a ``ReadPosition`` to follow how far through the file reading is.

    ``path`` ``"-"`` reads standard input (named ``<stdin>`` in messages),
    which needs ``fmt``: ``jsonl``, ``csv``, ``txt`` or ``parquet``, each
    optionally ``.gz``. ``fmt`` also overrides a file's extension.
    """
    stdin = str(path) == STDIN
    p = Path(path)
    if not stdin:
        if p.is_dir():
            from .fulltext.latex import papers_in
            from .fulltext.markdown import holds_papers
            rep = _Reporter(str(p), strict, on_error)
            if fmt is None and holds_papers(p):   # a folder of full-text papers
                return _unique_ids(_read_markdown(p, None, rep, position or ReadPosition()), rep)
            if fmt is None and papers_in(p):      # a LaTeX paper, or a folder of them
                return _unique_ids(_read_latex(p, None, rep, position or ReadPosition()), rep)
            raise InputError(f"{p}: is a directory, expected a file (or a folder of .md papers or LaTeX sources)")
        if not p.exists():
            raise InputError(f"{p}: no such file")
    elif fmt is None:
        raise InputError("<stdin>: reading standard input needs --format (one of: "
                         + ", ".join(FORMATS) + ", optionally + .gz)")
    reader, compression = _resolve_format(Path(f"input.{fmt.lstrip('.')}") if fmt else p)
    rep = _Reporter("<stdin>" if stdin else str(p), strict, on_error)
    if stdin and reader is _read_parquet:
        return _unique_ids(_parquet_from_stdin(rep, position or ReadPosition()), rep)
    return _unique_ids(reader(p, compression, rep, position or ReadPosition()), rep)


def _parquet_from_stdin(rep: _Reporter, pos: ReadPosition) -> Iterator[Doc]:
    """Parquet needs to seek (its footer is at the end): stdin is copied to a
    temp file first, then read from there."""
    import shutil
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".parquet") as tmp:
        shutil.copyfileobj(sys.stdin.buffer, tmp, 1 << 20)
        tmp.flush()
        yield from _read_parquet(Path(tmp.name), None, rep, pos)


def read_dataframe(df, *, source: str = "<dataframe>", strict: bool = False,
                   on_error: Optional[OnError] = None) -> Iterator[Doc]:
    """Yield Docs from a pandas DataFrame with the SPEC column aliases.

    ``line`` is the row position + 1. Missing values (None/NaN/NA) count as
    absent; a null abstract is an empty one.
    """
    _check_columns(source, df.columns)
    rep = _Reporter(source, strict, on_error)
    return _unique_ids(_iter_dataframe(df, source, rep), rep)


def _iter_dataframe(df, source: str, rep: _Reporter) -> Iterator[Doc]:
    names = [str(c) for c in df.columns]
    for pos, values in enumerate(df.itertuples(index=False, name=None), start=1):
        try:
            yield _make_doc(dict(zip(names, values)), source, pos, require_text=False)
        except _BadRecord as exc:
            rep.record(pos, str(exc))


__all__ = [
    "InputError", "RecordError", "ReadPosition", "read_documents", "read_dataframe", "slugify",
    "READERS", "PAGE_CHROME", "TITLE_FIELDS", "TEXT_FIELDS", "ID_FIELDS",
]
