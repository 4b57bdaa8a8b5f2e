"""Throughput, scaling, memory and a quantulum3 comparison on the 104k-abstract corpus.

    make bench                       # sets up .venv and .venv-bench, then runs this
    .venv/bin/python scripts/bench.py [--corpus PATH] [--repeats 3] [--sample 2000]

Everything is measured in one run on this machine; timings are medians of
``--repeats`` runs, interleaved round by round so that load from other users
of a shared machine hits every measure alike, and ratios compare figures from
the same run. Writes outputs/bench.json (atomically) and docs/README-bench.md,
and prints the Markdown table.

Measures:

* one process: ``Extractor.extract`` in-process over every document of the
  corpus (already read into memory; reading is timed separately);
* all cores: ``extract.cli.run_extract(..., jobs=os.cpu_count())`` end to end
  (reading, extraction and writing Parquet + CSV) in a child process, on the
  first 10k, 50k and all documents; the child's peak RSS comes from
  ``resource.getrusage`` (itself and its worker processes), and the total RSS
  of its process tree is sampled from /proc while it runs;
* pathological inputs: a ~1 MB abstract of repeated claim sentences, a run
  of 1M digits and 200k short numbers, each also at a quarter of the size
  (linear time means the same seconds per MB at both sizes);
* startup: wall time of a fresh Python that imports the command line's
  modules, loads the compiled rules and extracts one record's claims (time
  to the first record), with the compiled-rules cache warm and cold (an
  empty ``PERFCLAIMS_CACHE_DIR``); and the wall time of the whole command
  line on a one-record file (its outputs written);
* whole run, one job: the real command line (``python -m perfclaims extract
  --jobs 1``) on the first 40k documents, against a bare one-pass stdlib
  ``re`` scan for numbers with units over the same texts in memory;
* tables and report at scale: ``perfclaims tables`` and ``perfclaims
  report`` (each a fresh process) on a 1.5M-claim table, the corpus's
  claims repeated to that size (ids suffixed), against issue 16's 60 s for
  both together;
* quantulum3 on a 2,000-document sample, in its own virtualenv (.venv-bench)
  through scripts/bench_quantulum.py, against our extractor on the same texts.

MB are 10^6 bytes of UTF-8 text (title + abstract).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "abstracts_corpus.jsonl.gz"
DEFAULT_JSON = ROOT / "outputs" / "bench.json"
DEFAULT_MD = ROOT / "docs" / "README-bench.md"
DEFAULT_QPY = ROOT / ".venv-bench" / "bin" / "python"
SIZES = (10_000, 50_000)          # plus "all"
GIB = 1 << 30
MB = 1_000_000
TARGET_DOCS_PER_S = 5000
TARGET_RATIO = 100
TARGET_STARTUP_S = 0.5
TARGET_WHOLE_RUN_RATIO = 0.20
WHOLE_RUN_DOCS = 40_000
# the yardstick of the whole-run row: one pass, numbers followed by a unit
BARE_SCAN = r"\d+(?:\.\d+)?\s*(?:x|×|%|times|fps|FPS|ms|s|GB|MB|[TGP]FLOPS?(?:/s)?|tokens/s)\b"
STARTUP_CODE = r"""
import time
t = time.perf_counter()
import perfclaims.cli
from perfclaims.model import Doc
from perfclaims.pipeline import extractor
claims = extractor().extract(Doc(doc_id="x", title="t", abstract=%r))
assert claims
print(time.perf_counter() - t)
"""
CHILD_TIMEOUT = 900

CLAIM_SENTENCE = ("Our method achieves a 3.2x speedup over FlashAttention-2 on an NVIDIA A100 GPU, "
                  "reaching 45 FPS at 12 ms latency and 1.5 TFLOP/s in FP16. ")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(xs):
    return statistics.median(xs) if xs else None


# -- child processes ----------------------------------------------------------------

def worker_cli(argv: list[str]) -> None:
    """Child: one ``perfclaims`` command in this process; print its seconds."""
    from perfclaims.cli import main as cli_main
    t = time.perf_counter()
    code = cli_main(argv)
    seconds = time.perf_counter() - t
    if code:
        raise SystemExit(code)
    print(json.dumps({"seconds": seconds,
                      "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


def worker_extract(args) -> None:
    """Child: run_extract end to end; print seconds and getrusage peaks."""
    from perfclaims.cli import run_extract
    t = time.perf_counter()
    summary = run_extract(Path(args.corpus), Path(args.out), jobs=args.jobs, quiet=True,
                          limit=args.limit)
    seconds = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024       # KiB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    hwm = None
    try:  # the peak of this process image alone (not inherited across exec)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    print(json.dumps({"seconds": seconds, "documents": summary["documents"],
                      "claims": summary["claims"], "skipped": summary["skipped"],
                      "maxrss_self": me, "maxrss_children": kids, "vmhwm_self": hwm}))


def _pathological_cases():
    reps = max(1, -(-MB // len(CLAIM_SENTENCE)))
    claims_1mb = CLAIM_SENTENCE * reps
    digits = "7" * MB
    numbers = "12.5 " * (MB // 5)     # many short numbers: every per-number step counts
    return [
        ("claim sentences, ~1 MB abstract", claims_1mb, claims_1mb[: len(claims_1mb) // 4]),
        ("1M digits", digits, digits[: MB // 4]),
        ("200k numbers, 1 MB", numbers, numbers[: MB // 4]),
    ]


def worker_pathological(args) -> None:
    """Child (so a regression to super-linear time hits a timeout, not the bench)."""
    from perfclaims.model import Doc
    from perfclaims.pipeline import extractor
    ex = extractor()
    out = []
    for name, big, small in _pathological_cases():
        row = {"case": name}
        for label, text in (("quarter", small), ("full", big)):
            t = time.perf_counter()
            claims = ex.extract(Doc(doc_id="p", title="Pathological input", abstract=text))
            s = time.perf_counter() - t
            row[label] = {"bytes": len(text.encode()), "seconds": s, "claims": len(claims),
                          "s_per_mb": s / (len(text.encode()) / MB)}
        row["s_per_mb_ratio_full_vs_quarter"] = row["full"]["s_per_mb"] / row["quarter"]["s_per_mb"]
        out.append(row)
    print(json.dumps(out))


class TreeRss:
    """Samples the summed RSS of a process and all its descendants from /proc."""

    def __init__(self, pid: int, interval: float = 0.05, include_root: bool = True):
        self.pid, self.interval, self.include_root = pid, interval, include_root
        self.peak = 0
        self.peak_procs = 0
        self._stop = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, ()))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total, procs = 0, 0
            for p in self._tree():
                if p == self.pid and not self.include_root:
                    continue
                try:
                    with open(f"/proc/{p}/statm", "rb") as fh:
                        total += int(fh.read().split()[1]) * self._page
                        procs += 1
                except OSError:
                    pass
            if total > self.peak:
                self.peak, self.peak_procs = total, procs
            self._stop.wait(self.interval)


# A measured child is started through this tiny launcher rather than straight
# from the bench: on Linux a process's ru_maxrss survives execve and starts at
# the peak RSS of the process image it replaced, so a child exec'd from the
# bench (which holds the whole corpus in memory) would report at least the
# bench's own peak. The launcher is small; it runs the command and reports
# os.wait4's rusage of that one child (the child and the workers it waited for).
LAUNCHER = r"""
import json, os, subprocess, sys, time
t = time.perf_counter()
proc = subprocess.Popen(json.loads(sys.argv[1]))
_, status, ru = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
sys.stdout.flush()
print(json.dumps({"launcher": {"returncode": proc.returncode, "maxrss": ru.ru_maxrss * 1024,
                               "wall_seconds": time.perf_counter() - t}}))
"""


def run_child(cmd: list[str], timeout: float = CHILD_TIMEOUT, sample_rss: bool = False) -> dict:
    """Run ``cmd`` (which prints one JSON line) via the launcher; add the wall
    time, the wait4 peak RSS and, with ``sample_rss``, the sampled peak of the
    summed RSS of its process tree."""
    proc = subprocess.Popen([sys.executable, "-I", "-c", LAUNCHER, json.dumps(cmd)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    sampler = TreeRss(proc.pid, include_root=False) if sample_rss else None
    try:
        if sampler:
            sampler.__enter__()
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)  # the launcher's own session: it, the child and its workers
            proc.communicate()
            return {"error": f"timed out after {timeout:.0f} s"}
    finally:
        if sampler:
            sampler.__exit__(None, None, None)
    lines = out.strip().splitlines()
    try:
        launcher = json.loads(lines[-1])["launcher"]
    except (IndexError, ValueError, KeyError):
        return {"error": f"launcher exit {proc.returncode}: {err.strip()[-800:]}"}
    if launcher["returncode"] != 0 or len(lines) < 2:
        return {"error": f"exit {launcher['returncode']}: {err.strip()[-800:]}"}
    result = json.loads(lines[-2])
    if isinstance(result, dict):
        result["wall_seconds"] = launcher["wall_seconds"]
        result["maxrss_wait4"] = launcher["maxrss"]
        if sampler:
            result["tree_rss_peak"] = sampler.peak
            result["tree_rss_peak_processes"] = sampler.peak_procs
    return result


def measure_startup(repeats: int) -> dict:
    """Time to the first record in a fresh interpreter: whole wall time (the
    interpreter's own start included) and the part after Python's start."""
    code = STARTUP_CODE % CLAIM_SENTENCE
    runs = {"warm": [], "cold": []}
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as warm_dir:
        env = {**os.environ, "PERFCLAIMS_CACHE_DIR": warm_dir}
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # fills it
        for _ in range(repeats):
            for kind in ("warm", "cold"):
                with tempfile.TemporaryDirectory(prefix="bench-cache-") as cold_dir:
                    env["PERFCLAIMS_CACHE_DIR"] = warm_dir if kind == "warm" else cold_dir
                    t = time.perf_counter()
                    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                         capture_output=True, text=True).stdout
                    runs[kind].append({"wall": time.perf_counter() - t, "in_python": float(out.split()[-1])})
        one_record = []
        with tempfile.TemporaryDirectory(prefix="bench-one-") as tmp:
            path = Path(tmp) / "one.jsonl"
            path.write_text(json.dumps({"id": "2401.00001", "title": "t", "abstract": CLAIM_SENTENCE}) + "\n")
            env["PERFCLAIMS_CACHE_DIR"] = warm_dir
            for r in range(repeats):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(path), "--jobs", "1",
                                "--out", str(Path(tmp) / f"out{r}"), "--quiet"], env=env, check=True, cwd=ROOT)
                one_record.append(time.perf_counter() - t)
    result = {kind: {"wall_seconds": median([r["wall"] for r in rs]),
                     "after_python_start_seconds": median([r["in_python"] for r in rs]), "runs": rs}
              for kind, rs in runs.items()}
    result["one_record_cli"] = {"wall_seconds": median(one_record), "runs": one_record}
    log(f"startup: first record after {result['warm']['wall_seconds']:.2f} s warm, "
        f"{result['cold']['wall_seconds']:.2f} s cold")
    return result


def measure_whole_run(corpus: Path, docs: list, repeats: int) -> dict:
    """The real command line, one job, on the first documents of the corpus,
    against a bare one-pass ``re`` scan over the same texts in memory."""
    import re
    bare = re.compile(BARE_SCAN)
    texts = [d.title + " " + d.abstract for d in docs]
    cli, scan = [], []
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        for r in range(repeats):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(corpus), "--jobs", "1",
                            "--limit", str(len(docs)), "--out", str(Path(tmp) / f"r{r}"), "--quiet"],
                           check=True, cwd=ROOT)
            cli.append(time.perf_counter() - t)
            t = time.perf_counter()
            for text in texts:
                bare.findall(text)
            scan.append(time.perf_counter() - t)
    n = len(docs)
    result = {"documents": n, "cli_seconds": median(cli), "cli_runs": cli, "cli_docs_per_s": n / median(cli),
              "bare_scan_seconds": median(scan), "bare_scan_runs": scan, "bare_scan_docs_per_s": n / median(scan),
              "bare_scan_pattern": BARE_SCAN}
    result["ratio"] = result["cli_docs_per_s"] / result["bare_scan_docs_per_s"]
    log(f"whole run, one job: {result['cli_docs_per_s']:,.0f} docs/s; bare scan "
        f"{result['bare_scan_docs_per_s']:,.0f} docs/s; ratio {result['ratio']:.3f}")
    return result


ARXIV_DOCS = 2_700_000          # the arXiv metadata snapshot's size (issue 16)
TARGET_ARXIV_SECONDS = 300.0


def measure_arxiv_scale(corpus: Path, documents: int, repeats: int) -> dict:
    """The whole command line on all cores over ``documents`` abstracts: the
    corpus repeated to that size (each repetition's ids suffixed, so none is a
    duplicate), written uncompressed first as the arXiv snapshot is; read +
    extract + write, wall time and the sampled peak RSS of the process tree."""
    import gzip
    jobs = os.cpu_count() or 1
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-arxiv-") as tmp:
        path = Path(tmp) / "arxiv_scale.jsonl"
        written, rep = 0, 0
        with open(path, "w", encoding="utf-8") as out:
            while written < documents:
                for rec in records[: documents - written]:
                    out.write(json.dumps({**rec, "doc_id": f"{rec['doc_id']}~{rep}"} if rep else rec) + "\n")
                written = min(documents, written + len(records))
                rep += 1
        size = path.stat().st_size
        log(f"arXiv scale: {written:,} docs, {size / MB:,.0f} MB of JSON Lines")
        for r in range(repeats):
            cmd = [sys.executable, str(Path(__file__).resolve()), "_worker_extract", str(path),
                   "--jobs", str(jobs), "--out", str(Path(tmp) / f"out{r}")]
            res = run_child(cmd, timeout=3 * 3600, sample_rss=True)
            if "error" in res:
                raise SystemExit(f"bench: arXiv-scale run failed: {res['error']}")
            runs.append(res)
            log(f"arXiv scale, round {r + 1}/{repeats}: {res['wall_seconds']:.0f} s wall, "
                f"{res['documents'] / res['wall_seconds']:,.0f} docs/s, tree RSS peak {fmt_bytes(res['tree_rss_peak'])}")
    wall = median([r["wall_seconds"] for r in runs])
    peak = max(r["tree_rss_peak"] for r in runs)
    return {"documents": written, "input_bytes": size, "jobs": jobs, "repeats": repeats,
            "wall_seconds": wall, "runs": runs, "docs_per_s": written / wall,
            "seconds_per_2_7M": wall * ARXIV_DOCS / written, "tree_rss_peak": peak,
            "met_time": wall * ARXIV_DOCS / written < TARGET_ARXIV_SECONDS, "met_rss": peak < GIB}


TABLE_ROWS = 1_500_000            # issue 16: tables and report on a 1.5M-claim table
TARGET_TABLES_REPORT_SECONDS = 60.0


def measure_tables_report(corpus: Path, rows: int, repeats: int) -> dict:
    """``perfclaims tables`` and ``perfclaims report``, each a fresh process as
    a user runs them, on a claims table of ``rows`` rows: the corpus's own
    claims (extracted on all cores) repeated to that size, each repetition's
    claim and document ids suffixed so none repeats. Median seconds of each,
    their sum against the target, and each one's peak RSS."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        base = Path(tmp) / "base"
        res = run_child([sys.executable, str(Path(__file__).resolve()), "_worker_extract", str(corpus),
                         "--jobs", str(jobs), "--out", str(base)])
        if "error" in res:
            raise SystemExit(f"bench: extract for the tables row failed: {res['error']}")
        claims = pq.read_table(base / "claims.parquet")
        if claims.num_rows == 0:
            return {"status": "not run: the corpus gave no claims"}
        parts, total, rep = [], 0, 0
        while total < rows:
            part = claims.slice(0, rows - total)
            if rep:
                for col in ("claim_id", "doc_id"):
                    i = part.schema.get_field_index(col)
                    part = part.set_column(i, part.schema.field(i),
                                           pc.binary_join_element_wise(part[col], pa.scalar(f"~{rep}"), ""))
            parts.append(part)
            total += part.num_rows
            rep += 1
        big = Path(tmp) / "big"
        big.mkdir()
        pq.write_table(pa.concat_tables(parts), big / "claims.parquet")
        del parts, claims
        log(f"tables and report: {total:,} claims")
        runs = {"tables": [], "report": []}
        for r in range(repeats):
            for cmd in runs:
                out = run_child([sys.executable, str(Path(__file__).resolve()), "_worker_cli", cmd,
                                 "--claims", str(big / "claims.parquet"), "--out", str(big)], sample_rss=True)
                if "error" in out:
                    raise SystemExit(f"bench: perfclaims {cmd} failed: {out['error']}")
                runs[cmd].append(out)
            log(f"tables and report, round {r + 1}/{repeats}: tables {runs['tables'][-1]['wall_seconds']:.1f} s, "
                f"report {runs['report'][-1]['wall_seconds']:.1f} s")
    result = {"claims": total, "repeats": repeats}
    for cmd, outs in runs.items():
        result[cmd] = {"wall_seconds": median([o["wall_seconds"] for o in outs]),
                       "runs": [o["wall_seconds"] for o in outs],
                       "rss_peak": max(o["tree_rss_peak"] or o["maxrss_wait4"] for o in outs)}
    result["seconds_together"] = result["tables"]["wall_seconds"] + result["report"]["wall_seconds"]
    result["met"] = result["seconds_together"] < TARGET_TABLES_REPORT_SECONDS
    return result


FULLTEXT = ROOT / "data" / "fulltext" / "papers"
TARGET_FULLTEXT_MB_S = 5.0


def measure_fulltext(repeats: int, papers: int) -> dict:
    """Full text (issue 15's row): MB of Markdown per second in one process,
    reading and extracting (and extracting alone), over data/fulltext/papers;
    and the peak RSS of a whole run over a folder of
    ``papers`` papers (the corpus repeated through symlinks; ``run_extract``,
    one job, in a child process) against a tenth of
    it: memory that stays flat gives a ratio near 1."""
    from perfclaims.pipeline import extractor
    from perfclaims.read import read_documents
    files = sorted(FULLTEXT.glob("*.md.gz"))
    if not files:
        return {"status": f"not run: no papers in {FULLTEXT}"}
    ex = extractor()
    whole, extract_only, mb = [], [], 0.0
    for _ in range(repeats):
        t = time.perf_counter()
        docs = list(read_documents(FULLTEXT))
        t_read = time.perf_counter() - t
        for d in docs:
            ex.extract(d)
        whole.append(time.perf_counter() - t)
        extract_only.append(whole[-1] - t_read)
        mb = sum(len(d.body.encode("utf-8")) for d in docs) / MB
    result = {"papers": len(files), "mb": mb, "read_and_extract_mb_per_s": mb / median(whole),
              "extract_mb_per_s": mb / median(extract_only), "runs": whole}
    rss = {}
    with tempfile.TemporaryDirectory(prefix="bench-fulltext-") as tmp:
        for n in (max(1, papers // 10), papers):
            folder = Path(tmp) / f"papers-{n}"
            folder.mkdir()
            for i in range(n):
                src = files[i % len(files)]
                (folder / f"{i:05d}-{src.name}").symlink_to(src)
            res = run_child([sys.executable, str(Path(__file__).resolve()), "_worker_extract", str(folder),
                             "--jobs", "1", "--out", str(Path(tmp) / f"out-{n}")], timeout=7200, sample_rss=True)
            rss[n] = {k: res.get(k) for k in ("tree_rss_peak", "wall_seconds", "error")}
            log(f"full text: {n:,} papers, tree RSS peak {fmt_bytes(res.get('tree_rss_peak'))}, "
                f"{res.get('wall_seconds', 0):.0f} s")
    small, large = sorted(rss)
    result["rss"] = {str(n): v for n, v in rss.items()}
    if rss[small].get("tree_rss_peak") and rss[large].get("tree_rss_peak"):
        result["rss_ratio_large_over_small"] = rss[large]["tree_rss_peak"] / rss[small]["tree_rss_peak"]
    log(f"full text: {result['read_and_extract_mb_per_s']:.2f} MB/s read + extract, "
        f"{result['extract_mb_per_s']:.2f} MB/s extract alone, one process")
    return result


# -- machine ------------------------------------------------------------------------

def machine() -> dict:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        mem = None
    import pandas
    import pyarrow
    import regex
    return {
        "cpu": cpu or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_bytes": mem,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "loadavg_at_start": list(os.getloadavg()),
        "packages": {"pandas": pandas.__version__, "pyarrow": pyarrow.__version__,
                     "regex": regex.__version__},
    }


def git_rev() -> Optional[str]:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return rev + ("+dirty" if dirty else "") if rev else None
    except (OSError, subprocess.SubprocessError):
        return None


# -- measuring ----------------------------------------------------------------------

def text_bytes(doc) -> int:
    return len(doc.title.encode("utf-8")) + len(doc.abstract.encode("utf-8"))


def single_pass(ex, docs, checkpoints: list[int]) -> dict[int, float]:
    """One in-process pass; cumulative seconds at each checkpoint."""
    marks = {}
    want = sorted(set(checkpoints))
    k = 0
    claims = 0
    t = time.perf_counter()
    for i, doc in enumerate(docs, start=1):
        claims += len(ex.extract(doc))
        if i == want[k]:
            marks[i] = time.perf_counter() - t
            k += 1
            if k == len(want):
                break
    return marks, claims


def time_docs(ex, docs) -> float:
    t = time.perf_counter()
    for doc in docs:
        ex.extract(doc)
    return time.perf_counter() - t


def fmt_bytes(n: Optional[float]) -> str:
    return "n/a" if n is None else f"{n / (1 << 20):,.0f} MiB"


def fmt(x: Optional[float], spec: str = ",.0f") -> str:
    return "n/a" if x is None else format(x, spec)


def run_bench(args) -> dict:
    from perfclaims.pipeline import extractor
    from perfclaims.read import read_documents

    corpus = Path(args.corpus)
    R = max(1, args.repeats)
    jobs = os.cpu_count() or 1
    info = {"machine": machine(), "git": git_rev(), "corpus": str(corpus),
            "corpus_bytes_gz": corpus.stat().st_size, "repeats": R, "jobs_all_cores": jobs}
    log(f"corpus {corpus} ({corpus.stat().st_size / MB:.0f} MB gzip), {R} repeats, {jobs} cores")

    # reading (the first read also loads the documents for the in-process runs)
    read_s = []
    docs = None
    for r in range(R):
        t = time.perf_counter()
        docs = list(read_documents(corpus))
        read_s.append(time.perf_counter() - t)
    n_all = len(docs)
    sizes = [n for n in SIZES if n < n_all] + [n_all]
    cum = [0]
    for d in docs:
        cum.append(cum[-1] + text_bytes(d))
    mb_at = {n: cum[n] / MB for n in sizes}
    log(f"read {n_all:,} docs, {mb_at[n_all]:.1f} MB text, median {median(read_s):.2f} s")

    t = time.perf_counter()
    ex = extractor()
    ex.extract(docs[0])
    init_s = time.perf_counter() - t

    single = {n: [] for n in sizes}
    allc = {n: [] for n in sizes}
    claims_single = None
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for r in range(R):
            marks, claims_single = single_pass(ex, docs, sizes)
            for n in sizes:
                single[n].append(marks[n])
            log(f"round {r + 1}/{R}: one process, all docs {marks[n_all]:.1f} s "
                f"({n_all / marks[n_all]:,.0f} docs/s)")
            for n in sizes:
                cmd = [sys.executable, str(Path(__file__).resolve()), "_worker_extract", str(corpus),
                       "--jobs", str(jobs), "--out", str(Path(tmp) / f"r{r}-{n}")]
                if n != n_all:
                    cmd += ["--limit", str(n)]
                res = run_child(cmd, sample_rss=True)
                if "error" in res:
                    raise SystemExit(f"bench: run_extract child failed: {res['error']}")
                allc[n].append(res)
                log(f"round {r + 1}/{R}: all cores, {n:,} docs {res['seconds']:.1f} s, "
                    f"tree RSS peak {fmt_bytes(res['tree_rss_peak'])}")

    startup = measure_startup(R)
    whole = measure_whole_run(corpus, docs[:WHOLE_RUN_DOCS], R)
    fulltext = measure_fulltext(R, args.fulltext_papers)
    tables_report = (measure_tables_report(corpus, args.table_rows, R) if args.table_rows > 0
                     else {"status": "skipped (--table-rows 0)"})
    arxiv = (measure_arxiv_scale(corpus, args.arxiv_docs, max(1, args.arxiv_repeats)) if args.arxiv_docs > 0
             else {"status": "skipped (--arxiv-docs 0)"})

    # quantulum3 vs ours on the same sample
    step = max(1, n_all // args.sample)
    sample = docs[::step][: args.sample]
    sample_mb = sum(text_bytes(d) for d in sample) / MB
    ours_sample = [time_docs(ex, sample)]
    quant = {"status": "not run"}
    qpy = Path(args.quantulum_python)
    if args.skip_quantulum:
        quant["status"] = "skipped (--skip-quantulum)"
    elif not qpy.exists():
        quant["status"] = f"not run: {qpy} missing (make bench creates .venv-bench)"
    else:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
            for d in sample:
                fh.write(json.dumps({"text": d.title + " " + d.abstract}) + "\n")
            sample_path = fh.name
        try:
            log(f"quantulum3 on {len(sample):,} docs ...")
            res = run_child([str(qpy), str(ROOT / "scripts" / "bench_quantulum.py"), sample_path,
                             "--repeats", str(args.quantulum_repeats)], timeout=args.quantulum_timeout)
        finally:
            os.unlink(sample_path)
        if "error" in res:
            quant = {"status": f"failed: {res['error']}"}
        else:
            quant = {"status": "ok", **res}
            quant["docs_per_s"] = len(sample) / median(res["seconds"])
            log(f"quantulum3: {quant['docs_per_s']:.1f} docs/s, {res['errors']} errors")
    for _ in range(max(1, R - 1)):
        ours_sample.append(time_docs(ex, sample))
    ours_sample_dps = len(sample) / median(ours_sample)

    log("pathological inputs ...")
    patho = run_child([sys.executable, str(Path(__file__).resolve()), "_worker_pathological"])
    if isinstance(patho, dict) and "error" in patho:
        patho = {"error": patho["error"]}

    # -- results
    med_single = {n: median(single[n]) for n in sizes}
    med_all = {n: median([x["seconds"] for x in allc[n]]) for n in sizes}
    med_wall = {n: median([x["wall_seconds"] for x in allc[n]]) for n in sizes}
    full = allc[n_all]
    rss = {
        "documents": n_all,
        "jobs": jobs,
        "maxrss_wait4": max(x["maxrss_wait4"] for x in full),
        "maxrss_parent": max(x["maxrss_self"] for x in full),
        "maxrss_largest_worker": max(x["maxrss_children"] for x in full),
        "tree_rss_peak_sampled": max(x["tree_rss_peak"] for x in full),
        "by_size": {str(n): {"maxrss_wait4": max(x["maxrss_wait4"] for x in allc[n]),
                             "maxrss_parent": max(x["maxrss_self"] for x in allc[n]),
                             "maxrss_largest_worker": max(x["maxrss_children"] for x in allc[n]),
                             "tree_rss_peak_sampled": max(x["tree_rss_peak"] for x in allc[n])}
                    for n in sizes},
        "bound": GIB,
    }
    # getrusage gives per-process peaks; parent + every worker at its own peak
    # bounds the total from above (shared copy-on-write pages counted per process)
    rss["upper_bound_parent_plus_workers"] = rss["maxrss_parent"] + jobs * rss["maxrss_largest_worker"]
    rss["within_bound"] = max(rss["maxrss_wait4"], rss["maxrss_parent"], rss["maxrss_largest_worker"],
                              rss["tree_rss_peak_sampled"]) < GIB

    one = {"docs_per_s": n_all / med_single[n_all], "mb_per_s": mb_at[n_all] / med_single[n_all],
           "seconds": med_single[n_all], "runs": single[n_all], "claims": claims_single,
           "extractor_init_seconds": init_s}
    allcores = {"jobs": jobs, "docs_per_s": n_all / med_all[n_all], "mb_per_s": mb_at[n_all] / med_all[n_all],
                "seconds": med_all[n_all], "wall_seconds_with_startup": med_wall[n_all],
                "runs": [x["seconds"] for x in full], "claims": full[0]["claims"],
                "documents": full[0]["documents"]}
    allcores["speedup_vs_one_process"] = allcores["docs_per_s"] / one["docs_per_s"]
    scaling = []
    for n in sizes:
        scaling.append({
            "documents": n, "mb": mb_at[n],
            "one_process_seconds": med_single[n], "one_process_s_per_1k": med_single[n] / n * 1000,
            "one_process_s_per_mb": med_single[n] / mb_at[n],
            "all_cores_seconds": med_all[n], "all_cores_s_per_1k": med_all[n] / n * 1000,
            "all_cores_s_per_mb": med_all[n] / mb_at[n],
        })
    comparison = {"sample_documents": len(sample), "sample_mb": sample_mb,
                  "ours_docs_per_s": ours_sample_dps, "ours_runs": ours_sample,
                  "quantulum3": quant}
    if quant.get("status") == "ok":
        comparison["ratio_ours_over_quantulum3"] = ours_sample_dps / quant["docs_per_s"]
    result = {
        **info,
        "documents": n_all, "text_mb": mb_at[n_all],
        "reading": {"seconds": median(read_s), "runs": read_s, "docs_per_s": n_all / median(read_s),
                    "mb_per_s": mb_at[n_all] / median(read_s)},
        "one_process": one,
        "all_cores": allcores,
        "scaling": scaling,
        "peak_rss": rss,
        "pathological": patho,
        "startup": startup,
        "whole_run_one_job": whole,
        "fulltext": fulltext,
        "arxiv_scale": arxiv,
        "tables_report": tables_report,
        "quantulum3_comparison": comparison,
        "targets": {
            "one_process_docs_per_s": {"target": TARGET_DOCS_PER_S, "measured": one["docs_per_s"],
                                       "met": one["docs_per_s"] >= TARGET_DOCS_PER_S},
            "ratio_vs_quantulum3": {"target": TARGET_RATIO,
                                    "measured": comparison.get("ratio_ours_over_quantulum3"),
                                    "met": (comparison.get("ratio_ours_over_quantulum3") or 0) >= TARGET_RATIO},
            "startup_seconds": {"target": TARGET_STARTUP_S, "measured": startup["warm"]["wall_seconds"],
                                "met": startup["warm"]["wall_seconds"] < TARGET_STARTUP_S},
            "whole_run_vs_bare_scan": {"target": TARGET_WHOLE_RUN_RATIO, "measured": whole["ratio"],
                                       "met": whole["ratio"] >= TARGET_WHOLE_RUN_RATIO},
            "peak_rss_bytes": {"target": GIB, "measured": rss["tree_rss_peak_sampled"],
                               "met": rss["within_bound"]},
            "fulltext_mb_per_s": {"target": TARGET_FULLTEXT_MB_S,
                                  "measured": fulltext.get("read_and_extract_mb_per_s"),
                                  "met": (fulltext.get("read_and_extract_mb_per_s") or 0) >= TARGET_FULLTEXT_MB_S},
            **({"tables_report_seconds": {"target": TARGET_TABLES_REPORT_SECONDS,
                                          "measured": tables_report["seconds_together"],
                                          "met": tables_report["met"]}} if "met" in tables_report else {}),
            **({"arxiv_scale_seconds": {"target": TARGET_ARXIV_SECONDS, "measured": arxiv["seconds_per_2_7M"],
                                        "met": arxiv["met_time"] and arxiv["met_rss"]}} if "met_time" in arxiv else {}),
        },
        "loadavg_at_end": list(os.getloadavg()),
    }
    return result


# -- report -------------------------------------------------------------------------

def markdown(res: dict, elapsed: float) -> str:
    m = res["machine"]
    one, allc, rss, cmp_ = res["one_process"], res["all_cores"], res["peak_rss"], res["quantulum3_comparison"]
    q = cmp_["quantulum3"]
    yes = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    t = res["targets"]
    L = []
    L.append("## Benchmark")
    L.append("")
    L.append("`make bench` sets up `.venv` (the project) and `.venv-bench` (quantulum3 0.10.0 with "
             "scikit-learn 1.8.0, whose version its pickled unit classifier needs, kept out of the "
             "project's environment), then runs `scripts/bench.py` on the 104k-abstract corpus "
             "`../shared/data/abstracts_corpus.jsonl.gz` (`make bench BENCH_ARGS='--corpus PATH'` for "
             "another). It writes `outputs/bench.json` and this table. Timings are medians of "
             f"{res['repeats']} interleaved runs; ratios compare figures of the same run. "
             "MB = 10^6 bytes of UTF-8 title + abstract text.")
    L.append("")
    L.append(f"Corpus: {res['documents']:,} documents, {res['text_mb']:.1f} MB of text.")
    L.append("")
    L.append("| measure | result | target |")
    L.append("| --- | --- | --- |")
    L.append(f"| one process (`Extractor.extract`, documents in memory) | {one['docs_per_s']:,.0f} docs/s, "
             f"{one['mb_per_s']:.2f} MB/s ({one['seconds']:.1f} s for all) | >= {TARGET_DOCS_PER_S:,} docs/s: "
             f"{yes(t['one_process_docs_per_s']['met'])} |")
    L.append(f"| reading alone (`read_documents`, jsonl.gz) | {res['reading']['docs_per_s']:,.0f} docs/s, "
             f"{res['reading']['mb_per_s']:.1f} MB/s ({res['reading']['seconds']:.1f} s) | |")
    L.append(f"| all {allc['jobs']} cores (`run_extract`, jobs={allc['jobs']}: read + extract + write) | "
             f"{allc['docs_per_s']:,.0f} docs/s, {allc['mb_per_s']:.2f} MB/s ({allc['seconds']:.1f} s; "
             f"x{allc['speedup_vs_one_process']:.2f} one process) | |")
    st, wr = res["startup"], res["whole_run_one_job"]
    L.append(f"| startup: a fresh `python` to the first record's claims (imports, compiled rules, one record) | "
             f"{st['warm']['wall_seconds']:.2f} s with the compiled-rules cache, {st['cold']['wall_seconds']:.2f} s "
             f"without (of which Python's own start: about {st['warm']['wall_seconds'] - st['warm']['after_python_start_seconds']:.2f} s) | "
             f"< {TARGET_STARTUP_S} s: {yes(t['startup_seconds']['met'])} |")
    L.append(f"| the whole command line on a one-record file, outputs written | "
             f"{st['one_record_cli']['wall_seconds']:.2f} s | |")
    L.append(f"| whole run, one job (`python -m perfclaims extract --jobs 1`, first {wr['documents']:,} docs, "
             f"read + extract + write) | {wr['cli_docs_per_s']:,.0f} docs/s ({wr['cli_seconds']:.1f} s); bare `re` "
             f"scan for numbers with units over the same texts {wr['bare_scan_docs_per_s']:,.0f} docs/s; ratio "
             f"{wr['ratio']:.3f} | >= {TARGET_WHOLE_RUN_RATIO}: {yes(t['whole_run_vs_bare_scan']['met'])} |")
    L.append(f"| peak RSS, all cores, whole corpus | getrusage (wait4 on the child, workers included): "
             f"largest process {fmt_bytes(rss['maxrss_wait4'])} (parent {fmt_bytes(rss['maxrss_parent'])}, "
             f"largest worker {fmt_bytes(rss['maxrss_largest_worker'])}); whole process tree "
             f"{fmt_bytes(rss['tree_rss_peak_sampled'])} (sum, sampled from /proc every 50 ms) | "
             f"< 1 GiB: {yes(rss['within_bound'])} |")
    ft = res.get("fulltext", {})
    if "read_and_extract_mb_per_s" in ft:
        ratio = ft.get("rss_ratio_large_over_small")
        L.append(f"| full text, one process ({ft['papers']} Markdown papers of data/fulltext, {ft['mb']:.1f} MB, "
                 f"read + extract) | {ft['read_and_extract_mb_per_s']:.2f} MB/s ({ft['extract_mb_per_s']:.2f} MB/s "
                 f"extracting alone); peak RSS over {max(map(int, ft['rss'])):,} papers "
                 f"{fmt_bytes(ft['rss'][str(max(map(int, ft['rss'])))].get('tree_rss_peak'))}, "
                 f"{ratio:.2f}x that of a tenth of them | >= {TARGET_FULLTEXT_MB_S} MB/s: "
                 f"{yes(t['fulltext_mb_per_s']['met'])} |" if ratio else "| full text | not measured | |")
    ax = res.get("arxiv_scale", {})
    if "met_time" in ax:
        L.append(f"| arXiv scale: `run_extract`, jobs={ax['jobs']}, on the corpus repeated to {ax['documents']:,} "
                 f"abstracts ({ax['input_bytes'] / MB:,.0f} MB of JSON Lines; read + extract + write, median of "
                 f"{ax['repeats']}) | {ax['wall_seconds']:.0f} s, {ax['docs_per_s']:,.0f} docs/s "
                 f"({ax['seconds_per_2_7M']:.0f} s for 2.7M); process-tree RSS peak {fmt_bytes(ax['tree_rss_peak'])} | "
                 f"2.7M in < {TARGET_ARXIV_SECONDS:.0f} s and < 1 GiB: {yes(t['arxiv_scale_seconds']['met'])} |")
    tr = res.get("tables_report", {})
    if "met" in tr:
        L.append(f"| tables and report at scale: `perfclaims tables` then `perfclaims report`, each a fresh "
                 f"process, on {tr['claims']:,} claims (the corpus's claims repeated; median of {tr['repeats']}) | "
                 f"tables {tr['tables']['wall_seconds']:.1f} s (RSS peak {fmt_bytes(tr['tables']['rss_peak'])}), "
                 f"report {tr['report']['wall_seconds']:.1f} s (RSS peak {fmt_bytes(tr['report']['rss_peak'])}); "
                 f"{tr['seconds_together']:.1f} s together | < {TARGET_TABLES_REPORT_SECONDS:.0f} s: "
                 f"{yes(t['tables_report_seconds']['met'])} |")
    if q.get("status") == "ok":
        L.append(f"| quantulum3 {q.get('quantulum3_version')} `parser.parse(title + \" \" + abstract)`, "
                 f"{cmp_['sample_documents']:,}-doc sample | {q['docs_per_s']:,.1f} docs/s "
                 f"({q['errors']} docs raised) | |")
        L.append(f"| ours on the same sample, one process | {cmp_['ours_docs_per_s']:,.0f} docs/s | |")
        L.append(f"| ours / quantulum3 | x{cmp_['ratio_ours_over_quantulum3']:,.0f} | >= x{TARGET_RATIO}: "
                 f"{yes(t['ratio_vs_quantulum3']['met'])} |")
    else:
        L.append(f"| quantulum3 | {q.get('status')} | >= x{TARGET_RATIO}: not measured |")
    patho = res["pathological"]
    if isinstance(patho, list):
        for p in patho:
            L.append(f"| pathological: {p['case']} ({p['full']['bytes'] / MB:.2f} MB) | "
                     f"{p['full']['s_per_mb']:.2f} s/MB ({p['full']['seconds']:.2f} s, "
                     f"{p['full']['claims']:,} claims); at 1/4 size {p['quarter']['s_per_mb']:.2f} s/MB | "
                     f"linear: ratio {p['s_per_mb_ratio_full_vs_quarter']:.2f} |")
    else:
        L.append(f"| pathological inputs | {patho.get('error')} | linear |")
    L.append("")
    L.append("Cost against corpus size (first N documents; linear cost means flat s/MB — s per 1k docs "
             "also moves with the mix of abstract lengths along the file):")
    L.append("")
    L.append("| documents | MB | one process: s | s / 1k docs | s / MB | all cores: s | s / 1k docs | s / MB "
             "| peak RSS (tree) |")
    L.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in res["scaling"]:
        peak = rss["by_size"][str(s["documents"])]["tree_rss_peak_sampled"]
        L.append(f"| {s['documents']:,} | {s['mb']:.1f} | {s['one_process_seconds']:.1f} | "
                 f"{s['one_process_s_per_1k']:.3f} | {s['one_process_s_per_mb']:.2f} | "
                 f"{s['all_cores_seconds']:.1f} | {s['all_cores_s_per_1k']:.3f} | "
                 f"{s['all_cores_s_per_mb']:.2f} | {fmt_bytes(peak)} |")
    L.append("")
    mem = f", {m['memory_bytes'] / GIB:.0f} GiB RAM" if m.get("memory_bytes") else ""
    L.append(f"Machine: {m['cpu']}, {m['cores']} cores{mem}, {m['implementation']} {m['python']}, "
             f"{m['platform']}; {m['date']}; load average {m['loadavg_at_start'][0]:.2f} at start, "
             f"{res['loadavg_at_end'][0]:.2f} at end (a shared machine). Commit {res.get('git')}. "
             f"Bench took {elapsed / 60:.1f} min.")
    if q.get("status") == "ok" and (q.get("warnings") or q.get("errors")):
        L.append("")
        L.append(f"quantulum3 notes: {q['errors']} documents raised"
                 + (f" (first: `{q['first_error']}`)" if q.get("first_error") else "")
                 + ("; warnings: " + "; ".join(q["warnings"]) if q.get("warnings") else "") + ".")
    L.append("")
    return "\n".join(L)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_worker_extract":
        ap = argparse.ArgumentParser()
        ap.add_argument("corpus")
        ap.add_argument("--jobs", type=int, required=True)
        ap.add_argument("--out", required=True)
        ap.add_argument("--limit", type=int, default=None)
        worker_extract(ap.parse_args(argv[1:]))
        return 0
    if argv and argv[0] == "_worker_cli":
        worker_cli(argv[1:])
        return 0
    if argv and argv[0] == "_worker_pathological":
        worker_pathological(None)
        return 0

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS),
                    help="JSON Lines corpus (default: ../shared/data/abstracts_corpus.jsonl.gz)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per timing; medians reported")
    ap.add_argument("--sample", type=int, default=2000, help="documents in the quantulum3 sample")
    ap.add_argument("--quantulum-python", default=str(DEFAULT_QPY),
                    help="python of the virtualenv holding quantulum3 (default: .venv-bench)")
    ap.add_argument("--quantulum-repeats", type=int, default=1)
    ap.add_argument("--quantulum-timeout", type=float, default=600)
    ap.add_argument("--skip-quantulum", action="store_true")
    ap.add_argument("--fulltext-papers", type=int, default=10_000,
                    help="papers in the full-text memory run (the corpus repeated)")
    ap.add_argument("--only-fulltext", action="store_true", help="run and print the full-text row alone")
    ap.add_argument("--arxiv-docs", type=int, default=ARXIV_DOCS,
                    help="abstracts in the arXiv-scale row (the corpus repeated; 0 skips the row)")
    ap.add_argument("--arxiv-repeats", type=int, default=1, help="runs of the arXiv-scale row (each takes minutes)")
    ap.add_argument("--only-arxiv", action="store_true", help="run and print the arXiv-scale row alone")
    ap.add_argument("--table-rows", type=int, default=TABLE_ROWS,
                    help="claims in the tables-and-report row (the corpus's claims repeated; 0 skips the row)")
    ap.add_argument("--only-tables", action="store_true", help="run and print the tables-and-report row alone")
    ap.add_argument("--out-json", default=str(DEFAULT_JSON))
    ap.add_argument("--out-md", default=str(DEFAULT_MD))
    args = ap.parse_args(argv)
    if args.only_fulltext:
        print(json.dumps(measure_fulltext(max(1, args.repeats), args.fulltext_papers), indent=2))
        return 0
    if args.only_tables:
        print(json.dumps(measure_tables_report(Path(args.corpus), args.table_rows, max(1, args.repeats)), indent=2))
        return 0
    if args.only_arxiv:
        print(json.dumps(measure_arxiv_scale(Path(args.corpus), args.arxiv_docs, max(1, args.arxiv_repeats)),
                         indent=2))
        return 0
    if not Path(args.corpus).is_file():
        print(f"bench: corpus not found: {args.corpus}\n"
              f"  expected the shared 104k-abstract corpus beside the repo "
              f"(../shared/data/abstracts_corpus.jsonl.gz); pass --corpus PATH "
              f"(make bench BENCH_ARGS='--corpus PATH')", file=sys.stderr)
        return 2
    t = time.perf_counter()
    res = run_bench(args)
    elapsed = time.perf_counter() - t
    res["bench_seconds"] = elapsed
    md = markdown(res, elapsed)
    from perfclaims.write import atomic_write_text   # the project's one atomic writer
    atomic_write_text(json.dumps(res, indent=2) + "\n", args.out_json)
    atomic_write_text(md, args.out_md)
    print(md)
    log(f"wrote {args.out_json} and {args.out_md} in {elapsed / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
