"""Atomic, deterministic table output (Parquet + CSV).

Every output file is written to a hidden temp file in its final directory
(``.<name>.<random>.tmp``), fsynced, then moved into place with
``os.replace``. On any exception, KeyboardInterrupt included, the temps are
deleted and earlier outputs stay untouched.

Determinism: no timestamps are written; the Parquet footer's ``created_by``
is fixed per pyarrow version, so the same table gives byte-identical files.

Limit: two files cannot be replaced in one atomic step. ``ClaimsWriter``
finishes and fsyncs both temps before renaming either, so the window where
the new Parquet sits beside the old CSV is just two renames long.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterable, Mapping, Optional, Union

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from extract.model import Claim
from extract.schema import claims_schema, claims_table, conform_claims_table

PathLike = Union[str, "os.PathLike[str]"]

# Parquet writer options; every one is deterministic.
PARQUET_OPTIONS = dict(compression="zstd", write_statistics=True, use_dictionary=True)
# Rows per Parquet row group when a single large batch is written.
ROW_GROUP_SIZE = 128 * 1024
FORMATS = ("parquet", "csv")


# -- one file through a temp -------------------------------------------------------

def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _AtomicSink:
    """One table file written through a temp: write* -> finish -> publish,
    or abort at any point."""

    def __init__(self, path: PathLike, fmt: str, schema: pa.Schema):
        if fmt not in FORMATS:
            raise ValueError(f"unknown table format {fmt!r}; expected one of {FORMATS}")
        self.path = Path(path)
        self.tmp = self._reserve_temp(self.path)
        try:
            if fmt == "parquet":
                self._writer = pq.ParquetWriter(str(self.tmp), schema, **PARQUET_OPTIONS)
            else:
                # header written now; nulls as empty cells, "" as a quoted empty string
                self._writer = pcsv.CSVWriter(str(self.tmp), schema)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise
        self.fmt = fmt

    @staticmethod
    def _reserve_temp(path: Path) -> Path:
        """Create ``.<name>.<random>.tmp`` beside ``path`` (O_EXCL, mode 0666
        minus umask, so the published file gets normal permissions)."""
        while True:
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            try:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
                return tmp
            except FileExistsError:
                continue

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            if self.fmt == "parquet":
                self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
            else:
                self._writer.write_table(table)

    def finish(self) -> None:
        """Close and fsync the temp (still under its temp name)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.close()
        _fsync_path(self.tmp)

    def publish(self) -> None:
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        writer, self._writer = self._writer, None
        try:
            if writer is not None:
                writer.close()
        except Exception:
            pass  # the temp goes anyway; keep the original exception
        finally:
            self.tmp.unlink(missing_ok=True)


class AtomicTableWriter:
    """Context manager writing the same batches to one or more files
    (``{path: fmt}``), all published on a clean exit, all discarded on error."""

    def __init__(self, targets: Mapping[PathLike, str], schema: pa.Schema):
        self.targets = {Path(p): fmt for p, fmt in targets.items()}
        self.schema = schema
        self._sinks: list[_AtomicSink] = []
        self.rows_written = 0

    def __enter__(self):
        try:
            for path, fmt in self.targets.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                self._sinks.append(_AtomicSink(path, fmt, self.schema))
        except BaseException:
            self._abort()
            raise
        return self

    def write_table(self, table: pa.Table) -> None:
        if not self._sinks:
            raise RuntimeError("writer is not open (use it as a context manager)")
        if not table.schema.equals(self.schema):
            table = table.select(self.schema.names).cast(self.schema)
        for sink in self._sinks:
            sink.write(table)
        self.rows_written += table.num_rows

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self._abort()
            return False
        try:
            for sink in self._sinks:   # everything durable under temp names...
                sink.finish()
            for sink in self._sinks:   # ...before anything is renamed
                sink.publish()
        except BaseException:
            self._abort()
            raise
        for directory in {s.path.parent for s in self._sinks}:
            _fsync_path(directory, directory=True)
        self._sinks = []
        return False

    def _abort(self) -> None:
        for sink in self._sinks:
            sink.abort()
        self._sinks = []

    @property
    def paths(self) -> list[Path]:
        return list(self.targets)


def _infer_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: cannot infer table format from extension; pass fmt=")
    return fmt


def atomic_write_table(table: pa.Table, path: PathLike, fmt: Optional[str] = None) -> Path:
    """Write any table to ``path`` as ``fmt`` ("parquet" or "csv"; default from
    the extension), atomically and deterministically."""
    path = Path(path)
    with AtomicTableWriter({path: fmt or _infer_format(path)}, table.schema) as w:
        w.write_table(table)
    return path


# -- the claims table ----------------------------------------------------------------

class ClaimsWriter(AtomicTableWriter):
    """Streams claims to ``<out_dir>/<stem>.parquet`` and ``<stem>.csv``.

    >>> with ClaimsWriter("outputs") as w:
    ...     for batch in batches:
    ...         w.write_batch(batch)      # Claims, row dicts or a pa.Table

    Each ``write_batch`` appends a row group to the Parquet temp and rows to
    the CSV temp; both files appear together on a clean exit.
    """

    def __init__(self, out_dir: PathLike, *, stem: str = "claims"):
        out_dir = Path(out_dir)
        self.parquet_path = out_dir / f"{stem}.parquet"
        self.csv_path = out_dir / f"{stem}.csv"
        super().__init__({self.parquet_path: "parquet", self.csv_path: "csv"}, claims_schema())

    def write_batch(self, rows_or_table: Union[pa.Table, Iterable[Union[Claim, dict]]]) -> None:
        if isinstance(rows_or_table, pa.Table):
            table = conform_claims_table(rows_or_table)
        else:
            table = claims_table(rows_or_table)
        self.write_table(table)


def write_claims(table: Union[pa.Table, Iterable[Union[Claim, dict]]], out_dir: PathLike,
                 *, stem: str = "claims") -> tuple[Path, Path]:
    """Write a whole claims table; returns (parquet path, csv path)."""
    with ClaimsWriter(out_dir, stem=stem) as w:
        w.write_batch(table)
    return w.parquet_path, w.csv_path
