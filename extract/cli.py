"""Command line: `python -m extract {extract,eval} ...` (the Makefile calls this)."""
from __future__ import annotations

import argparse
import os
import sys
from multiprocessing import get_context
from pathlib import Path
from typing import Optional

from . import __version__
from .pipeline import extractor
from .read import InputError, RecordError
from .runner import Run, extract_batch

DEFAULT_INPUT = Path(__file__).resolve().parent.parent / "data" / "corpus" / "hf_papers_h100.txt"
ENGINES = ("local", "dask")


def run_extract(input_path: Path, out_dir: Path, *, strict: bool = False, jobs: int = 1,
                quiet: bool = False, limit: Optional[int] = None) -> dict:
    """The local engine: batches over ``jobs`` processes, written in input
    order, so the output does not depend on ``jobs``."""
    run = Run(input_path, out_dir, strict=strict, quiet=quiet, limit=limit)
    with run.writing() as write:
        if jobs > 1:
            extractor()   # compile the rules once; forked workers inherit them
            with get_context("fork").Pool(jobs) as pool:
                for result in pool.imap(extract_batch, run.batches()):
                    write(result)
        else:
            for batch in run.batches():
                write(extract_batch(batch))
    return run.summary()


def _cmd_extract(args) -> int:
    if args.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {args.jobs}")
    if args.engine == "dask":
        from .dask_engine import run_dask
        summary = run_dask(Path(args.input), Path(args.out), strict=args.strict,
                           jobs=args.jobs, quiet=args.quiet, limit=args.limit)
    else:
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
    e.add_argument("--engine", choices=ENGINES, default="local",
                   help="local: worker processes on this machine (default); dask: a local Dask "
                        "cluster of --jobs processes (same rows, byte for byte)")
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
