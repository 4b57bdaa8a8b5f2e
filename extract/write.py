"""Atomic, deterministic output: every file of a run appears together, or none.

``OutputSet`` is the one writer every output goes through (claims, tables,
report, evaluation JSON). Each file is written to a hidden temp file in its
final directory (``.<name>.<random>.tmp``) and fsynced; on a clean exit all
of them are renamed into place as a set; on any exception, KeyboardInterrupt
and SIGTERM included, the temps are deleted and earlier outputs stay as
they were.

Renames are atomic one file at a time only, so a set is published through
a journal: ``.perfclaims-publish.<random>.json`` lists the renames and is
made durable first; SIGINT and SIGTERM are held back while the renames run
(so Ctrl-C cannot split a set), and a crash in between (power loss,
SIGKILL) is rolled forward by the next writer into that folder. Every temp
and journal is held under an ``flock`` by its writer, so a later run tells
the leftovers of a dead one (removed) from the files of a concurrent one
(left alone).

Determinism: no timestamps are written; the Parquet footer's ``created_by``
is fixed per pyarrow version, so the same table gives byte-identical files.
CSV cells that a spreadsheet would run as a formula are neutralised (see
``csv_safe``); Parquet keeps the exact text.
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from collections import Counter
from typing import Callable, Iterable, Mapping, Optional, Union

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from .model import Claim
from .schema import claims_schema, claims_table, conform_claims_table

PathLike = Union[str, "os.PathLike[str]"]

# Parquet writer options; every one is deterministic.
PARQUET_OPTIONS = dict(compression="zstd", write_statistics=True, use_dictionary=True)
# Rows per Parquet row group when a single large batch is written.
ROW_GROUP_SIZE = 128 * 1024
FORMATS = ("parquet", "csv")
JOURNAL_PREFIX = ".perfclaims-publish."
_TEMP_SUFFIX = ".tmp"
# a temp's name while it is created and locked (microseconds); a writer killed
# in between leaves one, removed by the next run once it is this old (seconds)
_CLAIM_SUFFIX = ".claim"
CLAIM_MAX_AGE = 60.0


class OutputError(Exception):
    """An output cannot be written where asked (it would overwrite the
    input, or the place is not a writable folder); the message says which."""


# -- small file-system helpers ---------------------------------------------------

def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lock_fd(path: Path, flags: int) -> Optional[int]:
    """An fd on ``path`` holding an exclusive flock, or None if another
    process holds it (or the file vanished)."""
    try:
        fd = os.open(path, flags, 0o666)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _reserve(path: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    """Create ``<dir>/<prefix><random><suffix>`` (mode 0666 minus umask, so a
    published file gets normal permissions), locked. It is made under a claim
    name that ``recover`` leaves alone while young, locked, then renamed: a
    concurrent run's recovery never sees the temp unlocked and takes it for a
    dead writer's (the lock is the inode's and moves with it)."""
    while True:
        token = secrets.token_hex(4)
        claim = path.parent / f"{prefix}{token}{_CLAIM_SUFFIX}"
        tmp = path.parent / f"{prefix}{token}{suffix}"
        try:
            fd = os.open(claim, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)   # new and ours: cannot be held
        if os.path.lexists(tmp):   # the token is another file's
            os.close(fd)
            claim.unlink(missing_ok=True)
            continue
        os.rename(claim, tmp)
        return tmp, fd


def _is_ours(name: str, suffix: str) -> bool:
    # ".<name>.<8 hex><suffix>"
    if not (name.startswith(".") and name.endswith(suffix)):
        return False
    stem = name[: -len(suffix)]
    token = stem.rsplit(".", 1)[-1]
    return len(token) == 8 and all(c in "0123456789abcdef" for c in token)


def _is_our_temp(name: str) -> bool:
    return _is_ours(name, _TEMP_SUFFIX)


def recover(directory: Path) -> None:
    """Finish what a dead writer left in ``directory``: a publish journal
    nobody holds is rolled forward (its remaining renames done), then temps
    nobody holds are deleted. Files of live writers are locked and left alone."""
    try:
        names = sorted(os.listdir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        if name.startswith(JOURNAL_PREFIX) and name.endswith(".json"):
            journal = directory / name
            fd = _lock_fd(journal, os.O_RDONLY)
            if fd is None:
                continue
            try:
                try:
                    renames = json.loads(journal.read_text(encoding="utf-8"))["renames"]
                except (ValueError, KeyError, TypeError):
                    renames = []   # torn before it was durable: its renames never began
                for tmp, final in renames:
                    if os.path.exists(tmp):
                        os.replace(tmp, final)
                journal.unlink(missing_ok=True)
                _fsync_path(directory, directory=True)
            finally:
                os.close(fd)
    for name in names:
        if _is_our_temp(name) or (_is_ours(name, _CLAIM_SUFFIX) and _older_than(directory / name, CLAIM_MAX_AGE)):
            fd = _lock_fd(directory / name, os.O_RDONLY)
            if fd is not None:
                try:
                    (directory / name).unlink(missing_ok=True)
                finally:
                    os.close(fd)


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except FileNotFoundError:
        return False


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block ends (then act as usual)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# -- CSV safety ------------------------------------------------------------------

# A spreadsheet runs a cell starting with one of these as a formula (OWASP
# "CSV injection"); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = "^[" + "".join("\\" + c if c in "-\\]^" else c for c in FORMULA_STARTS) + "]"


def csv_safe(table: pa.Table) -> pa.Table:
    """``table`` with every string cell that starts like a formula prefixed
    with ``'``. Only text columns are touched (numbers stay numbers)."""
    import pyarrow.compute as pc   # here: its import is a tenth of the start-up
    columns = []
    changed = False
    for field, column in zip(table.schema, table.columns):
        value_type = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if not pa.types.is_string(value_type) or column.null_count == len(column):
            columns.append(column)
            continue
        plain = column.cast(pa.string()) if pa.types.is_dictionary(field.type) else column
        risky = pc.match_substring_regex(plain, _FORMULA_START)   # one kernel, not one per character
        if not pc.any(risky).as_py():
            columns.append(column)
            continue
        changed = True
        fixed = pc.if_else(risky, pc.binary_join_element_wise("'", plain, ""), plain)
        columns.append(fixed.cast(field.type) if pa.types.is_dictionary(field.type) else fixed)
    return pa.Table.from_arrays(columns, schema=table.schema) if changed else table


# -- one file through a temp -------------------------------------------------------

class _Sink:
    """One file written through a locked temp: write -> finish, or abort."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp, self._lock = _reserve(path, f".{path.name}.", _TEMP_SUFFIX)

    def finish(self) -> None:
        """Close and fsync the temp (still under its temp name, still locked)."""
        self._close_writer()
        _fsync_path(self.tmp)

    def _close_writer(self) -> None:
        pass

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def abort(self) -> None:
        try:
            self._close_writer()
        except Exception:
            pass   # the temp goes anyway; keep the original exception
        finally:
            self.tmp.unlink(missing_ok=True)
            self.release()


class TableSink(_Sink):
    """A Parquet or CSV file, written batch by batch."""

    def __init__(self, path: Path, fmt: str, schema: pa.Schema):
        if fmt not in FORMATS:
            raise ValueError(f"unknown table format {fmt!r}; expected one of {FORMATS}")
        super().__init__(path)
        self.fmt = fmt
        self.schema = schema
        self.rows_written = 0
        try:
            if fmt == "parquet":
                self._writer = pq.ParquetWriter(str(self.tmp), schema, **PARQUET_OPTIONS)
            else:
                # header written now; nulls as empty cells, "" as a quoted empty string
                self._writer = pcsv.CSVWriter(str(self.tmp), schema)
        except BaseException:
            self._writer = None
            self.abort()
            raise

    def write(self, table: pa.Table) -> None:
        if not table.schema.equals(self.schema):
            table = table.select(self.schema.names).cast(self.schema)
        if table.num_rows:
            if self.fmt == "parquet":
                self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
            else:
                self._writer.write_table(csv_safe(table))
        self.rows_written += table.num_rows

    def _close_writer(self) -> None:
        writer, self._writer = getattr(self, "_writer", None), None
        if writer is not None:
            writer.close()


class TextSink(_Sink):
    """A whole file: text (the report, a JSON result) or bytes (a cache)."""

    def __init__(self, path: Path, text: Union[str, bytes]):
        super().__init__(path)
        try:
            with (open(self.tmp, "wb") if isinstance(text, bytes) else open(self.tmp, "w", encoding="utf-8")) as fh:
                fh.write(text)
        except BaseException:
            self.abort()
            raise


# -- a set of files ---------------------------------------------------------------

def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class OutputSet:
    """Files that appear together on a clean exit, or not at all.

    >>> with OutputSet(protect=[input_path]) as out:
    ...     sink = out.table("o/claims.parquet", "parquet", schema)
    ...     sink.write(batch)
    ...     out.text("o/report.html", page)

    ``protect``: files that must never be overwritten (a run's input): a
    target that is one of them is refused with ``OutputError``.
    """

    def __init__(self, protect: Iterable[PathLike] = ()):
        self.protect = [Path(p) for p in protect]
        self._sinks: list[_Sink] = []
        self._open = False
        self.published = False

    def __enter__(self):
        self._open = True
        return self

    def _prepare(self, path: PathLike) -> Path:
        if not self._open:
            raise RuntimeError("the output set is not open (use it as a context manager)")
        path = Path(path)
        for p in self.protect:
            if _same_file(path, p):
                raise OutputError(f"{path}: refusing to overwrite the input file {p}")
        if path.is_dir():
            raise OutputError(f"{path}: is a folder, expected a file path")
        parent = path.parent
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{parent}: is a file, expected a folder")
        parent.mkdir(parents=True, exist_ok=True)
        if not any(s.path.parent == parent for s in self._sinks):
            recover(parent)
        return path

    def table(self, path: PathLike, fmt: str, schema: pa.Schema) -> TableSink:
        sink = TableSink(self._prepare(path), fmt, schema)
        self._sinks.append(sink)
        return sink

    def text(self, path: PathLike, text: Union[str, bytes]) -> TextSink:
        sink = TextSink(self._prepare(path), text)
        self._sinks.append(sink)
        return sink

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._open = False
        if exc_type is not None:
            self._abort()
            return False
        try:
            for sink in self._sinks:   # everything durable under temp names...
                sink.finish()
            with _signals_held():
                self._publish()        # ...before anything is renamed
        except BaseException:
            self._abort()
            raise
        return False

    def _publish(self) -> None:
        if not self._sinks:
            return
        first = self._sinks[0].path
        journal, fd = _reserve(first, JOURNAL_PREFIX, ".json")
        try:
            renames = [[str(s.tmp.resolve()), str(s.path.resolve())] for s in self._sinks]
            os.write(fd, json.dumps({"renames": renames}).encode("utf-8"))
            os.fsync(fd)
            _fsync_path(first.parent, directory=True)
            for sink in self._sinks:
                os.replace(sink.tmp, sink.path)
            for directory in {s.path.parent for s in self._sinks}:
                _fsync_path(directory, directory=True)
            journal.unlink()
        finally:
            os.close(fd)
        for sink in self._sinks:
            sink.release()
        self._sinks = []
        self.published = True

    def _abort(self) -> None:
        for sink in self._sinks:
            sink.abort()
        self._sinks = []


# -- tables ---------------------------------------------------------------------------

def _infer_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: cannot infer table format from extension; pass fmt=")
    return fmt


def atomic_write_table(table: pa.Table, path: PathLike, fmt: Optional[str] = None) -> Path:
    """Write any table to ``path`` as ``fmt`` ("parquet" or "csv"; default from
    the extension), atomically and deterministically."""
    path = Path(path)
    fmt = fmt or _infer_format(path)
    with OutputSet() as out:
        out.table(path, fmt, table.schema).write(table)
    return path


def atomic_write_text(text: Union[str, bytes], path: PathLike) -> Path:
    path = Path(path)
    with OutputSet() as out:
        out.text(path, text)
    return path


# -- the claims table ----------------------------------------------------------------

CARD_MARK = "pretty_name: perfclaims performance claims"


def _card_path(out_dir: Path, stem: str) -> Path:
    """``README.md`` beside the claims (a Hugging Face card), unless the
    folder already has a README.md that is not one of ours (``--out .`` in a
    project): then ``<stem>.card.md``, so nothing of the user's is replaced."""
    readme = out_dir / "README.md"
    if stem == "claims" and (not readme.exists() or _is_our_card(readme)):
        return readme
    return out_dir / f"{stem}.card.md"


def _is_our_card(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return CARD_MARK in fh.read(2000)
    except OSError:
        return False


class ClaimsWriter:
    """Streams claims to ``<out_dir>/<stem>.parquet`` and ``<stem>.csv``.

    >>> with ClaimsWriter("outputs") as w:
    ...     for batch in batches:
    ...         w.write_batch(batch)      # Claims, row dicts or a pa.Table

    Each ``write_batch`` appends a row group to the Parquet temp and rows to
    the CSV temp; both files appear together on a clean exit.
    """

    def __init__(self, out_dir: PathLike, *, stem: str = "claims", protect: Iterable[PathLike] = (),
                 provenance: Optional[Mapping[str, str]] = None,
                 card: Optional[Callable[["ClaimsWriter"], str]] = None, explain: bool = False):
        """``provenance``: key/values for the Parquet file's metadata (tool
        version, rules digest, input). ``card``: makes the text of
        ``<out_dir>/README.md`` (the dataset card) once all batches are in;
        it is published with the tables."""
        out_dir = Path(out_dir)
        self.out_dir = out_dir
        self.parquet_path = out_dir / f"{stem}.parquet"
        self.csv_path = out_dir / f"{stem}.csv"
        self.card_path = _card_path(out_dir, stem)
        self.out = OutputSet(protect=protect)
        self.provenance = dict(provenance or {})
        self.card = card
        self.counts: Counter = Counter()
        self._sinks: list[TableSink] = []
        # --explain: what was left out for its role, beside the claims
        self.rejected_paths = ((out_dir / f"{stem}.rejected.parquet", out_dir / f"{stem}.rejected.csv")
                               if explain else ())
        self._rejected_sinks: list[TableSink] = []

    def __enter__(self):
        self.out.__enter__()
        try:
            schema = claims_schema()
            if self.provenance:
                schema = schema.with_metadata({**schema.metadata,
                                               **{k.encode(): str(v).encode() for k, v in self.provenance.items()}})
            self._sinks = [self.out.table(self.parquet_path, "parquet", schema),
                           self.out.table(self.csv_path, "csv", schema)]
            if self.rejected_paths:
                from .schema import rejected_schema
                self._rejected_sinks = [self.out.table(p, p.suffix[1:], rejected_schema())
                                        for p in self.rejected_paths]
        except BaseException as exc:
            self.out.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None and self.card is not None:
            try:
                self.out.text(self.card_path, self.card(self))
            except BaseException as e:
                return self.out.__exit__(type(e), e, e.__traceback__)
        return self.out.__exit__(exc_type, exc, tb)

    @property
    def rows_written(self) -> int:
        return self._sinks[0].rows_written if self._sinks else 0

    @property
    def published(self) -> bool:
        return self.out.published

    def write_batch(self, rows_or_table: Union[pa.Table, Iterable[Union[Claim, dict]]],
                    rejected: Optional[pa.Table] = None) -> None:
        if rejected is not None and self._rejected_sinks:
            for sink in self._rejected_sinks:
                sink.write(rejected)
        if not self._sinks:
            raise RuntimeError("writer is not open (use it as a context manager)")
        if isinstance(rows_or_table, pa.Table):
            table = conform_claims_table(rows_or_table)
        else:
            table = claims_table(rows_or_table)
        for sink in self._sinks:
            sink.write(table)
        if table.num_rows:
            import pyarrow.compute as pc
            for item in pc.value_counts(table.column("claim_type").cast(pa.string())).to_pylist():
                self.counts[item["values"]] += item["counts"]


def write_claims(table: Union[pa.Table, Iterable[Union[Claim, dict]]], out_dir: PathLike,
                 *, stem: str = "claims") -> tuple[Path, Path]:
    """Write a whole claims table; returns (parquet path, csv path)."""
    with ClaimsWriter(out_dir, stem=stem) as w:
        w.write_batch(table)
    return w.parquet_path, w.csv_path
