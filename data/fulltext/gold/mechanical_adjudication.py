"""Fallback adjudication of a shard, by rule only (no reading of claims):

    python data/fulltext/gold/mechanical_adjudication.py g1 [OUT_DIR]

Used for a shard whose adjudicator did not finish. Matches the two
annotators' claims as tools/agree.py does (same paper, overlapping spans,
same claim_type, one to one); a matched pair keeps annotator A's record,
optional if either annotator marked it optional, with hardware and count
kept only where both agree (else null: the two careful readers could not
agree where it ran); a claim only one annotator has becomes optional (missing
it is no error, finding it no false positive). Writes work/<shard>.gold.jsonl
and work/<shard>.adjudication.md with the counts.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "blind" / "tools"))
from agree import load, match  # noqa: E402

FIELDS = ("doc_id", "title", "field", "char_start", "char_end", "text", "claim_type", "value_low", "value_high",
          "unit", "qualifier", "hardware", "hardware_count", "baseline", "metric", "optional", "passage_kind")


def main(shard: str, out_dir: Path | None = None) -> None:
    work = HERE / "work"
    out_dir = out_dir or work
    a, b = load(work / f"{shard}.a.jsonl"), load(work / f"{shard}.b.jsonl")
    pairs = match(a, b)
    matched_a, matched_b = {i for i, _ in pairs}, {j for _, j in pairs}
    out, counts = [], {"matched": 0, "hardware_disagreed": 0, "only_a": 0, "only_b": 0}
    for i, j in pairs:
        g = dict(a[i])
        g["optional"] = bool(a[i]["optional"] or b[j]["optional"])
        if (a[i]["hardware"], a[i]["hardware_count"]) != (b[j]["hardware"], b[j]["hardware_count"]):
            counts["hardware_disagreed"] += 1
            if a[i]["hardware"] != b[j]["hardware"]:
                g["hardware"] = None
            g["hardware_count"] = None if a[i]["hardware_count"] != b[j]["hardware_count"] else g["hardware_count"]
        out.append(g)
        counts["matched"] += 1
    for side, claims, used in (("only_a", a, matched_a), ("only_b", b, matched_b)):
        for k, g in enumerate(claims):
            if k not in used:
                out.append({**g, "optional": True})
                counts[side] += 1
    seen, final = set(), []
    for g in sorted(out, key=lambda g: (g["doc_id"], g["char_start"], g["claim_type"])):
        key = (g["doc_id"], g["char_start"], g["char_end"], g["claim_type"])
        if key not in seen:
            seen.add(key)
            final.append({k: g.get(k) for k in FIELDS})
    (out_dir / f"{shard}.gold.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in final),
                                             encoding="utf-8")
    required = sum(not g["optional"] for g in final)
    (out_dir / f"{shard}.adjudication.md").write_text(
        f"# {shard}: mechanical adjudication (mechanical_adjudication.py)\n\n"
        f"The adjudicator did not finish; the rule in the script's docstring decided.\n\n"
        f"- A: {len(a)} claims, B: {len(b)} claims\n- matched pairs: {counts['matched']} "
        f"(hardware or count differed in {counts['hardware_disagreed']}: set to null where they differed)\n"
        f"- only A: {counts['only_a']}, only B: {counts['only_b']} (kept as optional)\n"
        f"- final: {len(final)} claims, {required} required\n", encoding="utf-8")
    print(shard, counts, len(final), required)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]) if len(sys.argv) > 2 else None)
