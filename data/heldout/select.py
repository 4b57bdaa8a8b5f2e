"""Reproducible selection of 45 held-out abstracts for perfclaims gold annotation.
Filter: abstract (or title) names a GPU/accelerator model AND contains at least one
performance cue. Sample with random.Random(2026): 41 arXiv + 4 ACL."""
import gzip, json, random, re

HW = re.compile(r"\b(A100|H100|H800|H200|V100|A6000|L40S?|RTX|Jetson|TPUs?|TPU ?v\d|iPhone|Snapdragon|Gaudi|MI250X?|MI300X?|Ascend)\b")
PERF = re.compile(r"\\times|\d\s*x faster|speedup|speed-up|\bFPS\b|\bfps\b|tokens/s|TFLOPS|\d\s*ms\b|\bms\b|latency|throughput|%")

cands = {"arxiv": [], "acl": []}
with gzip.open("/work/shared/data/abstracts_corpus.jsonl.gz", "rt") as f:
    for line in f:
        d = json.loads(line)
        text = d["title"] + "\n" + d["abstract"]
        if HW.search(text) and PERF.search(text):
            src = "acl" if d["doc_id"].startswith("acl:") else "arxiv"
            cands[src].append(d)
for k in cands:
    cands[k].sort(key=lambda d: d["doc_id"])
print({k: len(v) for k, v in cands.items()})
rng = random.Random(2026)
n_acl = min(4, len(cands["acl"]))
sel = rng.sample(cands["arxiv"], 45 - n_acl) + rng.sample(cands["acl"], n_acl)
sel.sort(key=lambda d: d["doc_id"])
with open("/work/heldout/docs.jsonl", "w") as out:
    for d in sel:
        out.write(json.dumps({"doc_id": d["doc_id"], "title": d["title"], "abstract": d["abstract"], "source": d["source"]}, ensure_ascii=False) + "\n")
print(len(sel))
