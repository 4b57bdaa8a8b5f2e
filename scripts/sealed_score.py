"""Score the blind benchmark's sealed half in aggregate only.

    python scripts/sealed_score.py                 # print the scores
    python scripts/sealed_score.py --record NOTE   # and append them to data/blind/SEALED_HISTORY.jsonl

The sealed half (data/blind/sealed/) is never read row by row: this prints
per-type precision, recall and F1, value and hardware accuracy, nothing that
names a document or a claim. ``--record`` keeps the history the issue asks
for: the commit measured (HEAD, and whether the tree had changes), the date,
a note, and the scores. The first entry was taken before any rule changed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEALED = ROOT / "data" / "blind" / "sealed"
HISTORY = ROOT / "data" / "blind" / "SEALED_HISTORY.jsonl"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def score(claims: Path | None = None) -> dict:
    from perfclaims.evaluate import evaluate, format_report
    from perfclaims.runner import run_extract
    with tempfile.TemporaryDirectory() as tmp:
        if claims is None:
            run_extract(SEALED / "docs.jsonl", Path(tmp), quiet=True)
            claims = Path(tmp) / "claims.parquet"
        result = evaluate(claims, SEALED / "gold")
    print(format_report(result, aggregate_only=True), end="")
    return summary(result)


def summary(result: dict) -> dict:
    """The figures a history entry keeps of an ``evaluate`` result (aggregates only)."""
    ov = result["overall"]
    return {
        "overall": {k: ov[k] for k in ("n_gold", "n_pred", "tp", "precision", "recall", "f1")},
        "per_type_f1": {t: s["f1"] for t, s in result["per_type"].items() if s["n_gold"]},
        "value_accuracy": ov["value_accuracy"], "hardware_accuracy": ov["hardware_accuracy"],
        "hardware_count_accuracy": ov["hardware_count_accuracy"],
    }


def record(history: Path, note: str, commit: str | None, scores: dict, **fields) -> None:
    """Append one entry to a score history: the commit measured (HEAD and whether
    extract/ had changes, unless an earlier commit's claims were scored), the
    date, the note, any ``fields``, and the scores."""
    entry = {**fields, "commit": commit or _git("rev-parse", "HEAD"),
             "dirty": False if commit else bool(_git("status", "--porcelain", "extract")),
             "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             "note": note, **scores}
    with open(history, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")
    print(f"recorded in {history.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--record", metavar="NOTE", help="append the scores to the history with this note")
    ap.add_argument("--claims", type=Path, help="score this claims file (made by an earlier commit) instead of "
                                                "extracting with this checkout; give --commit with it")
    ap.add_argument("--commit", help="the commit that made --claims")
    args = ap.parse_args()
    if bool(args.claims) != bool(args.commit):
        ap.error("--claims and --commit go together")
    scores = score(args.claims)
    if args.record:
        record(HISTORY, args.record, args.commit, scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
