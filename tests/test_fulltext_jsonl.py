"""unarXive / S2ORC JSON Lines full text (fulltext/s2orc.py): a record with
``body_text`` paragraphs is a full paper, read through the Markdown reader."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from perfclaims.fulltext.s2orc import render, s2orc_document
from perfclaims.pipeline import extractor
from perfclaims.read import read_documents

UNARXIVE = {
    "paper_id": "2401.00001",
    "metadata": {"title": "FastThing: Quick Decoding", "id": "2401.00001"},
    "abstract": {"section": "Abstract", "text": "FastThing achieves a 2.3x speedup over vLLM {{cite:abc}}."},
    "body_text": [
        {"section": "Experimental Setup", "sec_number": "4", "content_type": "paragraph",
         "text": "All experiments run on 8 NVIDIA H100 GPUs {{cite:x1}}."},
        {"section": "Results", "sec_number": "5", "content_type": "paragraph",
         "text": "FastThing reaches 1,850 tokens/s {{formula:3f2a9b81-77c1-4d0e-9a55-1234567890ab}}."},
        {"section": "Ablation", "sec_number": "5.1", "content_type": "paragraph", "text": "Without it, 3.1x slower."},
        {"section": "Results", "sec_number": "5", "content_type": "formula", "text": "t = 3.5 ms"},
        {"section": "Related Work", "sec_number": "2", "content_type": "paragraph",
         "text": "Prior work reports 30 FPS on a Jetson."},
    ],
    "ref_entries": {"TABREF0": {"type": "table", "caption": "Latency per token.",
                                "content": "<table><tr><th>Method</th><th>Latency (ms)</th></tr>"
                                           "<tr><td>Ours</td><td>12</td></tr></table>"}},
}
S2ORC = {"paper_id": "77", "title": "Old Style", "abstract": [{"text": "We are 4x faster on a V100.", "section": "Abstract"}],
         "body_text": [{"text": "It runs at 45 FPS.", "section": "Results", "sec_num": "3"}]}


def test_render_headings_markers_and_tables():
    md = render(UNARXIVE)
    assert md.startswith("# FastThing: Quick Decoding\n\n## Abstract\n\n")
    assert "## 4 Experimental Setup" in md and "### 5.1 Ablation" in md
    assert "{{" not in md and "3f2a9b81" not in md and "t = 3.5 ms" not in md
    assert "Table 1: Latency per token." in md and "<table>" in md


def test_claims_sections_and_devices():
    doc = s2orc_document(UNARXIVE, "2401.00001", "x.jsonl", 1)
    rows = {c.text: c for c in extractor().extract(doc)}
    assert rows["2.3x"].section_kind == "abstract" and rows["2.3x"].baseline == "vLLM"
    assert (rows["1,850 tokens/s"].hardware, rows["1,850 tokens/s"].hardware_count) == ("NVIDIA H100", 8)
    assert rows["1,850 tokens/s"].section_kind == "results"
    assert rows["30 FPS"].section_kind == "related_work" and rows["30 FPS"].hardware is None
    cell = rows["12"]
    assert (cell.passage_kind, cell.claim_type, cell.value, cell.row_header) == ("table", "latency", 0.012, "Ours")
    body = render(UNARXIVE)
    assert all(body[c.char_start:c.char_end] == c.text for c in rows.values())


def test_s2orc_abstract_list_and_sec_num():
    doc = s2orc_document(S2ORC, "77", "x.jsonl", 1)
    rows = {c.text: c for c in extractor().extract(doc)}
    assert rows["4x"].section_kind == "abstract" and rows["45 FPS"].section == "3 Results"


def test_a_record_with_no_paragraph_is_reported_and_skipped(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text(json.dumps(UNARXIVE) + "\n" + json.dumps({"paper_id": "x", "body_text": []}) + "\n")
    errors = []
    docs = list(read_documents(path, on_error=errors.append))
    assert [d.doc_id for d in docs] == ["2401.00001"]
    assert [str(e) for e in errors] == [f"{path}:2: full-text record with no text to read "
                                        "(body_text holds no paragraph)"]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("run", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask"]], ids=["jobs1", "jobs2", "dask"])
def test_the_command_line_reads_full_text_json_lines(tmp_path, run):
    path = tmp_path / "papers.jsonl"
    path.write_text(json.dumps(UNARXIVE) + "\n{not json\n" + json.dumps(S2ORC) + "\n")
    proc = subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(path), "--out", str(tmp_path / "o"),
                           "--quiet", *run], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert f"{path}:2: invalid JSON" in proc.stderr
    df = pd.read_parquet(tmp_path / "o" / "claims.parquet")
    assert set(df.doc_id) == {"2401.00001", "77"} and set(df.field) == {"body"}
    assert "table" in set(df.passage_kind.dropna())
