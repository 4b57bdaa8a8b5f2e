"""Dask engine: the same extraction on a Dask cluster.

Two entry points:

* ``map_extract(ddf)`` for users who already hold a ``dask.dataframe`` of
  documents (docs/SPEC.md section 1 columns: ``title``, ``abstract``/``summary``/
  ``text``, optional ``doc_id``/``id``/...) and a cluster::

      import dask.dataframe as dd
      from distributed import Client
      from .dask_engine import map_extract

      client = Client("tcp://scheduler:8786")
      docs = dd.read_parquet("s3://bucket/papers/*.parquet")
      claims = map_extract(docs)            # lazy, one task per partition
      claims.to_parquet("claims/")          # or .compute(), .groupby(...), ...

  Each partition becomes a pandas frame with the claims columns
  (``claims_frame`` dtypes: Arrow dictionaries as categoricals, the nullable
  integer ``hardware_count`` as ``Int32``).

* ``run_dask(input, out_dir)``: what ``python -m extract extract ...
  --engine dask`` calls. It streams the input file in batches (never the whole
  file), computes the batches on a local ``distributed.LocalCluster`` of
  processes, a bounded window at a time, and writes the claims through
  ``ClaimsWriter`` in input order, so ``claims.parquet`` and ``claims.csv``
  are byte-identical to the local engine's (``perfclaims.runner.run_extract``).

Needs the ``dask`` extra: ``pip install 'perfclaims[dask]'``.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from typing import TYPE_CHECKING, Optional, Union

import pandas as pd

from .pipeline import checked_claims, extractor
from .read import read_dataframe
from .runner import BATCH_DOCS, Run, extract_batch
from .schema import claims_frame, claims_table

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd

PathLike = Union[str, "os.PathLike[str]"]

SCHEDULERS = ("processes", "threads", "synchronous")


# -- pandas side -------------------------------------------------------------------

def claims_meta() -> pd.DataFrame:
    """The empty frame ``map_extract`` declares as ``meta``: claims columns and
    dtypes (``perfclaims.schema.claims_dtypes``: the categories are the full
    vocabularies, so they are known before any partition is computed)."""
    return claims_frame(claims_table([]))


def extract_partition(pdf: pd.DataFrame, *, strict: bool = False) -> pd.DataFrame:
    """Claims of one pandas partition of documents, in row order.

    Rows become Docs through ``perfclaims.read.read_dataframe`` (same aliases and
    checks as the file readers; a malformed row is logged and skipped unless
    ``strict``). Returns exactly the claims columns (``claims_frame`` dtypes);
    an empty partition gives an empty frame with those columns.
    """
    ex = extractor()
    rows = []
    if len(pdf.columns):
        for doc in read_dataframe(pdf, source="<dask partition>", strict=strict):
            rows.extend(checked_claims(ex, doc, strict=strict))
    return claims_frame(claims_table(rows))


def map_extract(ddf: "dd.DataFrame", *, strict: bool = False) -> "dd.DataFrame":
    """Lazily extract the claims of a Dask DataFrame of documents: one task per
    partition (``ddf.map_partitions(extract_partition, meta=claims_meta())``).
    Row order within and across partitions follows the documents; the index
    restarts at 0 in each partition."""
    return ddf.map_partitions(extract_partition, strict=strict, meta=claims_meta(),
                              enforce_metadata=False)


# -- file engine ---------------------------------------------------------------------

def _local_client(scheduler: str, workers: int):
    from distributed import Client, LocalCluster
    cluster = LocalCluster(
        processes=(scheduler == "processes"), n_workers=workers, threads_per_worker=1,
        dashboard_address=None, silence_logs=logging.CRITICAL,   # a task's error reaches the user once, as our one-line message
    )
    return Client(cluster), cluster


def run_dask(input_path: PathLike, out_dir: PathLike, *, strict: bool = False, quiet: bool = False,
             limit: Optional[int] = None, jobs: Optional[int] = None, scheduler: str = "processes",
             client=None, batch_docs: int = BATCH_DOCS, window: Optional[int] = None) -> dict:
    """Extract ``input_path`` into ``out_dir``/claims.parquet and .csv with Dask.

    ``scheduler``: ``"processes"`` (a local cluster of ``jobs`` single-threaded
    worker processes, default all cores), ``"threads"`` (a local cluster of
    threads in this process), or ``"synchronous"`` (no cluster; for
    debugging). Pass ``client`` (a ``distributed.Client``) to use an existing
    cluster instead; it is left open.

    At most ``window`` batches (default 2 x workers) are in flight: the input
    is read only as fast as results are written, in input order. Returns the
    summary of ``perfclaims.runner.run_extract``: documents, claims, skipped,
    parquet, csv.
    """
    run = Run(input_path, out_dir, strict=strict, quiet=quiet, limit=limit)
    return run_on_dask(run, jobs=jobs, scheduler=scheduler, client=client, batch_docs=batch_docs,
                       window=window)


def run_on_dask(run: Run, *, jobs: Optional[int] = None, scheduler: str = "processes",
                client=None, batch_docs: int = BATCH_DOCS, window: Optional[int] = None) -> dict:
    """``run_dask`` for a ``Run`` already made (the CLI makes it, to know
    after an interrupt whether the outputs were complete)."""
    if scheduler not in SCHEDULERS:
        raise ValueError(f"scheduler must be one of {SCHEDULERS}, got {scheduler!r}")
    import dask

    workers = max(1, jobs or os.cpu_count() or 1)
    own_cluster = None
    if client is None and scheduler != "synchronous":
        client, own_cluster = _local_client(scheduler, workers)
    if client is not None:
        n_workers = len(client.scheduler_info().get("workers", {})) or workers
        window = window or 2 * n_workers
    try:
        with run.writing() as write:
            tasks = (dask.delayed(extract_batch, pure=False)(batch, run.strict, run.explain)
                     for batch in run.batches(batch_docs))
            if client is None:  # synchronous: one batch at a time, in this process
                for task in tasks:
                    write(task.compute(scheduler="synchronous"))
            else:
                pending: deque = deque()
                try:
                    for task in tasks:
                        pending.append(client.compute(task))
                        while len(pending) >= window:
                            write(pending.popleft().result())
                    while pending:
                        write(pending.popleft().result())
                finally:
                    for future in pending:  # after an error: drop what is still queued
                        future.cancel()
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    return run.summary()


__all__ = ["extract_partition", "map_extract", "run_dask", "run_on_dask", "claims_frame", "claims_meta",
           "extract_batch"]
