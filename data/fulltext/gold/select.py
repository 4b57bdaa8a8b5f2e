"""Draw the full-text gold papers (issue 15) and write their documents.

    python data/fulltext/gold/select.py           # the first draw: dev and sealed
    python data/fulltext/gold/select.py --fresh   # the fresh dev half (dev2)

Draws by surface facts of PROVENANCE.jsonl only, never by what the extractor
finds: papers with a table and at most 80,000 characters (so two annotators
can read each one whole), 16 of them with seed 1515, dealt 10 to dev and 6
to sealed. ``--fresh`` deals the papers collected after that draw (every
PROVENANCE line past the 78th, collected for this half by a helper who chose
them by their tables' captions and headers, never by the extractor's
output) to a third half, ``dev2``, in two shards (g5, g6) with seed 1516:
a development set whose first score is taken before any rule is changed
for it. Writes ``work/<half>.docs.jsonl`` (doc_id, title, body, file):
``body`` is the decompressed file exactly, so gold offsets index the file;
``title`` is the paper's first ``#`` heading as the Markdown reader gives it.
"""
from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent


FIRST_DRAW = 78   # PROVENANCE lines when the first gold was drawn


def _write(name: str, papers: list[dict]) -> None:
    from perfclaims.fulltext.markdown import markdown_document

    with open(HERE / "work" / f"{name}.docs.jsonl", "w", encoding="utf-8") as out:
        for p in papers:
            body = gzip.decompress((CORPUS / p["file"]).read_bytes()).decode("utf-8")
            doc_id = Path(p["file"]).name.removesuffix(".md.gz")
            doc = markdown_document(body, doc_id)
            out.write(json.dumps({"doc_id": doc_id, "title": doc.title, "file": p["file"],
                                  "body": body}, ensure_ascii=False) + "\n")
    print(name, [Path(p["file"]).name for p in papers])


def main(fresh: bool = False) -> None:
    prov = [json.loads(x) for x in (CORPUS / "PROVENANCE.jsonl").read_text(encoding="utf-8").splitlines()]
    if fresh:
        papers = sorted(prov[FIRST_DRAW:], key=lambda p: p["file"])
        random.Random(1516).shuffle(papers)
        _write("dev2", papers)
        half = len(papers) // 2
        _write("g5", papers[:half])
        _write("g6", papers[half:])
        return
    pool = sorted((p for p in prov[:FIRST_DRAW] if p["has_tables"] and p["chars"] <= 80_000), key=lambda p: p["file"])
    rng = random.Random(1515)
    drawn = rng.sample(pool, 16)
    for half, papers in {"dev": drawn[:10], "sealed": drawn[10:]}.items():
        _write(half, papers)


if __name__ == "__main__":
    main(fresh="--fresh" in sys.argv[1:])
