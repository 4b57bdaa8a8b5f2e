"""Bad input of every kind, under every engine (``--jobs 1``, ``--jobs 2``,
``--engine dask``): one clear message naming file, line and problem, the run
goes on (or stops with --strict, exit 2), interrupts and SIGTERM leave the
earlier outputs and no temp file, and nothing in OUT is lost.

Every CLI run here is a subprocess with a timeout: a hang fails the test."""
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = [json.dumps({"id": f"p{i}", "title": f"T{i}", "abstract": f"We get a {i + 2}x speedup on an H100."}) for i in range(3)]
ENGINES = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask": ["--engine", "dask", "--jobs", "2"],
}
TIMEOUT = 240   # seconds for one CLI run; a Dask cluster takes a few to start


def run(*args, timeout=TIMEOUT):
    return subprocess.run([sys.executable, "-m", "perfclaims", "extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def warnings_of(stderr: str) -> list[str]:
    # the --jobs cap warning (a 1-CPU machine running the jobs2 case) is not about the input
    return [l for l in stderr.splitlines() if l.startswith("warning:") and "--jobs" not in l]


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


def record(i: int, abstract: str, **extra) -> str:
    return json.dumps({"id": f"x{i}", "title": f"X{i}", "abstract": abstract, **extra})


# (file name, content, expected message after "<path>", rows kept when not strict)
BAD_RECORDS = [
    ("bad.jsonl", jsonl(GOOD[0], "{not json", GOOD[1]), ":2: invalid JSON", 2),
    ("array.jsonl", jsonl(GOOD[0], "[1, 2]", GOOD[1]), ":2: expected a JSON object, got array", 2),
    ("types.jsonl", jsonl(json.dumps({"id": "x", "title": 5, "abstract": "a"}), GOOD[1]), ":1: title must be a string, got int", 1),
    ("notitle.jsonl", jsonl(GOOD[0], json.dumps({"id": "x", "abstract": "3x faster"})), ":2: missing title", 1),
    ("notext.jsonl", jsonl(json.dumps({"id": "x", "title": "T"}), GOOD[1]), ":1: missing text", 1),
    ("bytes.jsonl", jsonl(GOOD[0]) + b'{"id": "z", "title": "\xff bad", "abstract": "x"}\n' + jsonl(GOOD[2]), ":2: invalid UTF-8", 2),
    ("trunc.jsonl.gz", truncated_gzip(), ": compressed stream broken", None),
    # issue 11, section A: one bad record must not lose the run
    ("surrogate.jsonl", jsonl(GOOD[0], '{"id": "s", "title": "S", "abstract": "3x faster \\ud800 here"}', GOOD[1]),
     ":2: abstract holds a lone surrogate", 2),
    ("nested.jsonl", jsonl(GOOD[0], "[" * 100_000 + "]" * 100_000, GOOD[1]), ":2: invalid JSON (nested too deeply)", 2),
    ("count.jsonl", jsonl(GOOD[0], record(1, "On 2,147,483,648 GPUs it is 3x faster."), GOOD[1]),
     ":2: claim '3x' dropped: hardware_count 2147483648 is out of range", 2),
    ("orders.jsonl", jsonl(GOOD[0], record(1, "Our method is 309 orders of magnitude faster."), GOOD[1]),
     ":2: number '309 orders of magnitude' dropped: its value is too large to represent", 2),
    ("digits.jsonl", jsonl(GOOD[0], record(1, "We reach " + "1" * 4400 + " tokens/s."), GOOD[1]),
     ":2: number '1111111111111111111111111111111111111111' dropped: its value is too large", 2),
    ("bigcount.jsonl", jsonl(GOOD[0], record(1, "With 99999999999999999999 A100 GPUs it is 3x faster."), GOOD[1]),
     ":2: claim '3x' dropped: hardware_count 9223372036854775808 is out of range", 2),
    ("dupid.jsonl", jsonl(GOOD[0], GOOD[1], GOOD[0].replace('"T0"', '"Other"')), ":3: duplicate doc_id 'p0'", 2),
]
IDS = [b[0] for b in BAD_RECORDS]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name,content,message,kept", BAD_RECORDS, ids=IDS)
def test_bad_record_is_reported_and_skipped(tmp_path, name, content, message, kept, engine):
    src = write_bytes(tmp_path / name, content)
    out = run(src, "--out", tmp_path / "o", *ENGINES[engine], "--quiet")
    assert out.returncode == 0, out.stderr
    lines = warnings_of(out.stderr)
    assert len(lines) == 1 and f"{src}:" in lines[0], out.stderr
    assert "Traceback" not in out.stderr
    if name.endswith(".gz"):
        assert "compressed stream broken" in lines[0]
    else:
        assert f"{src}{message}" in lines[0], lines[0]
    assert "skipped 1 malformed record(s)" in out.stderr or "dropped 1 claim(s)" in out.stderr
    rows = pq.read_table(tmp_path / "o" / "claims.parquet").num_rows
    if kept is not None:
        assert rows == kept
    else:
        assert rows > 0   # everything before the break was kept


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name,content,message,kept", BAD_RECORDS, ids=IDS)
def test_strict_stops_at_first_bad_record(tmp_path, name, content, message, kept, engine):
    src = write_bytes(tmp_path / name, content)
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    (out_dir / "claims.parquet").write_bytes(b"previous")
    out = run(src, "--out", out_dir, *ENGINES[engine], "--strict")
    assert out.returncode == 2, out.stderr
    errors = [l for l in out.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {src}:"), out.stderr
    if not name.endswith(".gz"):
        assert f"{src}{message}" in errors[0]
    assert "Traceback" not in out.stderr
    assert (out_dir / "claims.parquet").read_bytes() == b"previous"
    assert sorted(p.name for p in out_dir.iterdir()) == ["claims.parquet"]


# One bad line of each kind (section A and the reader's classics), for splicing
BAD_LINES = [
    b"{not json", b"[1, 2]", b'{"id": "t", "title": 5, "abstract": "a"}', b'{"id": "u", "abstract": "3x faster"}',
    b'{"id": "v", "title": "T"}', b'{"id": "w", "title": "\xff bad", "abstract": "x"}',
    b'{"id": "s", "title": "S", "abstract": "3x faster \\ud800 here"}', b"[" * 50_000 + b"]" * 50_000,
    record(1, "On 2,147,483,648 GPUs it is 3x faster.").encode(),
    record(2, "Our method is 309 orders of magnitude faster.").encode(),
    record(3, "We reach " + "1" * 4400 + " tokens/s and " + "9" * 5000 + "x faster.").encode(),
]
# Pathological but readable: no error, no row, the run goes on
HARMLESS_LINES = [
    record(4, "ResNet-50 " + "9" * 40 + "a is fast.").encode(),
    record(5, "GPT-" + "A" * 3000 + "a and " + "1," * 3000 + " A100 GPUs.").encode(),
]


def _mixed_input(path: Path) -> list[int]:
    """Good records with every bad line spliced between them; returns the
    line numbers of the bad ones."""
    lines, bad = [], []
    specials = list(BAD_LINES)
    harmless = list(HARMLESS_LINES)
    for i in range(60):
        lines.append(record(100 + i, f"Case {i}: a {i % 9 + 1}.5x speedup and {i * 7 % 97} FPS on {i % 4 + 1} A100 GPUs.").encode())
        if i % 5 == 0 and specials:
            lines.append(specials.pop(0))
            bad.append(len(lines))
        elif i % 7 == 0 and harmless:
            lines.append(harmless.pop(0))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return bad


def test_good_records_give_the_same_rows_with_bad_ones_among_them(tmp_path):
    """The section-A examples spliced among good records: under every engine
    each is reported once with its line, and the good records' rows are
    exactly those of a run without them."""
    mixed = tmp_path / "mixed.jsonl"
    bad_lines = _mixed_input(mixed)
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(b"".join(l + b"\n" for i, l in enumerate(mixed.read_bytes().splitlines(), 1)
                               if i not in bad_lines))
    assert run(clean, "--out", tmp_path / "clean", "--jobs", "1", "--quiet").returncode == 0
    expected = pq.read_table(tmp_path / "clean" / "claims.parquet").drop(["claim_id"])
    for engine, flags in ENGINES.items():
        out = run(mixed, "--out", tmp_path / engine, *flags, "--quiet")
        assert out.returncode == 0, (engine, out.stderr)
        reported = sorted({int(l.split(f"{mixed}:")[1].split(":")[0]) for l in warnings_of(out.stderr)})
        assert reported == bad_lines, (engine, out.stderr)
        got = pq.read_table(tmp_path / engine / "claims.parquet").drop(["claim_id"])
        assert got.equals(expected), engine


FILE_ERRORS = [
    ("missing", lambda d: d / "nope.jsonl", "no such file"),
    ("directory", lambda d: d, "is a directory"),
    ("unknown extension", lambda d: write_bytes(d / "x.pdf", b"%PDF"), "x.pdf"),
    ("csv wrong columns", lambda d: write_bytes(d / "w.csv", b"name,body\nx,y\n"), "no title column"),
    ("not gzip", lambda d: write_bytes(d / "n.jsonl.gz", jsonl(*GOOD)), "not a gzip file"),
    ("pretty JSON", lambda d: write_bytes(d / "p.jsonl", json.dumps(json.loads(GOOD[0]), indent=2).encode()),
     "a pretty-printed JSON object, expected JSON Lines"),
    ("JSON array", lambda d: write_bytes(d / "a.jsonl", b"[" + b",".join(g.encode() for g in GOOD) + b"]"),
     "a JSON array, expected JSON Lines"),
    ("nothing readable", lambda d: write_bytes(d / "g.jsonl", b"garbage\nmore garbage\n"),
     "no readable record (2 malformed"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("label,make,message", FILE_ERRORS, ids=[f[0] for f in FILE_ERRORS])
def test_file_level_errors_are_one_clear_line_and_keep_old_outputs(tmp_path, label, make, message, engine):
    src = make(tmp_path)
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    for name in ("claims.parquet", "claims.csv"):
        (out_dir / name).write_text("previous")
    out = run(src, "--out", out_dir, *ENGINES[engine])
    assert out.returncode == 2, out.stderr
    errors = [l for l in out.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {src}"), out.stderr
    assert message in errors[0]
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["claims.csv", "claims.parquet"]
    assert all((out_dir / n).read_text() == "previous" for n in ("claims.csv", "claims.parquet"))


USAGE_ERRORS = [
    (["--limit", "0"], "--limit: must be at least 1"),
    (["--limit", "-5"], "--limit: must be at least 1"),
    (["--jobs", "0"], "--jobs: must be at least 1"),
    (["--limit", "many"], "--limit: expected a whole number"),
]


@pytest.mark.parametrize("args,message", USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_are_one_line_exit_2(tmp_path, args, message):
    out = run(ROOT / "data" / "corpus" / "hf_papers_h100.txt", "--out", tmp_path / "o", *args)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr
    assert not (tmp_path / "o").exists()


def test_out_naming_a_file_is_refused(tmp_path):
    target = write_bytes(tmp_path / "taken", b"keep me")
    out = run(ROOT / "data" / "corpus" / "hf_papers_h100.txt", "--out", target, "--quiet")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "is a file, expected a folder" in out.stderr
    assert target.read_bytes() == b"keep me"


@pytest.mark.parametrize("name", ["claims.csv", "claims.parquet"])
def test_output_over_the_input_is_refused(tmp_path, name):
    """--out the input's own folder, where the input is named like an output."""
    import pandas as pd
    src = tmp_path / name
    df = pd.DataFrame({"title": ["T"], "abstract": ["We get a 3x speedup."]})
    df.to_csv(src, index=False) if name.endswith(".csv") else df.to_parquet(src)
    before = src.read_bytes()
    out = run(src, "--out", tmp_path, "--jobs", "1")
    assert out.returncode == 2, out.stderr
    assert "refusing to overwrite the input file" in out.stderr and out.stderr.count("\n") == 1
    assert src.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_too_many_jobs_are_capped_with_a_warning(tmp_path):
    out = run(ROOT / "data" / "corpus" / "hf_papers_h100.txt", "--out", tmp_path / "o", "--jobs", "10000", "--quiet")
    assert out.returncode == 0, out.stderr
    assert "--jobs 10000 is more than the" in out.stderr


def test_empty_file_gives_empty_table_with_a_warning(tmp_path):
    src = write_bytes(tmp_path / "e.jsonl", b"")
    out = run(src, "--out", tmp_path / "o", "--jobs", "1", "--quiet")
    assert out.returncode == 0, out.stderr
    assert out.stderr == f"warning: {src}: no documents in the input; writing empty outputs\n"
    assert pq.read_table(tmp_path / "o" / "claims.parquet").num_rows == 0


def test_same_input_gives_byte_identical_files(tmp_path):
    for run_dir in ("a", "b"):
        assert run(ROOT / "data" / "corpus" / "hf_papers_h100.txt", "--out", tmp_path / run_dir, "--quiet").returncode == 0
    for name in ("claims.parquet", "claims.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def _big_input(path: Path, n: int = 200_000) -> Path:
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"id": str(i), "title": "T", "abstract": f"We get {i % 9 + 1}.5x faster decoding on 8 A100 GPUs."}) + "\n")
    return path


@pytest.fixture(scope="module")
def big_input(tmp_path_factory):
    return _big_input(tmp_path_factory.mktemp("big") / "big.jsonl")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("signum,code,word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
                         ids=["SIGINT", "SIGTERM"])
def test_signal_leaves_previous_output_and_no_temp_files(tmp_path, big_input, engine, signum, code, word):
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    for name in ("claims.parquet", "claims.csv"):
        (out_dir / name).write_text("previous")
    # as from a terminal: a runner that started us in the background may have
    # left SIGINT ignored, and Python keeps an inherited "ignore"
    proc = subprocess.Popen([sys.executable, "-m", "perfclaims", "extract", str(big_input), "--out", str(out_dir),
                             *ENGINES[engine], "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.time() + 120
        while not list(out_dir.glob(".*.tmp")) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)   # wait until the run is writing
        assert list(out_dir.glob(".*.tmp")), "the run never started writing"
        time.sleep(0.5)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert word in err and "Traceback" not in err, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["claims.csv", "claims.parquet"]
    assert all((out_dir / n).read_text() == "previous" for n in ("claims.csv", "claims.parquet"))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("engine", ENGINES)
def test_stale_temps_of_a_killed_run_are_removed_by_the_next(tmp_path, big_input, engine):
    """SIGKILL cannot be handled: the temps stay, and the next run into the
    same folder removes them (they are unlocked: their writer is dead). The
    whole process group is killed, workers too, as a user's kill -9 of a job."""
    out_dir = tmp_path / "o"
    proc = subprocess.Popen([sys.executable, "-m", "perfclaims", "extract", str(big_input), "--out", str(out_dir),
                             *ENGINES[engine], "--quiet"], cwd=ROOT, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    # both sinks (Parquet, CSV) reserve their temps one after the other: wait
    # for the second, or a kill between the two leaves one
    while len(list(out_dir.glob(".*.tmp"))) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert len(list(out_dir.glob(".*.tmp"))) == 2
    assert run(ROOT / "data" / "corpus" / "hf_papers_h100.txt", "--out", out_dir, "--quiet").returncode == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["README.md", "claims.csv", "claims.parquet"]


def test_a_claim_left_between_create_and_lock_is_removed_once_old(tmp_path):
    from perfclaims import write
    old, young = tmp_path / ".claims.csv.deadbeef.claim", tmp_path / ".claims.csv.0badf00d.claim"
    for path in (old, young):
        path.write_text("")
    stale = time.time() - write.CLAIM_MAX_AGE - 5
    os.utime(old, (stale, stale))
    write.recover(tmp_path)
    assert not old.exists() and young.exists()   # a young one may be a live writer's, about to be locked


@pytest.mark.timeout(120)
def test_recovery_beside_a_writer_never_takes_its_new_temps(tmp_path):
    """A temp is locked before its name appears: a concurrent run's recovery
    (here a thread: flock conflicts across open files in one process too)
    never deletes it as a dead writer's."""
    import threading
    from perfclaims import write
    stop = threading.Event()

    def recover_again():
        while not stop.is_set():
            write.recover(tmp_path)
    thread = threading.Thread(target=recover_again)
    thread.start()
    try:
        reserved = [write._reserve(tmp_path / "claims.csv", ".claims.csv.", ".tmp") for _ in range(300)]
    finally:
        stop.set()
        thread.join(timeout=60)
    assert all(path.exists() for path, _ in reserved)
    assert not list(tmp_path.glob("*.claim"))
    for _, fd in reserved:
        os.close(fd)


def test_concurrent_runs_into_one_folder_both_succeed(tmp_path):
    src = ROOT / "data" / "corpus" / "hf_papers_h100.txt"
    procs = [subprocess.Popen([sys.executable, "-m", "perfclaims", "extract", str(src), "--out", str(tmp_path / "o"),
                               "--jobs", "1", "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=TIMEOUT)
        assert p.returncode == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["README.md", "claims.csv", "claims.parquet"]
    assert pq.read_table(tmp_path / "o" / "claims.parquet").num_rows > 50


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode (the in-process test covers it)")
def test_unreadable_input_is_one_line(tmp_path):
    src = write_bytes(tmp_path / "locked.jsonl", jsonl(*GOOD))
    src.chmod(0)
    out = run(src, "--out", tmp_path / "o", "--jobs", "1")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Permission denied" in out.stderr
