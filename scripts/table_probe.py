"""How much of 54 real systems-results tables the cell rules read.

data/fulltext/tables_probe/ holds tables copied verbatim from ML papers
converted to Markdown by others (marker-style pipe tables, MinerU-style HTML
tables; provenance in each file and INDEX.md). They are a probe of table
*forms*, not a gold set: nobody annotated them, and many of their numeric
cells are rightly no claim (accuracy columns, settings, parameter counts).
Read the unclaimed cells a run lists to find forms the rules miss; compare
the totals before and after a change to the table rules.

    .venv/bin/python scripts/table_probe.py [--cells] [NAME_FRAGMENT ...]
"""
from __future__ import annotations

import argparse
import collections
from pathlib import Path

from perfclaims.fulltext.cells import table_claims
from perfclaims.fulltext.table_model import mostly_number
from perfclaims.read import read_documents

PROBE = Path(__file__).resolve().parent.parent / "data" / "fulltext" / "tables_probe"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="only files whose name holds one of these")
    ap.add_argument("--cells", action="store_true", help="list each table's unclaimed numeric cells by header")
    args = ap.parse_args()
    files = sorted(p for p in PROBE.glob("[0-9]*.md") if not args.names or any(n in p.name for n in args.names))
    totals: collections.Counter = collections.Counter()
    for path in files:
        for doc in read_documents(path):
            for table, _, _ in doc.tables:
                claims = table_claims(table)
                numeric = unclaimed = 0
                headers: collections.Counter = collections.Counter()
                for r in range(table.header_rows, len(table.rows)):
                    for c, cell in enumerate(table.rows[r]):
                        if cell is None or c == 0 or not cell.plain.strip() or not mostly_number(cell.plain):
                            continue
                        numeric += 1
                        if not any(cell.start <= k.start < cell.end for k in claims):
                            unclaimed += 1
                            headers[(table.row_header(r)[:25], table.column_header(c)[:35])] += 1
                totals["tables"] += 1
                totals["numeric cells"] += numeric
                totals["claimed cells"] += numeric - unclaimed
                totals["claims"] += len(claims)
                totals.update(f"claims: {k.claim_type}" for k in claims)
                print(f"{path.name[:42]:42} cells {numeric:3}  claims {len(claims):3}  unclaimed {unclaimed:3}"
                      f"  | {(table.caption or '')[:60]}")
                if args.cells:
                    for (row, col), n in headers.most_common(6):
                        print(f"      {n:3}  row={row!r}  column={col!r}")
    print()
    for key in sorted(totals):
        print(f"{key:24} {totals[key]:6}")


if __name__ == "__main__":
    main()
