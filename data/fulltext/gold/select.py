"""Draw the full-text gold papers (issue 15) and write their documents.

    python data/fulltext/gold/select.py

Draws by surface facts of PROVENANCE.jsonl only, never by what the extractor
finds: papers with a table and at most 80,000 characters (so two annotators
can read each one whole), 16 of them with seed 1515, dealt 10 to dev and 6
to sealed. Writes ``work/<half>.docs.jsonl`` (doc_id, title, body, file):
``body`` is the decompressed file exactly, so gold offsets index the file;
``title`` is the paper's first ``#`` heading as the Markdown reader gives it.
"""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent


def main() -> None:
    from perfclaims.fulltext.markdown import markdown_document

    prov = [json.loads(x) for x in (CORPUS / "PROVENANCE.jsonl").read_text(encoding="utf-8").splitlines()]
    pool = sorted((p for p in prov if p["has_tables"] and p["chars"] <= 80_000), key=lambda p: p["file"])
    rng = random.Random(1515)
    drawn = rng.sample(pool, 16)
    halves = {"dev": drawn[:10], "sealed": drawn[10:]}
    for half, papers in halves.items():
        with open(HERE / "work" / f"{half}.docs.jsonl", "w", encoding="utf-8") as out:
            for p in papers:
                body = gzip.decompress((CORPUS / p["file"]).read_bytes()).decode("utf-8")
                doc_id = Path(p["file"]).name.removesuffix(".md.gz")
                doc = markdown_document(body, doc_id)
                out.write(json.dumps({"doc_id": doc_id, "title": doc.title, "file": p["file"],
                                      "body": body}, ensure_ascii=False) + "\n")
        print(half, [Path(p["file"]).name for p in papers])


if __name__ == "__main__":
    main()
