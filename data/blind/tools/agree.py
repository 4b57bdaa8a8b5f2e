"""Agreement between two annotators, and the list an adjudicator works from.

    python data/blind/tools/agree.py A.jsonl B.jsonl --out DISAGREEMENTS.jsonl

Two claims agree on presence when they are in the same document and field,
their spans overlap and their claim_type is equal (the SPEC's matching rule,
one-to-one, greedy by overlap). Optional claims on either side are left out
of the presence score. Prints pairwise precision/recall/F1 (B against A),
per type, and Cohen-style raw agreement on value, qualifier and hardware of
the matched pairs; writes every claim only one annotator has, and every
matched pair that differs in a field, for adjudication.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def key(g):
    return (g["doc_id"], g["field"], g["claim_type"])


def match(a, b):
    """Greedy one-to-one matching by overlap length within (doc, field, type)."""
    groups = defaultdict(lambda: ([], []))
    for i, g in enumerate(a):
        groups[key(g)][0].append(i)
    for j, g in enumerate(b):
        groups[key(g)][1].append(j)
    pairs = []
    for ia, jb in groups.values():
        cands = []
        for i in ia:
            for j in jb:
                ov = min(a[i]["char_end"], b[j]["char_end"]) - max(a[i]["char_start"], b[j]["char_start"])
                if ov > 0:
                    cands.append((-ov, i, j))
        used_a, used_b = set(), set()
        for _, i, j in sorted(cands):
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                pairs.append((i, j))
    return pairs


def close(x, y):
    if x is None or y is None:
        return x is y
    return abs(x - y) <= 0.01 * abs(y)


def differing_fields(ga, gb):
    """The fields a matched pair disagrees on: value (1% tolerance), then
    qualifier, unit, hardware, hardware_count, optional."""
    fields = []
    if not (close(ga["value_low"], gb["value_low"]) and close(ga["value_high"], gb["value_high"])):
        fields.append("value")
    return fields + [f for f in ("qualifier", "unit", "hardware", "hardware_count", "optional")
                     if ga.get(f) != gb.get(f)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--out")
    args = ap.parse_args()
    a, b = load(args.a), load(args.b)
    pairs = match(a, b)
    ma = {i for i, _ in pairs}
    mb = {j for _, j in pairs}
    both = [(i, j) for i, j in pairs if not a[i]["optional"] and not b[j]["optional"]]
    only_a = [i for i, g in enumerate(a) if i not in ma and not g["optional"]]
    only_b = [j for j, g in enumerate(b) if j not in mb and not g["optional"]]
    tp = len(both)
    p = tp / (tp + len(only_b)) if tp + len(only_b) else 0.0
    r = tp / (tp + len(only_a)) if tp + len(only_a) else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"claims: A {len(a)}  B {len(b)}  matched {len(pairs)}  (non-optional both {tp}, A only {len(only_a)}, B only {len(only_b)})")
    print(f"presence agreement: P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    per = Counter()
    for i, j in both:
        per[a[i]["claim_type"], "tp"] += 1
    for i in only_a:
        per[a[i]["claim_type"], "a"] += 1
    for j in only_b:
        per[b[j]["claim_type"], "b"] += 1
    for t in sorted({t for t, _ in per}):
        tp_t, fa, fb = per[t, "tp"], per[t, "a"], per[t, "b"]
        f = 2 * tp_t / (2 * tp_t + fa + fb) if tp_t else 0.0
        print(f"  {t:12s} both {tp_t:4d}  A only {fa:4d}  B only {fb:4d}  F1 {f:.3f}")
    diffs = []
    agree = Counter()
    for i, j in pairs:
        ga, gb = a[i], b[j]
        fields = differing_fields(ga, gb)
        for f in ("value", "qualifier", "unit", "hardware", "hardware_count"):
            agree[f] += f not in fields
        if fields:
            diffs.append({"kind": "differs", "fields": fields, "a": ga, "b": gb})
    n = len(pairs) or 1
    print("matched pairs agreeing on: " + ", ".join(f"{f} {agree[f] / n:.3f}" for f in
                                                     ("value", "qualifier", "unit", "hardware", "hardware_count")))
    unmatched = [{"kind": "only_a", "a": a[i]} for i in range(len(a)) if i not in ma]
    unmatched += [{"kind": "only_b", "b": b[j]} for j in range(len(b)) if j not in mb]
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for d in unmatched + diffs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"{len(unmatched) + len(diffs)} items to adjudicate -> {args.out}")


if __name__ == "__main__":
    main()
