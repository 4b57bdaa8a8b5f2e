"""The table model (fulltext/table_model.py) and the claims of table cells
(fulltext/cells.py, rules/tables.toml): one grid for pipe and HTML tables,
headers and labels as the cells' context, spans into the file."""
from __future__ import annotations

import copy
import time
import tomllib
from importlib import resources

import pytest

from perfclaims import claims_from_text  # noqa: F401  (the package imports cleanly with the table model)
from perfclaims.fulltext.cells import TableRules, device_counts, table_claims
from perfclaims.fulltext.markdown import markdown_document
from perfclaims.fulltext.table_model import find_tables
from perfclaims.pipeline import Extractor
from perfclaims.rule_schema import RuleError

PIPE = """Some text.

Table 2: Decoding latency on one NVIDIA A100 GPU.

| Method | Batch size | Latency (ms) | Speed-up (%) over HF | Peak Memory (GB) |
|---|---|---|---|---|
| HF | 8 | 120.5 | - | 14.2 |
| Ours | 8 | **45.3** | 16.03% | 9.8 |
| Ours (INT4) | 8 | OOM | -3.2% | ~4.1 |
"""

HTML = """<table><thead><tr><th rowspan="2">Model</th><th colspan="2">Throughput (tokens/s)</th></tr>
<tr><th>A100</th><th>H100</th></tr></thead>
<tbody><tr><td>vLLM</td><td>1,200</td><td>2,400</td></tr>
<tr><td>Ours</td><td>1,900</td><td>3,800</td></tr></tbody></table>"""


def _claims(md: str):
    (table,) = find_tables(md)
    return table, table_claims(table)


def _one_cell(header: str, cell: str, label: str = "Ours") -> str:
    """A pipe table of one value cell under ``header``, in the row ``label``."""
    return f"| Method | {header} |\n|---|---|\n| {label} | {cell} |\n"


def test_pipe_table_grid_headers_and_spans():
    (t,) = find_tables(PIPE)
    assert t.source == "pipe" and t.header_rows == 1 and t.width == 5
    assert t.caption.startswith("Table 2: Decoding latency")
    assert t.column_header(2) == "Latency (ms)" and t.row_header(2) == "Ours"
    cell = t.rows[2][2]
    assert PIPE[cell.start:cell.end] == "**45.3**" and cell.plain == "45.3"


def test_pipe_table_cells_are_typed_by_their_headers():
    _, claims = _claims(PIPE)
    got = {(PIPE[c.start:c.end], c.claim_type, round(c.low, 6), c.unit, c.qualifier, c.row_header) for c in claims}
    assert ("120.5", "latency", 0.1205, "s", "exact", "HF") in got
    assert ("45.3", "latency", 0.0453, "s", "exact", "Ours") in got
    # a percent under "Speed-up (%) over HF" is a gain: 1.1603x, baseline HF
    speedup = next(c for c in claims if c.claim_type == "speedup")
    assert (PIPE[speedup.start:speedup.end], round(speedup.low, 4), speedup.baseline) == ("16.03%", 1.1603, "HF")
    assert ("9.8", "memory", 9.8e9, "B", "exact", "Ours") in got
    assert ("4.1", "memory", 4.1e9, "B", "approx", "Ours (INT4)") in got
    texts = [PIPE[c.start:c.end] for c in claims]
    assert "8" not in texts          # batch size: a setting
    assert "OOM" not in texts and "-3.2%" not in texts and "-" not in texts   # no figure; a signed delta


def test_html_table_spans_and_header_devices():
    t, claims = _claims(HTML)
    assert t.source == "html" and t.header_rows == 2
    assert t.column_header(1) == "Throughput (tokens/s) > A100"
    assert t.column_header(2) == "Throughput (tokens/s) > H100"
    assert [(HTML[c.start:c.end], c.low, c.unit) for c in claims] == [
        ("1,200", 1200.0, "token/s"), ("2,400", 2400.0, "token/s"),
        ("1,900", 1900.0, "token/s"), ("3,800", 3800.0, "token/s")]
    doc = markdown_document("# P\n\n## Results\n\n" + HTML + "\n", "p")
    rows = Extractor().extract(doc)
    assert [(r.text, r.hardware, r.row_header) for r in rows if r.passage_kind == "table"] == [
        ("1,200", "NVIDIA A100", "vLLM"), ("2,400", "NVIDIA H100", "vLLM"),
        ("1,900", "NVIDIA A100", "Ours"), ("3,800", "NVIDIA H100", "Ours")]


def test_br_stacked_rows_are_split():
    md = "| Method | FPS |\n|---|---|\n| A<br>B | 30<br>60 |\n"
    t, claims = _claims(md)
    assert [t.row_header(r) for r in range(1, len(t.rows))] == ["A", "B"]
    assert [(c.row_header, c.low, c.unit) for c in claims] == [("A", 30.0, "Hz"), ("B", 60.0, "Hz")]


def test_br_stacked_rows_repeat_a_one_line_setting():
    # "4 GPUs" is each stacked row's setting; the two figures are two rows
    md = ("| Optimizer | Gradients on | Environment | SGD throughput |\n|---|---|---|---|\n"
          "| Allreduce | 4 GPUs, Evaluators | Humanoid<br>Pong | 330k samples/s<br>23k samples/s |\n"
          "| Local | 16 GPUs, Driver | Humanoid<br>Pong | 2.1M samples/s<br>1.7M samples/s |\n")
    _, claims = _claims(md)
    assert [(c.low, c.unit) for c in claims] == [(330000.0, "sample/s"), (23000.0, "sample/s"),
                                                   (2.1e6, "sample/s"), (1.7e6, "sample/s")]
    # beside a one-line figure the lines of a cell are not rows (a converter's run-together row)
    md = "| Net | AP | Time (ms) |\n|---|---|---|\n| Hourglass | 40.3 42.2 45.1 | 71<br>129 672 |\n"
    t, _ = _claims(md)
    assert len(t.rows) == 2


def test_a_figure_written_with_its_rate_unit_is_body_not_header():
    md = "| Method | Throughput |\n|---|---|\n| Ours | 1.5M tokens/s |\n| Base | 900k tokens/s |\n"
    t, claims = _claims(md)
    assert t.header_rows == 1
    assert [c.low for c in claims] == [1.5e6, 9e5]


def test_rowspan_cell_is_read_once_and_colspan_fills():
    md = ('<table><tr><th>Method</th><th>Latency (ms)</th><th>Memory (GB)</th></tr>'
          '<tr><td rowspan="2">X</td><td>12</td><td rowspan="2">3.5</td></tr>'
          '<tr><td>14</td></tr></table>')
    t, claims = _claims(md)
    assert [t.row_header(r) for r in (1, 2)] == ["X", "X"]
    assert sorted((c.claim_type, round(c.low, 4)) for c in claims) == [
        ("latency", 0.012), ("latency", 0.014), ("memory", 3.5e9)]


@pytest.mark.parametrize("header, cell, expected", [
    ("Speedup", "2.5×", ("speedup", 2.5, "x")),
    ("Speedup", "2.5", ("speedup", 2.5, "x")),        # bare: the column's unit
    ("Speedup", "1.00×", None),                         # the baseline's own row
    ("FPS ↑", "24.5", ("fps", 24.5, "Hz")),
    ("Time (s)", "0.23", ("latency", 0.23, "s")),
    ("Training time (hours)", "12", ("latency", 43200.0, "s")),
    ("Throughput", "350 img/s", ("throughput", 350.0, "image/s")),
    ("Latency (ms)", "23 942", ("latency", 23.942, "s")),   # thousands grouped by a space
    ("Latency (ms)", "1,420", ("latency", 1.42, "s")),
    ("ms/img", "4.2", ("latency", 0.0042, "s")),        # a time per item in the header
    ("Time (ms/img)", "4.2", ("latency", 0.0042, "s")),
    ("s/frame", "0.17", ("latency", 0.17, "s")),
    ("sec/frame", "0.17", ("latency", 0.17, "s")),
    ("ms/tok", "21.3", ("latency", 0.0213, "s")),
    ("throughput (image / s)", "1325.6", ("throughput", 1325.6, "image/s")),   # spaced slash
    ("Model Latency (ms/Q) (↓)", "1951", ("latency", 1.951, "s")),        # a time per anything
    ("Latency (sec / video)", "42", ("latency", 42.0, "s")),
    ("Vanilla token/s", "90.32", ("throughput", 90.32, "token/s")),   # a method's name, then the rate
    ("EAGLE-2(+FR 32k) token/s", "188.69", ("throughput", 188.69, "token/s")),
    ("FPS2", "6.5K", ("fps", 6500.0, "Hz")),   # a footnote's digit glued on by the converter
    ("Top1", "76.3", None),
    ("Utilization", "41%", ("utilization", 41.0, "%")),   # a column of that name alone
    ("Codebook utilization", "41%", None),                # a share of something else
    ("frames-per-second", "24.5", ("fps", 24.5, "Hz")),   # hyphenated rates
    ("tokens-per-second", "1200", ("throughput", 1200.0, "token/s")),
    ("Step time (ms)", "312", ("latency", 0.312, "s")),   # a time per step, not a count of steps
    ("Epoch time (h)", "1.5", ("latency", 5400.0, "s")),
    ("Steps", "312", None),
    ("Throughput", "350", None),                        # no unit anywhere: not normalisable
    ("Throughput (tokens/s)", "12 ms", None),           # a time in a throughput column
    ("MFU (%)", "41.2", ("utilization", 41.2, "%")),
    ("Power (W)", "45", ("power", 45.0, "W")),
    ("Memory reduction", "35%", ("reduction", 35.0, "%")),
    ("Params (M)", "3.4", None),                        # a size, not a result
    ("GFLOPs", "4.1", None),                            # an amount of compute
    ("MAdds (M)", "219", None),
    ("Top-1 Acc. (%)", "76.3", None),                   # quality: left to the text
    ("Speedup Latency LPIPS", "0.18", None),            # a converter's merged header cell
    ("Peak TFLOPS", "989", None),                       # a specification
    ("SPEED", "3.4X", ("speedup", 3.4, "x")),           # a written factor under "Speed"
    ("Speed", "3.4", None),                             # a bare number under "Speed": any rate
    ("Speed (FPS)", "30", ("fps", 30.0, "Hz")),
    ("FPS", "18K", ("fps", 18000.0, "Hz")),              # a thousands suffix is part of the figure
    ("Throughput (tokens/s)", "1.2k", ("throughput", 1200.0, "token/s")),
    ("Lat. X", "13.0", ("speedup", 13.0, "x")),          # a factor of a time: a speedup
    ("Throughput (×)", "2.1", ("speedup", 2.1, "x")),
    ("TFLOPs ×", "110.7", None),                        # a factor of an amount: not read
    ("Train (Sec)↓", "4.12", ("latency", 4.12, "s")),          # a capitalised time unit
    ("Storage (MB)↓", "0.11", ("memory", 110000.0, "B")),
    ("Lat.", "19.04 ms", ("latency", 0.01904, "s")),
    ("Block Lat. (ms)", "3.2", ("latency", 0.0032, "s")),
    ("Resident (µs)", "273.0", ("latency", 0.000273, "s")),   # a time unit alone names a time
    ("Host (us)", "467.2", ("latency", 0.000467, "s")),
    ("Time/Step (s)", "9.65", ("latency", 9.65, "s")),   # a time per step is a time, not a step count
    ("Time per step (ms)", "12", ("latency", 0.012, "s")),
    ("Denoising steps", "50", None),
    ("Accelerators", "2 x", None),                      # devices, not an acceleration
    ("Acceleration", "2.1x", ("speedup", 2.1, "x")),
    # units: a group label's parenthesis that is no unit is passed over; a level that is a unit is one
    ("Time (s)↓ > Base Models (170M-208M parameters)", "0.134↓0.516", ("latency", 0.134, "s")),
    ("Throughput > #Tokens / s", "1256.98", ("throughput", 1256.98, "token/s")),
    ("{\\bf TFLOPs/s}", "661", ("throughput", 6.61e14, "FLOP/s")),
    ("TFLOPs", "9.7", None),            # no rate: as often an amount of compute per step
    ("Time", "3.538~\\mathrm{ms}", ("latency", 0.003538, "s")),   # LaTeX ~ is a space
    ("Throughput > Speedup (A100)", "12", ("speedup", 12.0, "x")),   # a parenthesis that reads as no unit
    # serving latencies, units in brackets, times per item written "sec/..."
    ("TTFT (ms)", "120", ("latency", 0.12, "s")),
    ("TPOT", "45 ms", ("latency", 0.045, "s")),
    ("TTFT", "120", None),                                 # no unit anywhere
    ("Encode [ms]", "7.5", ("latency", 0.0075, "s")),
    ("sec/iter", "1.2", ("latency", 1.2, "s")),
    ("s/batch", "0.8", ("latency", 0.8, "s")),
    # a cell that writes a rate or a time of its own under "Speed" is that figure
    ("Speed", "30 FPS", ("fps", 30.0, "Hz")),
    ("Speed", "1,200 tokens/s", ("throughput", 1200.0, "token/s")),
    ("Speed", "1.5 s", ("latency", 1.5, "s")),
    ("Speed", "35%", None),
    # a power of ten is part of the figure, and so of its span
    ("Latency (ms)", "$1.0 \\times 10^4$", ("latency", 10.0, "s")),
    ("Time (s)", "5 × 10^{-1}", ("latency", 0.5, "s")),
    ("Latency (ms)", "1.2e4", ("latency", 12.0, "s")),
    ("Runtime", "1.5 × 10^4 ms", ("latency", 15.0, "s")),
    # rates written out or spaced, one device's rate, a level that is a unit word
    ("Samples per GPU per second", "12.0", ("throughput", 12.0, "sample/s")),
    ("Tokens per second", "950", ("throughput", 950.0, "token/s")),
    ("#Samples / s", "6.33", ("throughput", 6.33, "sample/s")),
    ("Seconds", "12.5", ("latency", 12.5, "s")),
    ("Block TFLOPs", "9.7", None),                      # an amount of compute, not read as a unit word
    # math a converter spells token by token: "1 2 . 3" is 12.3, "\\times" a factor's sign
    ("Latency (ms)", "$\\mathbf { 1 2 . 3 }$", ("latency", 0.0123, "s")),
    ("Speedup", "$\\mathbf { 1 . 5 2 \\times }$", ("speedup", 1.52, "x")),
    ("Latency (ms)", "$\\textbf{2.1}\\times$", None),     # a factor in a time column
    # a cost as a fraction of the baseline's is cut by the rest; the baseline's own 1.00x is no claim
    ("Cloud runtime (↓)", "0.23×", ("reduction", 77.0, "%")),
    ("Peak memory", "0.5x", ("reduction", 50.0, "%")),
    ("Latency", "1.00×", None),
    # a figure's name, a slash and its unit
    ("Latency/ms", "12.3", ("latency", 0.0123, "s")),
    ("Inference Time/ms", "33", ("latency", 0.033, "s")),
    ("Memory/GB", "12", ("memory", 1.2e10, "B")),
    ("Tokens/s", "950", ("throughput", 950.0, "token/s")),
    # a device's busy share as a monitor reports it
    ("CPU (%)", "66.02", ("utilization", 66.02, "%")),
    ("GPU usage (%)", "87", ("utilization", 87.0, "%")),
    # a memory cell written with a bare "G": gigabytes
    ("Peak memory", "3.15G", ("memory", 3.15e9, "B")),
    ("Speedup", "1 . 5 2 ×", ("speedup", 1.52, "x")),
    # abbreviations, and a size in bytes that is held in memory; data moved or stored is not
    ("Spd.", "6.1×", ("speedup", 6.1, "x")),
    ("Idx(GB)", "8.15", ("memory", 8.15e9, "B")),
    ("RAM (GB)↓", "0.78", ("memory", 7.8e8, "B")),
    ("HBM R/W (GB)", "40.3", None),
    ("UTF-8 bytes (GB)", "9,812", None),
    ("Dataset (GB)", "120", None),
    # a header that is a unit alone; "Min" is a minimum and "SECS" a similarity, not times
    ("ms", "0.3", ("latency", 0.0003, "s")),
    ("GB", "12", ("memory", 1.2e10, "B")),
    ("Min", "0", None),
    ("SECS ↑", "0.755", None),
    # energy spent, as a project's electricity; "m" beside "h" in a time column: minutes
    ("Electricity (MWh)", "0.68", ("power", 2.448e9, "J")),
    ("Time", "693.6m", ("latency", 41616.0, "s")),
    ("Time", "81.4h", ("latency", 293040.0, "s")),
    # a long header ending in its unit ("train throughput samples/sec.", "train+val hours/epoch")
    ("train throughput samples/sec.", "0.32", ("throughput", 0.32, "sample/s")),
    ("train+val hours/epoch", "7.66", ("latency", 27576.0, "s")),
    # a rate written out after a method's name
    ("PPO Steps per Second", "752092", ("throughput", 752092.0, "step/s")),
    ("SAC Steps Per Second", "30661 ± 244", ("throughput", 30661.0, "step/s")),
    ("Ours frames per second", "48", ("fps", 48.0, "Hz")),
    # a function's argument is no unit ("ρ(s)", "V(s)"); a header word's is ("Time(s)")
    ("ρ(s) performance", "97.2", None),
    ("Critic Network (Q(s, a) or V(s))", "256", None),
    ("Time(s)", "1.5", ("latency", 1.5, "s")),
])
def test_column_header_types(header, cell, expected):
    md = _one_cell(header, cell)
    _, claims = _claims(md)
    got = (claims[0].claim_type, round(claims[0].low, 6), claims[0].unit) if claims else None
    assert got == expected


@pytest.mark.parametrize("cell,qualifier", [
    ("<b>12.5</b>", "exact"),          # a tag's ">" is no bound
    ("<u>12.5</u>", "exact"),
    ("&gt; 100", "lower_bound"),        # an entity is read as the sign it stands for
    ("<b>&gt;100</b>", "lower_bound"),
    ("≤ 5", "upper_bound"),
])
def test_a_cells_qualifier_is_read_past_its_markup(cell, qualifier):
    _, claims = _claims(_one_cell("Latency (ms)", cell))
    assert [c.qualifier for c in claims] == [qualifier]


def test_transposed_table_typed_by_row_label():
    md = "| Metric | Ours | Baseline |\n|---|---|---|\n| Latency (ms) | 12 | 30 |\n| Sampling at 1 fps | 55.7 | 50.1 |\n"
    _, claims = _claims(md)
    # the first row's label names the figure; "1 fps" holds a number: a setting, not a figure's name
    assert [(c.claim_type, round(c.low, 4), c.column_header) for c in claims] == [
        ("latency", 0.012, "Ours"), ("latency", 0.03, "Baseline")]


def test_a_peak_memory_row_is_measured_not_a_spec():
    md = ("| GPUs (8GB each) | Naive-1 | Pipeline-2 |\n|---|---|---|\n| Peak TFLOPS | 125 | 250 |\n"
          "| Peak Activation Memory | 6.26GB | 3.46G |\n")
    _, claims = _claims(md)
    assert [(c.claim_type, c.low, c.row_header) for c in claims] == [
        ("memory", 6.26e9, "Peak Activation Memory"), ("memory", 3.46e9, "Peak Activation Memory")]


def test_spec_rows_are_not_results():
    md = "| GPU | Throughput (TFLOPS) |\n|---|---|\n| Peak (spec sheet) | 989 |\n| Measured | 610 |\n"
    _, claims = _claims(md)
    assert [c.low for c in claims] == [6.1e14]


def test_table_cells_take_the_setup_device_and_the_caption_device():
    paper = ("# P\n\n## 4 Experimental Setup\n\nAll experiments run on 8 NVIDIA V100 GPUs.\n\n"
             "## 5 Results\n\n| Method | Latency (ms) |\n|---|---|\n| Ours | 12 |\n\n"
             "Table 3: Latency on an RTX 4090.\n\n| Method | Latency (ms) |\n|---|---|\n| Ours | 20 |\n")
    rows = _table_rows(paper)
    assert [(r.text, r.hardware, r.section_kind) for r in rows] == [
        ("12", "NVIDIA V100", "results"), ("20", "NVIDIA GeForce RTX 4090", "results")]
    assert all(paper[r.char_start:r.char_end] == r.text for r in rows)


_SETUP = "# P\n\n## 4 Experimental Setup\n\nAll models are trained on 8 NVIDIA V100 GPUs.\n\n## 5 Results\n\n"
_TABLE4 = "Table 4: Latency measured on a single core of an Intel Xeon E5-2690 CPU.\n\n| Model | Latency (s) |\n|---|---|\n| B1 | 0.098 |\n\n"
_FIG3 = "Figure 3: Speedup over PyTorch at different sequence lengths, on a T4 GPU.\n\n"


@pytest.mark.parametrize("prose, device", [
    # the claim's sentence or paragraph cites a table or figure whose caption names one device
    ("As shown in Table 4, our B1 runs 5.7x faster than ResNet-152.", "Intel Xeon E5-2690"),
    ("We measure latency on a real CPU (Table [4](#page-6-2)). Our B1 runs 5.7x faster than ResNet-152.",
     "Intel Xeon E5-2690"),
    ("Fig. 3 shows that we see a 2.5x speedup at 4K tokens.", "NVIDIA T4"),
    # cited ones on no one device (Figure 5 names none; there is no Table 5): the setup's, as without
    ("Figures 3 and 5 show a 2.5x speedup at 4K tokens.", "NVIDIA V100"),
    ("Tables 4 and 5 show a 2.5x speedup.", "NVIDIA V100"),
    ("Table 4 shows a 2.5x speedup on an RTX 4090.", "NVIDIA GeForce RTX 4090"),   # the sentence's own first
    ("Our B1 runs 5.7x faster than ResNet-152.", "NVIDIA V100"),     # no citation: the setup's
    # a citation in another sentence of the paragraph decides only for sentences citing none
    ("Table 5 lists the models. As Table 4 shows, B1 runs 5.7x faster.", "Intel Xeon E5-2690"),
])
def test_a_text_claim_takes_the_device_of_the_table_or_figure_it_cites(prose, device):
    paper = _SETUP + _TABLE4 + _FIG3 + "Figure 5: Accuracy of each model.\n\n" + prose + "\n"
    rows = [r for r in Extractor().extract(markdown_document(paper, "p"))
            if r.passage_kind == "text" and r.claim_type == "speedup"]
    assert rows and {r.hardware for r in rows} == {device}


def test_a_cited_device_takes_the_count_its_paragraph_gives_it():
    prose = "Fig. 3 shows the speedup on a T4 GPU with batch size 8. We generally see a 2.5x speedup.\n"
    rows = [r for r in Extractor().extract(markdown_document(_SETUP + _FIG3 + prose, "p"))
            if r.passage_kind == "text" and r.claim_type == "speedup"]
    assert [(r.hardware, r.hardware_count) for r in rows] == [("NVIDIA T4", 1)]


def test_tables_leave_the_prose_and_captions_are_passages():
    doc = markdown_document("# P\n\n## Results\n\n" + PIPE, "p")
    kinds = {p.kind for p in doc.passages}
    assert kinds == {"text", "caption"}
    assert not any("120.5" in p.text for p in doc.passages)   # the table's numbers are cells, not prose
    assert len(doc.tables) == 1 and doc.tables[0][2] == "results"


@pytest.mark.parametrize("paragraph, kind", [
    ("Table 2: Latency of each method.", "caption"),
    ("**Figure 3.** Speedup over PyTorch.", "caption"),
    ("TABLE V Camera configurations", "caption"),
    ("Table 2 shows the latency of each method.", "text"),
    ("Fig. 3 illustrates the speedup over PyTorch.", "text"),
])
def test_a_paragraph_citing_a_table_first_is_prose_not_its_caption(paragraph, kind):
    (passage,) = [p for p in markdown_document(f"# P\n\n## Results\n\n{paragraph}\n", "p").passages if p.text.strip()]
    assert passage.kind == kind


def test_uncaptioned_tables_in_references_give_nothing():
    paper = "# P\n\n## References\n\n| Method | Latency (ms) |\n|---|---|\n| Ours | 12 |\n"
    assert markdown_document(paper, "p").tables == ()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", [
    "|" * 50_000,
    "| a |\n" * 10_000 + "|---|\n",
    "<table>" + "<td rowspan=999 colspan=999>1" * 5_000 + "</table>",
    "<table>" + "<tr>" * 20_000 + "</table>",
    "| a | b |\n|---|---|\n" + "| 1<br>2<br>3 | 4<br>5<br>6 |\n" * 3_000,
    "Table 1: " + "(in ms) " * 6_000 + "\n\n| x | Latency |\n|---|---|\n| y | 3 |\n",
])
def test_hostile_tables_stay_linear(text):
    start = time.perf_counter()
    tables = find_tables(text)
    for t in tables:
        table_claims(t)
    # no timing assertion (the machine is shared): the timeout catches a blow-up
    assert time.perf_counter() - start >= 0


def _rules_data() -> dict:
    return tomllib.loads((resources.files("perfclaims") / "rules" / "tables.toml").read_text("utf-8"))


@pytest.mark.parametrize("change, message", [
    (lambda d: d["column"][0].update(percent="maybe"), "percent must be gain, share or no"),
    (lambda d: d["column"][0].update(header="(unclosed"), "rules/tables.toml: speedup"),
    (lambda d: d.pop("reading"), "missing table [reading]"),
    (lambda d: d["column"][0].pop("bare"), "bare"),
])
def test_table_rules_are_checked_on_load(change, message):
    data = copy.deepcopy(_rules_data())
    change(data)
    with pytest.raises(RuleError, match=message.replace("[", r"\[").replace("(", r"\(")):
        TableRules(data)


def test_configuration_tables_are_not_results_wherever_they_float():
    paper = ("# P\n\n## 4 Experimental Setup\n\n| | System #1 |\n|---|---|\n| Processor | Xeon |\n"
             "| GPU memory | 11GB |\n\nTable 5: Testbed Hardware Specifications.\n\n| Component | A6000 |\n|---|---|\n"
             "| Memory (GB) | 48 |\n\n"
             "Table 2: Efficiency comparison.\n\n| Method | Time (s) |\n|---|---|\n| Ours | 0.10 |\n\n"
             "## 5 Results\n\n| Method | Peak memory (GB) |\n|---|---|\n| Ours | 9 |\n")
    rows = _table_rows(paper)
    # a results table that a converter left inside the setup section is still read
    assert [(r.text, r.section_kind) for r in rows] == [("0.10", "setup"), ("9", "results")]


@pytest.mark.parametrize("caption,header,cell,expected", [
    # a caption naming a measured figure beside configurations is a results table
    ("Table 4: Scaling configurations and MFU for each stage of pre-training.", "BF16 MFU", "43%", ["43%"]),
    ("Table 9: Accuracy and speed ablations for our models in the Base configuration.", "Speed (ms/batch)", "193",
     ["193"]),
    ("Table 4: Comparison across two different hardware platforms (TPUv2s and V100 GPUs).", "Step/Sec", "22.4",
     ["22.4"]),
    # ... not one naming a specification, nor configurations alone
    ("Table 2: Hardware configuration and peak TFLOPS.", "Memory (GB)", "80", []),
    ("Table 1: Networks configuration.", "im/s", "1007", []),
    ("Table 3: Hardware platforms used in this work.", "Memory (GB)", "16", []),
    ("Table 3: Hardware setups.", "Memory (GB)", "16", []),
    # hardware a caption compares is the results' setting
    ("Table 2: Single environment simulation speed on different hardware setups.", "Speedup", "1.61×", ["1.61×"]),
])
def test_a_caption_naming_a_figure_beside_configurations_is_read(caption, header, cell, expected):
    md = f"{caption}\n\n| Model | {header} |\n|---|---|\n| Ours | {cell} |\n"
    assert [r.text for r in _table_rows("# P\n\n## Results\n\n" + md)] == expected


def test_hyperparameters_a_result_was_run_with_do_not_make_a_configuration_table():
    results = ("Table 4: Training throughput on an A100 GPU across 5 seeds using brax PPO and the RL "
               "hyperparameters in Appendix E.\n\n| Env | PPO Steps per Second |\n|---|---|\n| Cartpole | 718626 |\n")
    settings = "Table 12: Brax PPO hyperparameters.\n\n| Env | Steps per second |\n|---|---|\n| Cartpole | 50 |\n"
    rows = _table_rows("# P\n\n## Results\n\n" + results + "\n" + settings)
    assert [r.text for r in rows] == ["718626"]


def test_a_header_row_may_hold_digits():
    md = ("<table><tr><td>Method</td><td>AUC @1px</td><td>Latency (ms)</td></tr>"
          "<tr><td>Ours</td><td>41.2</td><td>70</td></tr></table>")
    t, claims = _claims(md)
    assert t.header_rows == 1 and [(c.claim_type, round(c.low, 3)) for c in claims] == [("latency", 0.07)]


def test_a_stub_head_corner_spanning_rows_marks_them_all_headers():
    # the third header row holds only digits and units ("501", "1px", "(ms)"): the
    # top-left cell spanning three rows says it is still a header
    md = ('<table><tr><td rowspan="3"></td><td colspan="2">HPatches</td><td colspan="2">RDNIM</td></tr>'
          '<tr><td>Rep</td><td>Time</td><td>Rep</td><td>Time</td></tr>'
          '<tr><td>3px</td><td>(ms)</td><td>3px</td><td>(ms)</td></tr>'
          '<tr><td>LSD</td><td>53.6</td><td>150</td><td>30.0</td><td>85</td></tr></table>')
    t, claims = _claims(md)
    assert t.header_rows == 3 and t.column_header(2) == "HPatches > Time > (ms)"
    assert [(md[c.start:c.end], c.claim_type, c.low) for c in claims] == [
        ("150", "latency", 0.15), ("85", "latency", 0.085)]


@pytest.mark.parametrize("caption,expected", [
    # the caption names a GPU and a CPU; the columns say which is which
    ("Table 7: Latencies on an NVIDIA RTX 2080 Ti GPU and an Intel Core i9-13900K CPU.",
     ["NVIDIA GeForce RTX 2080 Ti", "Intel Core i9-13900K"]),
    # two GPUs: a "GPU" column cannot choose between them
    ("Table 7: Latencies on an A100 and an H100.", [None, None]),
    # one device: it is the table's, whatever the column says
    ("Table 7: Latencies on an A100.", ["NVIDIA A100", "NVIDIA A100"]),
])
def test_a_column_naming_a_device_class_picks_the_captions_device_of_that_class(caption, expected):
    paper = (f"# P\n\n## Results\n\n{caption}\n\n"
             "| Method | Latency (ms) GPU | Latency (ms) CPU |\n|---|---|---|\n| Ours | 12 | 250 |\n")
    assert [r.hardware for r in _table_rows(paper)] == expected


def _table_rows(paper: str) -> list:
    """The table-cell rows the extractor gives for a Markdown paper."""
    return [r for r in Extractor().extract(markdown_document(paper, "p")) if r.passage_kind == "table"]


def test_paired_headers_and_figure_rows():
    # "Acc. @ Latency" over "77.8% @ 0.554s": the latency is the part after the "@";
    # a "Speedup" row holds speedups under that latency column
    md = ("Table 4: Inference latency on a single core of an Intel Xeon CPU E5-2690.\n\n"
          "| | Acc. @ Latency |\n|---|---|\n| ResNet-152 | 77.8% @ 0.554s |\n"
          "| EfficientNet-B1 | 78.8% @ 0.098s |\n| Speedup | 5.7x |\n")
    rows = _table_rows("# P\n\n## Results\n\n" + md)
    assert [(r.text, r.claim_type, r.value, r.hardware) for r in rows] == [
        ("0.554s", "latency", 0.554, "Intel Xeon E5-2690"), ("0.098s", "latency", 0.098, "Intel Xeon E5-2690"),
        ("5.7x", "speedup", 5.7, "Intel Xeon E5-2690")]
    # a threshold after "@" in the header ("AUC @1px") pairs with nothing: one figure per cell
    _, claims = _claims("| Method | AUC @1px | Time (ms) |\n|---|---|---|\n| X | 45.1 | 12 |\n")
    assert [(c.claim_type, c.low) for c in claims] == [("latency", 0.012)]


_RESULTS = "## 4 Results\n\n| Method | Latency (ms) |\n|---|---|\n| Ours | 12 |\n\nOurs runs at 12 ms per image.\n\n"


@pytest.mark.parametrize("where,expected", [
    # a paragraph anywhere (here an appendix) that says where the figures were measured
    ("## A Details\n\nHardware and software environment. All latencies are measured on a single NVIDIA H100 "
     "80 GB GPU.\n", "NVIDIA H100"),
    ("## A Details\n\nExperiments were run using an H100 NVIDIA GPU and averaged over 20 runs.\n", "NVIDIA H100"),
    ("## A Details\n\nWe conduct all experiments on a cluster equipped with NVIDIA H800 GPUs.\n", "NVIDIA H800"),
    # a run-in heading of the setup kind
    ("## A Details\n\n**Implementation details.** We use PyTorch 2.1 on an RTX 4090.\n", "NVIDIA GeForce RTX 4090"),
    # where the model was trained is not where it was measured
    ("## A Details\n\nWe train using 128 TPU-v5e devices. Unless noted otherwise, all results are after "
     "700,000 training steps.\n", None),
    # others' systems
    ("## 2 Related Work\n\nTheir experiments were run on an A100.\n", None),
    # a setup section that names two devices leaves no default, whatever other paragraphs say;
    # a table's latencies still ran where the paper says latencies were measured (2026-12-07b),
    # and so did a duration in prose whose sentence is not a training job's (2026-12-07d)
    ("## 3 Experimental Setup\n\nWe use an A100 and a V100.\n\n## A Details\n\nAll latencies are measured on an "
     "H100.\n", ("NVIDIA H100", "NVIDIA H100")),
])
def test_paragraphs_that_say_where_experiments_ran_set_the_setup_device(where, expected):
    paper = "# P\n\n" + (where if "Setup" in where or "Related" in where else "") + _RESULTS + (
        where if "Setup" not in where and "Related" not in where else "")
    rows = Extractor().extract(markdown_document(paper, "p"))
    table, prose = expected if isinstance(expected, tuple) else (expected, expected)
    assert [(r.text, r.hardware) for r in rows if r.section_kind == "results"] == [
        ("12", table), ("12 ms per image", prose)]


@pytest.mark.parametrize("change,message", [
    (lambda d: d["setup_passage"].update(run_in="(unclosed"), "setup_passage"),
    (lambda d: d["setup_passage"].update(run_in="^(?P<words>\\w+)\\."), "heading"),
    (lambda d: d.pop("setup_passage"), "setup_passage"),
])
def test_section_rules_are_checked_on_load(change, message):
    from perfclaims.fulltext.sections import SectionKinds
    from perfclaims.rule_schema import RuleError, read_rule_file
    data = read_rule_file("sections.toml")
    SectionKinds(copy.deepcopy(data))   # the shipped file loads
    change(data)
    with pytest.raises(RuleError, match=message):
        SectionKinds(data)


def test_a_caption_naming_the_figure_types_columns_of_setting_values():
    # FlashAttention's appendix tables: the caption names the figure and unit,
    # the columns are sequence lengths
    md = ("Table 9: Forward pass runtime (ms) of various attention mechanisms by sequence length, with dropout.\n\n"
          "| Attention Method | 128 | 256 | 512 |\n|---|---|---|---|\n"
          "| PyTorch Attention | 0.36 | 0.34 | 0.78 |\n| FlashAttention | 0.04 | - | 0.052 |\n")
    t, claims = _claims(md)
    assert [(c.row_header, c.column_header, c.claim_type, c.low) for c in claims] == [
        ("PyTorch Attention", "128", "latency", 0.00036), ("PyTorch Attention", "256", "latency", 0.00034),
        ("PyTorch Attention", "512", "latency", 0.00078), ("FlashAttention", "128", "latency", 0.00004),
        ("FlashAttention", "512", "latency", 0.000052)]   # values without float noise
    # columns that are not settings' values keep their own types: here, none
    md2 = md.replace("| 128 | 256 | 512 |", "| BLEU | Params | 512 |")
    assert _claims(md2)[1] == []
    # a caption naming a setting or no unit types nothing
    for caption in ("Table 9: Batch size (k) of various attention mechanisms.",
                    "Table 9: Forward pass runtime of various attention mechanisms."):
        assert _claims(caption + md[md.index("\n\n"):])[1] == []


@pytest.mark.parametrize("caption, expected", [
    # the unit closes the title, after the settings the columns sweep
    ("Table 7: Throughput at different batch sizes (samples/sec).", ("throughput", 1200.0, "sample/s")),
    ("Table 7: Latency for each batch size (ms).", ("latency", 1.2, "s")),
    # the unit in words, before or after the settings
    ("Table 7: Throughput in samples/s for different batch sizes.", ("throughput", 1200.0, "sample/s")),
    ("Table 7: Throughput for different batch sizes in tokens/s.", ("throughput", 1200.0, "token/s")),
    # no figure before the settings, or a quality figure: nothing
    ("Table 7: Batch sizes (ms).", None),
    ("Table 7: Accuracy at different batch sizes (%).", None),
    ("Table 7: Throughput at different batch sizes.", None),   # no unit anywhere
])
def test_a_caption_whose_unit_follows_the_settings_types_columns_of_setting_values(caption, expected):
    md = caption + "\n\n| Batch | 32 | 64 |\n|---|---|---|\n| Baseline | 1200 | 2100 |\n| Ours | 1500 | 2900 |\n"
    _, claims = _claims(md)
    if expected is None:
        assert claims == []
    else:
        assert len(claims) == 4 and (claims[0].claim_type, claims[0].low, claims[0].unit) == expected


def test_a_figure_the_caption_holds_fixed_does_not_type_the_table():
    # Zero Bubble's Table 6 form: "under the same memory consumption" is a condition; the
    # group labels name the figures, and the first row of a group ("... > ZB-V") holds one too
    md = ("Table 6: Comparison between 1F1B and ZB-V under the same memory consumption.\n\n"
          "| | Model | 6.2B | 14.6B |\n|---|---|---|---|\n"
          "| Samples per GPU per second | ZB-V | 4.15 | 1.85 |\n| | 1F1B | 3.38 | 1.52 |\n"
          "| Memory (GB) | ZB-V | 64 | 45 |\n| | 1F1B | 61 | 44 |\n")
    _, claims = _claims(md)
    assert [(md[c.start:c.end], c.claim_type) for c in claims] == [
        ("4.15", "throughput"), ("1.85", "throughput"), ("3.38", "throughput"), ("1.52", "throughput"),
        ("64", "memory"), ("45", "memory"), ("61", "memory"), ("44", "memory")]
    assert claims[0].unit == "sample/s" and claims[4].low == 64e9


@pytest.mark.parametrize("header, cell, expected", [
    # ConvNeXt's form: a rate's gain over the row above, in parentheses
    ("throughput (image / s)", "<b>1943.5</b> (+47%)", ("speedup", 1.47, "x", "+47%")),
    ("FPS", "120 (↑20.5%)", ("speedup", 1.205, "x", "↑20.5%")),
    ("Latency (ms)", "12.1 (-30%)", ("reduction", 30.0, "%", "-30%")),
    ("Memory (GB)", "8.2 (↓25%)", ("reduction", 25.0, "%", "↓25%")),
    # a change for the worse is an overhead (SPEC: a reduction, as "30% slower" in prose)
    ("Latency (ms)", "12.1 (+30%)", ("reduction", 30.0, "%", "+30%")),
    ("Latency (ms)", "1482.0±1.0 (+2.2%)", ("reduction", 2.2, "%", "+2.2%")),
    ("Throughput (tokens/s)", "950 (-5%)", ("reduction", 5.0, "%", "-5%")),
    ("Latency (ms)", "12.1 (30%)", None),      # no sign: a share, not a change
])
def test_a_signed_percent_in_parentheses_after_a_figure_is_its_change(header, cell, expected):
    md = _one_cell(header, cell)
    _, claims = _claims(md)
    extra = [(c.claim_type, round(c.low, 4), c.unit, md[c.start:c.end]) for c in claims[1:]]
    assert len(claims) >= 1 and extra == ([expected] if expected else [])


def test_a_header_written_again_ends_the_table_its_headers_describe():
    # AdaGroPE's MinerU table: a memory table under the latency one, its headers as body rows
    md = ('<table><tr><td rowspan="2">Model</td><td colspan="2">Latency (s/token)</td></tr>'
          '<tr><td>32k</td><td>64k</td></tr><tr><td>Llama-2-7b</td><td>1.81</td><td>5.30</td></tr>'
          '<tr><td rowspan="2">Model</td><td colspan="2">Memory (MB)</td></tr>'
          '<tr><td>32k</td><td>64k</td></tr><tr><td>Llama-2-7b</td><td>28787</td><td>43925</td></tr></table>')
    _, claims = _claims(md)
    assert [(md[c.start:c.end], c.claim_type) for c in claims] == [("1.81", "latency"), ("5.30", "latency")]


def test_a_row_naming_the_captions_figure_with_its_unit_is_read():
    # transposed: methods as columns, "peak memory (GB)" as the row, the caption naming memory
    md = ("Table 6: Peak GPU memory for LLaMA-7B and sparseGPT.\n\n"
          "<table><tr><td></td><td>LR</td><td>BR</td><td>Full fine-tuning</td></tr>"
          "<tr><td>peak memory (GB)</td><td>3.9</td><td>5.7</td><td>&gt; 100</td></tr></table>")
    _, claims = _claims(md)
    assert [(c.claim_type, c.low, c.qualifier) for c in claims] == [
        ("memory", 3.9e9, "exact"), ("memory", 5.7e9, "exact"), ("memory", 1e11, "lower_bound")]


def test_a_pipe_tables_upper_header_spans_the_columns_it_stands_over():
    # no colspan in a pipe table: the label over its first column, blanks after it
    md = ("| Method | Latency (ms) | | Throughput (tok/s) | |\n|---|---|---|---|---|\n"
          "| | A100 | H100 | A100 | H100 |\n| Ours | 12 | 8 | 2400 | 3900 |\n")
    t, claims = _claims(md)
    assert t.header_rows == 2   # "A100" and "H100" are names, not figures
    assert [(c.column_header, c.claim_type) for c in claims] == [
        ("Latency (ms) > A100", "latency"), ("Latency (ms) > H100", "latency"),
        ("Throughput (tok/s) > A100", "throughput"), ("Throughput (tok/s) > H100", "throughput")]
    # Adan's form: each label in the middle of its run of repeated sub-headers
    md = ("| | Model | | 100 Steps Time (ms) | | Peak Memory (GB) |\n|---|---|---|---|---|---|\n"
          "| Model | Size | Adan | AdamW | Adan | AdamW |\n| ResNet-50 | 25M | 127.6 | 127.5 | 13.8 | 13.9 |\n")
    t, claims = _claims(md)
    assert [(c.column_header, c.claim_type) for c in claims] == [
        ("100 Steps Time (ms) > Adan", "latency"), ("100 Steps Time (ms) > AdamW", "latency"),
        ("Peak Memory (GB) > Adan", "memory"), ("Peak Memory (GB) > AdamW", "memory")]


def test_section_labels_of_a_pipe_table_type_the_rows_below_them():
    # FNet's Table 7: each section's label in one cell of its own row, the factors in
    # parentheses relative to the first row (no "(1.0x)" mark), rounded to one decimal
    md = ("Table 7: Speeds and peak memory on the Long-Range Arena.\n\n"
          "| Seq. length | 512 | 1024 |\n|---|---|---|\n"
          "| | Training Speed (steps/s) | |\n| Transformer | 8.0 | 5.6 |\n| Linear | 9.4 (1.2x) | 9.1 (1.6x) |\n"
          "| | Inference Speed (ms/batch) | |\n| Transformer | 7.0 | 13.2 |\n| Linear | 5.6 (1.2x) | 6.5 (2.0x) |\n"
          "| | Peak Memory Usage (GB) | |\n| Transformer | 1.1 | 2.1 |\n")
    t, claims = _claims(md)
    assert t.header_rows == 1
    got = [(md[c.start:c.end], c.claim_type, round(c.low, 4)) for c in claims]
    assert got == [("8.0", "throughput", 8.0), ("5.6", "throughput", 5.6), ("9.4", "throughput", 9.4),
                   ("1.2x", "speedup", 1.2), ("9.1", "throughput", 9.1), ("1.6x", "speedup", 1.6),
                   ("7.0", "latency", 0.007), ("13.2", "latency", 0.0132), ("5.6", "latency", 0.0056),
                   ("1.2x", "speedup", 1.2), ("6.5", "latency", 0.0065), ("2.0x", "speedup", 2.0),
                   ("1.1", "memory", 1.1e9), ("2.1", "memory", 2.1e9)]


def test_a_section_label_in_the_first_column_types_the_rows_below():
    # MiniMax's form: the figure in the first cell of a row of its own, under a header of settings
    md = ("Table 1: Speed comparison for varying degrees of parallelism.\n\n"
          "| # Environments | 1 | 32 |\n|---|---|---|\n| Steps-per-second | | |\n"
          "| MiniGrid | 2000 | 12000 |\n| AMaze | 3000 | 76000 |\n")
    t, claims = _claims(md)
    assert t.header_rows == 1
    assert [(md[c.start:c.end], c.claim_type, c.unit) for c in claims] == [
        ("2000", "throughput", "step/s"), ("12000", "throughput", "step/s"),
        ("3000", "throughput", "step/s"), ("76000", "throughput", "step/s")]


def test_a_device_column_gives_each_row_its_device():
    md = ('<table><tr><td>Provider</td><td>GPU</td><td>Ratio</td><td>Resident (µs)</td></tr>'
          '<tr><td>Local</td><td>GTX 1660 Ti</td><td>1.71×</td><td>273.0</td></tr>'
          '<tr><td>Lambda</td><td>H100 SXM5</td><td>1.84×</td><td>309.0</td></tr></table>')
    rows = _table_rows("# P\n\n## Results\n\nOn an A100.\n\n" + md)
    assert [(r.text, r.hardware) for r in rows] == [
        ("273.0", "NVIDIA GeForce GTX 1660 Ti"), ("309.0", "NVIDIA H100")]


def test_a_group_label_over_blank_first_cells_types_every_row_of_its_group():
    md = ("| | Model | 1.5B | 6.2B |\n|---|---|---|---|\n| Setup | #GPU | 8 | 16 |\n"
          "| Samples per GPU per second | ZB-2p | 14.5 | 4.32 |\n| | 1F1B | 11.8 | 3.50 |\n"
          "| Memory (GB) | ZB-2p | 59 | 70 |\n| | 1F1B | 32 | 45 |\n")
    _, claims = _claims(md)
    assert [(c.claim_type, c.low, c.unit) for c in claims] == [
        ("throughput", 14.5, "sample/s"), ("throughput", 4.32, "sample/s"),
        ("throughput", 11.8, "sample/s"), ("throughput", 3.5, "sample/s"),
        ("memory", 59e9, "B"), ("memory", 70e9, "B"), ("memory", 32e9, "B"), ("memory", 45e9, "B")]


def test_a_row_or_column_of_device_counts_gives_each_cell_its_count():
    md = ("| | Model | 1.5B | | 6.2B |\n|---|---|---|---|---|\n| Setup | #GPU | 8 | | 16 |\n"
          "| Samples per GPU per second | ZB-2p | 14.5 | 14.8 | 4.32 |\n| Memory (GB) | ZB-2p | 59 | 60 | 70 |\n")
    rows = _table_rows("# P\n\n## Setup\n\nWe use up to 32 NVIDIA A100 GPUs.\n\n## Results\n\n" + md)
    got = [(r.text, r.hardware, r.hardware_count) for r in rows]
    # the blank cell right of 8 continues it; a per-GPU rate keeps its count of one
    assert got == [("14.5", "NVIDIA A100", 1), ("14.8", "NVIDIA A100", 1), ("4.32", "NVIDIA A100", 1),
                   ("59", "NVIDIA A100", 8), ("60", "NVIDIA A100", 8), ("70", "NVIDIA A100", 16)]
    # a column headed by a device class holds figures measured on it, not counts
    md = "| Method | GPU | CPU |\n|---|---|---|\n| Ours | 70 | 976 |\n"
    (table,) = find_tables("Table 7: Runtime (ms) on an RTX 2080 Ti GPU and an i9-13900K CPU.\n\n" + md)
    assert device_counts(table) == {}
    # a plural device noun over whole numbers is a count ("GPUs": 1, 2, 4 in a scaling table)
    md = "| GPUs | Latency (ms) | Speedup |\n|---|---|---|\n| 1 | 966.96 | 1.00× |\n| 2 | 611.28 | 1.58× |\n"
    rows = _table_rows("# P\n\n## Results\n\nTable 2. Scaling on H100 GPUs.\n\n" + md)
    assert [(r.text, r.hardware, r.hardware_count) for r in rows if r.text != "1.00×"] == [
        ("966.96", "NVIDIA H100", 1), ("611.28", "NVIDIA H100", 2), ("1.58×", "NVIDIA H100", 2)]


def test_a_signed_percent_under_a_change_of_a_figure_is_that_change():
    md = ("Table 5: Median output-throughput gain vs. static over three windows.\n\n"
          "| workload | dynamic | hier |\n|---|---|---|\n| ShareGPT | -0.7% | +7.2% |\n| oasst1 | +0.0% | -2.9% |\n")
    (table,) = find_tables(md)
    assert [(c.claim_type, c.low, c.unit) for c in table_claims(table)] == [
        ("reduction", 0.7, "%"), ("speedup", 1.072, "x"), ("reduction", 2.9, "%")]
    # a signed figure under no change stays unread: a delta is not a level
    _, claims = _claims(_one_cell("Throughput (tokens/s)", "+12.5%"))
    assert claims == []


def test_a_stub_head_naming_one_device_is_the_tables_device():
    md = ("| Cloud TPUv3 (16GB each) | Naive-1 | Pipeline-8 |\n|---|---|---|\n"
          "| Peak Activation Memory | 3.15G | 6.4G |\n")
    rows = _table_rows("# P\n\n## Results\n\nWe train on GPUs.\n\n" + md)
    assert [(r.text, r.hardware) for r in rows] == [("3.15G", "Google TPU v3"), ("6.4G", "Google TPU v3")]


def test_a_setup_statement_counts_its_own_sentence_not_the_training_run_beside_it():
    paper = ("# P\n\n## 4 Results\n\nOurs generates a video in 1.3 seconds.\n\n"
             "## 5 Experiments\n\nThe whole training process takes around 2 days on 64 H100 GPUs. "
             "The inference times are measured on a H100 GPU.\n")
    rows = [r for r in Extractor().extract(markdown_document(paper, "p")) if r.text == "1.3 seconds"]
    assert [(r.hardware, r.hardware_count) for r in rows] == [("NVIDIA H100", 1)]
    # a statement whose sentence names no device: the paragraph's device
    paper = ("# P\n\n## 4 Results\n\nOurs generates a video in 1.3 seconds.\n\n"
             "## 5 Experiments\n\nThe reported runtime is measured on the OpenEQA benchmark. We use one V100 GPU.\n")
    rows = [r for r in Extractor().extract(markdown_document(paper, "p")) if r.text == "1.3 seconds"]
    assert [(r.hardware, r.hardware_count) for r in rows] == [("NVIDIA V100", 1)]


def test_a_caption_naming_one_figure_types_method_columns_whose_cells_write_its_unit():
    # Mamba's memory benchmark: columns are methods, each cell writes "GB"
    md = ("Table 15: (Memory benchmark.) Mamba's memory footprint is comparable. Results for 125M models.\n\n"
          "| Batch size | Transformer | Mamba |\n|---|---|---|\n| 1 | 4.6GB | 4.8GB |\n| 2 | 5.2GB | 5.8 |\n")
    _, claims = _claims(md)
    # a bare number stays unread (no unit of its own), and so does the batch-size column
    assert [(c.column_header, c.claim_type, c.low) for c in claims] == [
        ("Transformer", "memory", 4.6e9), ("Mamba", "memory", 4.8e9), ("Transformer", "memory", 5.2e9)]
    # a caption that names two figures types no column, but a cell writing one's unit is that
    # figure; a caption that names none types nothing
    two = _claims("Table 15: Memory and latency of each method." + md[md.index("\n\n"):])[1]
    assert [(c.column_header, c.low) for c in two] == [("Transformer", 4.6e9), ("Mamba", 4.8e9), ("Transformer", 5.2e9)]
    assert _claims("Table 15: Main results." + md[md.index("\n\n"):])[1] == []


def test_a_configuration_table_is_named_by_its_captions_title_not_a_later_sentence():
    body = "\n\n| Method | Infer. Time (s) | FPS |\n|---|---|---|\n| Ours | 1.76 | 13.6 |\n"
    later = "Table 3. Efficiency comparison on one H100 GPU. SCAIL-2 uses its accelerated 8-step configuration."
    assert [c.claim_type for c in _claims(later + body)[1]] == ["latency", "fps"]
    assert _claims("Table 3. Hardware configuration of the testbed." + body)[1] == []


@pytest.mark.parametrize("caption, configuration", [
    ("Table 3: Portability matrix: three pruning methods x four configurations, each evaluated on three engines.", False),
    ("Table 8: Document pruning across all configurations (qc=5).", False),
    ("Table 4: Speed over different configurations of the simulator.", False),
    ("Table 2: Output-throughput gain on a 2-node cluster (Testbed B).", False),
    ("Table 5: Model configurations for Figure 2.", True),
    ("Table 6: ZeRO configurations.", True),
    ("Table 1: Testbed hardware specifications.", True),
    ("Table 7: Configurations of the evaluated models.", True),
])
def test_configurations_a_caption_counts_or_spans_are_a_results_tables_settings(caption, configuration):
    body = "\n\n| Method | Infer. Time (s) | FPS |\n|---|---|---|\n| Ours | 1.76 | 13.6 |\n"
    found = [c.claim_type for c in _claims(caption + body)[1]]
    assert found == ([] if configuration else ["latency", "fps"])


def test_a_figures_factor_in_parentheses_is_read_when_the_figures_bear_it_out():
    # BitNet's "Memory (GB) | 0.80 (2.60x)" under the "(1.00x)" row: the baseline's
    # figure over this one's; a time's factor is a speedup, a footprint's a reduction
    md = ("| Models | Memory (GB) | Latency (ms) | Throughput (tokens/s) |\n|---|---|---|---|\n"
          "| LLaMA | 2.08 (1.00x) | 1.18 (1.00x) | 100 (1.0x) |\n"
          "| Ours | 0.80 (2.60x) | 0.96 (1.23x) | 250 (2.5x) |\n"
          "| Other | 1.00 (3.00x) | 0.50 (1.10x) | 90 (0.9x) |\n")
    _, claims = _claims(md)
    factors = [(c.row_header, c.claim_type, round(c.low, 2), c.baseline) for c in claims if "factor" in c.rule]
    # "Other": 2.08/1.00 is not 3.00 nor 1.18/0.50 1.10, and a factor under 1 is no gain: left alone
    assert factors == [("Ours", "reduction", 61.54, "LLaMA"), ("Ours", "speedup", 1.23, "LLaMA"),
                       ("Ours", "speedup", 2.5, "LLaMA")]
    assert all(md[c.start:c.end] in ("2.60x", "1.23x", "2.5x") for c in claims if "factor" in c.rule)


def test_a_figure_with_a_second_in_parentheses_and_the_baseline_row():
    # FlashAttention's "Training time (speedup)": "9.5 days (1.0×)"; the row whose
    # factor is 1 is the baseline of the rows below it, until the next such row
    md = ("Table 2: GPT-2 training compared to Huggingface and up to 1.7x compared to Megatron-LM.\n\n"
          "| Model | OpenWebText (ppl) | Training time (speedup) |\n|---|---|---|\n"
          "| GPT-2 small - Huggingface [87] | 18.2 | $9.5 \\text{ days } (1.0 \\times)$ |\n"
          "| GPT-2 small - FlashAttention | 18.2 | 2.7 days (3.5×) |\n"
          "| GPT-2 medium - Megatron-LM [77] | 14.3 | 11.5 days (1.0×) |\n"
          "| GPT-2 medium - FlashAttention | 14.3 | 6.9 days (1.7×) |\n")
    _, claims = _claims(md)
    assert [(c.claim_type, round(c.low, 2), c.baseline) for c in claims] == [
        ("latency", 820800.0, None), ("latency", 233280.0, None), ("speedup", 3.5, "GPT-2 small - Huggingface"),
        ("latency", 993600.0, None), ("latency", 596160.0, None), ("speedup", 1.7, "GPT-2 medium - Megatron-LM")]
    # each figure's span is its own part of the cell
    assert [md[c.start:c.end] for c in claims][1:3] == ["2.7 days", "3.5×"]
    # a unit in parentheses is no second figure
    _, plain = _claims("| Model | Latency (ms) |\n|---|---|\n| Ours | 12 (3) |\n")
    assert [(c.claim_type, c.low) for c in plain] == [("latency", 0.012)]


def test_a_caption_legend_gives_a_column_its_unit():
    # Open-Sora Plan: '"T" and "Mem." denote encoding throughput and Memory cost (GB)'
    body = "\n\n| Model | T↑ | Mem. ↓ | PSNR↑ |\n|---|---|---|---|\n| CV-VAE | 1.85 | 25.00 | 30.76 |\n"
    legend = 'Table 6: Comparison of VAEs. "T" and "Mem." denote encoding throughput and Memory cost (GB).'
    assert [(c.column_header, c.claim_type, c.low) for c in _claims(legend + body)[1]] == [("Mem. ↓", "memory", 25e9)]
    # a caption that names the figure with no unit after it gives none
    assert _claims("Table 6: Comparison of VAEs by memory cost." + body)[1] == []


def test_a_caption_naming_a_figure_that_needs_no_unit_types_setting_columns():
    md = "Table 7: Speedup over PyTorch.\n\n| Method | bs=1 | bs=8 |\n|---|---|---|\n| Ours | 1.5 | 2.1 |\n"
    (table,) = find_tables(md)
    assert [(c.claim_type, c.low) for c in table_claims(table)] == [("speedup", 1.5), ("speedup", 2.1)]


def test_a_caption_title_with_figure_and_unit_types_plain_columns():
    # Faster R-CNN's "Timing (ms) on a K40 GPU": columns are components, cells bare
    body = "\n\n| model | system | conv | total | rate |\n|---|---|---|---|---|\n| VGG | RPN | 141 | 198 | 5 fps |\n"
    title = "Table 5: Timing (ms) on a K40 GPU. See our code."
    assert [(c.column_header, c.claim_type, c.low) for c in _claims(title + body)[1]] == [
        ("conv", "latency", 0.141), ("total", "latency", 0.198)]   # "5 fps" is no time
    # a column or a title that names a quality figure, or a percentage, is another figure: nothing is typed
    for other in (body.replace("| conv |", "| mAP |"), body.replace("| conv |", "| conv (%) |")):
        assert [c.column_header for c in _claims(title + other)[1]] == []
    assert _claims("Table 5: Timing (ms) and mAP on a K40 GPU." + body)[1] == []


def test_a_latex_formatted_first_row_is_a_body_row_and_latex_symbols_stay_headers():
    md = ("| Model | Training time (speedup) |\n|---|---|\n"
          "| HF | $9.5 \\text{ days } (1.0 \\times)$ |\n| Ours | $2.7 \\text{ days } (3.5 \\times)$ |\n")
    t, claims = _claims(md)
    assert t.header_rows == 1 and [(c.row_header, c.claim_type) for c in claims] == [
        ("HF", "latency"), ("Ours", "latency"), ("Ours", "speedup")]
    # "\lambda _ { 1 }" names a setting: a header, as are the words below it
    html = ("<table><tr><td>\\lambda _ { 1 }</td><td>\\lambda _ { 2 }</td><td>Train (Sec)</td></tr>"
            "<tr><td>0</td><td>0.01</td><td>2.44</td></tr></table>")
    t, claims = _claims(html)
    assert t.header_rows == 1 and [(c.column_header, c.low) for c in claims] == [("Train (Sec)", 2.44)]


@pytest.mark.parametrize("setup, claim, expected", [
    # a training cluster's count is not that of an inference figure the paper gives no count for
    ("Training is conducted on 8 NVIDIA H100 GPUs.", "Inference takes 0.018 s per image.", ("NVIDIA H100", None)),
    ("Training is conducted on 8 NVIDIA H100 GPUs.", "Training takes 3 days in total.", ("NVIDIA H100", 8)),
    ("Training is conducted on 8 NVIDIA H100 GPUs.", "The big models' step time was 1.0 seconds.", ("NVIDIA H100", 8)),
    ("We train on 2048 NVIDIA H800 GPUs.", "Our model is 2.1x faster.", ("NVIDIA H800", None)),   # was 2048 before
    # one training GPU is the paper's one GPU; a count stated for the runs themselves stays
    ("We train on a single NVIDIA RTX 6000 Ada GPU.", "Inference takes 0.1 seconds.", ("NVIDIA RTX 6000 Ada", 1)),
    ("All experiments run on 8 NVIDIA H100 GPUs.", "Inference takes 0.018 s per image.", ("NVIDIA H100", 8)),
])
def test_a_training_count_is_not_given_to_other_figures(setup, claim, expected):
    paper = f"# P\n\n## 4 Experimental Setup\n\n{setup}\n\n## 5 Results\n\n{claim}\n"
    rows = [r for r in Extractor().extract(markdown_document(paper, "p")) if r.section_kind == "results"]
    assert [(r.hardware, r.hardware_count) for r in rows] == [expected]


MERGED = ("<table><thead><tr><th>Method</th><th colspan=\"2\">Efficiency</th><th>FID</th></tr>"
          "<tr><th></th><th>Time (s) ↓ Speedup ↑</th><th></th><th></th></tr></thead>"
          "<tr><td colspan=\"4\">≈2.5× Speedup</td></tr>"
          "<tr><td>Wan2.1-14B</td><td>476</td><td>1.00×</td><td>12.1</td></tr>"
          "<tr><td>Ours</td><td>190</td><td>2.50×</td><td>12.4</td></tr></table>")


def test_a_converters_merged_header_is_dealt_to_its_columns():
    # "Time (s) ↓ Speedup ↑" over two columns, the second header empty: one header each
    t, claims = _claims(MERGED)
    assert [(c.row_header, c.column_header, c.claim_type, c.low, c.baseline) for c in claims] == [
        ("Wan2.1-14B", "Efficiency > Time (s) ↓", "latency", 476.0, None),   # a label led by a letter, digits or not
        ("Ours", "Efficiency > Time (s) ↓", "latency", 190.0, None),
        ("Ours", "Efficiency > Speedup ↑", "speedup", 2.5, "Wan2.1-14B")]   # the 1.00× row is the baseline
    # the group row "≈2.5× Speedup" across the table is a label, not a figure


@pytest.mark.parametrize("second", [
    "<th>Memory</th>",                        # the next column has a header of its own
    "<th></th><th></th>",                     # three parts cannot be dealt to two columns
])
def test_a_merged_header_that_does_not_fit_its_columns_is_not_read(second):
    html = ("<table><tr><th>Method</th><th>Time (s) ↓ Speedup ↑" + (" Mem ↓" if "<th></th><th>" in second else "")
            + "</th>" + second.replace("<th></th><th></th>", "<th></th>") + "</tr>"
            "<tr><td>Ours</td><td>190</td><td>2.50×</td></tr></table>")
    _, claims = _claims(html)
    assert [c.column_header for c in claims if c.column_header.startswith("Time")] == []


def test_a_caption_naming_a_latency_types_serving_metric_columns():
    # "TTFT" and "TPOT" name the title's figure, not another one: bare cells take its unit
    md = "Table 1: Serving latency (ms) on one A100.\n\n| Model | TTFT | TPOT |\n|---|---|---|\n| A | 120 | 12 |\n"
    assert [(c.column_header, c.low) for c in _claims(md)[1]] == [("TTFT", 0.12), ("TPOT", 0.012)]
    # a quality column beside them is another figure
    md = "Table 1: Timing (ms) on one A100.\n\n| Model | step | PSNR |\n|---|---|---|\n| A | 120 | 31.2 |\n"
    assert [(c.column_header, c.low) for c in _claims(md)[1]] == []


def _table(body: str, caption: str) -> str:
    return f"{caption}\n\n{body}" if caption else body


T = "| Method | Latency (ms) |\n|---|---|\n| A | 12 |\n"


def test_a_paper_with_captions_below_its_tables_keeps_each_caption_with_its_table():
    # captions below: the one under table 1 is not table 2's, though it stands just above it
    md = "\n\n".join([T, "Table 1: Latency on one A100.", T, "Table 2: Latency on one H100.", T,
                      "Table 3: Latency on a CPU."])
    assert [t.caption for t in find_tables(md)] == [
        "Table 1: Latency on one A100.", "Table 2: Latency on one H100.", "Table 3: Latency on a CPU."]
    # captions above: unchanged
    md = "\n\n".join(["Table 1: Latency on one A100.", T, "Table 2: Latency on one H100.", T])
    assert [t.caption for t in find_tables(md)] == ["Table 1: Latency on one A100.", "Table 2: Latency on one H100."]
    # a table with no caption of its own takes none from a neighbour that has one on the paper's side
    md = "\n\n".join(["Table 1: Latency on one A100.", T, "Some words.", "More words.", T,
                      "Table 3: Latency on a CPU.", T])
    assert [t.caption for t in find_tables(md)] == ["Table 1: Latency on one A100.", None, "Table 3: Latency on a CPU."]


def test_a_table_drawn_as_a_figure_takes_the_figure_caption_right_below_it():
    # NeurIPS-style papers caption a table as a figure, below it; the two halves of the
    # figure ("Left: ... Right: ...") both take it
    fig = "Figure 3: Kernel timings in milliseconds. The benchmarks were run on an NVIDIA Titan V GPU."
    assert [t.caption for t in find_tables("\n\n".join([T, T, fig]))] == [fig, fig]
    # not across a paragraph, nor a figure caption above a table, nor prose about a figure
    assert [t.caption for t in find_tables("\n\n".join([T, "Some words.", fig]))] == [None]
    assert [t.caption for t in find_tables("\n\n".join([fig, T]))] == [None]
    assert [t.caption for t in find_tables("\n\n".join([T, "Figure 3 shows the timings on a Titan V."]))] == [None]
    # a "Table N" caption on the paper's side still wins
    assert [t.caption for t in find_tables("\n\n".join(["Table 1: Latency on one A100.", T, fig]))] == [
        "Table 1: Latency on one A100."]


def test_a_speedup_row_under_a_caption_giving_times_a_unit_keeps_its_factors():
    paper = ("# P\n\n## Results\n\n|  | 2x | 4x |\n|---|---|---|\n| PyTorch (ms) | 7.88 | 10.07 |\n"
             "| Ours (ms) | 0.42 | 0.49 |\n| Speedup × | 19 | 21 |\n\n"
             "Figure 14: Timings in milliseconds using native PyTorch operations vs our CUDA kernel. "
             "The benchmarks were run on NVIDIA Titan V GPU.\n")
    rows = _table_rows(paper)
    assert [(r.text, r.claim_type, r.value_low) for r in rows if r.claim_type == "speedup"] == [
        ("19", "speedup", 19.0), ("21", "speedup", 21.0)]
    assert len(rows) == 6 and {r.hardware for r in rows} == {"NVIDIA Titan V"}


@pytest.mark.parametrize("caption, count", [
    ("Table 1: Quantitative memory usage per GPU (GB) comparison in the pre-training of BERT-Large.", 1),
    ("Table 1: Per-device memory consumption of each optimizer.", 1),
    # a setting's "per GPU" is not: the training setup's count is no memory figure's
    ("Table 1: Peak memory (GB) with a batch size per GPU of 32.", None),
    ("Table 1: Peak memory (GB) with a per-GPU batch size of 32.", None),
    ("Table 1: Peak memory (GB) of each optimizer.", None),
])
def test_a_caption_giving_figures_per_device_gives_each_cell_one_device(caption, count):
    paper = ("# P\n\n## 4 Experimental Setup\n\nWe train on 8 Tesla V100 GPUs.\n\n## 5 Results\n\n"
             + caption + "\n\n| Optimizer | Memory Cost (GB) |\n|---|---|\n| Adam | 8.24 |\n| Ours | 7.07 |\n")
    rows = _table_rows(paper)
    assert [(r.text, r.hardware, r.hardware_count) for r in rows] == [
        ("8.24", "NVIDIA V100", count), ("7.07", "NVIDIA V100", count)]


def test_a_caption_written_into_a_table_and_a_tables_second_part():
    # a converter's one-cell "table" holding the caption is the next table's caption, not a table
    md = "| Table 2: Simulation speed. The speed is in frames |  |\n|---|---|\n| per second. |  |\n\n" + T
    (t,) = find_tables(md)
    assert t.caption.startswith("| Table 2: Simulation speed.")
    # a caption in the table's own first cell is its caption
    md = "| Table 5. Narrow vs Shallow MobileNet | |\n|---|---|\n| Model | Latency (ms) |\n| A | 12 |\n"
    assert [t.caption for t in find_tables("Table 4. Another table.\n\n" + T + "\n\n" + md)] == [
        "Table 4. Another table.", "Table 5. Narrow vs Shallow MobileNet"]
    # a table right under another, nothing between, is its second part: the same caption
    md = "Table 1: Memory of GPipe on GPUs and on TPUs.\n\n" + T + "\n<span id=\"x\"></span>\n\n" + T
    assert [t.caption for t in find_tables(md)] == ["Table 1: Memory of GPipe on GPUs and on TPUs."] * 2


def test_one_devices_rate_has_count_one():
    # "Samples per GPU per second": the rate of one of the setup's 8 GPUs
    paper = ("# P\n\n## 4 Experimental Setup\n\nAll experiments run on 8 NVIDIA A100 GPUs.\n\n## 5 Results\n\n"
             "| Model | Samples per GPU per second | Time (s) |\n|---|---|---|\n| 1.5B | 14.5 | 3.2 |\n")
    rows = _table_rows(paper)
    assert [(r.claim_type, r.hardware, r.hardware_count) for r in rows] == [
        ("throughput", "NVIDIA A100", 1), ("latency", "NVIDIA A100", 8)]


def test_a_converters_merged_cells_are_put_back():
    # a cell of k figures followed by k-1 empty cells: one figure to each column
    html = ("<table><thead><tr><th rowspan=\"2\">Model</th><th colspan=\"3\">Latency (ms)</th></tr>"
            "<tr><th>16</th><th>32</th><th>64</th></tr></thead>"
            "<tr><td>A</td><td>76.39</td><td>141.78 275.94</td><td></td></tr></table>")
    t, claims = _claims(html)
    assert [(c.column_header, c.low, html[c.start:c.end]) for c in claims] == [
        ("Latency (ms) > 16", 0.07639, "76.39"), ("Latency (ms) > 32", 0.14178, "141.78"),
        ("Latency (ms) > 64", 0.27594, "275.94")]
    # a row whose every figure cell holds two: two rows run together, the label split word by word
    md = ("| Model | Latency (ms) | Memory (GB) |\n|---|---|---|\n| A | 12 | 4.0 |\n"
          "| CogVideoX Ours | 1.02 5.55 | 35.01 7.00 |\n")
    t, claims = _claims(md)
    assert [(c.row_header, c.claim_type, md[c.start:c.end]) for c in claims] == [
        ("A", "latency", "12"), ("A", "memory", "4.0"), ("CogVideoX", "latency", "1.02"),
        ("CogVideoX", "memory", "35.01"), ("Ours", "latency", "5.55"), ("Ours", "memory", "7.00")]
    # "23 942" is one figure, thousands grouped by a space; "12.3 (0.4)" is one figure and its spread
    md = "| Model | Latency (ms) | Time (s) |\n|---|---|---|\n| A | 23 942 | 12.3 (0.4) |\n"
    assert [c.low for c in _claims(md)[1]] == [23.942, 12.3]


def test_a_first_body_row_labelled_as_the_stub_head_is_a_header():
    # "Model | bsz=16 | 32 | 64" written in the body: settings, not latencies
    md = ("| | Latency (ms) | Latency (ms) |\n|---|---|---|\n| Model | 32 | 64 |\n| A | 141.78 | 275.94 |\n")
    t, claims = _claims(md)
    assert t.header_rows == 2 and [(c.column_header, c.low) for c in claims] == [
        ("Latency (ms) > 32", 0.14178), ("Latency (ms) > 64", 0.27594)]
    # a body row of a method named "Baseline" stays a row
    md = "| Method | Latency (ms) |\n|---|---|\n| Baseline | 20 |\n| Ours | 12 |\n"
    assert [c.row_header for c in _claims(md)[1]] == ["Baseline", "Ours"]


@pytest.mark.parametrize("caption, expected", [
    ("Table 2: Comparison of training time. Times are in hours.", ("latency", 5400.0)),   # the unit in words
    ("Table 2: Wall-clock training time, in hours, on 8 A100 GPUs.", ("latency", 5400.0)),
    ("Table 2: Speedup over the baseline.", ("speedup", 1.5)),      # the figure's own unit
    ("Table 2: FPS of different methods.", ("fps", 1.5)),
    ("Table 2: Training time comparison.", None),                   # a time with no unit anywhere
    ("Table 2: Results on CIFAR-10 and ImageNet. We report accuracy (%).", None),
])
def test_a_caption_naming_one_figure_types_dataset_columns(caption, expected):
    body = "| Method | CIFAR-10 | ImageNet |\n|---|---|---|\n| A | 1.5 | 12.0 |\n"
    claims = _claims(caption + "\n\n" + body)[1]
    assert ((claims[0].claim_type, round(claims[0].low, 6)) if claims else None) == expected


def test_a_table_of_device_rows_is_a_result_and_prose_pointing_at_it_names_its_devices():
    # rows labelled "CPU" / "GPU" holding figures are results, not a specification table; the
    # paragraph that points at "Table 2" says which CPU; "the environment" is no configuration
    paper = ("# P\n\n## 5 Results\n\nIn Table [2](#page-5-1), we present the runtime using a CPU "
             "(Intel Xeon W-2135) and an NVIDIA A100 GPU.\n\n"
             "Table 2: Runtime benchmark in milliseconds: the environment controls all objects.\n\n"
             "| Device | Reset | Transition |\n|---|---|---|\n| CPU | 1.09 | 0.90 |\n| GPU | 0.58 | 0.47 |\n")
    rows = _table_rows(paper)
    assert [(r.value_low, r.hardware) for r in rows] == [
        (0.00109, "Intel Xeon W-2135"), (0.0009, "Intel Xeon W-2135"), (0.00058, "NVIDIA A100"), (0.00047, "NVIDIA A100")]
    # a real specification table stays one
    spec = "| Component | Model |\n|---|---|\n| CPU | Intel Xeon W-2135 |\n| GPU | NVIDIA A100 |\n"
    assert table_claims(find_tables(spec)[0]) == []


def test_a_cell_under_a_garbled_header_that_writes_a_named_figures_unit_is_that_figure():
    # a converter ran every header into one cell: "1913s" and "1.48x" are the named latency
    # and speedup; a bare percent or a number without a unit is not read
    md = ("Table 1: Text-to-video results. Latency and speedup are end to end.\n\n"
          "| Model | PSNR ↑ | | SSIM ↑ LPIPS ↓ Latency Speedup | |\n|---|---|---|---|---|\n"
          "| Full | 25.1 | 70.03% | 1913s | 1.00x |\n| Ours | 26.1 | 69.96% | 1085s | 1.76x |\n")
    assert [(c.row_header, c.claim_type, c.low) for c in _claims(md)[1]] == [
        ("Full", "latency", 1913.0), ("Ours", "latency", 1085.0), ("Ours", "speedup", 1.76)]
    # a table whose caption and headers name no systems figure gives nothing
    assert _claims(md.replace("Latency and speedup are end to end.", "").replace("Latency Speedup", "Q"))[1] == []


def test_an_appendix_after_the_references_is_read_and_its_section_names_the_devices():
    # "### A Appendix" under "# References": the converter's levels do not put it inside them
    paper = ("# P\n\n# References\n\n- A. Author. A paper. 2020.\n\n### A Appendix\n\n"
             "#### A.3 Ablation: Runtime and Memory\n\nIn the CPU configuration we used a machine with an "
             "AMD EPYC 7B12 processor. For the GPU configuration we used an Nvidia V100 GPU.\n\n"
             "Table 6: Runtime and memory ablation over number of objects. All runtimes are reported in "
             "milliseconds, and peak memory reported in MB.\n\n"
             "| Device | Objects | Reset | Metrics | Peak Memory |\n|---|---|---|---|---|\n"
             "| CPU | 8 | 0.194 | 0.773 | 5.409 |\n| CPU | 16 | 0.184 | 1.431 | 5.590 |\n"
             "| GPU | 8 | 0.058 | 0.21 | 7.1 |\n")
    rows = _table_rows(paper)
    assert {r.section_kind for r in rows} == {"ablation"}   # read, under the appendix
    # the plain columns hold the caption's other figure (runtime, in ms); "Objects" is a swept setting
    assert [(r.column_header, r.claim_type, r.value_low, r.hardware) for r in rows[:3]] == [
        ("Reset", "latency", 0.000194, "AMD EPYC 7B12"), ("Metrics", "latency", 0.000773, "AMD EPYC 7B12"),
        ("Peak Memory", "memory", 5409000.0, "AMD EPYC 7B12")]
    assert rows[-1].hardware == "NVIDIA V100" and "Objects" not in {r.column_header for r in rows}
    # references themselves still give nothing
    assert all(r.section_kind != "references" for r in Extractor().extract(markdown_document(paper, "p")))


@pytest.mark.parametrize("header, cell, expected", [
    ("Time (ms)", "0.3-2.2", ("latency", 0.0003, 0.0022, "range", "0.3-2.2")),
    ("Time", "0.3-2.2 ms", ("latency", 0.0003, 0.0022, "range", "0.3-2.2 ms")),
    ("Speedup", "1.5–2.0", ("speedup", 1.5, 2.0, "range", "1.5–2.0")),
    ("Speedup", "1-2", ("speedup", 1.0, 2.0, "range", "1-2")),       # a range from 1 is no baseline row
    ("Time (ms)", "12 - 3", ("latency", 0.012, 0.012, "exact", "12")),   # falling: no range
])
def test_a_range_in_a_cell_is_read_whole(header, cell, expected):
    md = _one_cell(header, cell, "A")
    (c,) = _claims(md)[1]
    assert (c.claim_type, round(c.low, 6), round(c.high, 6), c.qualifier, md[c.start:c.end]) == expected


def test_a_speedup_under_a_garbled_header_takes_the_nearest_unit_factor_row_as_baseline():
    md = ("Table 1: Inference efficiency: speedup and latency.\n\n"
          "| Method | Speedup↑ Latency↓LPIPS↓ | | |\n|---|---|---|---|\n"
          "| Wan2.1-14B | 1× | 948 s | |\n| TeaCache | 2.62× | 362 s | 0.2 |\n")
    speedups = [c for c in _claims(md)[1] if c.claim_type == "speedup"]
    assert [(c.row_header, c.low, c.baseline) for c in speedups] == [("TeaCache", 2.62, "Wan2.1-14B")]


def test_a_table_after_the_references_with_no_appendix_heading_is_read_as_appendix():
    paper = ("# P\n\n## References\n\n- A. Author. A paper. 2020.\n\n"
             "Table 5: Runtime of each stage (ms).\n\n| Stage | Ours |\n|---|---|\n| Encode | 12.5 |\n")
    rows = [r for r in Extractor().extract(markdown_document(paper, "p"))]
    assert [(r.text, r.section_kind, r.passage_kind) for r in rows] == [("12.5", "appendix", "table")]


def test_a_header_math_spelled_letter_by_letter_is_read_and_a_unit_word_must_be_whole():
    # MinerU's "\mathbf { s p d } ." is "spd.", a speedup header
    md = "| Method | Lat.(µs) | \\mathbf { s p d } . |\n|---|---|---|\n| Full | 8,915 | 1.00× |\n| Ours | 4,680 | 1.91× |\n"
    assert [(c.row_header, c.claim_type, c.low, c.baseline) for c in _claims(md)[1]][-1] == ("Ours", "speedup", 1.91, "Full")
    # "S _ TTFT" (a score on TTFT) is no unit word: "0.94" is not 0.94 s
    md = "| Model | { \\bf S } _ { \\mathrm { T T F T } } |\n|---|---|\n| A | 0.9442 |\n"
    assert _claims(md)[1] == []


def test_a_speedup_row_takes_the_first_of_the_two_rows_it_compares_as_baseline():
    md = ("Table 2: Simulation speed on different hardware. The speed is in frames per second.\n\n"
          "| System | Method | Pong | Ant |\n|---|---|---|---|\n| Laptop | Python | 4,891 | 12,325 |\n"
          "| Laptop | EnvPool | 7,887 | 15,641 |\n| Laptop | Speedup | 1.61× | 1.27× |\n")
    speedups = [c for c in _claims(md)[1] if c.claim_type == "speedup"]
    assert [(c.low, c.baseline) for c in speedups] == [(1.61, "Python"), (1.27, "Python")]
    # a table written the other way round: the rows above are figures, not methods
    md = ("| | A | B |\n|---|---|---|\n| Time (s) | 104.8 | 83.1 |\n| Saved (s) | | 21.7 |\n"
          "| Speedup | 1.00× | 1.26× |\n")
    assert [c.baseline for c in _claims(md)[1] if c.claim_type == "speedup"] == [None]


QUOTED_CAPTIONS = [
    # (caption, the rows it marks as other papers' results)
    ("Table 1: Quantitative comparison. Results for methods marked with † are taken from the original papers. "
     "All experiments are conducted on an NVIDIA RTX 4090 GPU.", "†"),
    ("Table 2. Rendering speed on an NVIDIA RTX 4090 GPU. † copied from original paper.", "†"),
    ("Table 3: Throughput on an NVIDIA RTX 4090 GPU. $^\\ddagger$: numbers reported in the respective papers.", "‡"),
    ("Table 4: Throughput on an NVIDIA RTX 4090 GPU. Numbers taken from the original works are marked with a †.", "†"),
]


@pytest.mark.parametrize("caption,mark", QUOTED_CAPTIONS)
def test_rows_marked_as_other_papers_results_get_no_device(caption, mark):
    # a caption saying the rows it marks hold other papers' results: those rows
    # were not measured on the caption's device; the paper's own rows were
    row_mark = {"†": "$^\\dagger$", "‡": "‡"}[mark]
    md = (f"{caption}\n\n| Method | FPS | #GPU |\n|---|---|---|\n| StreamRF{row_mark} [9] | 12 | 4 |\n"
          f"| Ours | 245 | 1 |\n")
    rows = {r.text: r for r in _table_rows("# P\n\n## Results\n\n" + md)}
    assert rows["12"].hardware is None and rows["12"].hardware_count is None
    assert rows["12"].row_header.startswith("StreamRF")
    assert rows["245"].hardware == "NVIDIA GeForce RTX 4090" and rows["245"].hardware_count == 1


@pytest.mark.parametrize("caption", [
    "Table 1: Rendering speed on an NVIDIA RTX 4090 GPU. † denotes our re-implementation.",
    "Table 1: Rendering speed on an NVIDIA RTX 4090 GPU. * taken from the original papers.",   # not a dagger
    "Table 1: Rendering speed on an NVIDIA RTX 4090 GPU; † marks the best setting. We report results taken "
    "from our own runs.",
])
def test_daggers_that_mark_other_things_keep_the_device(caption):
    md = f"{caption}\n\n| Method | FPS |\n|---|---|\n| StreamRF† | 12 |\n| StreamRF* | 14 |\n| Ours | 245 |\n"
    rows = {r.text: r for r in _table_rows("# P\n\n## Results\n\n" + md)}
    assert {rows[t].hardware for t in ("12", "14", "245")} == {"NVIDIA GeForce RTX 4090"}


def test_a_citation_in_a_label_is_part_of_the_label():
    # "StreamSTGS [41]" after a group label is the method, not the row's first figure
    md = ("| | Method | Latency (ms) |\n|---|---|---|\n| Online | StreamSTGS [41] | 4.8 |\n"
          "| | K-Planes [40, 41] | 21.6 |\n| | Ours | 0.7 |\n")
    table, _ = _claims(md)
    assert [table.row_header(r) for r in range(1, 4)] == ["Online > StreamSTGS [41]", "K-Planes [40, 41]", "Ours"]


def test_a_figure_written_with_its_unit_word_is_a_body_row():
    # EvoJAX's "36 min" has more letters than digits, but it is a figure: the rows it
    # stands in are the body, not more header rows
    md = ("Table 1: Time Comparisons. We report the training time for both methods.\n\n"
          "| | Baseline | EvoJAX |\n|---|---|---|\n| MNIST | 36 min | 3 min |\n"
          "| Cart-Pole Swing Up (Hard Version) | 37 min | 2 min |\n| Locomotion (Ant) | 201 min | 9 min |\n")
    t, claims = _claims(md)
    assert t.header_rows == 1
    assert [(c.claim_type, c.low) for c in claims] == [
        ("latency", 2160.0), ("latency", 180.0), ("latency", 2220.0), ("latency", 120.0),
        ("latency", 12060.0), ("latency", 540.0)]
    # a second header level of settings stays a header ("| | 1 GPU | 8 GPUs |")
    md = ("| Method | Latency (ms) | |\n|---|---|---|\n| | 1 GPU | 8 GPUs |\n| Ours | 12 | 3 |\n")
    t, claims = _claims(md)
    assert t.header_rows == 2


@pytest.mark.parametrize("header, cell, expected", [
    # a parenthesised aside that is no unit leaves the header's own unit words to read
    ("Steps Per Second (Best case)", "405618", ("throughput", 405618.0, "step/s")),
    ("Tokens per second (ours)", "1,250", ("throughput", 1250.0, "token/s")),
    # a unit in parentheses still comes first
    ("Latency (ms)", "4.5", ("latency", 0.0045, "s")),
])
def test_a_header_aside_that_is_no_unit_does_not_hide_the_headers_unit(header, cell, expected):
    _, claims = _claims(_one_cell(header, cell))
    assert [(c.claim_type, c.low, c.unit) for c in claims] == [expected]


def test_a_header_aside_that_is_no_unit_gives_no_unit_of_its_own():
    # "Time (avg)": no unit anywhere, so no claim
    _, claims = _claims(_one_cell("Time (avg)", "4.5"))
    assert claims == []


def test_a_row_of_device_labels_under_a_spanning_header_is_a_header_level():
    # "P-1", "Pixel 2": names with a digit, not figures; the spanning label reaches their columns
    md = ("| Model | Latency (ms) | | |\n|---|---|---|---|\n| | P-1 | P-2 | P-3 |\n| Ours | 66 | 51 | 40 |\n")
    table, claims = _claims(md)
    assert table.header_rows == 2
    assert [(c.claim_type, c.low, c.column_header) for c in claims] == [
        ("latency", 0.066, "Latency (ms) > P-1"), ("latency", 0.051, "Latency (ms) > P-2"),
        ("latency", 0.04, "Latency (ms) > P-3")]


@pytest.mark.parametrize("header, cell, expected", [
    ("Latency, ms", "66", ("latency", 0.066, "s")),
    ("Memory, GB", "6.5", ("memory", 6.5e9, "B")),
])
def test_a_unit_after_a_comma_in_a_header_is_its_unit(header, cell, expected):
    _, claims = _claims(_one_cell(header, cell))
    assert [(c.claim_type, c.low, c.unit) for c in claims] == [expected]


def test_a_table_right_above_another_shares_the_caption_below_them():
    # captions below their tables: "(a) ... (b) ... Table 1." names both parts
    md = ("| (a) regular | |\n|---|---|\n| method | throughput (image / s) |\n| Swin-T | 755.2 |\n\n"
          "| (b) pre-trained | |\n|---|---|\n| method | throughput (image / s) |\n| Swin-B | 84.7 |\n\n"
          "Table 1. Comparison of backbones. Throughput is measured on a V100 GPU.\n\n"
          "Some prose between.\n\n| method | latency (ms) |\n|---|---|\n| X | 3 |\n\nTable 2. Latency.\n")
    first, second, third = find_tables(md)
    assert first.caption == second.caption and first.caption.startswith("Table 1.")
    assert third.caption.startswith("Table 2.")   # prose between: its own caption only


def test_prose_naming_a_table_first_is_not_its_caption():
    # "Table 5 reports ..." above the table is prose; the caption below is the table's
    md = ("Table 5 reports the numerical results in more details.\n\n| Model | throughput (im/s) |\n|---|---|\n"
          "| DeiT-B | 292.3 |\n\nTable 5: Throughput measured on one 16GB V100 GPU.\n\n"
          "Table 6: Ablation.\n\n| Model | throughput (im/s) |\n|---|---|\n| DeiT-S | 940.4 |\n\n"
          "Table 7: Distillation.\n\n| Model | throughput (im/s) |\n|---|---|\n| DeiT-Ti | 2536 |\n")
    tables = find_tables(md)
    assert tables[0].caption.startswith("Table 5: Throughput")


def test_where_throughput_was_measured_gives_the_count_of_cells_on_the_setups_device():
    # the setup's 8 GPUs trained the models; throughput is measured on one (a caption says so):
    # a table naming no device gets the setup's V100 with the measurement's count
    paper = ("# P\n\n## 4 Experimental Setup\n\nAll models are trained on 8 NVIDIA V100 GPUs.\n\n## 5 Results\n\n"
             "| Model | Throughput (image/s) |\n|---|---|\n| A | 755.2 |\n\n"
             "Table 1: Comparison. Throughput is measured using the repository of [68] and a V100 GPU.\n\n"
             "| Model | Throughput (image/s) |\n|---|---|\n| B | 580.9 |\n\nTable 8: Input sizes.\n\n"
             "Training takes 3 days on the 8 GPUs.\n")
    rows = {r.text: r for r in Extractor().extract(markdown_document(paper, "p"))}
    assert (rows["755.2"].hardware, rows["755.2"].hardware_count) == ("NVIDIA V100", 1)
    assert (rows["580.9"].hardware, rows["580.9"].hardware_count) == ("NVIDIA V100", 1)
    assert rows["3 days"].hardware_count != 1   # a job's duration is the training setup's


@pytest.mark.parametrize("header, cell, expected", [
    # two figures' names joined by a slash over cells of two figures: the systems one is read
    ("GFLOPS/FPS", "86/28", [("fps", 28.0, "Hz")]),
    ("Acc./FPS", "76.1/30", [("fps", 30.0, "Hz")]),
    # a rate's slash is no pair; a figure's unit after a slash neither
    ("Throughput (tokens/s)", "1200", [("throughput", 1200.0, "token/s")]),
    ("Latency/ms", "12", [("latency", 0.012, "s")]),
    ("Memory/GPU (GB)", "12", [("memory", 12e9, "B")]),
    # "im/sec": images per second
    ("im/sec", "1226.1", [("throughput", 1226.1, "image/s")]),
])
def test_a_slash_between_two_figures_names_reads_the_systems_one(header, cell, expected):
    _, claims = _claims(_one_cell(header, cell))
    assert [(c.claim_type, c.low, c.unit) for c in claims] == expected


def test_a_caption_between_two_tables_belongs_to_the_one_with_no_other():
    # captions above here: "Table 1" above the first table, "Table 2" between them
    md = ("Table 1: Variants of our model.\n\n| Model | #params |\n|---|---|\n| A | 5M |\n\n"
          "Table 2: Distillation results.\n\n| Teacher | acc. |\n|---|---|\n| B | 81.2 |\n\n"
          "Some prose.\n\n| Model | throughput (im/sec) |\n|---|---|\n| C | 2536 |\n\nTable 5: Throughput below.\n\n"
          "More prose.\n\n| Model | latency (ms) |\n|---|---|\n| D | 12 |\n\nTable 6: Latency below.\n")
    captions = [t.caption[:8] if t.caption else None for t in find_tables(md)]
    assert captions == ["Table 1:", "Table 2:", "Table 5:", "Table 6:"]


@pytest.mark.parametrize("label", ["(h)", "b)", "(iv)", "(3)"])
def test_an_enumeration_mark_is_no_row_label_unit(label):
    # "(h)" is a row's letter, not hours: the row's figures are CLIP scores and settings
    md = f"| Exp ID | # Data | ViT-L/14 |\n|---|---|---|\n| (a) | 1K | 26.33 |\n| {label} | 300K | 26.43 |\n"
    _, claims = _claims(md)
    assert claims == []


def test_a_bare_size_column_is_not_memory_used():
    md = ("| Benchmark | Size (MB) | Comp. Size (MB) | Peak memory (GB) |\n|---|---|---|---|\n"
          "| trivial-1m | 38.0 | 5.7 | 1.2 |\n")
    _, claims = _claims(md)
    assert [(c.claim_type, c.column_header) for c in claims] == [("memory", "Peak memory (GB)")]


@pytest.mark.parametrize("header", ["Steps/second", "Steps/sec", "Steps/s"])
def test_steps_per_second_is_a_training_rate_not_a_time(header):
    md = f"| Model | Parameter count | {header} |\n|---|---|---|\n| Inception V3 | 23,626,728 | 31 |\n| Xception | 22,855,952 | 28 |\n"
    _, claims = _claims(md)
    assert [(c.claim_type, c.low, c.unit) for c in claims] == [("throughput", 31, "step/s"), ("throughput", 28, "step/s")]


def test_a_model_card_is_no_results_table():
    md = ("Table 9: Model Card of ViT-22B model.\n\n| Field | Value |\n|---|---|\n"
          "| Training speed-up | 2 |\n| Hardware & Software: Training | TPU v4 (2020), JAX (2018) |\n")
    _, claims = _claims(md)
    assert claims == []


def test_a_caption_typed_table_written_the_other_way_round_skips_its_setting_rows():
    # the caption names the figure and its unit; the first rows are the settings of each
    # column (a batch size, a sequence length, a parameter count), the last the timings
    md = ("| Batch Size | 32 | 16 | 1 |\n|---|---|---|---|\n| Sequence Length | 512 | 256 | 128 |\n"
          "| $ |\\Theta| $ | 0.5M | 11M | 11M |\n| Fine-Tune/LoRA | 1449.4±0.8 | $338.0 \\pm 0.6$ | 19.8 |\n\n"
          "Table 1: Inference latency of a single forward pass in GPT-2 medium measured in milliseconds.\n")
    table = markdown_document(md, "p").tables[0][0]
    claims = table_claims(table)
    assert [(c.claim_type, round(c.low, 5), c.qualifier) for c in claims] == [
        ("latency", 1.4494, "approx"), ("latency", 0.338, "approx"), ("latency", 0.0198, "exact")]


@pytest.mark.parametrize("header, cell, expected", [
    ("Latency", "11M", None),           # a time named by no unit of its own: the count is no time
    ("Latency", "0.5K", None),
    ("Latency (ms)", "&gt;200K", (200.0, "lower_bound")),   # its own header's unit: 200,000 ms
])
def test_a_count_with_a_magnitude_suffix_is_a_time_only_under_its_own_unit(header, cell, expected):
    (table,) = find_tables(_one_cell(header, cell))
    claims = table_claims(table)
    assert ((round(claims[0].low, 3), claims[0].qualifier) if claims else None) == expected


def test_a_cell_stacking_one_number_per_sub_header_gives_each_its_own():
    # marker stacks the three test settings (no augmentation, flip, multi-scale) in one
    # cell, under a header row that stacks their labels; "MS" there is no millisecond
    md = ("|  | AP | Time (ms) | FPS |\n|---|---|---|---|\n|  | N.A.<br>F<br>MS | N.A.<br>F<br>MS | N.A.<br>F<br>MS |\n"
          "| Hourglass-104 | 40.3 42.2 45.1 | 71<br>129 672 | 14<br>7.8 1.4 |\n| DLA-34 | 37.4 39.2 41.7 | 19<br>36<br>248 | 52 28 4 |\n")
    _, claims = _claims(md)
    got = [(c.claim_type, round(c.low, 3), c.row_header, c.column_header) for c in claims]
    assert got[:6] == [("latency", 0.071, "Hourglass-104", "Time (ms) > N.A."), ("latency", 0.129, "Hourglass-104", "Time (ms) > F"),
                       ("latency", 0.672, "Hourglass-104", "Time (ms) > MS"), ("fps", 14.0, "Hourglass-104", "FPS > N.A."),
                       ("fps", 7.8, "Hourglass-104", "FPS > F"), ("fps", 1.4, "Hourglass-104", "FPS > MS")]
    assert len(got) == 12


@pytest.mark.parametrize("cell", ["71 129", "71 ms 129 672", "71 129 672 (best)"])
def test_a_cell_of_numbers_not_matching_its_sub_headers_is_read_as_one(cell):
    md = f"|  | Time (ms) |\n|---|---|\n|  | N.A.<br>F<br>MS |\n| Hourglass-104 | {cell} |\n"
    _, claims = _claims(md)
    assert len(claims) <= 1


def test_a_caption_comparing_configurations_is_a_results_table():
    md = ("| Models | Steps | Time | Avg |\n|---|---|---|---|\n| BERT-large | 400k | 34h | 87.2 |\n"
          "| ALBERT-xxlarge | 125k | 32h | 88.7 |\n\n"
          "Table 6: The effect of controlling for training time, BERT-large vs ALBERT-xxlarge configurations.\n")
    table = markdown_document(md, "p").tables[0][0]
    assert [(c.claim_type, c.low) for c in table_claims(table)] == [("latency", 122400.0), ("latency", 115200.0)]
    spec = md.replace("BERT-large vs ALBERT-xxlarge configurations", "hardware configurations")
    assert table_claims(markdown_document(spec, "p").tables[0][0]) == []
