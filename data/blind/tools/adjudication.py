"""What the shards' adjudication scripts share: the gold record's fields,
and putting a decided claim back on the document text."""
from __future__ import annotations

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
