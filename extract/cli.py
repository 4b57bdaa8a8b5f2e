"""Command line: ``perfclaims {extract,tables,report,eval} ...`` (also
``python -m extract ...``; the Makefile calls it).

Every misuse and every bad input ends in one line on stderr and exit code 2
(an interrupted run: 130 for Ctrl-C, 143 for SIGTERM), never a traceback.
"""
from __future__ import annotations

import argparse
import errno
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

from . import __version__
from .read import FORMATS as READ_FORMATS, GoldError, InputError, RecordError
from .runner import Run, RunFailed, Terminated, max_jobs, run_extract, run_local  # noqa: F401 (run_extract: API)
from .write import OutputError

def _bundled(package: str, name: str = "") -> Path:
    """Data installed with the package (the bundled corpus, the dev gold)."""
    return Path(str(resources.files(f"{__package__}.{package}").joinpath(name)))


DEFAULT_INPUT = _bundled("corpus", "hf_papers_h100.txt")
ENGINES = ("local", "dask")


class UsageError(Exception):
    """A command-line value that cannot work; printed as one line, exit 2."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


TABLE_SUFFIXES = (".parquet", ".csv")


def _output_target(out: str) -> tuple[Path, str]:
    """``--out``: a folder (created if missing), or a ``.parquet`` / ``.csv``
    path whose stem names both files (``--out x.parquet`` writes x.parquet
    and x.csv). Never an existing file of another kind."""
    path = Path(out)
    if path.suffix.lower() in TABLE_SUFFIXES and not path.is_dir():
        if path.exists() and not path.is_file():
            raise UsageError(f"--out {out}: is not a regular file")
        return path.parent, path.stem
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {out}: is a file, expected a folder or a .parquet/.csv path")
    return path, "claims"


def _jobs(requested: int) -> int:
    limit = max_jobs()
    if requested > limit:
        print(f"warning: --jobs {requested} is more than the {limit} CPU(s) available; using {limit}",
              file=sys.stderr)
        return limit
    return requested


def _cmd_extract(args) -> int:
    out_dir, stem = _output_target(args.out)
    jobs = _jobs(args.jobs)
    if args.engine == "dask":
        try:
            from .dask_engine import run_on_dask
        except ImportError as exc:
            raise UsageError(f"--engine dask needs Dask ({exc.name} is missing): "
                             "pip install 'perfclaims[dask]'") from None
    run = args._run = Run(Path(args.input), out_dir, strict=args.strict, quiet=args.quiet, limit=args.limit,
                          fmt=args.format, stem=stem, explain=args.explain)
    summary = run_on_dask(run, jobs=jobs) if args.engine == "dask" else run_local(run, jobs)
    if not args.quiet:
        print(f"{summary['documents']} documents, {summary['claims']} claims -> "
              f"{summary['parquet']}, {summary['csv']}", file=sys.stderr)
    if summary["skipped"]:
        print(f"skipped {summary['skipped']} malformed record(s)", file=sys.stderr)
    if summary.get("problems"):
        print(f"dropped {summary['problems']} claim(s) or document(s) that could not be represented",
              file=sys.stderr)
    return 0


def _cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report
    claims = Path(args.claims)
    if not claims.is_file():
        raise UsageError(f"--claims {claims}: no such file (run `perfclaims extract` first)")
    result = evaluate(claims, args.gold, out_json=None if args.aggregate_only else args.out_json)
    print(format_report(result, max_items=args.max_items, aggregate_only=args.aggregate_only))
    return 0


def _cmd_tables(args) -> int:
    from .tables import main as tables_main
    return tables_main(["--claims", str(args.claims), "--out", str(args.out)])


def _cmd_report(args) -> int:
    from .report import main as report_main
    argv = ["--out", str(args.out)] + (["--claims", str(args.claims)] if args.claims else [])
    return report_main(argv)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``perfclaims extract: error: ...``), exit 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="perfclaims",
                                description="Extract quantitative performance claims from ML papers.")
    p.add_argument("--version", action="version", version=f"perfclaims {__version__}")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="say more: what each step reads and writes, and how long it took")
    sub = p.add_subparsers(dest="command", required=True, metavar="{extract,tables,report,eval}")

    e = sub.add_parser("extract", help="extract claims from an input file into OUT/claims.parquet and .csv",
                       description="Read documents (papers page .txt, .jsonl[.gz], .csv, .parquet) "
                                   "and write OUT/claims.parquet and OUT/claims.csv atomically.")
    e.add_argument("input", nargs="?", default=str(DEFAULT_INPUT),
                   help="input file, or - for standard input (with --format); default: the bundled corpus")
    e.add_argument("--format", choices=[f + gz for f in READ_FORMATS for gz in ("", ".gz")], default=None,
                   help="input format when the extension does not say (needed for -)")
    e.add_argument("--out", default="outputs",
                   help="output folder (claims.parquet, claims.csv and README.md, the dataset card, "
                        "go there), or a .parquet/.csv path naming both tables (default: outputs)")
    e.add_argument("--strict", action="store_true",
                   help="stop at the first malformed record or unrepresentable claim, exit code 2")
    e.add_argument("--jobs", type=_positive_int, default=max_jobs(),
                   help="worker processes (default and maximum: the CPUs available); "
                        "output is identical for any value")
    e.add_argument("--engine", choices=ENGINES, default="local",
                   help="local: worker processes on this machine (default); dask: a local Dask "
                        "cluster of --jobs processes (same rows, byte for byte; needs perfclaims[dask])")
    e.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    e.add_argument("--explain", action="store_true",
                   help="also write OUT/claims.rejected.parquet and .csv: every quantity left out because "
                        "its role is no result (a budget, a setting, a data size...), with the rule that decided")
    e.add_argument("--limit", type=_positive_int, default=None, help="only the first N documents (N >= 1)")
    e.set_defaults(func=_cmd_extract)

    t = sub.add_parser("tables", help="derived tables (hardware summary, claims vs specs, ...) from a claims table",
                       description="Build the derived tables from OUT/claims.parquet into OUT.")
    t.add_argument("--claims", type=Path, default=Path("outputs/claims.parquet"),
                   help="claims table (Parquet), default %(default)s")
    t.add_argument("--out", type=Path, default=Path("outputs"), help="output folder, default %(default)s")
    t.set_defaults(func=_cmd_tables)

    r = sub.add_parser("report", help="OUT/report.html, a self-contained interactive report",
                       description="Write OUT/report.html from a claims table.")
    r.add_argument("--claims", type=Path, default=None, help="claims table (Parquet), default OUT/claims.parquet")
    r.add_argument("--out", type=Path, default=Path("outputs"), help="output folder, default %(default)s")
    r.set_defaults(func=_cmd_report)

    v = sub.add_parser("eval", help="score claims against the gold annotations",
                       description="Score a claims table against a folder of gold *.jsonl files "
                                   "(docs/SPEC.md section 4) and print the tables.")
    v.add_argument("--claims", default="outputs/eval/claims.parquet",
                   help="claims table to score (.parquet or .csv), default %(default)s")
    v.add_argument("--gold", default=str(_bundled("gold")),
                   help="folder of gold *.jsonl files (default: the bundled development gold)")
    v.add_argument("--out-json", default=None, help="also write the full result as JSON here")
    v.add_argument("--max-items", type=int, default=200, help="misses / false positives listed")
    v.add_argument("--aggregate-only", action="store_true",
                   help="print the scores only, no document or claim (a sealed test set); writes no JSON")
    v.set_defaults(func=_cmd_eval)
    return p


def _interrupted_message(args, exc: KeyboardInterrupt) -> str:
    run = getattr(args, "_run", None)
    what = "terminated" if isinstance(exc, Terminated) else "interrupted"
    if run is not None and run.writer is not None and run.writer.published:
        return f"{what} after the outputs were complete: {run.writer.parquet_path}, {run.writer.csv_path}"
    return f"{what}: previous outputs left untouched"


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose:
        import logging
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except (InputError, RecordError, OutputError, UsageError, RunFailed, GoldError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:   # `perfclaims eval ... | head`: the reader has gone; nothing to report
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:   # disk full, permission denied, ...: the file and the reason
        where = f"{e.filename}: " if e.filename else ""
        reason = e.strerror or errno.errorcode.get(e.errno or 0, "") or str(e)
        print(f"error: {where}{reason}; previous outputs left untouched", file=sys.stderr)
        return 2
    except KeyboardInterrupt as e:
        print(_interrupted_message(args, e), file=sys.stderr)
        return 143 if isinstance(e, Terminated) else 130
