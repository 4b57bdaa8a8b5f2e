"""Derived tables (extract/tables.py): hand-made claims with hand-computed
expectations, schemas, the empty case, the CLI and two seed-corpus figures."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from perfclaims.pipeline import extract_documents
from perfclaims.read import read_documents
from perfclaims.schema import claims_table
from perfclaims.tables import (TABLE_NAMES, THROUGHPUT_UNITS, build_tables, main, table_schema,
                            to_arrow, unit_slug, write_tables)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "hf_papers_h100.txt"

# Dense vendor peaks, as in extract/data/hardware_specs.csv (written out here on purpose)
H100_FP16 = 989.4e12
H100_INT8 = 1979e12
A100_FP16 = 312e12
A100_FP32 = 19.49e12

_ids = itertools.count()


def claim(claim_type="speedup", value=2.0, unit="x", hardware="NVIDIA H100", doc="doc-a",
          sentence=None, char_start=0, **extra) -> dict:
    n = next(_ids)
    row = dict(claim_id=f"c{n}", doc_id=doc, title=f"Title of {doc}", url=None, date=None, system=None, field="abstract",
               char_start=char_start, char_end=char_start + 3, text=f"t{n}",
               sentence=sentence or f"sentence {n}", claim_type=claim_type, metric=None, value=value,
               value_low=value, value_high=value, unit=unit, unit_text=None, qualifier="exact",
               hardware=hardware, hardware_count=None, hardware_text=None, baseline=None,
               baseline_hardware=None, model=None, precision=None, rule="test", input_extra=None,
               section=None, section_kind="abstract", passage_kind=None, row_header=None, column_header=None)
    row.update(extra)
    return row


def frames(rows) -> dict[str, pd.DataFrame]:
    return {name: t.to_pandas() for name, t in build_tables(claims_table(rows)).items()}


# -- hardware_summary ------------------------------------------------------------------

@pytest.fixture(scope="module")
def summary():
    rows = [
        claim("speedup", 2.0, doc="a"), claim("speedup", 4.0, doc="b"),
        claim("speedup", 3.0, hardware="NVIDIA A100", doc="a"),
        claim("fps", 60.0, "Hz", doc="a"), claim("fps", 120.0, "Hz", doc="a"),
        claim("throughput", 5e14, "FLOP/s", doc="a"), claim("throughput", 1000.0, "token/s", doc="b"),
        claim("latency", 0.01, "s", doc="b"), claim("latency", 0.03, "s", doc="b"),
        claim("speedup", 99.0, hardware=None, doc="c"),
    ]
    return frames(rows)["hardware_summary"].set_index("hardware")


def test_summary_one_row_per_named_hardware(summary):
    assert list(summary.index) == ["NVIDIA H100", "NVIDIA A100"]   # most claims first; null hardware dropped


def test_summary_h100_figures(summary):
    h = summary.loc["NVIDIA H100"]
    assert (h.vendor, h.kind, h.architecture, h.release_year) == ("NVIDIA", "datacenter_gpu", "Hopper", 2022)
    assert (h.papers, h.claims, h.claims_speedup, h.claims_fps, h.claims_throughput,
            h.claims_latency, h.claims_memory) == (2, 8, 2, 2, 2, 2, 0)
    assert h.median_speedup == 3.0 and h.max_speedup == 4.0
    assert h.max_fps == 120.0
    assert h.max_throughput_flop_per_s == 5e14 and h.max_throughput_token_per_s == 1000.0
    assert pd.isna(h.max_throughput_image_per_s)
    assert h.median_latency_s == pytest.approx(0.02)


def test_summary_a100_figures(summary):
    a = summary.loc["NVIDIA A100"]
    assert (a.papers, a.claims, a.median_speedup, a.max_speedup) == (1, 1, 3.0, 3.0)
    assert pd.isna(a.max_fps) and pd.isna(a.median_latency_s)


def test_summary_has_a_column_per_claim_type_and_throughput_unit():
    names = table_schema("hardware_summary").names
    for unit in THROUGHPUT_UNITS:
        assert f"max_throughput_{unit_slug(unit)}" in names
    assert unit_slug("FLOP/s") == "flop_per_s" and unit_slug("token/s") == "token_per_s"


# -- claims_vs_specs ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def vs_specs():
    s = "X reaches 500 TFLOP/s (51% utilization) on an H100."
    rows = [
        claim("throughput", 500e12, "FLOP/s", doc="fp16", precision="FP16", hardware_count=1,
              sentence=s, char_start=10),
        claim("utilization", 51.0, "%", doc="fp16", sentence=s, char_start=24),
        claim("throughput", 2e15, "FLOP/s", hardware="NVIDIA A100", doc="impossible", hardware_count=1),
        claim("throughput", 1e14, "FLOP/s", hardware=None, doc="nohw"),
        claim("throughput", 1e14, "FLOP/s", hardware="Apple iPhone 13", doc="nopeak"),
        claim("throughput", 1e14, "FLOP/s", doc="int4", precision="INT4"),
        claim("throughput", 100e12, "FLOP/s", hardware="NVIDIA A100", doc="fp32", precision="FP32",
              hardware_count=8),
        claim("throughput", 1000e12, "OP/s", doc="tops"),
        claim("utilization", 30.0, "%", doc="tops"),             # the only pair in its paper
        claim("throughput", 1000.0, "token/s", doc="tokens"),    # not a compute rate
    ]
    return frames(rows)["claims_vs_specs"].set_index("doc_id")


def test_only_compute_throughput_rows(vs_specs):
    assert set(vs_specs.index) == {"fp16", "impossible", "nohw", "nopeak", "int4", "fp32", "tops"}


def test_fp16_claim_on_one_h100(vs_specs):
    r = vs_specs.loc["fp16"]
    assert r.peak_column == "peak_fp16_bf16_tensor_flops"
    assert r.peak_total == pytest.approx(H100_FP16)
    assert r.implied_utilization_pct == pytest.approx(100 * 500e12 / H100_FP16)   # 50.5%
    assert round(r.implied_utilization_pct, 1) == 50.5
    assert pd.isna(r.flag) and not r.count_assumed and r.count_used == 1
    assert (r.stated_utilization_pct, r.utilization_match) == (51.0, "sentence")


def test_impossible_claim_is_flagged(vs_specs):
    r = vs_specs.loc["impossible"]
    assert r.implied_utilization_pct == pytest.approx(100 * 2e15 / A100_FP16)    # 641%
    assert r.flag == "exceeds_peak"


def test_unknown_hardware_and_peak_are_flagged(vs_specs):
    assert vs_specs.loc["nohw", "flag"] == "hardware_unknown"
    assert vs_specs.loc["nopeak", "flag"] == "peak_unknown"           # no published FLOP/s
    assert vs_specs.loc["int4", "flag"] == "peak_unknown"             # no INT4 column
    assert vs_specs[["implied_utilization_pct"]].loc[["nohw", "nopeak", "int4"]].isna().all().all()


def test_count_and_precision_mapping(vs_specs):
    r = vs_specs.loc["fp32"]
    assert r.peak_column == "peak_fp32_flops" and r.count_used == 8 and not r.count_assumed
    assert r.implied_utilization_pct == pytest.approx(100 * 100e12 / (8 * A100_FP32))
    t = vs_specs.loc["tops"]
    assert t.count_assumed and t.count_used == 1 and pd.isna(t.hardware_count)
    assert t.peak_column == "peak_int8_ops"
    assert t.implied_utilization_pct == pytest.approx(100 * 1000e12 / H100_INT8)
    assert (t.stated_utilization_pct, t.utilization_match) == (30.0, "document")


def test_sentence_pairing_is_nearest_and_one_to_one():
    s = "A reaches 700 TFLOP/s (70% utilization) and B reaches 350 TFLOP/s (35%)."
    rows = [claim("throughput", 700e12, "FLOP/s", sentence=s, char_start=10),
            claim("utilization", 70.0, "%", sentence=s, char_start=23),
            claim("throughput", 350e12, "FLOP/s", sentence=s, char_start=54),
            claim("utilization", 35.0, "%", sentence=s, char_start=67),
            claim("utilization", 10.0, "%", sentence="Another sentence.")]
    got = frames(rows)["claims_vs_specs"]
    assert list(got["stated_utilization_pct"]) == [70.0, 35.0]


# -- cross_hardware ----------------------------------------------------------------------

def test_cross_hardware_stated_and_same_paper_pairs():
    rows = [
        claim("speedup", 2.5, hardware="Intel Data Center GPU Max 1550", baseline_hardware="NVIDIA H100"),
        claim("speedup", 1.5, baseline_hardware="NVIDIA H100", doc="o"),     # same hardware: no
        claim("fps", 60.0, "Hz", hardware="NVIDIA GeForce RTX 4090", doc="p"),
        claim("fps", 30.0, "Hz", hardware="NVIDIA GeForce RTX 3060", doc="p"),
        claim("fps", 90.0, "Hz", hardware="NVIDIA GeForce RTX 4090", doc="p"),
        claim("latency", 1.0, "s", hardware="NVIDIA GeForce RTX 3060", doc="p"),   # other type
        claim("fps", 10.0, "Hz", hardware="NVIDIA A100", doc="q"),                 # other paper
    ]
    got = frames(rows)["cross_hardware"]
    stated = got[got["comparison"] == "stated"]
    assert len(stated) == 1
    assert (stated["hardware"].iat[0], stated["other_hardware"].iat[0], stated["ratio"].iat[0]) == \
        ("Intel Data Center GPU Max 1550", "NVIDIA H100", 2.5)
    pairs = got[got["comparison"] == "same_paper"]
    assert sorted(zip(pairs["value"], pairs["other_value"], pairs["ratio"])) == [(30.0, 90.0, 30.0 / 90.0),
                                                                                  (60.0, 30.0, 2.0)]
    assert set(pairs["doc_id"]) == {"p"}


# -- by_kind_and_year -------------------------------------------------------------------

def test_by_kind_and_year_counts_and_medians():
    rows = [claim("speedup", 2.0, doc="a"), claim("speedup", 4.0, doc="b"),
            claim("speedup", 6.0, hardware="NVIDIA H200", doc="b"),
            claim("speedup", 3.0, hardware="NVIDIA A100"),
            claim("fps", 30.0, "Hz", hardware="NVIDIA GeForce RTX 3060"),
            claim("speedup", 7.0, hardware=None)]
    got = frames(rows)["by_kind_and_year"]
    key = ["kind", "release_year", "claim_type"]
    dc22 = got[(got["kind"] == "datacenter_gpu") & (got["release_year"] == 2022)]
    assert len(dc22) == 1 and dc22["claims"].iat[0] == 2 and dc22["median_value"].iat[0] == 3.0
    dc24 = got[(got["kind"] == "datacenter_gpu") & (got["release_year"] == 2024)]   # H200
    assert dc24["claims"].iat[0] == 1 and dc24["hardware_models"].iat[0] == 1
    dc20 = got[(got["kind"] == "datacenter_gpu") & (got["release_year"] == 2020)]
    assert dc20["median_value"].iat[0] == 3.0
    consumer = got[got["kind"] == "consumer_gpu"]
    assert consumer[key + ["unit", "claims"]].values.tolist() == [["consumer_gpu", 2021, "fps", "Hz", 1]]
    unknown = got[got["kind"].isna()]
    assert unknown["claims"].iat[0] == 1 and unknown["hardware_models"].iat[0] == 0
    assert got["claims"].sum() == len(rows)


# -- schemas, empty input, writing, CLI ----------------------------------------------------

@pytest.mark.parametrize("name", TABLE_NAMES)
def test_schema_files_are_well_formed(name):
    spec = json.loads((ROOT / "schemas" / f"{name}.v1.json").read_text())
    assert spec["name"] == name and spec["schema_version"]
    assert all({"name", "type", "nullable", "description"} <= set(c) for c in spec["columns"])
    assert table_schema(name).names == [c["name"] for c in spec["columns"]]


def test_tables_have_their_schemas():
    for name, table in build_tables(claims_table([claim()])).items():
        assert table.schema.equals(table_schema(name)), name


def test_empty_claims_give_empty_tables_with_full_schemas(tmp_path):
    tables = build_tables(claims_table([]))
    assert set(tables) == set(TABLE_NAMES)
    for name, table in tables.items():
        assert table.num_rows == 0 and table.schema.equals(table_schema(name)), name
    write_tables(tables, tmp_path)
    for name in TABLE_NAMES:
        assert pq.read_schema(tmp_path / f"{name}.parquet").names == table_schema(name).names
        assert (tmp_path / f"{name}.csv").read_text().startswith('"')      # header only


def test_to_arrow_rejects_tables_off_schema():
    good = build_tables(claims_table([claim()]))["cross_hardware"].to_pandas()
    with pytest.raises(ValueError, match="missing"):
        to_arrow(good.drop(columns="ratio"), "cross_hardware")
    bad = pd.DataFrame([{c: None for c in table_schema("cross_hardware").names}])
    with pytest.raises(ValueError, match="not nullable"):
        to_arrow(bad, "cross_hardware")


def test_cli_writes_parquet_and_csv(tmp_path, capsys):
    claims = tmp_path / "claims.parquet"
    pq.write_table(claims_table([claim(), claim("fps", 30.0, "Hz")]), claims)
    assert main(["--claims", str(claims), "--out", str(tmp_path / "out")]) == 0
    for name in TABLE_NAMES:
        t = pq.read_table(tmp_path / "out" / f"{name}.parquet")
        assert t.schema.equals(table_schema(name))
        assert len(pd.read_csv(tmp_path / "out" / f"{name}.csv")) == t.num_rows
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0 and "--claims" in capsys.readouterr().out


# -- the bundled corpus -----------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_vs_specs() -> pd.DataFrame:
    claims = claims_table(c.as_row() for c in extract_documents(read_documents(CORPUS)))
    return build_tables(claims)["claims_vs_specs"].to_pandas()


def _row(df, title_prefix, text):
    hit = df[df["title"].str.startswith(title_prefix) & (df["text"] == text)]
    assert len(hit) == 1, (title_prefix, text)
    return hit.iloc[0]


def test_seed_flashattention3_matches_its_stated_utilization(seed_vs_specs):
    r = _row(seed_vs_specs, "FlashAttention-3", "740 TFLOPs/s")
    assert r.hardware == "NVIDIA H100" and r.count_assumed
    assert r.implied_utilization_pct == pytest.approx(100 * 740e12 / H100_FP16, abs=0.05)   # 74.8%
    assert r.stated_utilization_pct == 75.0
    assert abs(r.implied_utilization_pct - r.stated_utilization_pct) < 1.0


def test_seed_zero_infinity_matches_its_stated_utilization(seed_vs_specs):
    r = _row(seed_vs_specs, "ZeRO-Infinity", "25 petaflops")
    assert (r.hardware, r.count_used) == ("NVIDIA V100", 512)
    assert r.implied_utilization_pct == pytest.approx(100 * 25e15 / (512 * 125e12), abs=0.05)  # 39.1%
    assert r.stated_utilization_pct == 40.0
    assert abs(r.implied_utilization_pct - r.stated_utilization_pct) < 2.0
