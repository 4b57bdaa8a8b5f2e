"""Print every row extracted from a fixed sample (the case tables, the
bundled corpus, the second evaluation set, the blind benchmark's dev half)
as JSON lines: run once as is and once with PERFCLAIMS_SLOW=1, the two
outputs must be equal (tests/test_shortcuts.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = [ROOT / "data" / "corpus" / "hf_papers_h100.txt", ROOT / "data" / "heldout" / "docs.jsonl",
          ROOT / "data" / "blind" / "dev" / "docs.jsonl"]


def rows():
    from perfclaims.model import Doc
    from perfclaims.pipeline import extract_documents, extractor
    from perfclaims.read import read_documents
    from tests.case_tables import load_cases
    ex = extractor()
    for stem, i, case in load_cases():
        for c in ex.extract(Doc(doc_id=f"{stem}-{i}", title="", abstract=case["text"])):
            yield c.as_row()
    for path in SAMPLE:
        if path.exists():
            for c in extract_documents(read_documents(path)):
                yield c.as_row()


if __name__ == "__main__":
    out = sys.stdout
    for r in rows():
        out.write(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n")
