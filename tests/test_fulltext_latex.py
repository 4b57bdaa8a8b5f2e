"""arXiv LaTeX sources (fulltext/latex.py): a .tex file, a folder, a .tar.gz;
\\input followed; sections, the abstract and tabulars through the Markdown
reader and the table model."""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import time

import pandas as pd
import pytest

from perfclaims.fulltext.latex import latex_document, render, tabular_html
from perfclaims.fulltext.table_model import find_tables
from perfclaims.pipeline import extractor
from perfclaims.read import InputError, read_documents

MAIN = r"""\documentclass{article}
\title{FastThing: \textbf{Quick} Decoding}
\begin{document}
\maketitle
\begin{abstract}
We present FastThing, which achieves a $2.3\times$ speedup over vLLM~\cite{vllm}. % 99x in a comment
\end{abstract}
\section{Introduction}
Decoding is slow.
\input{setup}
\section{Results}
FastThing reaches 1,850 tokens/s and cuts memory by 35\% (Table~\ref{tab:main}).
\begin{table}[t]
\caption{Latency on one \textbf{A100}.}
\begin{tabular}{lcc}
\toprule
Method & \multicolumn{2}{c}{Latency (ms)} \\
 & bs=1 & bs=8 \\
\midrule
vLLM & 30.5 & 80.1 \\
\textbf{Ours} & \textbf{12.1} & 40.2 \\
\bottomrule
\end{tabular}
\end{table}
\begin{equation}
t = 42 \text{ ms}
\end{equation}
\end{document}
"""
SETUP = "\\section{Experimental Setup}\nAll experiments run on 8 NVIDIA H100 GPUs.\n"


def _paper(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tex").write_text(MAIN)
    (folder / "setup.tex").write_text(SETUP)
    return folder


def _archive(path, files):
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_render_sections_abstract_comments_math_citations():
    md = render(MAIN.replace("\\input{setup}", SETUP))
    assert md.startswith("# FastThing: Quick Decoding\n\n## Abstract\n\n")
    assert "## Experimental Setup" in md and "## Results" in md
    assert "99x" not in md and "42" not in md and "\\cite" not in md and "vllm}" not in md
    assert "35%" in md and "Table 1: Latency on one A100." in md


def test_tabular_multicolumn_and_header_rows():
    (t,) = find_tables(tabular_html(r"Method & \multicolumn{2}{c}{Latency (ms)} \\ & bs=1 & bs=8 \\ \midrule "
                                    r"vLLM & 30.5 & 80.1 \\ \multirow{2}{*}{Ours} & 12.1 & 40.2 \\ & 11.0 & 39.0 \\"))
    assert t.header_rows == 2
    assert t.column_header(1) == "Latency (ms) > bs=1" and t.column_header(2) == "Latency (ms) > bs=8"
    assert [t.row_header(r) for r in range(2, len(t.rows))] == ["vLLM", "Ours", "Ours"]


@pytest.mark.parametrize("form", ["folder", "file", "archive"])
def test_claims_with_sections_devices_and_cells(tmp_path, form):
    folder = _paper(tmp_path / "paper")
    path = {"folder": folder, "file": folder / "main.tex",
            "archive": _archive(tmp_path / "2401.00001.tar.gz", {"main.tex": MAIN, "setup.tex": SETUP})}[form]
    doc = latex_document(path)
    rows = {c.text: c for c in extractor().extract(doc)}
    assert (rows["1,850 tokens/s"].hardware, rows["1,850 tokens/s"].hardware_count) == ("NVIDIA H100", 8)
    assert rows["1,850 tokens/s"].section_kind == "results"
    cells = [c for c in rows.values() if c.passage_kind == "table"]
    assert sorted((c.row_header, c.column_header, round(c.value, 4), c.hardware) for c in cells) == [
        ("Ours", "Latency (ms) > bs=1", 0.0121, "NVIDIA A100"), ("Ours", "Latency (ms) > bs=8", 0.0402, "NVIDIA A100"),
        ("vLLM", "Latency (ms) > bs=1", 0.0305, "NVIDIA A100"), ("vLLM", "Latency (ms) > bs=8", 0.0801, "NVIDIA A100")]
    assert all(doc.body[c.char_start:c.char_end] == c.text for c in rows.values())


def test_a_folder_of_archives_reports_a_broken_one_and_reads_the_rest(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    _archive(papers / "good.tar.gz", {"main.tex": MAIN, "setup.tex": SETUP})
    (papers / "broken.tar.gz").write_bytes(b"not an archive")
    _archive(papers / "empty.tar.gz", {"README": "no tex"})
    errors = []
    docs = list(read_documents(papers, on_error=errors.append))
    assert [d.doc_id for d in docs] == ["good"]
    messages = sorted(str(e) for e in errors)
    assert messages[0].startswith(f"{papers / 'broken.tar.gz'}:1: not a readable LaTeX source")
    assert messages[1].startswith(f"{papers / 'empty.tar.gz'}:1: no text to read")


def test_a_broken_archive_given_alone_is_an_input_error(tmp_path):
    (tmp_path / "x.tar.gz").write_bytes(b"junk")
    with pytest.raises(InputError, match="x.tar.gz: not a readable LaTeX source"):
        list(read_documents(tmp_path / "x.tar.gz"))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("source", [
    "\\documentclass{article}\\begin{document}\\input{main}\\input{main}\\end{document}",   # includes itself
    "\\documentclass{article}\\begin{document}" + "{" * 50_000 + "\\end{document}",
    "\\documentclass{article}\\begin{document}\\begin{tabular}{c}" + "\\\\" * 50_000 + "\\end{tabular}\\end{document}",
    "\\documentclass{article}\\begin{document}" + "\\textbf{" * 20_000 + "\\end{document}",
    "\\documentclass{article}\\begin{document}" + "\\section{" * 20_000 + "\\end{document}",
])
def test_hostile_sources_stay_linear(tmp_path, source):
    (tmp_path / "main.tex").write_text(source)
    start = time.perf_counter()
    extractor().extract(latex_document(tmp_path / "main.tex"))
    assert time.perf_counter() - start >= 0   # the timeout catches a blow-up


@pytest.mark.timeout(300)
@pytest.mark.parametrize("run", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask"]], ids=["jobs1", "jobs2", "dask"])
def test_the_command_line_reads_latex_sources(tmp_path, run):
    papers = tmp_path / "papers"
    papers.mkdir()
    _archive(papers / "good.tar.gz", {"main.tex": MAIN, "setup.tex": SETUP})
    (papers / "broken.tar.gz").write_bytes(b"not an archive")
    proc = subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(papers), "--out", str(tmp_path / "o"),
                           "--quiet", *run], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert f"{papers / 'broken.tar.gz'}:1: not a readable LaTeX source" in proc.stderr
    df = pd.read_parquet(tmp_path / "o" / "claims.parquet")
    assert set(df.doc_id) == {"good"} and "table" in set(df.passage_kind.dropna())
