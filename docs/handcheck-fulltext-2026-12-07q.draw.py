"""Draw of the full-text hand check 2026-12-07q (docs/handcheck-fulltext-2026-12-07q.md).

    .venv/bin/python -m perfclaims extract data/fulltext/papers --out OUT --quiet
    .venv/bin/python docs/handcheck-fulltext-2026-12-07q.draw.py OUT/claims.parquet OUT_DIR

Rows of papers no gold holds (not the sealed half's, not a dev half's), not
judged in an earlier full-text check; prose rows stratified by type, plus table
cells at random; seed 20261210. Writes OUT_DIR/sample.jsonl (the rows, numbered)
split into two halves for two reviewers."""
import glob
import json
import sys
from pathlib import Path

import pandas as pd

SEED = 20261210
PROSE = {"latency": 14, "reduction": 10, "fps": 8, "memory": 8, "throughput": 8, "speedup": 8,
         "utilization": 4, "power": 2}
TABLE_CELLS = 12
ROOT = Path(__file__).resolve().parent.parent
gold_docs = set()
for f in glob.glob(str(ROOT / "data/fulltext/gold/work/*.docs.jsonl")):
    gold_docs |= {json.loads(line)["doc_id"] for line in open(f) if line.strip()}
judged = set()
for f in glob.glob(str(ROOT / "docs/handcheck-fulltext-*.sample.jsonl")):
    for line in open(f):
        r = json.loads(line)
        doc = r.get("doc_id") or Path(r.get("paper_file") or r["file"]).name.removesuffix(".md.gz")
        judged.add((doc, r["char_start"], r["char_end"]))
claims = pd.read_parquet(sys.argv[1])
claims = claims[~claims.doc_id.isin(gold_docs)]
claims = claims[[(d, s, e) not in judged for d, s, e in zip(claims.doc_id, claims.char_start, claims.char_end)]]
prose = claims[claims.passage_kind.isin(["text", "caption"])]
parts = []
for claim_type, n in PROSE.items():
    pool = prose[prose.claim_type == claim_type]
    parts.append(pool.sample(min(n, len(pool)), random_state=SEED))
cells = claims[(claims.passage_kind == "table") & (claims.claim_type != "accuracy")]
parts.append(cells.sample(min(TABLE_CELLS, len(cells)), random_state=SEED))
sample = pd.concat(parts).sample(frac=1, random_state=SEED)
cols = ["doc_id", "field", "char_start", "char_end", "text", "claim_type", "metric", "value_low", "value_high",
        "unit", "qualifier", "hardware", "hardware_count", "baseline", "section", "section_kind", "passage_kind",
        "row_header", "column_header", "sentence"]
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
with open(out / "sample.jsonl", "w") as fh:
    for i, r in enumerate(sample[cols].to_dict("records"), 1):
        r = {"row": i, "paper_file": f"data/fulltext/papers/{r['doc_id']}.md.gz", **{k: (None if pd.isna(v) else v) if not isinstance(v, str) else v for k, v in r.items()}}
        fh.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
print(len(sample), "rows;", sample.claim_type.value_counts().to_dict(), sample.passage_kind.value_counts().to_dict())
