"""Adjudicate shard sealed1: start from the agreed claims (annotator a's record of
each matched pair), apply the adjudicator's decisions to every disagreement item
(and the few agreed claims that clearly conflict with the guide), write the gold
lines for sealed1's documents into the sealed gold file (other shards' lines kept),
and print counts.

Decisions are keyed by (doc_id, field, char_start, char_end, claim_type) of the
record they act on (a's record for matched pairs and only_a items, b's for only_b).
Spans are re-checked against the document text in Python.
"""
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from agree import differing_fields, match  # noqa: E402

W = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "work")
DOCS = f"{W}/sealed1.docs.jsonl"
A_PATH, B_PATH = f"{W}/sealed1.a.jsonl", f"{W}/sealed1.b.jsonl"
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sealed", "gold", "gold.jsonl")
FIELDS = ("doc_id", "title", "field", "char_start", "char_end", "text", "claim_type", "value_low",
          "value_high", "unit", "qualifier", "hardware", "hardware_count", "baseline", "metric", "optional")


def load(p):
    return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]


def k(g):
    return (g["doc_id"], g["field"], g["char_start"], g["char_end"], g["claim_type"])


docs = {d["doc_id"]: d for d in load(DOCS)}
A, B = load(A_PATH), load(B_PATH)
pairs = match(A, B)
ma = {i for i, _ in pairs}
mb = {j for _, j in pairs}

NULL_COUNT = {"hardware_count": None}
KEEP_A = {}
RPI = {}  # canonical name as used in the dev gold: a's record ("Raspberry Pi 4 Model B")

# ---- decisions on differing matched pairs: overrides applied to a's record ----
PAIR_FIX = {
    # parameter-count cuts: optional (shard convention)
    ("acl:D17-1154", "abstract", 798, 806, "reduction"): {"optional": True},
    ("arxiv:2602.21987", "abstract", 1327, 1330, "reduction"): {"optional": True},
    # absolute error of the method's output: a quality result, required; value as written
    # (plain number in the written unit, like the agreed/dev "5 mm", "8.36m", "15 seconds")
    ("acl:L10-1223", "abstract", 907, 910, "accuracy"): {"optional": False},
    # device introduced with a definite article, not a/an/one/single -> count null
    ("arxiv:2507.18174", "abstract", 1012, 1015, "accuracy"): NULL_COUNT,
    ("arxiv:2507.18174", "abstract", 1045, 1049, "power"): NULL_COUNT,
    ("arxiv:2507.18174", "abstract", 1076, 1095, "fps"): NULL_COUNT,
    # token-count cut achieved by the method: required reduction, metric tokens (dev1 rule)
    ("arxiv:2508.15190", "abstract", 1114, 1125, "reduction"): {"optional": False},
    # document-level fallback applied mechanically to hardware and its count (SPEC: same order)
    ("arxiv:2509.22622", "abstract", 1428, 1439, "latency"): KEEP_A,
    # "as low as": not a listed bound cue; extreme-of-set wording -> exact (sealed0 rule)
    ("arxiv:2510.08770", "abstract", 627, 632, "latency"): {"qualifier": "exact"},
    # "capped at around": 'around' is the listed approx cue; prior-work figure stays optional
    ("arxiv:2510.18488", "abstract", 374, 377, "accuracy"): {"qualifier": "approx", "metric": "success rate"},
    # compression of a learned representation vs other representations: storage cut,
    # size-of-representation figure like model-file-size cuts -> optional
    ("arxiv:2602.18882", "abstract", 615, 638, "reduction"): {"optional": True},
    # hardware canonical name: a's record (matches the dev gold)
    ("arxiv:2603.17069", "abstract", 1684, 1705, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1725, 1746, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1530, 1535, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1546, 1551, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1563, 1568, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1579, 1584, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1615, 1620, "accuracy"): RPI,
    ("arxiv:2603.17069", "abstract", 1776, 1783, "latency"): RPI,
    ("arxiv:2603.17069", "abstract", 1787, 1794, "latency"): RPI,
    ("arxiv:2603.17069", "abstract", 1838, 1846, "power"): RPI,
    ("arxiv:2603.17069", "abstract", 1850, 1858, "power"): RPI,
    # durations of agent activity per session: a usage statistic more than a performance
    # figure; a careful reader could go either way -> optional
    ("arxiv:2606.07489", "abstract", 529, 539, "latency"): {"optional": True},
    ("arxiv:2606.07489", "abstract", 584, 594, "latency"): {"optional": True},
}

# ---- agreed claims that clearly conflict with the guide / shard conventions ----
AGREED_FIX = {
    # model file sizes: listed as non-claims; storage sizes of models are optional (dev/sealed0)
    ("acl:D17-1154", "abstract", 839, 843, "memory"): {"optional": True},
    ("arxiv:2510.08770", "abstract", 656, 662, "memory"): {"optional": True},
    # "N x faster" convergence measured in training steps: data efficiency, not speed
    # (guide); kept as speedup-typed but optional (dev gold: convergence-rate factors optional)
    ("arxiv:2606.02332", "abstract", 812, 814, "speedup"): {"optional": True},
}

# ---- decisions on claims only one annotator has ----
ONLY = {
    # compression level of a deployed model (parameter cut, close to a setting): optional
    ("a", ("arxiv:2506.11105", "abstract", 773, 777, "reduction")): ("keep", {"optional": True}),
    ("a", ("arxiv:2506.11105", "abstract", 803, 807, "reduction")): ("keep", {"optional": True}),
    # a non-ML outcome measure of an agent: borderline, optional
    ("a", ("arxiv:2507.11117", "abstract", 1057, 1068, "accuracy")): ("keep", {"optional": True}),
    # relative/point cut of a lower-is-better measure the guide does not name:
    # accuracy, optional; the reduction twin is dropped (dev1 rule 2)
    ("a", ("arxiv:2508.01724", "abstract", 1209, 1216, "accuracy")): ("keep", {"optional": True}),
    ("b", ("arxiv:2508.01724", "abstract", 1209, 1216, "reduction")):
        ("drop", "type split on the same span; accuracy record kept"),
    ("a", ("arxiv:2606.07489", "abstract", 928, 931, "accuracy")): ("keep", {"optional": True}),
    ("b", ("arxiv:2606.07489", "abstract", 928, 931, "reduction")):
        ("drop", "type split on the same span; accuracy record kept"),
    # proved (theoretical) performance ratios of the algorithms: not measured, but the
    # paper's result on solution quality; a careful reader could go either way -> optional
    ("a", ("arxiv:2605.16601", "abstract", 1160, 1165, "accuracy")): ("keep", {"optional": True}),
    ("a", ("arxiv:2605.16601", "abstract", 1333, 1338, "accuracy")): ("keep", {"optional": True}),
}


def clean(g, over=None):
    r = {f: g.get(f) for f in FIELDS}
    if over:
        r.update(over)
    return r


gold = []
stats = Counter()  # (claim_type, outcome) over adjudicated items
used_fix, used_only, used_agreed = set(), set(), set()
n_items = 0
for i, j in pairs:
    ga, gb = A[i], B[j]
    fields = differing_fields(ga, gb)
    key = k(ga)
    if fields:
        n_items += 1
        if key not in PAIR_FIX:
            raise SystemExit(f"undecided differing pair: {key} {fields}")
        used_fix.add(key)
        rec = clean(ga, PAIR_FIX[key])
        stats[rec["claim_type"], "optional" if rec["optional"] else "kept"] += 1
    else:
        rec = clean(ga, AGREED_FIX.get(key))
        if key in AGREED_FIX:
            used_agreed.add(key)
    gold.append(rec)

for side, recs, matched in (("a", A, ma), ("b", B, mb)):
    for n, g in enumerate(recs):
        if n in matched:
            continue
        n_items += 1
        key = (side, k(g))
        if key not in ONLY:
            raise SystemExit(f"undecided only_{side} item: {key}")
        used_only.add(key)
        act, arg = ONLY[key]
        if act == "drop":
            stats[g["claim_type"], "dropped"] += 1
            continue
        rec = clean(g, arg)
        stats[rec["claim_type"], "optional" if rec["optional"] else "kept"] += 1
        gold.append(rec)

assert used_fix == set(PAIR_FIX), set(PAIR_FIX) - used_fix
assert used_only == set(ONLY), set(ONLY) - used_only
assert used_agreed == set(AGREED_FIX), set(AGREED_FIX) - used_agreed

# sanity: spans recomputed from the documents, titles, no duplicate spans of one type
for r in gold:
    d = docs[r["doc_id"]]
    assert r["title"] == d["title"]
    s = d[r["field"]]
    if s[r["char_start"]:r["char_end"]] != r["text"]:
        pos = s.find(r["text"], max(0, r["char_start"] - 50))
        assert pos >= 0, r
        r["char_start"], r["char_end"] = pos, pos + len(r["text"])
    assert s[r["char_start"]:r["char_end"]] == r["text"], r
assert len({k(r) for r in gold}) == len(gold)

order = {d: n for n, d in enumerate(docs)}
gold.sort(key=lambda r: (order[r["doc_id"]], r["field"] != "title", r["char_start"], r["char_end"]))

# write: keep other shards' lines, replace sealed1's
os.makedirs(os.path.dirname(OUT), exist_ok=True)
keep = []
if os.path.exists(OUT):
    for line in open(OUT, encoding="utf-8"):
        if line.strip() and json.loads(line)["doc_id"] not in docs:
            keep.append(line if line.endswith("\n") else line + "\n")
with open(OUT, "w", encoding="utf-8") as fh:
    fh.writelines(keep)
    for r in gold:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")

print(f"items adjudicated: {n_items}; agreed claims corrected: {len(AGREED_FIX)}")
print(f"gold claims written for sealed1: {len(gold)} "
      f"(required {sum(not r['optional'] for r in gold)}, optional {sum(r['optional'] for r in gold)}); "
      f"other lines kept: {len(keep)}")
for t in sorted({t for t, _ in stats}):
    print(f"  {t:11s} kept {stats[t, 'kept']:3d}  optional {stats[t, 'optional']:3d}  dropped {stats[t, 'dropped']:3d}")
tot = Counter(r["claim_type"] for r in gold)
opt = Counter(r["claim_type"] for r in gold if r["optional"])
print("final gold by type:", {t: (tot[t], opt[t]) for t in sorted(tot)}, "(total, optional)")
