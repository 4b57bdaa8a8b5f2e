"""Command line: `python -m extract {extract,eval} ...` (the Makefile calls this)."""
from __future__ import annotations

import argparse
import itertools
import os
import sys
from multiprocessing import get_context
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import __version__
from .model import Doc
from .pipeline import extractor
from .read import InputError, RecordError, read_documents
from .write import ClaimsWriter

DEFAULT_INPUT = Path(__file__).resolve().parent.parent / "data" / "corpus" / "hf_papers_h100.txt"
BATCH_DOCS = 512


def _batches(docs: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _extract_batch(batch: list[Doc]) -> tuple[int, list]:
    ex = extractor()
    rows = []
    for doc in batch:
        rows.extend(ex.extract(doc))
    return len(batch), rows


class _Progress:
    """tqdm on stderr for long runs; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm
            self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
        self.claims = 0

    def update(self, docs: int, claims: int) -> None:
        self.claims += claims
        if self.bar is not None:
            self.bar.update(docs)
            self.bar.set_postfix(claims=self.claims, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_extract(input_path: Path, out_dir: Path, *, strict: bool = False, jobs: int = 1,
                quiet: bool = False, limit: Optional[int] = None) -> dict:
    skipped: list[RecordError] = []

    def on_error(err: RecordError) -> None:
        skipped.append(err)
        print(f"warning: skipped record: {err}", file=sys.stderr)

    docs: Iterable[Doc] = read_documents(input_path, strict=strict, on_error=on_error)
    if limit is not None:
        docs = itertools.islice(docs, limit)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    n_docs = 0
    try:
        with ClaimsWriter(out_dir) as writer:
            if jobs > 1:
                ctx = get_context("fork")
                with ctx.Pool(jobs) as pool:
                    # imap keeps batch order, so the output does not depend on jobs
                    for n, rows in pool.imap(_extract_batch, _batches(docs, BATCH_DOCS)):
                        writer.write_batch(rows)
                        n_docs += n
                        progress.update(n, len(rows))
            else:
                for batch in _batches(docs, BATCH_DOCS):
                    n, rows = _extract_batch(batch)
                    writer.write_batch(rows)
                    n_docs += n
                    progress.update(n, len(rows))
    finally:
        progress.close()
    return {"documents": n_docs, "claims": writer.rows_written, "skipped": len(skipped),
            "parquet": str(writer.parquet_path), "csv": str(writer.csv_path)}


def _cmd_extract(args) -> int:
    summary = run_extract(Path(args.input), Path(args.out), strict=args.strict,
                          jobs=args.jobs, quiet=args.quiet, limit=args.limit)
    if not args.quiet:
        print(f"{summary['documents']} documents, {summary['claims']} claims -> "
              f"{summary['parquet']}, {summary['csv']}", file=sys.stderr)
    if summary["skipped"]:
        print(f"skipped {summary['skipped']} malformed record(s)", file=sys.stderr)
    return 0


def _cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report
    result = evaluate(args.claims, args.gold, out_json=args.out_json)
    print(format_report(result, max_items=args.max_items))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m extract",
                                description="Extract quantitative performance claims from ML papers.")
    p.add_argument("--version", action="version", version=f"perfclaims {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract claims from an input file into OUT/claims.parquet and .csv",
                       description="Read documents (papers page .txt, .jsonl[.gz], .csv, .parquet) "
                                   "and write OUT/claims.parquet and OUT/claims.csv atomically.")
    e.add_argument("input", nargs="?", default=str(DEFAULT_INPUT),
                   help="input file (default: the bundled seed corpus)")
    e.add_argument("--out", default="outputs", help="output directory (default: outputs)")
    e.add_argument("--strict", action="store_true",
                   help="stop at the first malformed record with a non-zero exit code")
    e.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="worker processes (default: all cores); output is identical for any value")
    e.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    e.add_argument("--limit", type=int, default=None, help="only the first N documents")
    e.set_defaults(func=_cmd_extract)

    v = sub.add_parser("eval", help="score claims against the gold annotations (SPEC section 4)")
    v.add_argument("--claims", default="outputs/claims.parquet")
    v.add_argument("--gold", default=str(Path(__file__).resolve().parent.parent / "data" / "gold"))
    v.add_argument("--out-json", default="outputs/eval.json")
    v.add_argument("--max-items", type=int, default=200, help="misses / false positives listed")
    v.set_defaults(func=_cmd_eval)
    return p


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, RecordError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: previous outputs left untouched", file=sys.stderr)
        return 130
