"""Deep fuzzing, not a CI test: ``make fuzz`` (or ``python scripts/fuzz.py
--examples 10000``). Runs every strategy of tests/fuzzing.py for at least
``--examples`` examples each (arbitrary Unicode, claim pieces, mutated real
sentences, and each reader's input format: JSON Lines, CSV, papers page),
checks every row's invariants, and prints per strategy the examples run,
the seconds taken, and anything it found (hypothesis's shrunk example).
Exit code 1 if anything was found.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as seed_  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from perfclaims.model import Doc  # noqa: E402
from tests.fuzz_readers import check_reader  # noqa: E402
from tests.fuzzing import (check_rows, csv_files, jsonl_files, mutated_sentences, page_files,  # noqa: E402
                           piece_texts, unicode_texts)


def _text(abstract: str) -> None:
    check_rows(Doc(doc_id="x", title="T", abstract=abstract))


def _title_and_text(pair) -> None:
    title, abstract = pair
    check_rows(Doc(doc_id="x", title=title, abstract=abstract))


STRATEGIES = {
    "unicode": (lambda: st.tuples(unicode_texts, unicode_texts), _title_and_text),
    "claim pieces": (lambda: piece_texts, _text),
    "mutated real sentences": (mutated_sentences, _text),
    "jsonl reader": (jsonl_files, lambda data: check_reader(data, ".jsonl")),
    "csv reader": (csv_files, lambda data: check_reader(data, ".csv")),
    "papers page reader": (page_files, lambda data: check_reader(data, ".txt")),
}


def fuzz(name: str, examples: int, seed: int) -> tuple[int, float, str | None]:
    make, check = STRATEGIES[name]
    count = [0]

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink],
              print_blob=True)
    @given(make())
    def run(value):
        count[0] += 1
        check(value)

    start = time.perf_counter()
    found = None
    try:
        seed_(seed)(run)()
    except Exception:   # hypothesis re-raises the shrunk failing example
        found = traceback.format_exc(limit=3)
    return count[0], time.perf_counter() - start, found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=10_000, help="examples per strategy (default %(default)s)")
    ap.add_argument("--seed", type=int, default=20261205, help="random seed (default %(default)s)")
    ap.add_argument("--only", choices=sorted(STRATEGIES), action="append", help="run only these strategies")
    args = ap.parse_args(argv)
    names = args.only or list(STRATEGIES)
    failed = 0
    print(f"{'strategy':24s} {'examples':>9s} {'seconds':>8s}  found")
    for name in names:
        n, seconds, found = fuzz(name, args.examples, args.seed)
        print(f"{name:24s} {n:9d} {seconds:8.1f}  {'nothing' if found is None else 'FAILURE'}", flush=True)
        if found:
            failed += 1
            print("    " + found.replace("\n", "\n    "))
    print(f"{len(names) - failed}/{len(names)} strategies found nothing")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
