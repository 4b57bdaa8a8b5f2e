"""Full-text figures of the README: claims, the share of performance claims
(speedup, throughput, latency, fps, memory) that carry hardware, the same
for the papers' abstract sections read alone, and MB/s in one process.

    .venv/bin/python scripts/fulltext_coverage.py [data/fulltext/papers]
"""
import sys
import time
from pathlib import Path

from perfclaims.model import Doc
from perfclaims.pipeline import extractor
from perfclaims.read import read_documents

PERF = {"speedup", "throughput", "latency", "fps", "memory"}


def share(claims) -> str:
    perf = [c for c in claims if c.claim_type in PERF]
    with_hw = sum(c.hardware is not None for c in perf)
    return f"{with_hw} of {len(perf)} ({with_hw / max(1, len(perf)):.0%})"


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data/fulltext/papers")
    ex = extractor()
    docs = list(read_documents(folder))
    mb = sum(len(d.body.encode()) for d in docs) / 1e6
    t = time.perf_counter()
    claims = [c for d in docs for c in ex.extract(d)]
    seconds = time.perf_counter() - t
    abstracts = [c for d in docs
                 if (text := " ".join(p.text for p in d.passages if p.section_kind == "abstract"))
                 for c in ex.extract(Doc(d.doc_id, d.title, text))]
    print(f"{len(docs)} papers, {mb:.1f} MB: {len(claims):,} claims, {mb / seconds:.2f} MB/s in one process")
    print(f"performance claims with hardware: full text {share(claims)}; abstracts alone {share(abstracts)}")


if __name__ == "__main__":
    main()
