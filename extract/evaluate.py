"""Score a claims table against the gold annotations (docs/SPEC.md section 4).

Public API
----------
``load_gold(gold_dir)``
    Read every ``*.jsonl`` file of a gold directory (sorted by name) into one
    DataFrame.
``score(pred, gold)``
    Match predicted rows to gold claims and compute precision / recall / F1
    (overall and per ``claim_type``) plus value, qualifier, unit and hardware
    accuracies and lists of errors for analysis.  The result is a plain,
    JSON-serialisable dict (no NaN anywhere: missing values are ``None``).
``format_report(result)``
    Fixed-width text report of a ``score`` result.
``evaluate(pred, gold_dir, out_json=None)``
    Load (a Parquet/CSV path or a DataFrame), score, optionally write JSON.

Matching rules
--------------
A predicted row matches a gold claim when they are in the same document
(joined by title; whitespace runs are collapsed and ends stripped before the
join), in the same field, their half-open character spans ``[start, end)``
overlap, and their ``claim_type`` is equal.  Each gold claim matches at most
one row and each row at most one gold claim.  Within every
(document, field, claim_type) group a maximum bipartite matching is computed
with augmenting paths (Kuhn's algorithm), trying non-optional gold claims
first: this matches the largest possible number of non-optional gold claims
and, among such matchings, the largest possible number of rows overall.

* A matched non-optional gold claim is a true positive.
* An unmatched non-optional gold claim is a false negative (a "miss").
* A row matched to an optional gold claim is not counted at all (neither in
  ``n_pred`` nor as a false positive); an unmatched optional gold claim is
  not counted either.
* Every other row is a false positive, including rows of documents that have
  no gold claims and duplicate rows of an already matched gold claim.

So ``n_pred == tp + fp`` and ``n_gold == tp + fn`` always hold; the raw
counts are reported as ``n_pred_rows`` and ``n_gold_optional`` /
``optional_matched``.

Zero denominators: precision is 0.0 when ``n_pred == 0`` (no predictions),
recall is 0.0 when ``n_gold == 0``, and F1 is 0.0 when precision + recall is
0.  Accuracies (value, qualifier, unit, hardware, hardware_count) are
``None`` when there is nothing to measure (denominator 0).

Accuracies are taken over matched non-optional gold claims:

* value: both ``value_low`` and ``value_high`` satisfy
  ``abs(p - g) <= 0.01 * abs(g)`` (so exact equality when ``g == 0``);
  a missing predicted value is wrong, a missing gold value only matches a
  missing predicted value;
* qualifier, unit: string equality;
* hardware: over matched claims whose gold ``hardware`` is not null, share
  whose predicted ``hardware`` equals it; ``hardware_count`` likewise over
  matched claims whose gold ``hardware_count`` is not null.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import pandas as pd

from .read import GoldError  # noqa: F401 (raised here; defined beside the other input errors)

__all__ = ["load_gold", "score", "format_report", "evaluate"]

GOLD_REQUIRED = ("title", "field", "char_start", "char_end", "claim_type")
GOLD_COLUMNS = (
    "title", "field", "char_start", "char_end", "text", "claim_type",
    "value_low", "value_high", "unit", "qualifier", "hardware",
    "hardware_count", "baseline", "metric", "optional",
)
PRED_REQUIRED = ("title", "field", "char_start", "char_end", "claim_type")
VALUE_REL_TOL = 0.01


# --------------------------------------------------------------------------
# small helpers

def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, (str, bytes, list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):  # array-likes
        return False


def _py(v: Any) -> Any:
    """Convert a scalar to a plain JSON-safe Python value (NaN/NA -> None)."""
    if _is_missing(v):
        return None
    if hasattr(v, "tolist") and getattr(v, "ndim", 0) > 0:
        return [_py(x) for x in v.tolist()]
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, (list, tuple)):
        return [_py(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _py(x) for k, x in v.items()}
    return str(v)


def _as_int(v: Any) -> Optional[int]:
    v = _py(v)
    if v is None:
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return int(f) if f.is_integer() else None


def _as_float(v: Any) -> Optional[float]:
    v = _py(v)
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _as_str(v: Any) -> Optional[str]:
    v = _py(v)
    return None if v is None else str(v)


def _title_key(title: Any) -> Optional[str]:
    t = _as_str(title)
    return None if t is None else " ".join(t.split())


def _overlap(a0: Optional[int], a1: Optional[int], b0: Optional[int], b1: Optional[int]) -> int:
    """Length of the intersection of half-open spans; 0 if none or unknown."""
    if None in (a0, a1, b0, b1):
        return 0
    return max(0, min(a1, b1) - max(a0, b0))


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _acc(num: int, den: int) -> Optional[float]:
    return num / den if den else None


def _value_ok(p: Optional[float], g: Optional[float]) -> bool:
    if g is None:
        return p is None
    if p is None:
        return False
    return abs(p - g) <= VALUE_REL_TOL * abs(g)


def _records(df: pd.DataFrame, columns: Iterable[str]) -> List[Dict[str, Any]]:
    cols = list(df.columns)
    out = []
    for row in df.itertuples(index=False, name=None):
        rec = {c: _py(v) for c, v in zip(cols, row)}
        for c in columns:
            rec.setdefault(c, None)
        out.append(rec)
    return out


# --------------------------------------------------------------------------
# gold loading

# field -> (allowed Python types, may be null)
_GOLD_TYPES = {
    "title": ((str,), False), "field": ((str,), False), "claim_type": ((str,), False),
    "char_start": ((int,), False), "char_end": ((int,), False),
    "value_low": ((int, float), True), "value_high": ((int, float), True),
    "hardware_count": ((int,), True), "optional": ((bool,), True),
    "text": ((str,), True), "unit": ((str,), True), "qualifier": ((str,), True),
    "hardware": ((str,), True), "baseline": ((str,), True), "metric": ((str,), True),
}
_JSON_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _gold_type_problem(obj: Dict[str, Any]) -> Optional[str]:
    """Why a gold record's fields have the wrong JSON types (``"false"`` as a
    string would read as true), or None."""
    for name, (types, nullable) in _GOLD_TYPES.items():
        v = obj.get(name)
        if v is None:
            if not nullable:
                return f"{name} must not be null"
            continue
        ok = isinstance(v, types) and (bool in types or not isinstance(v, bool))
        if not ok:
            want = " or ".join(_JSON_NAMES[t] for t in types)
            return f"{name} must be {want}, got {json.dumps(v)[:40]}"
    if obj.get("field") not in ("title", "abstract", "body"):
        return f"field must be \"title\", \"abstract\" or \"body\" (full text), got {json.dumps(obj.get('field'))[:40]}"
    if obj["char_start"] < 0 or obj["char_end"] < obj["char_start"]:
        return f"bad span {obj['char_start']}..{obj['char_end']}"
    return None


def load_gold(gold_dir: Union[str, os.PathLike]) -> pd.DataFrame:
    """Read every ``*.jsonl`` in ``gold_dir`` (sorted by file name).

    Blank lines are skipped.  Bad JSON, a line that is not an object, or a
    line missing one of ``title``, ``field``, ``char_start``, ``char_end``,
    ``claim_type`` raises ``ValueError`` naming the file and 1-based line.
    ``optional`` defaults to False.  Two provenance columns are added:
    ``gold_file`` (file name) and ``gold_line`` (1-based line number).
    """
    gdir = Path(gold_dir)
    if not gdir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gdir}")
    files = sorted(gdir.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no *.jsonl files in gold directory {gdir}")
    records: List[Dict[str, Any]] = []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{lineno}: bad JSON: {exc.msg} (column {exc.colno})") from exc
                if not isinstance(obj, dict):
                    raise GoldError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
                missing = [k for k in GOLD_REQUIRED if obj.get(k) is None]
                if missing:
                    raise GoldError(f"{path}:{lineno}: missing required field(s): {', '.join(missing)}")
                problem = _gold_type_problem(obj)
                if problem:
                    raise GoldError(f"{path}:{lineno}: {problem}")
                rec = {k: obj.get(k) for k in GOLD_COLUMNS}
                rec["optional"] = obj.get("optional", False)
                for k, v in obj.items():  # keep extra annotation fields
                    rec.setdefault(k, v)
                rec["gold_file"] = path.name
                rec["gold_line"] = lineno
                records.append(rec)
    df = pd.DataFrame.from_records(records, columns=None)
    if df.empty:
        df = pd.DataFrame(columns=list(GOLD_COLUMNS) + ["gold_file", "gold_line"])
    for c in ("char_start", "char_end", "hardware_count", "gold_line"):
        if c in df.columns:
            df[c] = df[c].astype("Int64")
    for c in ("value_low", "value_high"):
        if c in df.columns:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    df["optional"] = df["optional"].fillna(False).astype(bool)
    return df


# --------------------------------------------------------------------------
# matching

def _max_matching(
    n_left: int, adj: Sequence[Sequence[int]]
) -> Dict[int, int]:
    """Kuhn's augmenting-path bipartite matching.

    Left vertices are tried in index order (callers put non-optional gold
    first).  A left vertex once matched stays matched, so the matching is
    maximum overall and maximal-cardinality for every prefix of the left
    order.  Returns {right: left}.
    """
    match_right: Dict[int, int] = {}

    def augment(u: int, seen: set) -> bool:
        for v in adj[u]:
            if v in seen:
                continue
            seen.add(v)
            if v not in match_right or augment(match_right[v], seen):
                match_right[v] = u
                return True
        return False

    for u in range(n_left):
        augment(u, set())
    return match_right


def _match(gold: List[Dict[str, Any]], pred: List[Dict[str, Any]]) -> Dict[int, int]:
    """Return {pred index: gold index} over the whole corpus."""
    groups: Dict[Tuple, Tuple[List[int], List[int]]] = {}
    for gi, g in enumerate(gold):
        groups.setdefault(g["_key"], ([], []))[0].append(gi)
    for pi, p in enumerate(pred):
        if p["_key"] in groups:
            groups[p["_key"]][1].append(pi)
    result: Dict[int, int] = {}
    for gis, pis in groups.values():
        if not pis:
            continue
        # non-optional gold first (stable: keeps file order within each class)
        gis = sorted(gis, key=lambda i: gold[i]["optional"])
        adj = []
        for gi in gis:
            g = gold[gi]
            cand = []
            for local, pi in enumerate(pis):
                p = pred[pi]
                ov = _overlap(g["_start"], g["_end"], p["_start"], p["_end"])
                if ov > 0:
                    cand.append((-ov, local))
            adj.append([local for _, local in sorted(cand)])
        for local_p, local_g in _max_matching(len(gis), adj).items():
            result[pis[local_p]] = gis[local_g]
    return result


# --------------------------------------------------------------------------
# scoring

def _prep(records: List[Dict[str, Any]]) -> None:
    for r in records:
        r["_start"] = _as_int(r.get("char_start"))
        r["_end"] = _as_int(r.get("char_end"))
        r["_key"] = (_title_key(r.get("title")), _as_str(r.get("field")), _as_str(r.get("claim_type")))


def _check_columns(df: pd.DataFrame, required: Sequence[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s): {', '.join(missing)}")


def _new_counter() -> Dict[str, int]:
    return {k: 0 for k in (
        "tp", "fp", "fn", "n_pred_rows", "n_gold_optional", "optional_matched",
        "value_ok", "qualifier_ok", "unit_ok",
        "hardware_ok", "hardware_n", "hardware_count_ok", "hardware_count_n",
    )}


def _summarise(c: Dict[str, int]) -> Dict[str, Any]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if (p + r) else 0.0
    return {
        "n_gold": tp + fn,
        "n_pred": tp + fp,
        "tp": tp, "fp": fp, "fn": fn,
        "precision": p, "recall": r, "f1": f1,
        "value_accuracy": _acc(c["value_ok"], tp),
        "qualifier_accuracy": _acc(c["qualifier_ok"], tp),
        "unit_accuracy": _acc(c["unit_ok"], tp),
        "hardware_accuracy": _acc(c["hardware_ok"], c["hardware_n"]),
        "hardware_count_accuracy": _acc(c["hardware_count_ok"], c["hardware_count_n"]),
        "value_correct": c["value_ok"],
        "qualifier_correct": c["qualifier_ok"],
        "unit_correct": c["unit_ok"],
        "hardware_correct": c["hardware_ok"],
        "hardware_n": c["hardware_n"],
        "hardware_count_correct": c["hardware_count_ok"],
        "hardware_count_n": c["hardware_count_n"],
        "n_pred_rows": c["n_pred_rows"],
        "n_gold_optional": c["n_gold_optional"],
        "optional_matched": c["optional_matched"],
    }


def _gold_view(g: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "title": g.get("title"), "field": g.get("field"),
        "char_start": g["_start"], "char_end": g["_end"],
        "text": g.get("text"), "claim_type": g.get("claim_type"),
        "value_low": _as_float(g.get("value_low")), "value_high": _as_float(g.get("value_high")),
        "unit": _as_str(g.get("unit")), "qualifier": _as_str(g.get("qualifier")),
        "hardware": _as_str(g.get("hardware")), "hardware_count": _as_int(g.get("hardware_count")),
        "metric": _as_str(g.get("metric")),
        "gold_file": _as_str(g.get("gold_file")), "gold_line": _as_int(g.get("gold_line")),
    }


def _pair_view(g: Dict[str, Any], p: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "title": g.get("title"), "field": g.get("field"), "claim_type": g.get("claim_type"),
        "gold_text": g.get("text"), "pred_text": _as_str(p.get("text")),
        "gold_span": [g["_start"], g["_end"]], "pred_span": [p["_start"], p["_end"]],
        "rule": _as_str(p.get("rule")),
    }


class _Tally:
    """The counts and error lists of one scoring, overall and per claim type."""

    def __init__(self) -> None:
        self.overall = _new_counter()
        self.per_type: Dict[str, Dict[str, int]] = {}
        self.lists: Dict[str, List[Dict[str, Any]]] = {k: [] for k in (
            "misses", "false_positives", "value_errors", "unit_errors", "qualifier_errors", "hardware_errors")}

    def add(self, claim_type: Any, key: str, n: int = 1) -> None:
        name = "<null>" if claim_type is None else str(claim_type)
        for c in (self.overall, self.per_type.setdefault(name, _new_counter())):
            c[key] += n


def _score_match(t: _Tally, g: Dict[str, Any], p: Dict[str, Any]) -> None:
    """A matched non-optional gold claim: its value, unit, qualifier and hardware."""
    ctype = _as_str(g.get("claim_type"))
    t.add(ctype, "tp")
    gv = _gold_view(g)
    pl, ph = _as_float(p.get("value_low")), _as_float(p.get("value_high"))
    if _value_ok(pl, gv["value_low"]) and _value_ok(ph, gv["value_high"]):
        t.add(ctype, "value_ok")
    else:
        e = _pair_view(g, p)
        e.update(gold_value_low=gv["value_low"], gold_value_high=gv["value_high"],
                 pred_value_low=pl, pred_value_high=ph, gold_unit=gv["unit"], pred_unit=_as_str(p.get("unit")))
        t.lists["value_errors"].append(e)
    for field in ("unit", "qualifier"):   # equal strings
        predicted = _as_str(p.get(field))
        if predicted == gv[field]:
            t.add(ctype, f"{field}_ok")
        else:
            e = _pair_view(g, p)
            e.update({f"gold_{field}": gv[field], f"pred_{field}": predicted})
            t.lists[f"{field}_errors"].append(e)
    phw, phc = _as_str(p.get("hardware")), _as_int(p.get("hardware_count"))
    wrong = {}
    for key, predicted in (("hardware", phw), ("hardware_count", phc)):
        if gv[key] is None:
            continue
        t.add(ctype, f"{key}_n")
        if predicted == gv[key]:
            t.add(ctype, f"{key}_ok")
        else:
            wrong[key] = True
    if wrong:
        e = _pair_view(g, p)
        e.update(gold_hardware=gv["hardware"], pred_hardware=phw, gold_hardware_count=gv["hardware_count"],
                 pred_hardware_count=phc, hardware_wrong=wrong.get("hardware", False),
                 hardware_count_wrong=wrong.get("hardware_count", False))
        t.lists["hardware_errors"].append(e)


def _score_gold(t: _Tally, g_recs: List[Dict[str, Any]], p_recs: List[Dict[str, Any]], g2p: Dict[int, int]) -> None:
    for gi, g in enumerate(g_recs):
        ctype = _as_str(g.get("claim_type"))
        if g["optional"]:
            t.add(ctype, "n_gold_optional")
            if gi in g2p:
                t.add(ctype, "optional_matched")
        elif gi not in g2p:
            t.add(ctype, "fn")
            t.lists["misses"].append(_gold_view(g))
        else:
            _score_match(t, g, p_recs[g2p[gi]])


def _score_rows(t: _Tally, g_recs: List[Dict[str, Any]], p_recs: List[Dict[str, Any]], p2g: Dict[int, int],
                gold_docs: set) -> None:
    """Every predicted row is counted; an unmatched one is a false positive,
    listed with the gold claims it overlaps (a near miss)."""
    by_doc_field: Dict[Tuple, List[Dict[str, Any]]] = {}
    for g in g_recs:
        by_doc_field.setdefault(g["_key"][:2], []).append(g)
    for pi, p in enumerate(p_recs):
        ctype = _as_str(p.get("claim_type"))
        t.add(ctype, "n_pred_rows")
        if pi in p2g:
            continue  # TP (counted above) or matched an optional gold claim
        t.add(ctype, "fp")
        overlapping = [
            {"claim_type": g.get("claim_type"), "text": g.get("text"), "optional": g["optional"]}
            for g in by_doc_field.get(p["_key"][:2], [])
            if _overlap(g["_start"], g["_end"], p["_start"], p["_end"]) > 0
        ]
        t.lists["false_positives"].append({
            "title": _as_str(p.get("title")), "field": _as_str(p.get("field")),
            "char_start": p["_start"], "char_end": p["_end"],
            "text": _as_str(p.get("text")), "claim_type": ctype,
            "value_low": _as_float(p.get("value_low")), "value_high": _as_float(p.get("value_high")),
            "unit": _as_str(p.get("unit")), "rule": _as_str(p.get("rule")),
            "sentence": _as_str(p.get("sentence")),
            "doc_in_gold": p["_key"][0] in gold_docs,
            "overlapping_gold": overlapping,
        })


def score(pred: pd.DataFrame, gold: pd.DataFrame) -> Dict[str, Any]:
    """Score predicted claim rows against gold claims (docs/SPEC.md section 4).

    ``pred`` needs at least ``title``, ``field``, ``char_start``,
    ``char_end``, ``claim_type``; ``value_low``, ``value_high``, ``unit``,
    ``qualifier``, ``hardware``, ``hardware_count``, ``text``, ``rule``,
    ``sentence`` are used when present (a missing column counts as null).
    ``gold`` is a ``load_gold`` frame (``optional`` defaults to False).

    Returns ``{"overall", "per_type", "misses", "false_positives",
    "value_errors", "unit_errors", "qualifier_errors", "hardware_errors",
    "documents"}``.  Precision is 0.0 when there are no (counted)
    predictions, recall 0.0 when there is no non-optional gold, F1 0.0 when
    both are 0; accuracies are None when their denominator is 0.  See the
    module docstring for the matching rules.
    """
    _check_columns(pred, PRED_REQUIRED, "pred")
    _check_columns(gold, GOLD_REQUIRED, "gold")
    g_recs = _records(gold, GOLD_COLUMNS)
    p_recs = _records(pred, ("text", "rule", "sentence", "value_low", "value_high", "unit",
                             "qualifier", "hardware", "hardware_count"))
    for g in g_recs:
        g["optional"] = bool(g.get("optional") or False)
    _prep(g_recs)
    _prep(p_recs)
    p2g = _match(g_recs, p_recs)
    t = _Tally()
    _score_gold(t, g_recs, p_recs, {gi: pi for pi, gi in p2g.items()})
    gold_docs = {g["_key"][0] for g in g_recs}
    _score_rows(t, g_recs, p_recs, p2g, gold_docs)
    pred_docs = {p["_key"][0] for p in p_recs}
    result = {
        "overall": _summarise(t.overall),
        "per_type": {name: _summarise(c) for name, c in sorted(t.per_type.items())},
        **t.lists,
        "documents": {
            "n_gold_docs": len(gold_docs),
            "n_pred_docs": len(pred_docs),
            # gold documents with no predicted row at all: often a title-join problem
            "gold_docs_without_predictions": sorted(d for d in gold_docs - pred_docs if d is not None),
            "n_pred_docs_without_gold": len(pred_docs - gold_docs),
        },
    }
    return _py(result)


# --------------------------------------------------------------------------
# report

def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _cut(s: Any, n: int) -> str:
    s = "" if s is None else " ".join(str(s).split())
    return s if len(s) <= n else s[: max(0, n - 3)] + "..."


def _num(v: Any) -> str:
    if v is None:
        return "None"
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _vals(lo: Any, hi: Any) -> str:
    return _num(lo) if lo == hi else f"{_num(lo)}..{_num(hi)}"


def _hw(name: Any, count: Any) -> str:
    return f"{name}" + ("" if count is None else f" x{count}")


def _report_table(result: Dict[str, Any]) -> List[str]:
    head = f"{'claim_type':<14}{'n_gold':>7}{'n_pred':>7}{'tp':>6}{'fp':>6}{'fn':>6}" \
           f"{'P':>8}{'R':>8}{'F1':>8}{'val_acc':>9}"

    def row(name: str, s: Dict[str, Any]) -> str:
        return (f"{_cut(name, 13):<14}{s['n_gold']:>7}{s['n_pred']:>7}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
                f"{_fmt(s['precision']):>8}{_fmt(s['recall']):>8}{_fmt(s['f1']):>8}"
                f"{_fmt(s['value_accuracy']):>9}")

    lines = [head, "-" * len(head), row("OVERALL", result["overall"])]
    lines += [row(t, s) for t, s in result["per_type"].items()]
    return lines + [""]


def _report_accuracies(ov: Dict[str, Any]) -> List[str]:
    def acc_line(name: str, acc: Any, num: int, den: int) -> str:
        return f"{name:<24}{_fmt(acc):>7}  ({num}/{den})"

    return [
        acc_line("value accuracy", ov["value_accuracy"], ov["value_correct"], ov["tp"]),
        acc_line("unit accuracy", ov["unit_accuracy"], ov["unit_correct"], ov["tp"]),
        acc_line("qualifier accuracy", ov["qualifier_accuracy"], ov["qualifier_correct"], ov["tp"]),
        acc_line("hardware accuracy", ov["hardware_accuracy"], ov["hardware_correct"], ov["hardware_n"]),
        acc_line("hardware_count accuracy", ov["hardware_count_accuracy"], ov["hardware_count_correct"],
                 ov["hardware_count_n"]),
        f"predicted rows {ov['n_pred_rows']} (of which matched optional gold: {ov['optional_matched']});"
        f" optional gold {ov['n_gold_optional']}",
    ]


# (result key, heading, one line per item)
_REPORT_SECTIONS = (
    ("misses", "misses", lambda m: (
        f"[{m['claim_type']}] {_cut(m['text'], 40)!r} = {_vals(m['value_low'], m['value_high'])} {m['unit']} "
        f"({m['qualifier']}) | {_cut(m['title'], 40)} {m['field']}[{m['char_start']}:{m['char_end']}]")),
    ("false_positives", "false positives", lambda f: (
        f"[{f['claim_type']}] {_cut(f['text'], 40)!r} rule={f['rule']}"
        + (" overlaps " + ",".join(f"{o['claim_type']}{'?' if o['optional'] else ''}"
                                   for o in f["overlapping_gold"]) if f["overlapping_gold"] else "")
        + f" | {_cut(f['title'], 30)} | {_cut(f['sentence'], 70)}")),
    ("value_errors", "value errors", lambda e: (
        f"[{e['claim_type']}] {_cut(e['gold_text'], 40)!r}: gold {_vals(e['gold_value_low'], e['gold_value_high'])} "
        f"{e['gold_unit']} pred {_vals(e['pred_value_low'], e['pred_value_high'])} {e['pred_unit']} "
        f"rule={e['rule']} | {_cut(e['title'], 40)}")),
    ("unit_errors", "unit errors", lambda e: (
        f"[{e['claim_type']}] {_cut(e['gold_text'], 40)!r}: gold {e['gold_unit']} pred {e['pred_unit']} "
        f"rule={e['rule']} | {_cut(e['title'], 40)}")),
    ("qualifier_errors", "qualifier errors", lambda e: (
        f"[{e['claim_type']}] {_cut(e['gold_text'], 40)!r}: gold {e['gold_qualifier']} pred {e['pred_qualifier']} "
        f"rule={e['rule']} | {_cut(e['title'], 40)}")),
    ("hardware_errors", "hardware errors", lambda e: (
        f"[{e['claim_type']}] {_cut(e['gold_text'], 40)!r}: gold {_hw(e['gold_hardware'], e['gold_hardware_count'])} "
        f"pred {_hw(e['pred_hardware'], e['pred_hardware_count'])} rule={e['rule']} | {_cut(e['title'], 40)}")),
)


def format_report(result: Dict[str, Any], max_items: Optional[int] = 100, width: int = 160,
                  aggregate_only: bool = False) -> str:
    """Readable fixed-width report of a ``score`` result.

    A table (overall, then one row per claim type), the accuracy lines, then
    one line per miss / false positive / value, unit, qualifier and hardware
    error, each cut to ``width`` characters; at most ``max_items`` lines per
    list (None: all). ``aggregate_only``: the table and accuracy lines only,
    nothing that shows a document (for a sealed test set).
    """
    lines = _report_table(result) + _report_accuracies(result["overall"])
    if aggregate_only:
        return "\n".join(lines) + "\n"
    docs = result.get("documents") or {}
    if docs.get("gold_docs_without_predictions"):
        lines.append(f"gold documents with no predicted row: {len(docs['gold_docs_without_predictions'])}")
    for key, heading, fmt in _REPORT_SECTIONS:
        items = result.get(key, [])
        shown = items if max_items is None else items[:max_items]
        lines += ["", f"== {heading} ({len(items)}) =="] + [_cut(fmt(it), width) for it in shown]
        if len(shown) < len(items):
            lines.append(f"... and {len(items) - len(shown)} more")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# convenience

def _load_pred(pred: Union[str, os.PathLike, pd.DataFrame]) -> pd.DataFrame:
    if isinstance(pred, pd.DataFrame):
        return pred
    path = Path(pred)
    if not path.exists():
        raise FileNotFoundError(f"predictions not found: {path}")
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path)
    return pd.read_parquet(path)


def _write_json_atomic(obj: Any, out: Union[str, os.PathLike]) -> None:
    from .write import atomic_write_text
    atomic_write_text(json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n", out)


def evaluate(
    pred: Union[str, os.PathLike, pd.DataFrame],
    gold_dir: Union[str, os.PathLike],
    out_json: Optional[Union[str, os.PathLike]] = None,
) -> Dict[str, Any]:
    """Load predictions (DataFrame, ``.parquet`` path, or ``.csv`` path) and
    the gold directory, score, and write the result as JSON to ``out_json``
    (atomically: temp file in the same directory, then ``os.replace``)."""
    result = score(_load_pred(pred), load_gold(gold_dir))
    if out_json is not None:
        _write_json_atomic(result, out_json)
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Score a claims table against gold annotations.")
    ap.add_argument("pred", help="claims table (.parquet or .csv)")
    ap.add_argument("gold_dir", nargs="?", default="data/gold")
    ap.add_argument("--out", help="write the full result as JSON here")
    ap.add_argument("--max-items", type=int, default=100)
    args = ap.parse_args(argv)
    result = evaluate(args.pred, args.gold_dir, args.out)
    sys.stdout.write(format_report(result, max_items=args.max_items))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
