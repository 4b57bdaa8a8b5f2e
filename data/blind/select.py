"""Reproducible selection of the blind benchmark (issue 14): abstracts from
the 104k corpus, stratified by surface cues (never by the extractor's
output), then split once into a dev half and a sealed half.

    python data/blind/select.py [--corpus ../shared/data/abstracts_corpus.jsonl.gz]

Strata: one per claim type, found by plain keyword patterns a reader would
use to look for such claims, plus a stratum of distractor-heavy abstracts
(budgets, thresholds, dataset sizes, GPU-hours, capture rates, spec sheets)
and a random stratum. Each abstract is drawn once, from the first stratum
that draws it. The documents of the existing evaluation sets are excluded.
Split: random.Random(SEED) shuffles each stratum's picks; alternate picks go
to dev and sealed, so both halves keep the stratification.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

SEED = 1414
HERE = Path(__file__).resolve().parent
NUM = r"\d"

# (stratum, how many abstracts, cue pattern). Counts over-sample the systems
# types, whose claims are rarer per abstract.
STRATA = [
    ("utilization", 50, r"(?i)utili[sz]ation|\bMFU\b|\bHFU\b|% of (?:the )?(?:peak|theoretical|optimal)"),
    ("power", 45, r"\d\s*(?:[mkμµ]?W\b|watts?\b|[mkμµ]?J\b|joules?\b)|(?i:energy consumption)"),
    ("fps", 45, r"\bFPS\b|\bfps\b|frames per second|\d\s*Hz\b"),
    ("throughput", 45, r"(?i)TFLOPS|PFLOPS|GFLOPS|tokens?/s|tokens? per second|samples?/s|images?/s|queries per second|requests? per second|\bQPS\b|GB/s"),
    ("memory", 45, r"\d\s*(?:GB|MB|TB|KB|GiB|MiB)\b"),
    ("latency", 45, r"\d\s*(?:ms|milliseconds?|seconds?|minutes?|hours?|s)\b|(?i:latency)"),
    ("speedup", 40, r"(?i)speed-?ups?|\d\s*(?:x|×|\\times|times)\s+(?:faster|higher|speed)|faster than"),
    ("reduction", 40, r"(?i)\d\s*%\s*(?:less|lower|fewer|reduction|smaller)|reduc\w+ [^.]{0,40}by \d"),
    ("accuracy", 35, r"(?i)\d\s*%\s*(?:accuracy|top-1|F1|mAP)|\b(?:BLEU|PSNR|FID|F1)\b[^.]{0,30}\d"),
    ("distractor", 40, r"(?i)\bbudget\b|\bthreshold\b|GPU[- ]hours|hours of (?:speech|audio|video)|\b\d+\s*(?:TB|GB) of (?:data|text|disk)|collected over|captured at|recorded at|\bwithin (?:a|an|the) \d|\bat most \d"),
    ("random", 30, None),
]


def _load_excluded() -> set[str]:
    titles = set()
    root = HERE.parent
    for p in list((root / "heldout").glob("docs.jsonl")) + list((root / "gold").glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            titles.add(" ".join(json.loads(line)["title"].split()))
    return titles


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(HERE.parents[2] / "shared" / "data" / "abstracts_corpus.jsonl.gz"))
    args = ap.parse_args()
    excluded = _load_excluded()
    docs = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if " ".join(d["title"].split()) in excluded or not re.search(NUM, d["abstract"]):
                continue
            docs.append(d)
    docs.sort(key=lambda d: d["doc_id"])
    rng = random.Random(SEED)
    taken: set[str] = set()
    picks = []   # (stratum, doc)
    for name, n, pattern in STRATA:
        rx = re.compile(pattern) if pattern else None
        pool = [d for d in docs if d["doc_id"] not in taken
                and (rx is None or rx.search(d["title"] + "\n" + d["abstract"]))]
        chosen = rng.sample(pool, min(n, len(pool)))
        for d in chosen:
            taken.add(d["doc_id"])
            picks.append((name, d))
        print(f"{name:12s} candidates {len(pool):6d}  drawn {len(chosen)}")
    halves = {"dev": [], "sealed": []}
    for name, _, _ in STRATA:
        group = [d for s, d in picks if s == name]
        rng.shuffle(group)
        for i, d in enumerate(group):
            halves["dev" if i % 2 == 0 else "sealed"].append((name, d))
    for half, rows in halves.items():
        rows.sort(key=lambda r: r[1]["doc_id"])
        out = HERE / half / "docs.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for stratum, d in rows:
                fh.write(json.dumps({"doc_id": d["doc_id"], "title": d["title"], "abstract": d["abstract"],
                                     "source": d.get("source"), "stratum": stratum}, ensure_ascii=False) + "\n")
        print(f"{half}: {len(rows)} abstracts -> {out}")


if __name__ == "__main__":
    main()
