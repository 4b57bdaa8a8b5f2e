"""Claims schema (SPEC section 2) and atomic, deterministic output."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from perfclaims import schema as schema_mod
from perfclaims import write as write_mod
from perfclaims.model import CLAIM_COLUMNS, Claim
from perfclaims.schema import (
    SchemaError, claims_schema, claims_table, conform_claims_table, load_schema_spec,
)
from perfclaims.write import ClaimsWriter, atomic_write_table, write_claims

DICT = pa.dictionary(pa.int32(), pa.string())
# SPEC section 2, column by column: (arrow type, nullable)
SPEC_COLUMNS = {
    "claim_id": (pa.string(), False), "doc_id": (pa.string(), False),
    "title": (pa.string(), False), "url": (pa.string(), True), "date": (pa.string(), True),
    "system": (pa.string(), True),
    "field": (pa.string(), False), "char_start": (pa.int32(), False),
    "char_end": (pa.int32(), False), "text": (pa.string(), False),
    "sentence": (pa.string(), False), "claim_type": (DICT, False),
    "metric": (pa.string(), True), "value": (pa.float64(), False),
    "value_low": (pa.float64(), False), "value_high": (pa.float64(), False),
    "unit": (pa.string(), False), "unit_text": (pa.string(), True),
    "qualifier": (DICT, False), "hardware": (pa.string(), True),
    "hardware_count": (pa.int32(), True), "hardware_text": (pa.string(), True),
    "baseline": (pa.string(), True), "baseline_hardware": (pa.string(), True),
    "model": (pa.string(), True), "precision": (pa.string(), True),
    "rule": (pa.string(), False), "input_extra": (pa.string(), True),
    "section": (pa.string(), True), "section_kind": (DICT, True), "passage_kind": (DICT, True),
    "row_header": (pa.string(), True), "column_header": (pa.string(), True),
}


def make_claim(i: int = 0, **kw) -> Claim:
    base = Claim(
        claim_id=f"c{i}", doc_id="pipellm", title="PipeLLM: Fast, \"quoted\"\nTitle", url="https://arxiv.org/abs/2412.03594", date=None,
        system="PipeLLM", field="abstract", char_start=263 + i, char_end=275 + i,
        text="52.8 percent", sentence="reaching up to 52.8 percent, drop", claim_type="reduction",
        metric="throughput", value=52.8, value_low=52.8, value_high=52.8, unit="%",
        unit_text="percent", qualifier="upper_bound", hardware="NVIDIA H100",
        hardware_count=None, hardware_text="NVIDIA H100", baseline=None,
        baseline_hardware=None, model="OPT-30B", precision=None, rule="reduction.percent")
    return replace(base, **kw)


def sample_claims(n=5):
    out = [make_claim(i) for i in range(n)]
    out[1] = replace(out[1], claim_type="speedup", value=7.4e14, value_low=1.5, value_high=7.4e14,
                     qualifier="range", hardware_count=8, metric=None, unit_text="")
    return out


def listing(d: Path) -> list[str]:
    return sorted(os.listdir(d))


# -- schema -----------------------------------------------------------------------------

def test_schema_matches_spec_and_model():
    s = claims_schema()
    assert s.names == CLAIM_COLUMNS == list(SPEC_COLUMNS)
    for f in s:
        assert (f.type, f.nullable) == SPEC_COLUMNS[f.name], f.name
        assert f.metadata[b"description"]
    assert s.metadata[b"schema_version"] == load_schema_spec()["schema_version"].encode()
    assert s.metadata[b"description"]
    assert claims_schema() is s  # cached


def test_schema_file_is_plain_data():
    spec = json.loads(schema_mod.SCHEMA_PATH.read_text())
    assert spec["schema_version"]
    assert [c["name"] for c in spec["columns"]] == CLAIM_COLUMNS
    assert all(set(c) == {"name", "type", "nullable", "description"} for c in spec["columns"])


def _write_spec(tmp_path, mutate):
    spec = json.loads(schema_mod.SCHEMA_PATH.read_text())
    mutate(spec)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(spec))
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s["columns"].reverse(), "columns differ"),
    (lambda s: s["columns"].pop(), "columns differ"),
    (lambda s: s["columns"][0].update(type="varchar"), "unknown type"),
    (lambda s: s["columns"][3].update(nullable=False), "Optional"),
    (lambda s: s.pop("schema_version"), "schema_version"),
])
def test_schema_validation(tmp_path, mutate, message):
    with pytest.raises(SchemaError, match=message):
        load_schema_spec(_write_spec(tmp_path, mutate))


def test_schema_duplicate_keys(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"schema_version": "1", "schema_version": "2"}')
    with pytest.raises(SchemaError, match="duplicate"):
        load_schema_spec(path)


# -- building tables ---------------------------------------------------------------------

def test_empty_table_has_full_schema():
    t = claims_table([])
    assert t.num_rows == 0
    assert t.schema.equals(claims_schema(), check_metadata=True)


def test_claims_table_from_claims_and_dicts():
    claims = sample_claims()
    a = claims_table(claims)
    b = claims_table(c.as_row() for c in claims)
    assert a.equals(b) and a.schema.equals(claims_schema(), check_metadata=True)
    assert a.num_rows == 5
    assert a.column("claim_type").type == DICT
    assert a.to_pylist()[1]["hardware_count"] == 8
    assert a.to_pylist()[0] == claims[0].as_row()


@pytest.mark.parametrize("row, message", [
    ({k: v for k, v in make_claim().as_row().items() if k != "rule"}, r"missing columns \['rule'\]"),
    ({**make_claim().as_row(), "extra": 1}, r"unknown columns \['extra'\]"),
    ({**make_claim().as_row(), "doc_id": None}, "'doc_id' is not nullable but row 0 is null"),
    ({**make_claim().as_row(), "char_start": "x"}, "column 'char_start'"),
    ({**make_claim().as_row(), "char_end": 2**40}, "column 'char_end'"),
])
def test_claims_table_rejects_bad_rows(row, message):
    with pytest.raises(ValueError, match=message):
        claims_table([row])


def test_claims_table_rejects_other_objects():
    with pytest.raises(TypeError, match="expected Claim or dict"):
        claims_table([("a", "b")])


def test_conform_casts_plain_strings_and_reorders():
    t = claims_table(sample_claims())
    plain = pa.table({n: (t.column(n).cast(pa.string()) if t.schema.field(n).type == DICT
                          else t.column(n)) for n in reversed(t.column_names)})
    out = conform_claims_table(plain)
    assert out.schema.equals(claims_schema(), check_metadata=True)
    assert out.to_pylist() == t.to_pylist()
    with pytest.raises(ValueError, match="missing"):
        conform_claims_table(t.drop_columns(["rule"]))


# -- writing -----------------------------------------------------------------------------

def test_write_claims_round_trip(tmp_path):
    t = claims_table(sample_claims())
    pq_path, csv_path = write_claims(t, tmp_path / "out")
    assert listing(tmp_path / "out") == ["claims.csv", "claims.parquet"]
    back = pq.read_table(pq_path)
    assert back.equals(t)
    assert back.schema.equals(claims_schema(), check_metadata=True)
    df = pd.read_csv(csv_path, keep_default_na=False, na_values=[])
    assert list(df.columns) == CLAIM_COLUMNS
    assert df["title"][0] == "PipeLLM: Fast, \"quoted\"\nTitle"
    assert df["value"][1] == 7.4e14
    raw = csv_path.read_text()
    assert ',,' in raw            # nulls are empty cells
    assert ',"",' in raw          # an empty string (row 1's unit_text) stays distinguishable


def test_write_is_byte_identical(tmp_path):
    t = claims_table(sample_claims(50))
    a = write_claims(t, tmp_path / "a")
    b = write_claims(t, tmp_path / "b")
    again = write_claims(t, tmp_path / "a")
    for x, y, z in zip(a, b, again):
        assert x.read_bytes() == y.read_bytes() == z.read_bytes()
    # rows or a table give the same bytes
    c = write_claims(sample_claims(50), tmp_path / "c")
    assert [p.read_bytes() for p in c] == [p.read_bytes() for p in a]


def test_write_claims_empty_and_stem(tmp_path):
    pq_path, csv_path = write_claims(claims_table([]), tmp_path, stem="none")
    assert (pq_path.name, csv_path.name) == ("none.parquet", "none.csv")
    assert pq.read_table(pq_path).schema.equals(claims_schema(), check_metadata=True)
    assert csv_path.read_text().strip().split(",") == [f'"{c}"' for c in CLAIM_COLUMNS]


def test_streaming_writer_batches(tmp_path):
    claims = sample_claims(9)
    with ClaimsWriter(tmp_path) as w:
        w.write_batch(claims[:4])
        w.write_batch(claims_table(claims[4:7]))
        w.write_batch([])                 # nothing, no empty row group
        w.write_batch(c.as_row() for c in claims[7:])
        # while open, only hidden temps exist
        names = listing(tmp_path)
        assert len(names) == 2 and all(n.startswith(".") and n.endswith(".tmp") for n in names)
    assert w.rows_written == 9
    assert listing(tmp_path) == ["claims.csv", "claims.parquet"]
    assert pq.ParquetFile(w.parquet_path).metadata.num_row_groups == 3
    assert pq.read_table(w.parquet_path).to_pylist() == [c.as_row() for c in claims]
    assert len(pd.read_csv(w.csv_path)) == 9


def test_output_has_normal_permissions(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    pq_path, csv_path = write_claims(claims_table([]), tmp_path)
    for p in (pq_path, csv_path):
        assert p.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.fixture
def old_output(tmp_path):
    paths = write_claims(claims_table(sample_claims(3)), tmp_path)
    return tmp_path, {p: p.read_bytes() for p in paths}


def _assert_untouched(out_dir, old):
    assert listing(out_dir) == ["claims.csv", "claims.parquet"]  # no temps left
    for p, data in old.items():
        assert p.read_bytes() == data


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_mid_write_keeps_old_output(old_output, exc):
    out_dir, old = old_output
    with pytest.raises(type(exc)):
        with ClaimsWriter(out_dir) as w:
            w.write_batch(sample_claims(20))
            raise exc
    _assert_untouched(out_dir, old)


def test_bad_batch_keeps_old_output(old_output):
    out_dir, old = old_output
    with pytest.raises(ValueError):
        write_claims([{**make_claim().as_row(), "rule": None}], out_dir)
    _assert_untouched(out_dir, old)


def test_failure_while_committing_keeps_old_output(old_output, monkeypatch):
    out_dir, old = old_output

    def fail(*a, **kw):
        raise OSError("disk full")
    monkeypatch.setattr(write_mod, "_fsync_path", fail)
    with pytest.raises(OSError, match="disk full"):
        write_claims(claims_table(sample_claims(20)), out_dir)
    _assert_untouched(out_dir, old)


def test_writer_needs_context(tmp_path):
    with pytest.raises(RuntimeError, match="context manager"):
        ClaimsWriter(tmp_path).write_batch([])


# -- the generic helper ---------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [("t.parquet", None), ("t.csv", None), ("t.data", "csv")])
def test_atomic_write_table(tmp_path, name, fmt):
    t = pa.table({"a": [1, None, 3], "b": ["x", "", None]})
    path = atomic_write_table(t, tmp_path / "sub" / name, fmt)
    assert listing(tmp_path / "sub") == [name]
    if (fmt or Path(name).suffix[1:]) == "parquet":
        assert pq.read_table(path).equals(t)
    else:
        assert path.read_text() == '"a","b"\n1,"x"\n,""\n3,\n'
    first = path.read_bytes()
    atomic_write_table(t, path, fmt)
    assert path.read_bytes() == first


def test_atomic_write_table_unknown_format(tmp_path):
    t = pa.table({"a": [1]})
    with pytest.raises(ValueError, match="cannot infer"):
        atomic_write_table(t, tmp_path / "t.xlsx")
    with pytest.raises(ValueError, match="unknown table format"):
        atomic_write_table(t, tmp_path / "t.csv", "xlsx")
    assert listing(tmp_path) == []
