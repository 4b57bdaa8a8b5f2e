"""The Dask engine gives the local engine's output, byte for byte."""
import json
import random
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import dask.dataframe as dd  # noqa: E402
import distributed  # noqa: E402

import perfclaims.runner as runner  # noqa: E402
from perfclaims.cli import run_extract  # noqa: E402
from perfclaims.dask_engine import (claims_frame, claims_meta, extract_partition,  # noqa: E402
                                 map_extract, run_dask)
from perfclaims.read import read_documents  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
H100 = ROOT / "data" / "corpus" / "hf_papers_h100.txt"
N_DOCS = 1500

SENTENCES = [
    "Our kernel achieves a {x:.1f}x speedup over FlashAttention-2 on an NVIDIA {hw} GPU.",
    "The model runs at {n} FPS on a single {hw}.",
    "Latency drops from {a} ms to {b} ms, a {p}% reduction.",
    "We reach {t} TFLOP/s in BF16 on {k} {hw} GPUs, {u}% of peak.",
    "Accuracy improves by {p} points to {acc:.1f}% on ImageNet.",
    "Throughput is {n} tokens/s per GPU, {x:.1f} times higher than vLLM.",
    "Memory use falls by {x:.1f}x, to {g} GB.",
    "Power draw stays under {w} W while serving {n} requests per second.",
    "Training takes {h} hours on {k} {hw}s instead of {d} days.",
    "We release code and data to foster research in this area.",
    "Unlike prior work, our approach needs no labelled data.",
    "Experiments on {k} benchmarks show consistent gains (Table {k}).",
    "Ce modèle atteint {n} images par seconde — 数据 {a} ms.",
]
HARDWARE = ["A100", "H100", "V100", "RTX 4090", "TPU v4", "MI250X", "Jetson Orin"]


def _doc(rng: random.Random, i: int) -> dict:
    k = rng.randint(0, 7)
    parts = []
    for _ in range(k):
        s = rng.choice(SENTENCES)
        parts.append(s.format(x=rng.uniform(1.1, 40), hw=rng.choice(HARDWARE), n=rng.randint(2, 9000),
                              a=rng.randint(10, 900), b=rng.randint(1, 9), p=rng.randint(1, 95),
                              t=rng.randint(10, 990), k=rng.randint(2, 64), u=rng.randint(10, 80),
                              acc=rng.uniform(50, 99), g=rng.randint(1, 80), w=rng.randint(5, 700),
                              h=rng.randint(1, 48), d=rng.randint(2, 30)))
    if i % 97 == 0:  # a long abstract: batches differ in cost, so tasks finish out of order
        parts = parts * 40
    title = f"Paper {i}: {rng.choice(['Fast', 'Efficient', 'Scalable', 'Robust'])} " \
            f"{rng.choice(['Attention', 'Inference', 'Rendering', 'Training'])}"
    if i % 5 == 0:
        title += f" at {rng.randint(2, 30)}x speed"
    return {"doc_id": f"gen-{i:05d}", "title": title, "abstract": " ".join(parts)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """~1,500 generated docs as JSON Lines, with two malformed records."""
    rng = random.Random(20240607)
    lines = [json.dumps(_doc(rng, i), ensure_ascii=False) for i in range(N_DOCS)]
    lines.insert(700, "{not json")
    lines.insert(1200, json.dumps({"doc_id": "x", "abstract": "no title, 3x faster"}))
    path = tmp_path_factory.mktemp("dask") / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _same_files(a: dict, b: dict) -> None:
    for key in ("parquet", "csv"):
        assert Path(a[key]).read_bytes() == Path(b[key]).read_bytes(), key
    assert {k: a[k] for k in ("documents", "claims", "skipped")} == \
           {k: b[k] for k in ("documents", "claims", "skipped")}


def test_run_dask_on_its_own_cluster_is_byte_identical(corpus, tmp_path):
    local = run_extract(corpus, tmp_path / "local", jobs=1, quiet=True)
    dask_ = run_dask(corpus, tmp_path / "dask", jobs=2, quiet=True)
    assert local["documents"] == N_DOCS and local["skipped"] == 2 and local["claims"] > 1000
    _same_files(local, dask_)
    assert set(dask_) == set(local)


def test_run_dask_bundled_corpus_is_byte_identical(client, tmp_path):
    local = run_extract(H100, tmp_path / "local", jobs=1, quiet=True)
    dask_ = run_dask(H100, tmp_path / "dask", client=client, quiet=True)
    assert local["claims"] > 0
    _same_files(local, dask_)


def test_many_small_batches_keep_input_order(corpus, client, tmp_path, monkeypatch):
    # 24 batches through a window of 4 on 2 workers; uneven batch costs
    monkeypatch.setattr(runner, "BATCH_DOCS", 64)
    local = run_extract(corpus, tmp_path / "local", jobs=1, quiet=True)
    dask_ = run_dask(corpus, tmp_path / "dask", client=client, batch_docs=64, quiet=True)
    _same_files(local, dask_)


def test_limit_and_synchronous_scheduler(corpus, tmp_path):
    local = run_extract(corpus, tmp_path / "local", jobs=1, quiet=True, limit=600)
    dask_ = run_dask(corpus, tmp_path / "dask", scheduler="synchronous", quiet=True, limit=600)
    assert dask_["documents"] == 600
    _same_files(local, dask_)


def _frame(path: Path) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d.doc_id, "title": d.title, "abstract": d.abstract}
                         for d in read_documents(path)])


def _dtypes(df: pd.DataFrame) -> list[str]:
    return [str(t) for t in df.dtypes]  # categoricals as "category", whatever their categories


def _comparable(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(str)
    return df


@pytest.mark.parametrize("source", ["generated", "h100"])
def test_map_extract_gives_the_local_rows(source, corpus, client, tmp_path):
    path = corpus if source == "generated" else H100
    pdf = _frame(path)
    local = run_extract(path, tmp_path / "local", jobs=1, quiet=True)
    expected = claims_frame(pq.read_table(local["parquet"]))

    claims = map_extract(dd.from_pandas(pdf, npartitions=7))
    assert list(claims.columns) == list(expected.columns)
    got = claims.compute()  # on the distributed client
    assert len(got) == local["claims"]
    assert _dtypes(got) == _dtypes(expected)
    pd.testing.assert_frame_equal(_comparable(got), _comparable(expected))


def test_extract_partition_empty_and_meta():
    meta = claims_meta()
    empty = extract_partition(pd.DataFrame({"title": pd.Series([], dtype=str),
                                            "abstract": pd.Series([], dtype=str)}))
    assert list(empty.columns) == list(meta.columns)
    assert _dtypes(empty) == _dtypes(meta)
    assert len(empty) == 0
    # a partition without claims has the same dtypes as one with claims
    none = extract_partition(pd.DataFrame({"title": ["Plain"], "abstract": ["No numbers here."]}))
    some = extract_partition(pd.DataFrame({"id": ["a"], "title": ["Fast"],
                                           "abstract": ["A 3.5x speedup on an H100 at 45 FPS."]}))
    assert _dtypes(none) == _dtypes(some) == _dtypes(meta)
    assert len(some) >= 2 and set(some["doc_id"]) == {"a"}


def test_cli_engine_dask_matches_local(tmp_path):
    from perfclaims.cli import main
    assert main(["extract", str(H100), "--out", str(tmp_path / "local"), "--jobs", "1", "--quiet"]) == 0
    assert main(["extract", str(H100), "--out", str(tmp_path / "dask"), "--jobs", "2", "--quiet",
                 "--engine", "dask"]) == 0
    for name in ("claims.parquet", "claims.csv"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
