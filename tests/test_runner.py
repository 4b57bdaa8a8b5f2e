"""The progress bar's time left: how far through its input file a reader is
(``ReadPosition``), and the ETA computed from it."""
import csv
import gzip
import io
import json
import random
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from perfclaims.read import ReadPosition, read_documents
from perfclaims.runner import Progress, Run, eta_text

N_DOCS = 4000


def _records(n=N_DOCS):
    """Records of equal size with incompressible abstracts, so that the share
    of the (compressed) bytes read tracks the share of the documents read."""
    rnd = random.Random(7)
    return [{"id": f"p{i:05d}", "title": f"Paper {i:05d}", "abstract": rnd.randbytes(300).hex()}
            for i in range(n)]


def _write_jsonl(path):
    path.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    return path


def _write_jsonl_gz(path):
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in _records())
    return path


def _write_csv(path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["id", "title", "abstract"])
        w.writeheader()
        w.writerows(_records())
    return path


def _write_parquet(path):
    pq.write_table(pa.Table.from_pylist(_records()), path, row_group_size=500)
    return path


def _samples(path, every=100):
    """[(documents read, fraction)] every ``every`` documents, then at the end."""
    pos = ReadPosition()
    docs = read_documents(path, position=pos)
    assert pos.fraction() is None   # not opened yet
    out, n = [], 0
    for n, _ in enumerate(docs, start=1):
        if n % every == 0:
            out.append((n, pos.fraction()))
    out.append((n, pos.fraction()))
    return out


@pytest.mark.parametrize("name, write, tolerance", [
    ("in.jsonl", _write_jsonl, 0.02),         # the OS offset runs ahead by one 8 KiB buffer at most
    # ... by one compressed read chunk (up to 128 KiB). The file is 54% of the
    # text it holds: counting decompressed bytes would be off by far more.
    ("in.jsonl.gz", _write_jsonl_gz, 0.08),
    ("in.csv", _write_csv, 0.02),
])
def test_byte_fraction_follows_the_documents_read(tmp_path, name, write, tolerance):
    path = write(tmp_path / name)
    assert path.stat().st_size > 1_000_000   # many buffers long
    samples = _samples(path)
    assert samples[-1] == (N_DOCS, 1.0)      # all read, file closed
    fractions = [f for _, f in samples]
    assert fractions == sorted(fractions)    # never goes back
    for n, f in samples[:-1]:
        assert abs(f - n / N_DOCS) <= tolerance, (n, f)
    assert any(0.4 < f < 0.6 for f in fractions)


def test_parquet_fraction_counts_rows(tmp_path):
    samples = _samples(_write_parquet(tmp_path / "in.parquet"), every=1000)
    assert samples[-1] == (N_DOCS, 1.0)
    fractions = [f for _, f in samples]
    assert fractions == sorted(fractions)
    # rows are read in record batches of up to 8192 rows: the fraction may
    # run ahead of the documents, never behind them
    assert all(n / N_DOCS <= f <= 1.0 for n, f in samples)


def test_empty_file_has_no_fraction(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    pos = ReadPosition()
    assert list(read_documents(path, position=pos)) == []
    assert pos.fraction() is None


def test_a_run_follows_its_input(tmp_path):
    run = Run(_write_jsonl(tmp_path / "in.jsonl"), tmp_path / "out", quiet=True)
    batches = run.batches()
    next(batches)
    assert 0 < run.position.fraction() < 0.5
    for _ in batches:
        pass
    assert run.position.fraction() == 1.0


# -- time left ----------------------------------------------------------------------

@pytest.mark.parametrize("elapsed, fraction, text", [
    (30, 0.25, "1:30"),        # a quarter in 30 s: 90 s to go
    (10, 0.5, "0:10"),
    (59.6, 0.5, "1:00"),       # rounded to the second
    (3600, 0.5, "1:00:00"),
    (100, 0.01, "2:45:00"),    # 9900 s
    (12, 1.0, "0:00"),
    (12, None, None),          # unknown position
    (12, 0.0, None),           # nothing read yet
])
def test_eta_text(elapsed, fraction, text):
    assert eta_text(elapsed, fraction) == text


class _At:
    """A stand-in ReadPosition at a fixed fraction."""

    def __init__(self, fraction):
        self.value = fraction

    def fraction(self):
        return self.value


def _bar(**kw):
    return Progress(enabled=True, **kw)


def test_progress_shows_the_time_left(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    progress = _bar(position=_At(0.25))
    progress.start = time.monotonic() - 30
    progress.update(100, 7)
    assert progress.bar.postfix == "claims=7, eta=1:30"
    assert progress.bar.n == 100 and progress.bar.total is None
    progress.close()


def test_progress_without_a_position_shows_no_time_left(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    for progress in (_bar(), _bar(position=_At(None))):
        progress.update(100, 7)
        assert progress.bar.postfix == "claims=7"
        progress.close()


def test_progress_with_a_limit_counts_towards_it(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    progress = _bar(total=1000, position=_At(0.25))
    progress.update(100, 7)
    assert progress.bar.total == 1000
    assert progress.bar.postfix == "claims=7"   # tqdm's own time left instead
    progress.close()
