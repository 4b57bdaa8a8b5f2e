"""Validate a gold annotation file against its documents.

    python data/blind/tools/check_gold.py GOLD.jsonl --docs DOCS.jsonl

Checks each line: JSON object; title and doc_id name a document; the span
(``body`` and a ``passage_kind`` for full-text papers, data/fulltext/gold)
``field[char_start:char_end] == text``; claim_type, unit and qualifier are
allowed (ANNOTATION.md); value_low <= value_high. Prints every problem as
``file:line: problem`` and exits 1 if there is any.
"""
from __future__ import annotations

import argparse
import json
import sys

UNITS = {
    "speedup": {"x"},
    "throughput": {"FLOP/s", "OP/s", "token/s", "sample/s", "image/s", "video/s", "request/s",
                   "query/s", "step/s", "B/s"},
    "fps": {"Hz"}, "latency": {"s"}, "accuracy": {"%", "dB", "1"}, "memory": {"B"},
    "reduction": {"%"}, "utilization": {"%"}, "power": {"W", "J"},
    "efficiency": {"OP/J", "FLOP/J", "token/J", "frame/J", "sample/J", "image/J"},
}
QUALIFIERS = {"exact", "approx", "upper_bound", "lower_bound", "range"}
FIELDS = ("doc_id", "title", "field", "char_start", "char_end", "text", "claim_type", "value_low",
          "value_high", "unit", "qualifier", "hardware", "hardware_count", "baseline", "metric", "optional")


def check(gold_path: str, docs_path: str) -> list[str]:
    docs = {}
    for line in open(docs_path, encoding="utf-8"):
        d = json.loads(line)
        docs[d["doc_id"]] = d
    problems = []
    for n, line in enumerate(open(gold_path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        where = f"{gold_path}:{n}"
        try:
            g = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: bad JSON ({exc.msg})")
            continue
        missing = [k for k in FIELDS if k not in g]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        d = docs.get(g["doc_id"])
        if d is None:
            problems.append(f"{where}: unknown doc_id {g['doc_id']!r}")
            continue
        if g["title"] != d["title"]:
            problems.append(f"{where}: title differs from the document's")
        text = d.get(g["field"]) if g["field"] in ("title", "abstract", "body") else None
        if text is None:
            problems.append(f"{where}: field must be title or abstract (body for full text)")
            continue
        if g["field"] == "body" and g.get("passage_kind") not in ("text", "table"):
            problems.append(f"{where}: a body claim needs passage_kind \"text\" or \"table\"")
        s, e = g["char_start"], g["char_end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            problems.append(f"{where}: bad offsets {s}..{e}")
        elif text[s:e] != g["text"]:
            problems.append(f"{where}: span {s}..{e} is {text[s:e]!r}, not {g['text']!r}")
        ct = g["claim_type"]
        if ct not in UNITS:
            problems.append(f"{where}: unknown claim_type {ct!r}")
        elif g["unit"] not in UNITS[ct]:
            problems.append(f"{where}: unit {g['unit']!r} not allowed for {ct} ({sorted(UNITS[ct])})")
        if g["qualifier"] not in QUALIFIERS:
            problems.append(f"{where}: unknown qualifier {g['qualifier']!r}")
        lo, hi = g["value_low"], g["value_high"]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi)):
            problems.append(f"{where}: values must be numbers")
        elif lo > hi:
            problems.append(f"{where}: value_low > value_high")
        if not isinstance(g["optional"], bool):
            problems.append(f"{where}: optional must be true or false")
        hc = g["hardware_count"]
        if hc is not None and not (isinstance(hc, int) and hc > 0):
            problems.append(f"{where}: hardware_count must be a positive integer or null")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("--docs", required=True)
    args = ap.parse_args()
    problems = check(args.gold, args.docs)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
