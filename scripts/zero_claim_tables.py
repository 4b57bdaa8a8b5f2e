"""Tables that look like systems results but give no claim: a probe of table forms
over any folder of Markdown papers (no annotation needed).

    .venv/bin/python scripts/zero_claim_tables.py FOLDER [--all]

A table "looks like" systems results when its caption or headers name a speed, time,
memory, utilization or power figure and it holds at least four numeric body cells.
Prints, per such table with no claim (with --all: every such table), the paper, the
number of numeric cells, the caption and the headers; then the totals. Most are rightly
empty (quality tables that mention "hours of data"); read the rest for forms the cell
rules miss, and compare the totals before and after a change to the table rules.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import regex

from perfclaims.fulltext.cells import table_claims
from perfclaims.fulltext.markdown import markdown_document
from perfclaims.fulltext.table_model import mostly_number

_SYSTEMS = regex.compile(
    r"(?i)\b(?:latency|throughput|speed-?ups?|speed|fps|frames?\s+per\s+second|tokens?/s|samples?/s|steps?/s"
    r"|steps\s+per\s+second|runtime|run\s*time|wall[\s-]?clock|training\s+time|inference\s+time|memory"
    r"|GPU\s+hours|GPU\s+days|ms|sec|hours?|TFLOPs?/s|MFU|utili[sz]ation|energy|power|watts?|kWh)\b")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--all", action="store_true", help="list every systems-looking table, with its claim count")
    args = ap.parse_args()
    looking = empty = claims = 0
    for path in sorted(Path(args.folder).glob("*.md")):
        doc = markdown_document(path.read_text("utf-8"), path.stem)
        for table, _, _ in doc.tables:
            caption = table.caption or ""
            headers = " ; ".join(table.column_header(c) for c in range(table.width))
            numbers = sum(1 for row in table.rows[table.header_rows:] for cell in row
                          if cell is not None and cell.text and mostly_number(cell.plain))
            if numbers < 4 or not _SYSTEMS.search(caption + " " + headers):
                continue
            looking += 1
            n = len(table_claims(table))
            claims += n
            empty += n == 0
            if n == 0 or args.all:
                print(f"{doc.doc_id} claims={n} numeric={numbers} | {caption[:120]!r} | {headers[:160]!r}")
    print(f"systems-looking tables {looking}, with no claim {empty}, claims {claims}")


if __name__ == "__main__":
    main()
