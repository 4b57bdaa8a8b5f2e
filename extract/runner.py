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
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

import pyarrow as pa

from .model import Doc
from .pipeline import extractor
from .read import RecordError, read_documents
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


class Progress:
    """tqdm on stderr (documents, documents/s, claims found); silent when
    stderr is not a terminal or the user asked for quiet."""

    def __init__(self, enabled: bool):
        self.bar = None
        self.claims = 0
        if enabled:
            from tqdm import tqdm
            self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, docs: int, claims: int) -> None:
        self.claims += claims
        if self.bar is not None:
            self.bar.update(docs)
            self.bar.set_postfix(claims=self.claims, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Run:
    """One extraction run: reads the input (reporting skipped records), and
    writes batch results in order; ``summary()`` is what the CLI prints."""

    def __init__(self, input_path, out_dir, *, strict: bool = False, quiet: bool = False,
                 limit: Optional[int] = None):
        self.skipped: list[RecordError] = []
        docs: Iterable[Doc] = read_documents(input_path, strict=strict, on_error=self._on_error)
        self.docs = itertools.islice(docs, limit) if limit is not None else docs
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
        progress = Progress(enabled=not self.quiet and sys.stderr.isatty())
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
