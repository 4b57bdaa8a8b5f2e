"""Checks for the hardware spec catalog (extract/data/hardware_specs.csv)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from perfclaims.hardware import canonical_names, catalog

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "extract" / "data" / "hardware_specs.csv"
SCHEMA = ROOT / "schemas" / "hardware_specs.v1.json"

NUMERIC = ["memory_bytes", "memory_bandwidth_bytes_per_s", "tdp_w", "peak_fp64_flops",
           "peak_fp32_flops", "peak_tf32_flops", "peak_fp16_bf16_tensor_flops", "peak_fp8_flops",
           "peak_int8_ops"]


@pytest.fixture(scope="module")
def specs() -> pd.DataFrame:
    return pd.read_csv(CSV, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA.read_text())


def test_columns_match_schema(specs, schema):
    assert list(specs.columns) == [c["name"] for c in schema["columns"]]
    assert "Epoch AI" in schema["attribution"] and "CC BY 4.0" in schema["attribution"]


def test_schema_types_and_nullability(specs, schema):
    for col in schema["columns"]:
        assert col["type"] in ("string", "int32", "float64")
        s = specs[col["name"]]
        if not col["nullable"]:
            assert s.notna().all() and (s.astype(str).str.strip() != "").all(), col["name"]
        if col["type"] in ("int32", "float64"):
            assert pd.api.types.is_numeric_dtype(s), col["name"]


def test_names_are_catalog_chips_without_duplicates(specs):
    names = canonical_names()
    kinds = {r["name"]: r["kind"] for r in catalog()}
    assert not specs["name"].duplicated().any()
    for n in specs["name"]:
        assert n in names, n
        assert kinds[n] != "system", n


def test_vendor_and_kind_follow_catalog(specs):
    by_name = {r["name"]: r for r in catalog()}
    for r in specs.itertuples():
        assert r.vendor == by_name[r.name]["vendor"], r.name
        assert r.kind == by_name[r.name]["kind"], r.name


def test_numbers_positive_where_present(specs):
    for col in NUMERIC:
        vals = specs[col].dropna()
        assert (vals > 0).all(), col


def test_release_year_plausible(specs):
    years = specs["release_year"].dropna()
    assert years.between(1990, 2030).all()


def test_tensor_at_least_fp32_for_datacenter_gpus(specs):
    dc = specs[(specs["kind"] == "datacenter_gpu")
               & specs["peak_fp16_bf16_tensor_flops"].notna() & specs["peak_fp32_flops"].notna()]
    assert len(dc) > 20
    bad = dc[dc["peak_fp16_bf16_tensor_flops"] < dc["peak_fp32_flops"]]
    assert bad.empty, list(bad["name"])


def test_every_row_has_a_source(specs):
    assert (specs["source"].astype(str).str.strip() != "").all()


# datasheet spot checks (dense, no sparsity), within 1%
SPOT = [
    ("NVIDIA H100", {"peak_fp16_bf16_tensor_flops": 989.4e12, "peak_fp8_flops": 1978.9e12,
                     "peak_tf32_flops": 494.7e12, "peak_fp32_flops": 66.9e12,
                     "peak_fp64_flops": 33.5e12, "memory_bytes": 80e9,
                     "memory_bandwidth_bytes_per_s": 3.35e12, "tdp_w": 700}),
    ("NVIDIA A100", {"peak_fp16_bf16_tensor_flops": 312e12, "peak_tf32_flops": 156e12,
                     "peak_fp32_flops": 19.5e12, "peak_fp64_flops": 9.7e12, "peak_int8_ops": 624e12,
                     "memory_bytes": 80e9, "memory_bandwidth_bytes_per_s": 2.039e12, "tdp_w": 400}),
    ("NVIDIA V100", {"peak_fp16_bf16_tensor_flops": 125e12, "peak_fp32_flops": 15.7e12}),
    ("NVIDIA GeForce RTX 4090", {"peak_fp16_bf16_tensor_flops": 330e12, "peak_fp32_flops": 82.6e12,
                                 "memory_bytes": 24e9, "memory_bandwidth_bytes_per_s": 1008e9,
                                 "tdp_w": 450}),
]


@pytest.mark.parametrize("name,expected", SPOT, ids=[s[0] for s in SPOT])
def test_datasheet_spot_checks(specs, name, expected):
    row = specs.set_index("name").loc[name]
    for col, want in expected.items():
        assert row[col] == pytest.approx(want, rel=0.01), (name, col)


def test_geforce_notes_say_which_fp16_figure(specs):
    gf = specs[specs["name"].str.contains("GeForce RTX") & specs["peak_fp16_bf16_tensor_flops"].notna()]
    assert len(gf) > 0
    assert gf["notes"].str.contains("FP16-accumulate").all()
