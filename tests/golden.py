"""The golden snapshot: every column of every row extracted from the bundled
corpus (data/corpus/hf_papers_h100.txt), stored in tests/golden/bundled.jsonl.

A change that alters any output fails tests/test_golden.py, and must update
the snapshot in the same commit, with the diff explained in its message:

    python -m tests.golden            # show the diff
    python -m tests.golden --update   # write the new snapshot
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "hf_papers_h100.txt"
SNAPSHOT = Path(__file__).parent / "golden" / "bundled.jsonl"


def current() -> list[str]:
    from perfclaims.pipeline import extract_documents
    from perfclaims.read import read_documents
    return [json.dumps(c.as_row(), ensure_ascii=False, sort_keys=True)
            for c in extract_documents(read_documents(CORPUS))]


def stored() -> list[str]:
    return SNAPSHOT.read_text(encoding="utf-8").splitlines() if SNAPSHOT.exists() else []


def diff(old: list[str], new: list[str]) -> list[str]:
    import difflib
    return list(difflib.unified_diff(old, new, "snapshot", "now", lineterm="", n=0))


def main(argv: list[str]) -> int:
    new = current()
    if "--update" in argv:
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text("\n".join(new) + "\n", encoding="utf-8")
        print(f"{len(new)} rows -> {SNAPSHOT.relative_to(ROOT)}")
        return 0
    lines = diff(stored(), new)
    print("\n".join(lines) if lines else "no change")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
