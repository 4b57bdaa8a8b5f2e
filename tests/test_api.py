"""The Python API and the files agree: one set of pandas dtypes from every
entry point, a link back to each paper, and the provenance of each output."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import perfclaims
from perfclaims.dask_engine import extract_partition, map_extract
from perfclaims.runner import run_extract
from perfclaims.schema import claims_dtypes

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Our kernel reaches 740 TFLOPs/s on 8 H100 GPUs, a 1.5x speedup over FlashAttention-2."
RECORDS = [
    {"id": "2401.00001", "title": "Fast Kernels", "abstract": TEXT, "categories": "cs.LG cs.DC",
     "update_date": "2024-01-03", "authors": "A. Author"},
    {"id": "acl:2021.sustainlp-1.16", "title": "Adaptive Tokenization", "abstract": "Accuracy is 85% with a 6% cut in latency."},
    {"id": "p3", "title": "Nothing here", "abstract": "No numbers at all."},
]


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api")
    src = tmp / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    run_extract(src, tmp / "o", quiet=True)
    import dask.dataframe as dd
    docs = pd.DataFrame(RECORDS)
    return {
        "claims_from_text": perfclaims.claims_from_text(TEXT),
        "claims_from_text (empty)": perfclaims.claims_from_text(""),
        "claims_from_dataframe": perfclaims.claims_from_dataframe(docs),
        "claims_from_file": perfclaims.claims_from_file(src),
        "read_claims": perfclaims.read_claims(tmp / "o" / "claims.parquet"),
        "extract_partition": extract_partition(docs),
        "map_extract": map_extract(dd.from_pandas(docs, npartitions=2)).compute(scheduler="synchronous"),
        "_dir": tmp,
    }


def test_every_entry_point_gives_the_same_dtypes(frames):
    reference = frames["claims_from_text"].dtypes
    for name, df in frames.items():
        if name.startswith("_"):
            continue
        assert list(df.columns) == list(reference.index), name
        for column, dtype in claims_dtypes().items():
            assert df[column].dtype == dtype, (name, column, df[column].dtype)
        assert (df.dtypes == reference).all(), (name, df.dtypes[df.dtypes != reference])


def test_concat_keeps_the_categoricals(frames):
    both = pd.concat([frames["claims_from_text"], frames["read_claims"]], ignore_index=True)
    for column in ("claim_type", "qualifier", "unit", "hardware", "field"):
        assert isinstance(both[column].dtype, pd.CategoricalDtype), column
    assert str(both.hardware_count.dtype) == "Int32"


def test_each_claim_links_back_to_its_paper(frames):
    df = frames["read_claims"]
    first = df[df.doc_id == "2401.00001"].iloc[0]
    assert first.url == "https://arxiv.org/abs/2401.00001" and first.date == "2024-01-03"
    assert json.loads(first.input_extra) == {"authors": "A. Author", "categories": "cs.LG cs.DC",
                                             "update_date": "2024-01-03"}
    acl = df[df.doc_id == "acl:2021.sustainlp-1.16"].iloc[0]
    assert acl.url == "https://aclanthology.org/2021.sustainlp-1.16/" and pd.isna(acl.date)


def test_outputs_carry_their_provenance_and_a_card(frames):
    out = frames["_dir"] / "o"
    meta = pq.read_schema(out / "claims.parquet").metadata
    assert meta[b"perfclaims_version"] == perfclaims.__version__.encode()
    assert len(meta[b"rules_sha256"]) == 64 and meta[b"input_name"] == b"in.jsonl"
    assert int(meta[b"input_bytes"]) == (frames["_dir"] / "in.jsonl").stat().st_size
    card = (out / "README.md").read_text()
    assert card.startswith("---\nlicense: other") and "CC BY 4.0" in card and "Epoch AI" in card
    assert "| speedup | 1 |" in card and meta[b"rules_sha256"].decode() in card
