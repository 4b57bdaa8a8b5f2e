"""Write the full-text gold halves from the adjudicated shards.

    python data/fulltext/gold/assemble.py [SHARDS_DIR [OUT_DIR]]

Reads every ``work/g<k>.gold.jsonl`` (written by the adjudicators) and writes
``dev/gold.jsonl``, ``sealed/gold.jsonl`` and ``dev2/gold.jsonl`` (the fresh
dev half, ``select.py --fresh``): each claim goes to the half its
paper was dealt to by ``select.py`` (``work/<half>.docs.jsonl``), in paper
and offset order. Checks every span against its paper's text on the way.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
HALVES = ("dev", "sealed", "dev2")


def main(shards: Path = HERE / "work", out_dir: Path = HERE) -> None:
    halves = {}
    bodies = {}
    for half in HALVES:
        for line in (HERE / "work" / f"{half}.docs.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            halves[d["doc_id"]] = half
            bodies[d["doc_id"]] = d["body"]
    claims = {half: [] for half in HALVES}
    for shard in sorted(shards.glob("g*.gold.jsonl")):
        for n, line in enumerate(shard.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            g = json.loads(line)
            body = bodies[g["doc_id"]]
            assert body[g["char_start"]:g["char_end"]] == g["text"], f"{shard}:{n}: span does not match"
            claims[halves[g["doc_id"]]].append(g)
    order = list(halves)
    for half, rows in claims.items():
        rows.sort(key=lambda g: (order.index(g["doc_id"]), g["char_start"], g["claim_type"]))
        out = out_dir / half / "gold.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in rows), encoding="utf-8")
        required = sum(not g["optional"] for g in rows)
        papers = len({g["doc_id"] for g in rows})
        print(f"{half}: {len(rows)} claims ({required} required) in {papers} papers -> {out}")


if __name__ == "__main__":
    import sys
    main(*(Path(a) for a in sys.argv[1:3]))
