"""Bad input of every kind: one clear message naming file, line and problem,
the run goes on (or stops with --strict), and nothing in OUT is lost."""
import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = [json.dumps({"id": f"p{i}", "title": f"T{i}", "abstract": f"We get a {i + 2}x speedup on an H100."}) for i in range(3)]


def run(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "extract", "extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def jsonl(*lines: str) -> bytes:
    return "".join(l + "\n" for l in lines).encode()


def truncated_gzip() -> bytes:
    records = [json.dumps({"id": f"q{i}", "title": f"T{i}", "abstract": f"We get a {i % 7 + 2}x speedup."})
               for i in range(1200)]
    data = gzip.compress(jsonl(*records))
    return data[: len(data) // 2]


# (file name, content, expected message after "<path>", rows kept when not strict)
BAD_RECORDS = [
    ("bad.jsonl", jsonl(GOOD[0], "{not json", GOOD[1]), ":2: invalid JSON", 2),
    ("array.jsonl", jsonl(GOOD[0], "[1, 2]", GOOD[1]), ":2: expected a JSON object, got array", 2),
    ("types.jsonl", jsonl(json.dumps({"id": "x", "title": 5, "abstract": "a"}), GOOD[1]), ":1: title must be a string, got int", 1),
    ("notitle.jsonl", jsonl(GOOD[0], json.dumps({"id": "x", "abstract": "3x faster"})), ":2: missing title", 1),
    ("notext.jsonl", jsonl(json.dumps({"id": "x", "title": "T"}), GOOD[1]), ":1: missing text", 1),
    ("bytes.jsonl", jsonl(GOOD[0]) + b'{"id": "z", "title": "\xff bad", "abstract": "x"}\n' + jsonl(GOOD[2]), ":2: invalid UTF-8", 2),
    ("trunc.jsonl.gz", truncated_gzip(), ": compressed stream broken", None),
]


@pytest.mark.parametrize("name,content,message,kept", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_bad_record_is_reported_and_skipped(tmp_path, name, content, message, kept):
    src = write_bytes(tmp_path / name, content)
    out = run(src, "--out", tmp_path / "o", "--jobs", "1", "--quiet")
    assert out.returncode == 0, out.stderr
    lines = [l for l in out.stderr.splitlines() if l.startswith("warning:")]
    assert len(lines) == 1 and f"{src}:" in lines[0], out.stderr
    if name.endswith(".gz"):
        assert "compressed stream broken" in lines[0]
    else:
        assert f"{src}{message}" in lines[0], lines[0]
    assert "skipped 1 malformed record(s)" in out.stderr
    rows = pq.read_table(tmp_path / "o" / "claims.parquet").num_rows
    if kept is not None:
        assert rows == kept
    else:
        assert rows > 0   # everything before the break was kept


@pytest.mark.parametrize("name,content,message,kept", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_strict_stops_at_first_bad_record(tmp_path, name, content, message, kept):
    src = write_bytes(tmp_path / name, content)
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    (out_dir / "claims.parquet").write_bytes(b"previous")
    out = run(src, "--out", out_dir, "--jobs", "1", "--strict")
    assert out.returncode == 2
    assert out.stderr.startswith(f"error: {src}:")
    assert "Traceback" not in out.stderr
    assert (out_dir / "claims.parquet").read_bytes() == b"previous"
    assert sorted(p.name for p in out_dir.iterdir()) == ["claims.parquet"]


FILE_ERRORS = [
    ("missing", lambda d: d / "nope.jsonl", "no such file"),
    ("directory", lambda d: d, "is a directory"),
    ("unknown extension", lambda d: write_bytes(d / "x.pdf", b"%PDF"), "x.pdf"),
    ("csv wrong columns", lambda d: write_bytes(d / "w.csv", b"name,body\nx,y\n"), "no title column"),
]


@pytest.mark.parametrize("label,make,message", FILE_ERRORS, ids=[f[0] for f in FILE_ERRORS])
def test_file_level_errors_are_one_clear_line(tmp_path, label, make, message):
    src = make(tmp_path)
    out = run(src, "--out", tmp_path / "o", "--jobs", "1")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"error: {src}")
    assert message in out.stderr


def test_empty_file_gives_empty_table(tmp_path):
    src = write_bytes(tmp_path / "e.jsonl", b"")
    out = run(src, "--out", tmp_path / "o", "--jobs", "1", "--quiet")
    assert out.returncode == 0 and out.stderr == ""
    assert pq.read_table(tmp_path / "o" / "claims.parquet").num_rows == 0


def test_same_input_gives_byte_identical_files(tmp_path):
    for run_dir in ("a", "b"):
        assert run(ROOT / "data" / "corpus" / "hf_papers_h100.txt", "--out", tmp_path / run_dir, "--quiet").returncode == 0
    for name in ("claims.parquet", "claims.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupt_leaves_previous_output_and_no_temp_files(tmp_path, jobs):
    src = tmp_path / "big.jsonl"
    with open(src, "w") as f:
        for i in range(200_000):
            f.write(json.dumps({"id": str(i), "title": "T", "abstract": f"We get {i % 9 + 1}.5x faster decoding on 8 A100 GPUs."}) + "\n")
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    for name in ("claims.parquet", "claims.csv"):
        (out_dir / name).write_text("previous")
    # as from a terminal: a runner that started us in the background may have
    # left SIGINT ignored, and Python keeps an inherited "ignore"
    proc = subprocess.Popen([sys.executable, "-m", "extract", "extract", str(src), "--out", str(out_dir),
                             "--jobs", jobs, "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while not list(out_dir.glob(".*.tmp")) and time.time() < deadline:
        time.sleep(0.05)   # wait until the run is writing
    assert list(out_dir.glob(".*.tmp")), "the run never started writing"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["claims.csv", "claims.parquet"]
    assert all((out_dir / n).read_text() == "previous" for n in ("claims.csv", "claims.parquet"))
