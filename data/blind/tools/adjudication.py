"""What the shards' adjudication scripts share: the gold record's fields,
and putting a decided claim back on the document text."""
from __future__ import annotations

import json
import os
from collections import Counter

FIELDS = ("doc_id", "title", "field", "char_start", "char_end", "text", "claim_type", "value_low",
          "value_high", "unit", "qualifier", "hardware", "hardware_count", "baseline", "metric", "optional")


def clean(g):
    """A gold record: exactly FIELDS, in that order."""
    return {k: g.get(k) for k in FIELDS}


def k3(g):
    """How a script's decision tables name a claim: (doc_id, text, char_start as annotated)."""
    return (g["doc_id"], g["text"], g["char_start"])


def relocate(g, docs):
    """Recompute the span from the document text (nearest occurrence to the annotated start)."""
    s = docs[g["doc_id"]][g["field"]]
    hits, i = [], s.find(g["text"])
    while i >= 0:
        hits.append(i)
        i = s.find(g["text"], i + 1)
    assert hits, (g["doc_id"], g["text"])
    start = min(hits, key=lambda h: abs(h - g["char_start"]))
    g["char_start"], g["char_end"] = start, start + len(g["text"])
    assert s[g["char_start"]:g["char_end"]] == g["text"]
    g["title"] = docs[g["doc_id"]]["title"]
    return g


def write_shard(claims, docs, gold_path, decisions_path, log) -> int:
    """Write a shard's claims into the gold file, in document order, keeping
    the lines of every other document as they are; write its decision log.
    Returns how many lines of other documents were kept."""
    spans = Counter((g["doc_id"], g["field"], g["char_start"], g["char_end"], g["claim_type"]) for g in claims)
    assert max(spans.values()) == 1, "two final claims with the same span and type"
    order = {d: n for n, d in enumerate(docs)}
    claims = sorted(claims, key=lambda g: (order[g["doc_id"]], g["field"] != "title", g["char_start"], g["claim_type"]))
    os.makedirs(os.path.dirname(gold_path), exist_ok=True)
    kept_lines = []
    if os.path.exists(gold_path):
        kept_lines = [line for line in open(gold_path, encoding="utf-8")
                      if line.strip() and json.loads(line)["doc_id"] not in docs]
    with open(gold_path, "w", encoding="utf-8") as fh:
        fh.writelines(kept_lines)
        for g in claims:
            fh.write(json.dumps(clean(g), ensure_ascii=False) + "\n")
    with open(decisions_path, "w", encoding="utf-8") as fh:
        for r in log:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(kept_lines)
