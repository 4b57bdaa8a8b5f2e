"""Time quantulum3 on sample texts; run by scripts/bench.py inside .venv-bench.

    .venv-bench/bin/python scripts/bench_quantulum.py SAMPLE.jsonl [--repeats N]

SAMPLE.jsonl holds one {"text": title + " " + abstract} object a line. Prints
one JSON object: load time (import + first parse, which unpickles the unit
classifier), per-repeat parse times of the whole sample, quantities found,
documents on which parse() raised, and warnings (e.g. a scikit-learn version
mismatch when unpickling the classifier).
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sample")
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    with open(args.sample, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        from quantulum3 import parser
        import quantulum3
        # the first parse of an ambiguous unit loads the pickled classifier
        parser.parse("It takes 3 ms and 2 GB at 5 pounds.")
        load_s = time.perf_counter() - t0

        runs, quantities, errors, first_error = [], 0, 0, None
        for _ in range(max(1, args.repeats)):
            quantities, errors = 0, 0
            t = time.perf_counter()
            for text in texts:
                try:
                    quantities += len(parser.parse(text))
                except Exception as exc:  # counted and reported, never hidden
                    errors += 1
                    if first_error is None:
                        first_error = f"{type(exc).__name__}: {exc}"[:300]
            runs.append(time.perf_counter() - t)

    try:
        import sklearn
        sklearn_version = sklearn.__version__
    except ImportError:
        sklearn_version = None
    json.dump({
        "documents": len(texts),
        "seconds": runs,
        "load_seconds": load_s,
        "quantities": quantities,
        "errors": errors,
        "first_error": first_error,
        "warnings": sorted({f"{w.category.__name__}: {str(w.message)[:200]}" for w in caught}),
        "quantulum3_version": getattr(quantulum3, "__version__", None),
        "sklearn_version": sklearn_version,
        "python": platform.python_version(),
    }, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
