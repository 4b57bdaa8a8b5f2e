"""What every engine shares: batching the input, extracting a batch, the
progress bar, reporting skipped records, signals, and writing results in
input order.

The Parquet row groups follow the batches, so every engine must batch alike
(``BATCH_DOCS``) for their files to be byte-identical.
"""
from __future__ import annotations

import itertools
import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Iterable, Iterator, Optional

import pyarrow as pa

from .model import Doc
from .pipeline import checked_claims, extractor
from .read import InputError, ReadPosition, RecordError, read_documents
from .schema import claims_table, rejected_table
from .write import ClaimsWriter

BATCH_DOCS = 512
log = logging.getLogger(__name__)


class RunFailed(Exception):
    """The run could not go on (a worker process died); outputs untouched."""


class Terminated(KeyboardInterrupt):
    """SIGTERM: stop like Ctrl-C (temps removed, earlier outputs kept)."""


def batches(docs: Iterable[Doc], size: Optional[int] = None) -> Iterator[list[Doc]]:
    size = size or BATCH_DOCS   # read at call time, so a test may change it
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


@dataclass
class BatchResult:
    """What a worker sends back: documents done, their claims, and the
    problems met (claims dropped, documents skipped), in order."""
    documents: int
    table: pa.Table
    problems: list[RecordError] = field(default_factory=list)
    rejected: Optional[pa.Table] = None   # with --explain: quantities left out for their role


def extract_batch(batch: list[Doc], strict: bool = False, explain: bool = False) -> BatchResult:
    """Worker task: the claims table of one batch, built in the worker so the
    parent only writes. Under ``strict`` the first problem raises its
    ``RecordError`` (it pickles, so it reaches the parent from any worker)."""
    ex = extractor()
    rows = []
    problems: list[RecordError] = []
    rejected: Optional[list[dict]] = [] if explain else None
    for doc in batch:
        rows.extend(checked_claims(ex, doc, strict=strict, on_problem=problems.append, rejected=rejected))
    return BatchResult(len(batch), claims_table(rows), problems,
                       rejected_table(rejected) if explain else None)


def eta_text(elapsed: float, fraction: Optional[float]) -> Optional[str]:
    """Time left, as "m:ss" or "h:mm:ss", when ``fraction`` of the input took
    ``elapsed`` seconds and the rest goes at the same pace:
    elapsed * (1 - fraction) / fraction. None when nothing is known yet."""
    if fraction is None or fraction <= 0:
        return None
    left = round(elapsed * max(0.0, 1 - fraction) / fraction)
    hours, rest = divmod(left, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Progress:
    """tqdm on stderr (documents, documents/s, claims found, time left); silent
    when stderr is not a terminal or the user asked for quiet.

    The number of documents is unknown while the input streams, so the time
    left comes from ``position``, how far through the input file the reader
    is (``eta=`` after the claims). With ``total`` (``--limit``) tqdm shows
    its own bar and time left instead.
    """

    def __init__(self, enabled: bool, *, total: Optional[int] = None,
                 position: Optional[ReadPosition] = None):
        self.bar = None
        self.claims = 0
        self.position = position if total is None else None
        self.start = time.monotonic()
        if enabled:
            from tqdm import tqdm
            self.bar = tqdm(unit="doc", total=total, file=sys.stderr, dynamic_ncols=True,
                            smoothing=0.1)

    def update(self, docs: int, claims: int) -> None:
        self.claims += claims
        if self.bar is not None:
            postfix = {"claims": self.claims}
            if self.position is not None:
                eta = eta_text(time.monotonic() - self.start, self.position.fraction())
                if eta is not None:
                    postfix["eta"] = eta
            self.bar.set_postfix(postfix, refresh=False)
            self.bar.update(docs)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _ignore_signals() -> None:
    """Worker initializer: Ctrl-C reaches the whole process group; only the
    parent acts on it (it stops the workers), so workers print nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Run:
    """One extraction run: reads the input (reporting skipped records), and
    writes batch results in order; ``summary()`` is what the CLI prints.

    Whole-input failures end the run with the earlier outputs kept: an input
    that yields no document at all but malformed records is not its format
    (a corrupt file, a JSON document instead of JSON Lines)."""

    def __init__(self, input_path, out_dir, *, strict: bool = False, quiet: bool = False,
                 limit: Optional[int] = None, fmt: Optional[str] = None, stem: str = "claims",
                 explain: bool = False):
        if limit is not None and limit < 1:
            raise InputError(f"--limit must be at least 1, got {limit}")
        self.input_path = Path(input_path)
        self.input_name = "<stdin>" if str(input_path) == "-" else str(input_path)
        self.stem = stem
        self.explain = explain
        self.skipped: list[RecordError] = []     # records the reader could not read
        self.problems: list[RecordError] = []    # claims dropped, documents skipped by extraction
        self.position = ReadPosition()
        self.strict = strict
        docs: Iterable[Doc] = read_documents(input_path, strict=strict, on_error=self._on_error,
                                             position=self.position, fmt=fmt)
        self.docs = itertools.islice(docs, limit) if limit is not None else docs
        self.limit = limit
        self.out_dir = out_dir
        self.quiet = quiet
        self.documents = 0
        self.writer: Optional[ClaimsWriter] = None
        self.interrupted = 0   # the signal number of a pending SIGINT/SIGTERM

    def _on_signal(self, signum, frame):
        # Only note it: the run stops at the next batch boundary (a fraction of
        # a second), outside any finalizer. Raising here could land inside a
        # __del__, where Python prints the exception and drops it. A second
        # signal stops at once.
        if self.interrupted:
            raise self._stop()
        self.interrupted = signum

    def _stop(self) -> KeyboardInterrupt:
        return Terminated() if self.interrupted == signal.SIGTERM else KeyboardInterrupt()

    def _check_signals(self) -> None:
        if self.interrupted:
            raise self._stop()

    @contextmanager
    def _interruptible(self):
        """SIGINT and SIGTERM stop the run cleanly (in the main thread; an
        inherited "ignore" or a caller's own handler is left alone)."""
        installed = []
        if threading.current_thread() is threading.main_thread():
            for signum, default in ((signal.SIGINT, signal.default_int_handler),
                                    (signal.SIGTERM, signal.SIG_DFL)):
                if signal.getsignal(signum) is default:
                    signal.signal(signum, self._on_signal)
                    installed.append((signum, default))
        try:
            yield
        finally:
            for signum, default in installed:
                signal.signal(signum, default)

    def _on_error(self, err: RecordError) -> None:
        self.skipped.append(err)
        print(f"warning: skipped record: {err}", file=sys.stderr)

    def batches(self, size: Optional[int] = None) -> Iterator[list[Doc]]:
        for batch in batches(self.docs, size):
            self._check_signals()
            yield batch

    @contextmanager
    def writing(self):
        """Yields ``write(result)`` for ``BatchResult``s in input order; the
        outputs appear only if the block completes."""
        # The read position is sampled as each batch is written; with --jobs or
        # Dask the reader runs a few batches ahead of the writer, so progress is
        # overestimated by those batches: close enough for a time left.
        progress = Progress(enabled=not self.quiet and sys.stderr.isatty(),
                            total=self.limit, position=self.position)
        try:
            with self._interruptible(), ClaimsWriter(self.out_dir, stem=self.stem, protect=[self.input_path],
                                                     provenance=self.provenance(), card=self._card,
                                                     explain=self.explain) as writer:
                self.writer = writer

                def write(result: BatchResult) -> None:
                    self._check_signals()
                    for err in result.problems:
                        self.problems.append(err)
                        print(f"warning: {err}", file=sys.stderr)
                    writer.write_batch(result.table, rejected=result.rejected)
                    self.documents += result.documents
                    progress.update(result.documents, result.table.num_rows)

                log.info("reading %s; writing %s, %s", self.input_name, writer.parquet_path, writer.csv_path)
                started = time.monotonic()
                yield write
                self._check_signals()
                self._check_input_was_read()
                elapsed = time.monotonic() - started
                log.info("%d documents, %d claims in %.1f s (%.0f documents/s); rules %s",
                         self.documents, writer.rows_written, elapsed, self.documents / max(elapsed, 1e-9),
                         self.provenance()["rules_sha256"][:12])
        finally:
            progress.close()

    def provenance(self) -> dict[str, str]:
        """What made this output: recorded in the Parquet metadata and the card."""
        from . import __version__
        from .rules import rules_digest
        stdin = str(self.input_path) == "-"
        try:
            size = "" if stdin else str(self.input_path.stat().st_size)
        except OSError:
            size = ""
        return {"perfclaims_version": __version__, "rules_sha256": rules_digest(),
                "input_name": "<stdin>" if stdin else self.input_path.name, "input_bytes": size,
                "limit": "" if self.limit is None else str(self.limit)}

    def _card(self, writer: ClaimsWriter) -> str:
        from .card import dataset_card
        return dataset_card(documents=self.documents, claims=writer.rows_written, counts=writer.counts,
                            provenance=self.provenance(),
                            files={"parquet": writer.parquet_path.name, "csv": writer.csv_path.name})

    def _check_input_was_read(self) -> None:
        if self.documents == 0 and self.skipped:
            first = self.skipped[0]
            raise InputError(f"{self.input_name}: no readable record ({len(self.skipped)} malformed; "
                             f"first: line {first.line}: {first.problem}); earlier outputs kept")
        if self.documents == 0:   # a warning, as for skipped records: --quiet silences progress only
            print(f"warning: {self.input_name}: no documents in the input; writing empty outputs",
                  file=sys.stderr)

    def summary(self) -> dict:
        return {"documents": self.documents, "claims": self.writer.rows_written,
                "skipped": len(self.skipped), "problems": len(self.problems),
                "parquet": str(self.writer.parquet_path), "csv": str(self.writer.csv_path)}


def max_jobs() -> int:
    """The CPUs this process may run on (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:   # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_local(run: Run, jobs: int = 1) -> dict:
    """The local engine: batches over ``jobs`` processes, written in input
    order, so the output does not depend on ``jobs``.

    The input is read in this thread and at most 2 x ``jobs`` batches are in
    flight, so a reading error (``--strict``) stops the run here at once, and
    a worker that dies (killed, out of memory) ends it with ``RunFailed``
    instead of a wait forever."""
    with run.writing() as write:
        if jobs <= 1:
            for batch in run.batches():
                write(extract_batch(batch, run.strict, run.explain))
        else:
            _in_pool(run, write, jobs)
    return run.summary()


def _in_pool(run: Run, write, jobs: int) -> None:
    extractor()   # compile the rules once; forked workers inherit them
    pool = ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=_ignore_signals)
    pending: deque = deque()
    try:
        for batch in run.batches():
            pending.append(pool.submit(extract_batch, batch, run.strict, run.explain))
            while len(pending) >= 2 * jobs:
                write(pending.popleft().result())
        while pending:
            write(pending.popleft().result())
    except BrokenProcessPool:
        raise RunFailed("a worker process died (killed, or out of memory?); earlier outputs kept") from None
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def run_extract(input_path, out_dir, *, strict: bool = False, jobs: int = 1, quiet: bool = False,
                limit: Optional[int] = None) -> dict:
    """Extract ``input_path`` into ``out_dir``/claims.parquet and .csv on this
    machine; returns the summary (documents, claims, skipped, problems, paths)."""
    return run_local(Run(input_path, out_dir, strict=strict, quiet=quiet, limit=limit), jobs)
