"""Load the case tables of tests/cases/*.toml and compare a case with what
the extractor returns. Shared by tests/test_cases.py and the report script
(`python -m tests.case_tables` prints every failing case)."""
from __future__ import annotations

import tomllib
from pathlib import Path

CASES_DIR = Path(__file__).parent / "cases"
REL_TOL = 0.01


def load_cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for i, case in enumerate(data.get("case", [])):
            yield path.stem, i, case


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= REL_TOL * abs(b) if b else a == b


def _spans(text: str, claims: list[dict]):
    """Start/end of each expected surface (repeated surfaces: successive occurrences)."""
    seen: dict[str, int] = {}
    out = []
    for c in claims:
        s = c["surface"]
        start = text.index(s, seen.get(s, 0))
        seen[s] = start + 1
        out.append((start, start + len(s)))
    return out


def compare(case: dict, rows) -> list[str]:
    """Problems found comparing expected claims with extracted rows (empty: pass)."""
    text = case["text"]
    expected = case.get("claims", [])
    problems = []
    unmatched = list(range(len(rows)))
    for c, (s, e) in zip(expected, _spans(text, expected)):
        match = next((k for k in unmatched
                      if rows[k]["claim_type"] == c["claim_type"]
                      and rows[k]["char_start"] < e and rows[k]["char_end"] > s), None)
        if match is None:
            problems.append(f"missed {c['claim_type']} {c['surface']!r}")
            continue
        unmatched.remove(match)
        r = rows[match]
        if not (_close(r["value_low"], c["value_low"]) and _close(r["value_high"], c["value_high"])):
            problems.append(f"{c['surface']!r}: value {r['value_low']}..{r['value_high']} != {c['value_low']}..{c['value_high']}")
        if r["unit"] != c["unit"]:
            problems.append(f"{c['surface']!r}: unit {r['unit']!r} != {c['unit']!r}")
        if r["qualifier"] != c["qualifier"]:
            problems.append(f"{c['surface']!r}: qualifier {r['qualifier']!r} != {c['qualifier']!r}")
        if r["hardware"] != c.get("hardware"):
            problems.append(f"{c['surface']!r}: hardware {r['hardware']!r} != {c.get('hardware')!r}")
        # metric: compared where the case names one; "metric_gap = true" marks a
        # known disagreement (a tracked gap: when it is fixed, the case says so)
        if "metric" in c:
            same = r["metric"] == c["metric"]
            if c.get("metric_gap") and same:
                problems.append(f"{c['surface']!r}: metric gap fixed ({c['metric']!r}): drop metric_gap")
            elif not c.get("metric_gap") and not same:
                problems.append(f"{c['surface']!r}: metric {r['metric']!r} != {c['metric']!r}")
    for k in unmatched:
        problems.append(f"extra {rows[k]['claim_type']} {rows[k]['text']!r} ({rows[k]['rule']})")
    return problems


def extract_rows(text: str) -> list[dict]:
    from perfclaims.model import Doc
    from perfclaims.pipeline import extractor
    return [c.as_row() for c in extractor().extract(Doc(doc_id="case", title="", abstract=text))]


def promote_fixed_hard_cases() -> int:
    """Drop `status = "hard"` from hard cases that now pass (their strict
    xfail would fail); returns how many were promoted."""
    fixed: dict[str, list[str]] = {}
    for stem, _, case in load_cases():
        if case.get("status") == "hard" and not compare(case, extract_rows(case["text"])):
            fixed.setdefault(stem, []).append(case["text"])
    for stem, texts in fixed.items():
        path = CASES_DIR / f"{stem}.toml"
        s = path.read_text("utf-8")
        for text in texts:
            i = s.index(text)
            j = s.find("\n[[case]]", i)
            j = len(s) if j < 0 else j
            s = s[:i] + s[i:j].replace('status = "hard"\n', "", 1) + s[j:]
        path.write_text(s, "utf-8")
    return sum(len(t) for t in fixed.values())


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--promote"]:
        print(f"promoted {promote_fixed_hard_cases()} case(s)")
        sys.exit(0)
    want = set(sys.argv[1:])
    totals: dict[str, list[int]] = {}
    for stem, i, case in load_cases():
        status = case.get("status", "ok")
        problems = compare(case, extract_rows(case["text"]))
        t = totals.setdefault(f"{stem}/{status}", [0, 0])
        t[0] += 1
        t[1] += not problems
        if problems and (not want or status in want):
            print(f"[{stem}#{i} {status}] {case['text'][:200]}")
            for p in problems:
                print(f"     - {p}")
    for k, (n, ok) in sorted(totals.items()):
        print(f"{k:28s} {ok}/{n} pass")
