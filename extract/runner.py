"""What every engine shares: batching the input, extracting a batch, the
progress bar, reporting skipped records, and writing results in input order.

The Parquet row groups follow the batches, so every engine must batch alike
(``BATCH_DOCS``) for their files to be byte-identical.
"""
from __future__ import annotations

import itertools
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

import pyarrow as pa

from .model import Doc
from .pipeline import extractor
from .read import ReadPosition, RecordError, read_documents
from .schema import claims_table
from .write import ClaimsWriter

BATCH_DOCS = 512


def batches(docs: Iterable[Doc], size: Optional[int] = None) -> Iterator[list[Doc]]:
    size = size or BATCH_DOCS   # read at call time, so a test may change it
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


def extract_batch(batch: list[Doc]) -> tuple[int, pa.Table]:
    """Worker task: (documents, claims table) of one batch. The table is built
    in the worker, so the parent only writes."""
    ex = extractor()
    rows = []
    for doc in batch:
        rows.extend(ex.extract(doc))
    return len(batch), claims_table(rows)


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


class Run:
    """One extraction run: reads the input (reporting skipped records), and
    writes batch results in order; ``summary()`` is what the CLI prints."""

    def __init__(self, input_path, out_dir, *, strict: bool = False, quiet: bool = False,
                 limit: Optional[int] = None):
        self.skipped: list[RecordError] = []
        self.position = ReadPosition()
        docs: Iterable[Doc] = read_documents(input_path, strict=strict, on_error=self._on_error,
                                             position=self.position)
        self.docs = itertools.islice(docs, limit) if limit is not None else docs
        self.limit = limit
        self.out_dir = out_dir
        self.quiet = quiet
        self.documents = 0
        self.writer: Optional[ClaimsWriter] = None
        self.interrupted = False

    def _on_interrupt(self, signum, frame):
        # Raise at once, and remember: a KeyboardInterrupt raised while a
        # finalizer runs is printed and dropped by Python, and the run would
        # go on to the end; the flag stops it at the next batch.
        self.interrupted = True
        raise KeyboardInterrupt

    @contextmanager
    def _interruptible(self):
        install = (threading.current_thread() is threading.main_thread()
                   and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
        if install:   # an inherited "ignore" or a caller's own handler is left alone
            signal.signal(signal.SIGINT, self._on_interrupt)
        try:
            yield
        finally:
            if install:
                signal.signal(signal.SIGINT, signal.default_int_handler)

    def _on_error(self, err: RecordError) -> None:
        self.skipped.append(err)
        print(f"warning: skipped record: {err}", file=sys.stderr)

    def batches(self) -> Iterator[list[Doc]]:
        return batches(self.docs)

    @contextmanager
    def writing(self):
        """Yields ``write(result)`` for (documents, table) results in input order;
        the outputs appear only if the block completes."""
        # The read position is sampled as each batch is written; with --jobs or
        # Dask the reader runs a few batches ahead of the writer, so progress is
        # overestimated by those batches: close enough for a time left.
        progress = Progress(enabled=not self.quiet and sys.stderr.isatty(),
                            total=self.limit, position=self.position)
        try:
            with self._interruptible(), ClaimsWriter(self.out_dir) as writer:
                self.writer = writer

                def write(result: tuple[int, pa.Table]) -> None:
                    if self.interrupted:
                        raise KeyboardInterrupt
                    n, table = result
                    writer.write_batch(table)
                    self.documents += n
                    progress.update(n, table.num_rows)

                yield write
        finally:
            progress.close()

    def summary(self) -> dict:
        return {"documents": self.documents, "claims": self.writer.rows_written,
                "skipped": len(self.skipped), "parquet": str(self.writer.parquet_path),
                "csv": str(self.writer.csv_path)}
