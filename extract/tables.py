"""Derived tables over the claims table (README section "Derived tables").

``perfclaims tables [--claims outputs/claims.parquet] [--out outputs]``
writes four tables, each as Parquet + CSV with its Arrow schema from
``schemas/<name>.v1.json``:

* ``hardware_summary``  - one row per hardware: catalog facts, claim counts per
  type, speedup / fps / throughput / latency headline statistics;
* ``claims_vs_specs``   - absolute FLOP/s and OP/s claims against the chip's
  dense peak at the claim's precision (see :data:`PEAK_BY_PRECISION`);
* ``cross_hardware``    - claims comparing two pieces of hardware;
* ``by_kind_and_year``  - counts and medians per hardware kind, release year,
  claim type and unit.

Every builder is a pure function ``claims DataFrame -> DataFrame``; the
spec and hardware catalogs come in through :func:`hardware_facts`.
"""
from __future__ import annotations

import argparse
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Union

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .hardware import catalog
from .schema import arrow_schema, check_nulls, read_schema_file, schema_path
from .units import CANONICAL_BY_TYPE, conversion
from .write import OutputSet

SPECS_PATH = Path(__file__).resolve().parent / "data" / "hardware_specs.csv"

CLAIM_TYPES = tuple(CANONICAL_BY_TYPE)
THROUGHPUT_UNITS = CANONICAL_BY_TYPE["throughput"]
COMPUTE_UNITS = ("FLOP/s", "OP/s")

# Precision as written (upper-cased) -> hardware_specs peak column.
# No precision named: the FP16/BF16 tensor peak, the figure papers quote for
# "utilization" of a GPU. Weight-only formats (W4A16, W8A16) compute in
# 16 bit; W8A8/W4A8 run on the INT8 units. INT4, FP4, ... have no column
# in the spec catalog, so their peak is unknown.
PEAK_BY_PRECISION = {
    "FLOP/s": {
        None: "peak_fp16_bf16_tensor_flops", "FP16": "peak_fp16_bf16_tensor_flops",
        "BF16": "peak_fp16_bf16_tensor_flops", "HALF": "peak_fp16_bf16_tensor_flops",
        "MIXED": "peak_fp16_bf16_tensor_flops", "W4A16": "peak_fp16_bf16_tensor_flops",
        "W8A16": "peak_fp16_bf16_tensor_flops",
        "FP8": "peak_fp8_flops", "E4M3": "peak_fp8_flops", "E5M2": "peak_fp8_flops",
        "TF32": "peak_tf32_flops", "FP32": "peak_fp32_flops", "FP64": "peak_fp64_flops",
    },
    "OP/s": {
        None: "peak_int8_ops", "INT8": "peak_int8_ops", "W8A8": "peak_int8_ops",
        "W4A8": "peak_int8_ops",
    },
}
# Unit each peak column of hardware_specs.csv is written in (raw SI rates).
PEAK_UNITS = {
    "peak_fp64_flops": "FLOP/s", "peak_fp32_flops": "FLOP/s", "peak_tf32_flops": "FLOP/s",
    "peak_fp16_bf16_tensor_flops": "FLOP/s", "peak_fp8_flops": "FLOP/s",
    "peak_int8_ops": "OP/s",
}
TABLE_NAMES = ("hardware_summary", "claims_vs_specs", "cross_hardware", "by_kind_and_year")


# -- schemas, validation, writing ---------------------------------------------

def unit_slug(unit: str) -> str:
    """Column-name form of a canonical unit: ``FLOP/s`` -> ``flop_per_s``."""
    return re.sub(r"[^a-z0-9]+", "_", unit.lower().replace("/", "_per_")).strip("_")


@lru_cache(maxsize=None)
def table_schema(name: str) -> pa.Schema:
    """Arrow schema of a derived table from ``schemas/<name>.v1.json`` (same
    file format and type names as the claims schema, ``perfclaims.schema``)."""
    return arrow_schema(read_schema_file(schema_path(f"{name}.v1.json")), name)


def to_arrow(df: pd.DataFrame, name: str) -> pa.Table:
    """``df`` as a table with exactly the schema ``name``; raises ValueError on
    missing or unknown columns, a value that does not fit, or a null in a
    non-nullable column."""
    schema = table_schema(name)
    if set(df.columns) != set(schema.names):
        raise ValueError(f"{name}: columns differ: missing {sorted(set(schema.names) - set(df.columns))}, "
                         f"unknown {sorted(set(df.columns) - set(schema.names))}")
    rows = df[schema.names].astype(object).where(df[schema.names].notna(), None).to_dict("records")
    table = pa.Table.from_pylist(rows, schema=schema)
    validate(table, name)
    return table


def validate(table: pa.Table, name: str) -> None:
    """Raise ValueError unless ``table`` has the schema ``name`` and respects its nullability."""
    if not table.schema.equals(table_schema(name)):
        raise ValueError(f"{name}: schema differs from schemas/{name}.v1.json")
    check_nulls(table)


def write_table(table: pa.Table, name: str, out_dir: Union[str, Path]) -> list[Path]:
    """Validate and write ``<out_dir>/<name>.parquet`` and ``.csv`` as a set."""
    return write_tables({name: table}, out_dir)


# -- inputs ---------------------------------------------------------------------

def read_claims_file(path: Union[str, Path]) -> pa.Table:
    """A claims table written by ``perfclaims extract``, conformed to the
    claims schema; ``InputError`` (one line) for a missing file, a file that
    is not Parquet, or a Parquet table that is not a claims table."""
    from .read import InputError
    from .schema import conform_claims_table
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such claims file (run `perfclaims extract` first)")
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    try:
        return conform_claims_table(table)
    except ValueError as exc:
        raise InputError(f"{path}: not a perfclaims claims table ({exc})") from None


def plain_claims_frame(claims: Union[pa.Table, pd.DataFrame]) -> pd.DataFrame:
    """The claims as a DataFrame with plain string columns (no categoricals)."""
    df = claims.to_pandas() if isinstance(claims, pa.Table) else claims.copy()
    for col in ("claim_type", "qualifier"):
        df[col] = df[col].astype(object).astype("str")
    return df


@lru_cache(maxsize=1)
def _specs() -> pd.DataFrame:
    return pd.read_csv(SPECS_PATH, keep_default_na=False, na_values=[""]).set_index("name")


def hardware_facts() -> pd.DataFrame:
    """One row per catalog name: vendor, kind, architecture, release_year
    (spec catalog year, else hardware catalog year) and the spec peaks."""
    cat = pd.DataFrame([{k: r.get(k) for k in ("name", "vendor", "kind", "architecture", "year")}
                        for r in catalog()]).set_index("name")
    specs = _specs()
    facts = cat.join(specs[list(PEAK_UNITS)])
    facts["release_year"] = specs["release_year"].reindex(facts.index).fillna(facts["year"])
    return facts.drop(columns="year")


FACT_COLUMNS = ["vendor", "kind", "architecture", "release_year"]


def _with_facts(df: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    return df.join(facts[FACT_COLUMNS], on="hardware")


# -- hardware_summary ---------------------------------------------------------------

def _max_where(group: pd.DataFrame, claim_type: str, unit: Optional[str] = None) -> Optional[float]:
    sel = group["claim_type"] == claim_type
    if unit is not None:
        sel &= group["unit"] == unit
    return group.loc[sel, "value"].max() if sel.any() else None


def _median_where(group: pd.DataFrame, claim_type: str) -> Optional[float]:
    sel = group["claim_type"] == claim_type
    return group.loc[sel, "value"].median() if sel.any() else None


def _summarize_hardware(group: pd.DataFrame) -> dict:
    counts = group["claim_type"].value_counts()
    row = {"papers": group["doc_id"].nunique(), "claims": len(group)}
    row.update({f"claims_{t}": int(counts.get(t, 0)) for t in CLAIM_TYPES})
    row.update({"median_speedup": _median_where(group, "speedup"),
                "max_speedup": _max_where(group, "speedup"),
                "max_fps": _max_where(group, "fps")})
    row.update({f"max_throughput_{unit_slug(u)}": _max_where(group, "throughput", u)
                for u in THROUGHPUT_UNITS})
    row["median_latency_s"] = _median_where(group, "latency")
    return row


def hardware_summary(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    on_hw = claims[claims["hardware"].notna()]
    rows = [{"hardware": hw, **_summarize_hardware(g)} for hw, g in on_hw.groupby("hardware")]
    columns = [c for c in table_schema("hardware_summary").names if c not in FACT_COLUMNS]
    df = pd.DataFrame(rows, columns=columns)
    df = _with_facts(df, facts)
    return df.sort_values(["claims", "hardware"], ascending=[False, True], ignore_index=True)


# -- claims_vs_specs --------------------------------------------------------------------

def peak_column(precision: Optional[str], unit: str) -> Optional[str]:
    """hardware_specs column holding the peak for a claim at ``precision`` in ``unit``."""
    key = precision.strip().upper() if isinstance(precision, str) and precision.strip() else None
    return PEAK_BY_PRECISION.get(unit, {}).get(key)


def _peak_in(unit: str, column: str, value: float) -> float:
    """A spec peak expressed in the claim's ``unit`` (pint; raises on a dimension mismatch)."""
    factor, canonical = conversion(PEAK_UNITS[column], "throughput")
    if canonical != unit:
        raise ValueError(f"{column} is in {canonical}, not {unit}")
    return value * factor


def _peak_per_chip(hardware, column: Optional[str], unit: str, facts: pd.DataFrame) -> Optional[float]:
    if not isinstance(hardware, str) or column is None or hardware not in facts.index:
        return None
    value = facts.at[hardware, column]
    return None if pd.isna(value) else _peak_in(unit, column, float(value))


def _flag(hardware, peak_total, implied) -> Optional[str]:
    if not isinstance(hardware, str):
        return "hardware_unknown"
    if peak_total is None:
        return "peak_unknown"
    return "exceeds_peak" if implied > 100.0 else None


CHECK_COLUMNS = ["count_used", "count_assumed", "peak_column", "peak_per_chip", "peak_total",
                 "implied_utilization_pct", "flag"]


def _compare_with_peak(row: pd.Series, facts: pd.DataFrame) -> dict:
    # no count, or one no device can have (0, negative: a table from elsewhere)
    count_assumed = pd.isna(row["hardware_count"]) or row["hardware_count"] < 1
    count = 1 if count_assumed else int(row["hardware_count"])
    column = peak_column(row["precision"], row["unit"])
    per_chip = _peak_per_chip(row["hardware"], column, row["unit"], facts)
    total = per_chip * count if per_chip is not None else None
    implied = 100.0 * row["value"] / total if total else None
    return {"count_used": count, "count_assumed": count_assumed, "peak_column": column,
            "peak_per_chip": per_chip, "peak_total": total, "implied_utilization_pct": implied,
            "flag": _flag(row["hardware"], total, implied)}


def _pair_in_sentences(tp: pd.DataFrame, ut: pd.DataFrame) -> dict:
    """Throughput claim_id -> (utilization row, "sentence"): same field and
    sentence, nearest first, each utilization claim used once."""
    cands = tp.reset_index().merge(ut.reset_index(), on=["doc_id", "field", "sentence"],
                                   suffixes=("", "_u"))
    cands["distance"] = (cands["char_start"] - cands["char_start_u"]).abs()
    pairs, used = {}, set()
    for c in cands.sort_values(["distance", "char_start"]).itertuples():
        if c.claim_id not in pairs and c.claim_id_u not in used:
            pairs[c.claim_id] = (ut.loc[c.index_u], "sentence")
            used.add(c.claim_id_u)
    return pairs


def _pair_in_documents(tp: pd.DataFrame, ut: pd.DataFrame, pairs: dict) -> dict:
    """Document-level pairs where a paper states exactly one compute throughput
    and exactly one utilization figure (and they are not already paired)."""
    out = dict(pairs)
    for doc_id, t in tp.groupby("doc_id"):
        u = ut[ut["doc_id"] == doc_id]
        if len(t) == 1 and len(u) == 1 and t["claim_id"].iat[0] not in out:
            out[t["claim_id"].iat[0]] = (u.iloc[0], "document")
    return out


STATED_COLUMNS = ["stated_utilization_pct", "stated_utilization_text",
                  "stated_utilization_claim_id", "utilization_match"]


def _stated_utilization(tp: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The paper's own utilization figure beside each throughput claim, where paired."""
    ut = claims[claims["claim_type"] == "utilization"]
    pairs = _pair_in_documents(tp, ut, _pair_in_sentences(tp, ut))
    rows = []
    for cid in tp["claim_id"]:
        u, how = pairs.get(cid, (None, None))
        rows.append({} if u is None else dict(zip(STATED_COLUMNS, (u["value"], u["text"], u["claim_id"], how))))
    return pd.DataFrame(rows, index=tp.index, columns=STATED_COLUMNS)


def claims_vs_specs(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    tp = claims[(claims["claim_type"] == "throughput") & claims["unit"].isin(COMPUTE_UNITS)]
    base = tp[["claim_id", "doc_id", "title", "text", "sentence", "qualifier", "value", "unit",
               "hardware", "hardware_count", "precision"]]
    checked = pd.DataFrame([_compare_with_peak(r, facts) for _, r in tp.iterrows()],
                           index=tp.index, columns=CHECK_COLUMNS)
    return pd.concat([base, checked, _stated_utilization(tp, claims)], axis=1).reset_index(drop=True)


# -- cross_hardware ---------------------------------------------------------------------

def _stated_comparisons(claims: pd.DataFrame) -> pd.DataFrame:
    sel = (claims["hardware"].notna() & claims["baseline_hardware"].notna()
           & (claims["hardware"] != claims["baseline_hardware"]))
    c = claims[sel]
    return pd.DataFrame({
        "comparison": "stated", "doc_id": c["doc_id"], "title": c["title"],
        "claim_type": c["claim_type"], "unit": c["unit"], "hardware": c["hardware"],
        "other_hardware": c["baseline_hardware"], "value": c["value"], "other_value": None,
        "ratio": c["value"].where(c["unit"] == "x"), "claim_id": c["claim_id"],
        "other_claim_id": None, "text": c["text"], "other_text": None, "sentence": c["sentence"],
    })


def _same_paper_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    on_hw = claims[claims["hardware"].notna()].reset_index(names="order")
    keys = ["doc_id", "claim_type", "unit"]
    pairs = on_hw.merge(on_hw, on=keys, suffixes=("", "_b"))
    pairs = pairs[(pairs["order"] < pairs["order_b"]) & (pairs["hardware"] != pairs["hardware_b"])]
    return pd.DataFrame({
        "comparison": "same_paper", "doc_id": pairs["doc_id"], "title": pairs["title"],
        "claim_type": pairs["claim_type"], "unit": pairs["unit"], "hardware": pairs["hardware"],
        "other_hardware": pairs["hardware_b"], "value": pairs["value"], "other_value": pairs["value_b"],
        "ratio": pairs["value"] / pairs["value_b"].where(pairs["value_b"] != 0),
        "claim_id": pairs["claim_id"], "other_claim_id": pairs["claim_id_b"], "text": pairs["text"],
        "other_text": pairs["text_b"], "sentence": pairs["sentence"],
    })


def cross_hardware(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    parts = [_stated_comparisons(claims), _same_paper_pairs(claims)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=table_schema("cross_hardware").names)
    return pd.concat(parts, ignore_index=True)


# -- by_kind_and_year -------------------------------------------------------------------

def by_kind_and_year(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    df = _with_facts(claims, facts)
    keys = ["kind", "release_year", "claim_type", "unit"]
    out = (df.groupby(keys, dropna=False, sort=False)
             .agg(claims=("claim_id", "size"), papers=("doc_id", "nunique"),
                  hardware_models=("hardware", "nunique"), median_value=("value", "median"))
             .reset_index())
    return out.sort_values(keys, na_position="last", ignore_index=True)


# -- all tables -----------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]] = {
    "hardware_summary": hardware_summary,
    "claims_vs_specs": claims_vs_specs,
    "cross_hardware": cross_hardware,
    "by_kind_and_year": by_kind_and_year,
}


def build_tables(claims: Union[pa.Table, pd.DataFrame]) -> dict[str, pa.Table]:
    """Every derived table of ``claims``, validated against its schema."""
    df, facts = plain_claims_frame(claims), hardware_facts()
    return {name: to_arrow(build(df, facts), name) for name, build in BUILDERS.items()}


def write_tables(tables: dict[str, pa.Table], out_dir: Union[str, Path],
                 protect=()) -> list[Path]:
    """Write every table as ``<out_dir>/<name>.parquet`` and ``.csv``; all the
    files appear together (one ``OutputSet``) or none does."""
    out_dir = Path(out_dir)
    paths = []
    with OutputSet(protect=protect) as out:
        for name, table in tables.items():
            validate(table, name)
            for fmt in ("parquet", "csv"):
                path = out_dir / f"{name}.{fmt}"
                out.table(path, fmt, table.schema).write(table)
                paths.append(path)
    return paths


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="perfclaims tables",
        description="Build the derived tables (" + ", ".join(TABLE_NAMES) + ") from a claims "
                    "table; each is written as <out>/<name>.parquet and .csv with the schema "
                    "in schemas/<name>.v1.json.")
    parser.add_argument("--claims", type=Path, default=Path("outputs/claims.parquet"),
                        help="claims table (Parquet), default %(default)s")
    parser.add_argument("--out", type=Path, default=Path("outputs"),
                        help="output directory, default %(default)s")
    args = parser.parse_args(argv)
    tables = build_tables(read_claims_file(args.claims))
    write_tables(tables, args.out, protect=[args.claims])
    for name, table in tables.items():
        print(f"{table.num_rows:6d} rows -> {args.out / name}.parquet, .csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
