"""Score the full-text gold (data/fulltext/gold, issue 15).

    python scripts/fulltext_score.py --half dev              # per-claim report (the dev half is read)
    python scripts/fulltext_score.py --half dev2             # the fresh dev half (select.py --fresh)
    python scripts/fulltext_score.py --half dev3             # systems types only, one annotator (gold/README.md)
    python scripts/fulltext_score.py --half sealed           # aggregate only (never read row by row)
    python scripts/fulltext_score.py --half sealed --record NOTE
    python scripts/fulltext_score.py --half dev --claims OUT/claims.parquet --commit SHA   # an earlier run

The papers of a half are the ``file`` entries of ``gold/work/<half>.docs.jsonl``
(under data/fulltext/); they are extracted with this checkout into a
temporary folder and scored against ``gold/<half>/`` by ``perfclaims.evaluate``.
Table cells are in scope for the systems types only (gold/ANNOTATION.md):
predicted accuracy rows read from table cells are dropped before scoring.
``--record`` appends the figures, with the commit, to
``gold/SCORE_HISTORY.jsonl``.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sealed_score import record, summary   # the blind benchmark's history format, one writer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "fulltext"
GOLD = CORPUS / "gold"
HISTORY = GOLD / "SCORE_HISTORY.jsonl"
# halves annotated for the systems types only (gold/README.md: dev3 to dev7)
SYSTEMS_ONLY = {"dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13"}
TABLE_TYPES = {"speedup", "throughput", "fps", "latency", "memory", "reduction", "utilization", "power",
               "efficiency"}


def _docs(half: str, gold_root: Path = GOLD) -> list[dict]:
    """The papers of a half as its docs file holds them (doc_id, title, file, body)."""
    lines = (gold_root / "work" / f"{half}.docs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def papers(half: str) -> list[Path]:
    return [CORPUS / doc["file"] for doc in _docs(half)]


def score(half: str, claims: Path | None = None, gold_root: Path = GOLD) -> dict:
    import pandas as pd
    from perfclaims.evaluate import format_report, load_gold
    from perfclaims.evaluate import score as score_claims
    from perfclaims.runner import run_extract
    with tempfile.TemporaryDirectory() as tmp:
        if claims is None:
            folder = Path(tmp) / "papers"
            folder.mkdir()
            for p in papers(half):
                (folder / p.name).symlink_to(p)
            run_extract(folder, Path(tmp) / "out", quiet=True)
            claims = Path(tmp) / "out" / "claims.parquet"
        pred = pd.read_parquet(claims)
    # rows join gold by title (SPEC); a paper whose conversion lost its title heading
    # (detr: it opens with the authors) is named by its file, which the docs name too
    titles = {doc["doc_id"]: doc["title"] for doc in _docs(half, gold_root)}
    pred["title"] = [titles.get(d, t) for d, t in zip(pred["doc_id"], pred["title"])]
    if "passage_kind" in pred.columns:
        pred = pred[~((pred["passage_kind"] == "table") & ~pred["claim_type"].isin(TABLE_TYPES))]
    if half in SYSTEMS_ONLY:   # a gold of the systems types only, in prose too
        pred = pred[pred["claim_type"].isin(TABLE_TYPES)]
    gold = load_gold(gold_root / half)
    result = score_claims(pred, gold)
    print(format_report(result, aggregate_only=(half == "sealed"), max_items=None), end="")
    # one paper's big tables can outweigh the rest: the mean of per-paper F1 beside the pooled one
    per_paper = []
    for title in sorted(set(gold["title"])):
        one = score_claims(pred[pred["title"] == title], gold[gold["title"] == title])["overall"]
        if one["n_gold"]:
            per_paper.append(one["f1"])
    macro = sum(per_paper) / len(per_paper) if per_paper else None
    print(f"per-paper mean F1 over {len(per_paper)} papers: {macro:.3f}" if macro is not None else "")
    # recall by where the gold claim stands (prose, caption, table cell): an
    # aggregate that says which reader loses claims, without showing a row
    if "passage_kind" in gold.columns:
        for kind in sorted(set(gold["passage_kind"].dropna())):
            one = score_claims(pred, gold[gold["passage_kind"] == kind])["overall"]
            print(f"recall in {kind:<11} {one['tp']:>5} of {one['n_gold']:>5} required claims"
                  + (f" ({one['recall']:.3f})" if one["n_gold"] else ""))
        inside, total = _inside_found_tables(half, gold[gold["passage_kind"] == "table"], gold_root)
        print(f"table claims inside a table the reader finds: {inside} of {total}")
    return {"per_paper_mean_f1": macro, **summary(result)}


def _inside_found_tables(half: str, table_gold, gold_root: Path) -> tuple[int, int]:
    """How many gold table claims stand inside a table that the reader hands
    to the cell rules in their paper: found by the table model, outside code
    fences, references and acknowledgments (an aggregate: whether a miss is
    the reader's or the cells' rules)."""
    from perfclaims.fulltext.markdown import markdown_document
    spans = {}
    for doc in _docs(half, gold_root):
        read = markdown_document(doc["body"], doc["doc_id"])
        spans[doc["title"]] = [(t.start, t.end) for t, _, _ in read.tables]
    inside = sum(any(s <= start < e for s, e in spans.get(title, ()))
                 for title, start in zip(table_gold["title"], table_gold["char_start"]))
    return inside, len(table_gold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", choices=("dev", "sealed", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13"), required=True)
    ap.add_argument("--record", metavar="NOTE", help="append the scores to the history with this note")
    ap.add_argument("--claims", type=Path, help="score this claims file (made by an earlier commit); give --commit")
    ap.add_argument("--commit", help="the commit that made --claims")
    ap.add_argument("--gold", type=Path, default=GOLD, help="folder holding dev/ and sealed/ gold (default: %(default)s)")
    args = ap.parse_args()
    if bool(args.claims) != bool(args.commit):
        ap.error("--claims and --commit go together")
    scores = score(args.half, args.claims, args.gold)
    if args.record:
        record(HISTORY, args.record, args.commit, scores, half=args.half)
    return 0


if __name__ == "__main__":
    sys.exit(main())
