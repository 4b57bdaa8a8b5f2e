"""The whole corpus with bad records spliced in, under every engine.

    python scripts/splice_check.py [--corpus ../shared/data/abstracts_corpus.jsonl.gz] [--every 2000]

Writes a copy of the corpus with one of issue 11's bad records (broken JSON,
wrong types, invalid UTF-8, a lone surrogate, 100,000-deep nesting, a count
past 2^31, a value past float, a 4,400-digit number, a repeated id) after
every ``--every`` lines, runs ``perfclaims extract`` on the clean corpus
once and on the spliced one under ``--jobs 1``, ``--jobs 2`` and ``--engine
dask``, and checks that each spliced run reports every bad record by its
line and writes the clean run's rows: the CSV byte for byte, the Parquet
table equal.
Prints one line per engine; exit code 1 on any difference.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_robustness import BAD_LINES  # noqa: E402

ENGINES = {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"], "dask": ["--engine", "dask", "--jobs", "2"]}


def splice(corpus: Path, out: Path, every: int) -> list[int]:
    bad_lines = BAD_LINES + [json.dumps({"id": "arxiv:2503.11731", "title": "Repeated id",
                                         "abstract": "A 3x speedup."}).encode()]
    where = []
    n = 0
    with gzip.open(corpus, "rb") as src, open(out, "wb") as dst:
        for i, line in enumerate(src, 1):
            dst.write(line)
            n += 1
            if i % every == 0:
                dst.write(bad_lines[(i // every - 1) % len(bad_lines)] + b"\n")
                n += 1
                where.append(n)
    return where


def extract(src: Path, out: Path, flags: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(src), "--out", str(out), "--quiet", *flags],
                         cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        raise SystemExit(f"{src} {flags}: exit {run.returncode}\n{run.stderr[-2000:]}")
    return time.perf_counter() - start, run.stderr


def _same_outputs(a: Path, b: Path) -> bool:
    """The CSV byte for byte, the Parquet row for row. (Not the Parquet bytes:
    its metadata names the input file, and the records whose claims were
    dropped are documents that take their place in a batch, so row groups
    shift.)"""
    import pyarrow.parquet as pq
    if (a / "claims.csv").read_bytes() != (b / "claims.csv").read_bytes():
        return False
    return _decoded(pq.read_table(a / "claims.parquet")).equals(_decoded(pq.read_table(b / "claims.parquet")))


def _decoded(table):
    """Dictionary columns as plain strings: each row group has its own
    dictionary, so the encodings differ when the row groups do."""
    import pyarrow as pa
    return pa.table({n: (c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c)
                     for n, c in zip(table.column_names, table.columns)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "abstracts_corpus.jsonl.gz")
    ap.add_argument("--every", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        spliced = tmp / "spliced.jsonl"
        bad = splice(args.corpus, spliced, args.every)
        seconds, _ = extract(args.corpus, tmp / "clean", ["--jobs", "2"])
        print(f"clean corpus, --jobs 2: {seconds:.1f} s; {len(bad)} bad records spliced in")
        failed = False
        for name, flags in ENGINES.items():
            seconds, stderr = extract(spliced, tmp / name, flags)
            reported = sorted({int(l.split(f"{spliced}:")[1].split(":")[0])
                               for l in stderr.splitlines() if l.startswith("warning:") and f"{spliced}:" in l})
            same = _same_outputs(tmp / name, tmp / "clean")
            missing = sorted(set(bad) - set(reported))
            ok = same and not missing
            failed |= not ok
            print(f"{name:6s} {seconds:6.1f} s  reported {len(set(bad) & set(reported))}/{len(bad)} bad records"
                  f"{' (missing lines ' + str(missing[:5]) + ')' if missing else ''}; outputs "
                  f"{'identical to the clean run' if same else 'DIFFER from the clean run'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
