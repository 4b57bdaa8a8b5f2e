"""A/B speed of two checkouts in one run: one-process ``Extractor.extract``
docs/s over the first N abstracts, alternating rounds so load hits both.

    git worktree add /tmp/base <commit>
    mkdir -p /tmp/ab/A /tmp/ab/B
    ln -s /tmp/base/extract /tmp/ab/A/perfclaims; ln -s $PWD/extract /tmp/ab/B/perfclaims
    .venv/bin/python scripts/ab_speed.py /tmp/ab/A /tmp/ab/B [N]

Each argument is a folder holding a ``perfclaims`` package (a link to an
``extract/`` folder); prints each round and the median ratio B/A.
"""
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "abstracts_corpus.jsonl.gz"
CHILD = r'''
import itertools, sys, time
sys.path.insert(0, sys.argv[1])
from perfclaims.pipeline import Extractor
from perfclaims.read import read_documents
docs = list(itertools.islice(read_documents(sys.argv[2]), int(sys.argv[3])))
ex = Extractor()
for d in docs[:50]:
    ex.extract(d)
t = time.perf_counter()
for d in docs:
    ex.extract(d)
print(len(docs) / (time.perf_counter() - t))
'''


def run(package_dir: str, n: int) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, package_dir, str(CORPUS), str(n)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.split()[0])


def main() -> None:
    a, b = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    ra, rb = [], []
    for i in range(3):
        ra.append(run(a, n))
        rb.append(run(b, n))
        print(f"round {i + 1}: A {ra[-1]:,.0f} docs/s  B {rb[-1]:,.0f} docs/s", flush=True)
    ma, mb = statistics.median(ra), statistics.median(rb)
    print(f"median A {ma:,.0f}  B {mb:,.0f}  B/A {mb / ma:.3f}")


if __name__ == "__main__":
    main()
