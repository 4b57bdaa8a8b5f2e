"""The command line as users and the Makefile call it."""
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from perfclaims.cli import main
from perfclaims.schema import claims_schema

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "hf_papers_h100.txt"


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


# -- one command line (issue 12) ---------------------------------------------------------

def test_every_subcommand_has_full_help():
    for command in ("extract", "tables", "report", "eval"):
        out = run(command, "--help")
        assert out.returncode == 0 and f"usage: perfclaims {command}" in out.stdout
        options = [l for l in out.stdout.splitlines() if l.strip().startswith("--")]
        assert options and all(len(l.split(None, 1)) == 2 or l.rstrip().endswith(("]", "}")) for l in options), out.stdout
    assert "usage: perfclaims" in run("--help").stdout and "-v, --verbose" in run("--help").stdout


def test_stdin_with_a_format(tmp_path):
    data = ROOT / "data" / "heldout" / "docs.jsonl"
    out = subprocess.run([sys.executable, "-m", "perfclaims", "extract", "-", "--format", "jsonl", "--out",
                          str(tmp_path / "o"), "--quiet"], cwd=ROOT, input=data.read_bytes(),
                         capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr
    via_file = run("extract", str(data), "--out", str(tmp_path / "f"), "--quiet", "--jobs", "1")
    assert via_file.returncode == 0
    a, b = (pq.read_table(tmp_path / d / "claims.parquet") for d in ("o", "f"))
    assert a.num_rows == b.num_rows > 50 and a.drop(["claim_id"]).equals(b.drop(["claim_id"]))
    assert pq.read_schema(tmp_path / "o" / "claims.parquet").metadata[b"input_name"] == b"<stdin>"
    no_format = subprocess.run([sys.executable, "-m", "perfclaims", "extract", "-", "--out", str(tmp_path / "x")],
                               cwd=ROOT, input=b"", capture_output=True, text=False, timeout=120)
    assert no_format.returncode == 2 and b"needs --format" in no_format.stderr


@pytest.mark.parametrize("name", ["x.parquet", "x.csv"])
def test_out_can_name_the_tables(tmp_path, name):
    out = run("extract", str(CORPUS), "--out", str(tmp_path / "sub" / name), "--quiet", "--jobs", "1")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["x.card.md", "x.csv", "x.parquet"]


def test_a_users_readme_is_never_replaced_by_the_card(tmp_path):
    (tmp_path / "README.md").write_text("my project")
    assert run("extract", str(CORPUS), "--out", str(tmp_path), "--quiet", "--jobs", "1").returncode == 0
    assert (tmp_path / "README.md").read_text() == "my project"
    assert (tmp_path / "claims.card.md").read_text().startswith("---")


def test_dask_engine_without_dask_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "perfclaims.dask_engine", None)   # as if the extra were missing
    assert main(["extract", str(CORPUS), "--out", str(tmp_path / "o"), "--engine", "dask"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'perfclaims[dask]'" in err


def test_verbose_says_what_was_read_and_written(tmp_path):
    out = run("-v", "extract", str(CORPUS), "--out", str(tmp_path / "o"), "--quiet", "--jobs", "1")
    assert out.returncode == 0
    assert "reading" in out.stderr and "documents/s" in out.stderr
