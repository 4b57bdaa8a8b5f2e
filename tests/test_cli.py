"""The command line as users and the Makefile call it."""
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from perfclaims.cli import main
from perfclaims.schema import claims_schema

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "perfclaims", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _jsonl(path: Path, lines):
    path.write_text("".join(l + "\n" for l in lines), encoding="utf-8")
    return path


GOOD = json.dumps({"id": "p1", "title": "A: fast", "abstract": "We get a 3.5x speedup on an H100."})
GOOD2 = json.dumps({"id": "p2", "title": "B", "abstract": "It renders at 120 FPS."})


def test_help_lists_the_options():
    out = run("extract", "--help")
    assert out.returncode == 0
    for flag in ("--out", "--strict", "--jobs", "--quiet"):
        assert flag in out.stdout


def test_extract_writes_parquet_and_csv(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [GOOD, GOOD2])
    assert main(["extract", str(src), "--out", str(tmp_path / "o"), "--quiet", "--jobs", "1"]) == 0
    table = pq.read_table(tmp_path / "o" / "claims.parquet")
    assert table.schema.equals(claims_schema())
    assert table.column("doc_id").to_pylist() == ["p1", "p2"]
    csv = (tmp_path / "o" / "claims.csv").read_text()
    assert csv.count("\n") == 3


def test_bad_record_is_reported_and_skipped(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [GOOD, "{not json", GOOD2])
    out = run("extract", str(src), "--out", str(tmp_path / "o"), "--jobs", "1")
    assert out.returncode == 0
    assert f"{src}:2:" in out.stderr
    assert "skipped 1 malformed record" in out.stderr
    assert pq.read_table(tmp_path / "o" / "claims.parquet").num_rows == 2


def test_strict_stops_with_nonzero_exit_and_keeps_old_output(tmp_path):
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    (out_dir / "claims.csv").write_text("previous\n")
    src = _jsonl(tmp_path / "in.jsonl", [GOOD, "{not json", GOOD2])
    out = run("extract", str(src), "--out", str(out_dir), "--strict", "--jobs", "1")
    assert out.returncode == 2
    assert f"{src}:2:" in out.stderr
    assert (out_dir / "claims.csv").read_text() == "previous\n"
    assert not list(out_dir.glob(".*.tmp"))


def test_missing_input_is_a_clear_error(tmp_path):
    out = run("extract", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o"))
    assert out.returncode == 2
    assert "nope.jsonl" in out.stderr and "Traceback" not in out.stderr


def test_empty_input_gives_empty_table_with_full_schema(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("")
    assert main(["extract", str(src), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    table = pq.read_table(tmp_path / "o" / "claims.parquet")
    assert table.num_rows == 0 and table.schema.equals(claims_schema())


def test_jobs_do_not_change_the_output(tmp_path):
    docs = [json.dumps({"id": f"d{i}", "title": f"T{i}", "abstract": f"We get {i + 1}.5x faster decoding on {i} A100 GPUs."})
            for i in range(1200)]
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write("\n".join(docs) + "\n")
    for jobs in ("1", "2"):
        assert main(["extract", str(src), "--out", str(tmp_path / jobs), "--quiet", "--jobs", jobs]) == 0
    one = (tmp_path / "1" / "claims.parquet").read_bytes()
    two = (tmp_path / "2" / "claims.parquet").read_bytes()
    assert one == two
    assert (tmp_path / "1" / "claims.csv").read_bytes() == (tmp_path / "2" / "claims.csv").read_bytes()


def test_eval_prints_table_and_writes_json(tmp_path):
    out_dir = tmp_path / "o"
    assert main(["extract", "--out", str(out_dir), "--quiet", "--jobs", "1"]) == 0
    out = run("eval", "--claims", str(out_dir / "claims.parquet"), "--out-json", str(out_dir / "eval.json"))
    assert out.returncode == 0
    assert "OVERALL" in out.stdout and "speedup" in out.stdout
    result = json.loads((out_dir / "eval.json").read_text())
    assert result["overall"]["f1"] >= 0.97
