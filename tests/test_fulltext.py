"""Full-text papers in Markdown (issue 15, first step): passages with their
section path and kind, offsets into the source file, references skipped,
hardware scoped by section, then by the setup sections, then by the front."""
import subprocess
import sys

import pytest

from perfclaims.fulltext.markdown import markdown_document
from perfclaims.fulltext.sections import section_kinds
from perfclaims.pipeline import extractor
from perfclaims.read import InputError, read_documents

# Our own synthetic paper, written in the shape PDF converters give
PAPER = """# FlashWidget: Fast Widgets on GPUs

Jane Doe, John Roe <span id="page-0-0"></span>

## Abstract

We present FlashWidget, which is 2.1x faster than the baseline.

## 1 Introduction

Prior systems such as WidgetNet reach only 40% of peak on an NVIDIA V100.

## 4 Experiments

### 4.1 Implementation Details

All experiments are conducted on 8 NVIDIA A100 GPUs with PyTorch 2.1.

### 4.2 Main Results

FlashWidget achieves 740 TFLOPs/s and a 3.5x speedup over PyTorch. ![Figure 2](img/fig2.png)

| Method | Speed-up |
|---|---|
| Ours | 3.5x |

Latency drops to 12 ms per batch.

## 5 Edge deployment

On a Jetson Orin Nano, FlashWidget runs at 30 FPS.

## Acknowledgments

We thank the 2x faster cluster team.

## References

[1] A. Author. Something 10x faster. 2023.
"""


@pytest.mark.parametrize("heading,parent,kind", [
    ("1 Introduction", None, "introduction"),
    ("2 Related Work", None, "related_work"),
    ("3 Method", None, "method"),
    ("**3 Method**", None, "method"),
    ("4 Experiments", None, "results"),
    ("4.1 Implementation Details", "results", "setup"),
    ("Experimental Setup", None, "setup"),
    ("4.3 Datasets", "results", "results"),          # no kind of its own: its parent's
    ("5. Ablation Study", None, "ablation"),
    ("IV. EVALUATION", None, "results"),
    ("6 Conclusion and Future Work", None, "conclusion"),
    ("References", None, "references"),
    ("Acknowledgments", None, "acknowledgments"),
    ("A Additional Results", None, "appendix"),      # numbered with a letter
    ("Appendix B: Proofs", None, "appendix"),
    ("Dataset Statistics", None, "other"),
])
def test_section_kinds(heading, parent, kind):
    assert section_kinds().classify(heading, parent) == kind


def test_passages_keep_offsets_into_the_file():
    doc = markdown_document(PAPER, "paper")
    assert doc.title == "FlashWidget: Fast Widgets on GPUs"
    kinds = [p.section_kind for p in doc.passages]
    assert "references" not in kinds and "acknowledgments" not in kinds
    for p in doc.passages:
        source = PAPER[p.offset:p.offset + len(p.text)]
        assert len(source) == len(p.text)
        # markup is blanked with spaces; every other character is the file's own
        assert all(a == b or a == " " for a, b in zip(p.text, source))
    results = [p for p in doc.passages if p.section == "4 Experiments > 4.2 Main Results"]
    assert results and all("|" not in p.text and "img/" not in p.text for p in results)


def test_claims_of_a_paper_point_into_it_with_their_section():
    doc = markdown_document(PAPER, "paper")
    claims = extractor().extract(doc)
    by_text = {c.text: c for c in claims}
    for c in claims:
        assert c.field == "body" and PAPER[c.char_start:c.char_end] == c.text
    assert "10x" not in by_text and "2x" not in by_text      # references, acknowledgments
    tf = by_text["740 TFLOPs/s"]
    assert (tf.section, tf.section_kind, tf.passage_kind) == ("4 Experiments > 4.2 Main Results", "results", "text")
    # the setup section's device governs the results of its section ...
    assert (tf.hardware, tf.hardware_count) == ("NVIDIA A100", 8)
    assert (by_text["12 ms"].hardware, by_text["3.5x"].hardware) == ("NVIDIA A100", "NVIDIA A100")
    # ... and the paper's other sections, unless they name their own device
    assert by_text["2.1x"].hardware == "NVIDIA A100" and by_text["2.1x"].section_kind == "abstract"
    assert by_text["30 FPS"].hardware == "NVIDIA Jetson Orin Nano"


def test_a_folder_of_papers_and_a_pdf(tmp_path):
    (tmp_path / "papers" / "sub").mkdir(parents=True)
    (tmp_path / "papers" / "a.md").write_text(PAPER)
    (tmp_path / "papers" / "sub" / "b.md").write_text(PAPER.replace("FlashWidget", "SlowWidget"))
    docs = list(read_documents(tmp_path / "papers"))
    assert [d.doc_id for d in docs] == ["a", "sub/b"]
    (tmp_path / "p.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(InputError, match="convert it to Markdown first .marker, MinerU, docling or Nougat"):
        read_documents(tmp_path / "p.pdf")


def test_a_paper_with_nothing_to_read_is_reported_and_skipped(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "refs.md").write_text("# Title\n\n## References\n\n[1] 10x faster.\n")
    (tmp_path / "papers" / "ok.md").write_text(PAPER)
    errors = []
    docs = list(read_documents(tmp_path / "papers", on_error=errors.append))
    assert [d.doc_id for d in docs] == ["ok"]
    assert len(errors) == 1 and str(errors[0]).startswith(str(tmp_path / "papers" / "refs.md") + ":1:")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("run", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask"]], ids=["jobs1", "jobs2", "dask"])
def test_the_command_line_reads_a_folder_of_papers(tmp_path, run):
    """Under every engine and job count: the same rows, and a paper with
    nothing to read reported with its file and skipped, not fatal."""
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.md").write_text(PAPER)
    (papers / "refs.md").write_text("# Title\n\n## References\n\n[1] 10x faster.\n")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(papers), "--out", str(out),
                           "--quiet", *run], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert f"{papers / 'refs.md'}:1: no text to read" in proc.stderr
    import pandas as pd
    df = pd.read_parquet(out / "claims.parquet")
    assert set(df.field) == {"body"} and set(df.doc_id) == {"a"} and "740 TFLOPs/s" in set(df.text)
    assert str(df.section_kind.dtype) == "category" and "results" in set(df.section_kind.dropna())
    one_job = [c.claim_id for c in extractor().extract(markdown_document(PAPER, "a"))]
    assert df.claim_id.tolist() == one_job


@pytest.mark.timeout(300)
@pytest.mark.parametrize("run", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask"]], ids=["jobs1", "jobs2", "dask"])
def test_strict_fails_on_a_paper_with_nothing_to_read(tmp_path, run):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.md").write_text(PAPER)
    (papers / "refs.md").write_text("# Title\n\n## References\n\n[1] 10x faster.\n")
    proc = subprocess.run([sys.executable, "-m", "perfclaims", "extract", str(papers), "--out", str(tmp_path / "o"),
                           "--quiet", "--strict", *run], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 2 and f"{papers / 'refs.md'}:1: no text to read" in proc.stderr


def _claims_by_text(paper: str) -> dict:
    """The claims of a Markdown paper, by their text."""
    return {c.text: c for c in extractor().extract(markdown_document(paper, "p"))}


def test_list_items_and_related_work_keep_their_own_devices():
    paper = ("# P\n\n## 4 Experiments\n\n### 4.1 Setup\n\nAll experiments are conducted on 8 NVIDIA A100 GPUs.\n\n"
             "### 4.2 Results\n\n- With a DGX H100, training is 3.1x faster\n- On a laptop, inference is 2.8x faster\n\n"
             "## 2 Related Work\n\nPrior work reports a 5.5x speedup.\n")
    claims = _claims_by_text(paper)
    assert claims["3.1x"].hardware == "NVIDIA H100"
    assert claims["2.8x"].hardware is None        # its own item runs on a laptop: no default
    assert claims["5.5x"].hardware is None and claims["5.5x"].section_kind == "related_work"


def test_full_text_defaults_give_no_devices_to_quality_figures():
    # (a count stated for training goes to training figures only: test_table_model's
    # test_a_training_count_is_not_given_to_other_figures; this setup states where the runs are)
    paper = ("# P\n\n## 4 Experiments\n\n### 4.1 Setup\n\nAll runs use 2048 NVIDIA H800 GPUs.\n\n"
             "### 4.2 Results\n\nOur model is 2.1x faster and scores 81.2% accuracy on MMLU.\n\n"
             "## 5 Scaling\n\nWe scale to 256 GPUs.\n\nThroughput rises 1.8x over the baseline.\n")
    rows = _claims_by_text(paper)
    assert (rows["2.1x"].hardware, rows["2.1x"].hardware_count) == ("NVIDIA H800", 2048)
    assert (rows["81.2%"].hardware, rows["81.2%"].hardware_count) == (None, None)   # the cluster trained it
    # the section's only device is a counted generic one: its count (the dev gold counts these
    # right more often than not; a rule dropping them lowered count accuracy), and the model
    # of that class the setup names
    assert (rows["1.8x"].hardware, rows["1.8x"].hardware_count) == ("NVIDIA H800", 256)


def test_setup_statements_name_the_papers_device():
    # a statement of where the results ran ("reported running on"), whatever its section,
    # governs a section that names two devices (a baseline's, in a footnote)
    paper = ("# P\n\n## 7 Results\n\n### 7.1 Evaluation\n\nAll results are reported running on an A6000 GPU.\n\n"
             "### 7.2 Ablations\n\nWe trained the baseline on a 4-GPU A100 node.\n\n"
             "### 7.3 Speed\n\nTraining takes 35 minutes to converge.\n")
    rows = _claims_by_text(paper)
    assert rows["35 minutes"].hardware == "NVIDIA RTX A6000"


def test_a_setup_naming_an_accelerator_and_its_host_cpu_has_the_accelerator():
    paper = ("# P\n\n## 1 Introduction\n\nOur simulator runs 250x faster than the original.\n\n"
             "## 5 Experiments\n\n### 5.1 Hardware and Schedule\n\nAll experiments were run on a single machine "
             "with a GeForce RTX 4090 (24GB of VRAM), an Intel Core i9-13900K and 32GB of RAM.\n\n"
             "### 5.2 CPU baselines\n\nOn the CPU, one step takes 12 ms.\n")
    rows = _claims_by_text(paper)
    assert (rows["250x"].hardware, rows["250x"].hardware_count) == ("NVIDIA GeForce RTX 4090", 1)
    # its sentence runs on the CPU: not the accelerator, but the one CPU its section names
    assert (rows["12 ms"].hardware, rows["12 ms"].hardware_count) == ("Intel Core i9-13900K", 1)


def test_a_sentence_naming_a_class_of_device_takes_the_one_device_of_that_class():
    paper = ("# P\n\n## 4 Efficiency\n\nWe benchmark on an NVIDIA RTX 2080 Ti GPU as well as on an Intel Core i9-13900K "
             "CPU.\n\nOur detector achieves a mean GPU inference time of 70 ms. It takes 0.9 s per image on CPU and on GPU.\n\n"
             "Its CPU latency is 41% lower. It is also 500 times faster than running on a CPU.\n\n"
             "It benefits from accelerators such as TPUs, being 1.8x cheaper.\n")
    rows = _claims_by_text(paper)
    assert (rows["70 ms"].hardware, rows["70 ms"].hardware_count) == ("NVIDIA GeForce RTX 2080 Ti", 1)
    assert rows["41%"].hardware == "Intel Core i9-13900K"
    # two classes in one sentence, a plural kind: no pick
    assert rows["0.9 s"].hardware is None
    assert rows["1.8x"].hardware is None
    # a class word only in the baseline's phrase: ours ran on the one device of another class
    assert rows["500 times"].hardware == "NVIDIA GeForce RTX 2080 Ti"


def test_a_class_word_with_no_default_takes_the_papers_one_device_of_that_class():
    # the paper's one GPU is named only in a table caption; the prose says "on a GPU"
    paper = ("# P\n\n## Abstract\n\nOur detector runs at 5fps on a GPU. Selective Search takes 2 s on a CPU.\n\n"
             "## 4 Experiments\n\nTable 5: Timing (ms) on a K40 GPU.\n\n| model | total |\n|---|---|\n| VGG | 198 |\n")
    rows = _claims_by_text(paper)
    assert rows["5fps"].hardware == "NVIDIA K40"


def test_the_main_experiments_device_is_the_setup_device_beside_a_deployment_device():
    paper = ("# P\n\n## 4 Experiments\n\n### 4.1 Implementation\n\nThe main experiments are conducted on a "
             "system equipped with an Intel Core i7-13700 CPU and an NVIDIA GeForce RTX 4090 GPU. Deployment "
             "experiments are performed on the NVIDIA Jetson AGX Orin.\n\n### 4.2 Ablation\n\n"
             "Without the octree, training takes 4.1 s per frame.\n\n## 5 Deployability\n\n"
             "On the Jetson AGX Orin, rendering reaches 61 FPS.\n")
    rows = _claims_by_text(paper)
    assert (rows["4.1 s"].hardware, rows["4.1 s"].hardware_count) == ("NVIDIA GeForce RTX 4090", 1)
    assert rows["61 FPS"].hardware == "NVIDIA Jetson AGX Orin"


def test_a_device_the_paper_only_ever_uses_singly_has_count_one():
    paper = ("# P\n\n## 4 Experiments\n\n### 4.1 Setup\n\nAll results are measured on a single RTX 3090 GPU.\n\n"
             "### 4.2 Results\n\nOn our RTX 3090, rendering reaches 147 FPS.\n\n"
             "## 5 Scaling\n\nOn the A100, training runs 2.1x faster.\n\nWe also train on 8 A100 GPUs.\n")
    rows = _claims_by_text(paper)
    assert (rows["147 FPS"].hardware, rows["147 FPS"].hardware_count) == ("NVIDIA GeForce RTX 3090", 1)
    # the paper gives the A100 a count of 8 too: no single count to give
    assert (rows["2.1x"].hardware, rows["2.1x"].hardware_count) == ("NVIDIA A100", None)


def test_where_timings_were_measured_gives_their_count():
    # the setup names the device with no count, and 8 of them for one table; the statement
    # of where latency was measured gives the time and speed figures their count of one
    paper = ("# P\n\n## 4 Experiments\n\nImplementation Detail. All experiments are conducted on NVIDIA A100 GPUs. "
             "Latency is measured on a single A100 GPU.\n\nOur method reaches a latency of 321 s, a 2.95x speedup, "
             "and 82.6% accuracy.\n\nTable 5: Results at 720p, with latency measured under an 8×NVIDIA A100 GPU setup.\n\n"
             "| Method | Latency (s) |\n|---|---|\n| Ours | 412 |\n")
    rows = _claims_by_text(paper)
    assert (rows["321 s"].hardware, rows["321 s"].hardware_count) == ("NVIDIA A100", 1)
    assert (rows["2.95x"].hardware, rows["2.95x"].hardware_count) == ("NVIDIA A100", 1)
    assert rows["82.6%"].hardware_count is None            # a quality figure: not a timing
    assert (rows["412"].hardware, rows["412"].hardware_count) == ("NVIDIA A100", 8)   # its caption's own count
    # two statements giving the device two counts give none
    paper = paper.replace("Latency is measured on a single A100 GPU.",
                          "Latency is measured on a single A100 GPU. Throughput is measured on 4 A100 GPUs.")
    rows = _claims_by_text(paper)
    assert rows["321 s"].hardware_count is None


def test_we_measure_the_inference_time_on_a_singular_gpu_counts_one():
    # the active voice, and a singular class noun with no article: one device; a duration
    # in prose is timed too, unless its sentence is a training job's
    paper = ("# P\n\n## 4 Experiments\n\nAll experiments are conducted on NVIDIA A100 GPUs.\n\n"
             "We measure the inference time of our models on a server with NVIDIA A100 GPU and a batch size of 1.\n\n"
             "Our model generates an image in 0.09s. The model converges in 320 epochs (about 2 days).\n")
    rows = _claims_by_text(paper)
    assert (rows["0.09s"].hardware, rows["0.09s"].hardware_count) == ("NVIDIA A100", 1)
    assert rows["2 days"].hardware_count is None
    # without the statement there is no count to give
    rows = _claims_by_text(paper.replace("We measure the inference time", "We report the quality"))
    assert rows["0.09s"].hardware_count is None


def test_prose_saying_where_a_cited_figure_or_table_ran_gives_its_device():
    appendix = ("## A Hardware\n\nThe runs reported in Figures 3 and 5(c) were all run on the same system featuring "
                "two NVIDIA GeForce RTX 4090s, an Intel(R) Xeon(R) Silver 4316 CPU and 132 GB of RAM. For Table 3, "
                "all results were collected on a single NVIDIA A100 GPU and an AMD EPYC 7763 processor.\n")
    paper = ("# P\n\n## 1 Introduction\n\nAs outlined in Figure 3, our pipeline is up to 14x faster than current "
             "approaches. Table 3 shows our environments are 40x faster.\n\n" + appendix)
    rows = _claims_by_text(paper)
    # a figure: the machine's accelerator, without the machine's total count
    assert (rows["14x"].hardware, rows["14x"].hardware_count) == ("NVIDIA GeForce RTX 4090", None)
    # a table of a GPU's and a CPU's columns: neither, from that statement
    assert rows["40x"].hardware is None
    rows = _claims_by_text(paper.replace(" and an AMD EPYC 7763 processor", ""))
    assert (rows["40x"].hardware, rows["40x"].hardware_count) == ("NVIDIA A100", 1)


def test_a_device_named_by_its_class_is_the_papers_one_device_of_that_class():
    # WarpDrive's form: the benchmarks name the A100 once; the abstract and other
    # sections say only "a single GPU" or "on a GPU"
    paper = ("# P\n\n## Abstract\n\nOur engine reaches 2.9 million steps per second on a single GPU.\n\n"
             "## 5 Benchmarks\n\nWe compare a 16-CPU node with our engine on an NVIDIA A100 GPU.\n\n"
             "## 6 Scaling\n\nOn the GPU, sampling is 3.6x faster than on a CPU.\n\n"
             "## 2 Related Work\n\nPrior engines on a V100 GPU reach 1.2x.\n")
    rows = _claims_by_text(paper)
    assert (rows["2.9 million steps per second"].hardware,
            rows["2.9 million steps per second"].hardware_count) == ("NVIDIA A100", 1)
    assert rows["3.6x"].hardware == "NVIDIA A100"
    # a paper naming two GPUs of its own: "a single GPU" stays unnamed
    two = paper.replace("## 2 Related Work\n\nPrior engines on", "## 7 More\n\nWe also ran it on")
    rows = _claims_by_text(two)
    assert rows["2.9 million steps per second"].hardware is None
    assert rows["3.6x"].hardware is None


@pytest.mark.parametrize("paper, title", [
    ("# A ConvNet for the 2020s\n\nAuthors\n\n## 1 Introduction\n\nText.\n", "A ConvNet for the 2020s"),
    ("Authors, Affiliation\n\n## 2 Related work\n\nText.\n\n# 5 Conclusion\n\nText.\n", "p"),   # lost title
    ("## Fast Inference via Speculative Decoding\n\n## 1 Introduction\n\nText.\n", "Fast Inference via Speculative Decoding"),
    ("# References\n\n[1] A paper.\n", "p"),
])
def test_a_papers_title_is_no_sections_heading(paper, title):
    assert markdown_document(paper, "p").title == title


def test_a_device_named_as_an_example_is_not_the_papers():
    # the abstract names a card as an example of a memory class; the setup says where the runs were
    # (in the claim's own sentence the example is the sentence's device, as SPEC's attribution reads it)
    paper = ("# P\n\n## Abstract\n\nOur method reduces memory usage by up to 65.5%. It enables pre-training on consumer "
             "GPUs with 24GB memory (e.g., NVIDIA RTX 4090).\n\n## 4 Experiments\n\nAll experiments run on NVIDIA A100 GPUs.\n\n"
             "## 5 Throughput\n\nOur implementation achieves 1019.63 tokens/second.\n")
    rows = _claims_by_text(paper)
    assert rows["65.5%"].hardware == "NVIDIA A100"
    assert rows["1019.63 tokens/second"].hardware == "NVIDIA A100"


def test_a_sentence_with_no_device_takes_its_paragraphs_one_device():
    # no setup names a device: the paragraph's earlier sentence does, with its count
    paper = ("# P\n\n## 4 Results\n\nWe use 8 TPU v3 cores and 610 actors. The agent reaches a median score of 1880% "
             "in just 1.8 days of training, a 3.3x speedup.\n\n"
             "OpenAI et al. [5] train on 8 V100 GPUs. Our agent reaches the same score 2.5x faster.\n")
    rows = _claims_by_text(paper)
    assert (rows["3.3x"].hardware, rows["3.3x"].hardware_count) == ("Google TPU v3", 8)
    assert rows["2.5x"].hardware is None   # the device of a sentence about another work is not ours


def _sections(paper: str) -> dict[str, str]:
    """first words of each passage -> its section path"""
    return {p.text.strip()[:12]: p.section for p in markdown_document(paper, "p").passages if p.text.strip()}


def test_section_numbers_decide_nesting_where_the_converter_got_levels_wrong():
    paper = ("# Title\n\n# 3. Method\n\nMethod text.\n\n## 4. Experiments\n\nExperiments text.\n\n"
             "#### 4.1. Setup details\n\nSetup text.\n\n## 4.3. Comparison\n\nComparison text.\n\n"
             "## 5 Conclusion\n\nConclusion text.\n\n### Appendix A\n\nAppendix text.\n")
    s = _sections(paper)
    assert s["Experiments "] == "4. Experiments"          # not inside "3. Method"
    assert s["Setup text."] == "4. Experiments > 4.1. Setup details"
    assert s["Comparison t"] == "4. Experiments > 4.3. Comparison"   # same level, numbered inside 4
    assert s["Conclusion t"] == "5 Conclusion"
    assert s["Appendix tex"] == "5 Conclusion > Appendix A"   # unnumbered: the levels decide


@pytest.mark.parametrize("heading, is_heading", [
    ("Multi-scale input, multi-scale output adversarial loss. In total, our training objective consists of "
     "discriminator losses, along with our proposed matching loss.", False),   # a paragraph the converter marked
    ("Architecture and Training Details. Our models are:", True),   # a short run-in heading
    ("Transformers are SSMs: Generalized Models and Efficient Algorithms Through Structured State Space Duality", True),
])
def test_a_paragraph_marked_as_a_heading_is_text(heading, is_heading):
    paper = f"# Title\n\n## 1 Introduction\n\nIntro text.\n\n# {heading}\n\n## 2 Results\n\nResults text.\n"
    sections = _sections(paper)
    assert sections["Results text"].startswith(heading) == is_heading
    assert (sections.get("# " + heading[:10]) == "1 Introduction") == (not is_heading)   # text of the section before


def test_the_nearest_section_naming_one_device_is_the_default():
    # the top-level section names two devices; the subsection one of them
    paper = ("# P\n\n## 5 Evaluation\n\nWe evaluate on an H100 and on an RTX 4090.\n\n"
             "## 5.1 Server latency\n\nAll runs here use 8 H100 GPUs. The median latency is 42 ms.\n\n"
             "## 5.2 Desktop latency\n\nOn an RTX 4090 GPU the model runs.\n\nThe median latency is 80 ms.\n")
    rows = _claims_by_text(paper)
    assert rows["42 ms"].hardware == "NVIDIA H100"
    assert rows["80 ms"].hardware == "NVIDIA GeForce RTX 4090"


def test_training_and_evaluation_details_is_a_setup_section():
    paper = ("# P\n\n## Abstract\n\nOur model generates an image in 0.13 seconds.\n\n## 4 Experiments\n\n"
             "### 4.1 Training and evaluation details\n\nAll our models are trained and evaluated on A100 GPUs.\n\n"
             "## 4.3 Comparison\n\nIt is faster than the diffusion baselines (Model X on TPU v4).\n")
    assert _claims_by_text(paper)["0.13 seconds"].hardware == "NVIDIA A100"


def test_the_papers_one_device_named_only_in_a_caption_is_the_last_default():
    paper = ("# P\n\n## 1 Introduction\n\nOur method is three orders of magnitude faster than optimization.\n\n"
             "## 2 Related work\n\nPrior work runs at 20 FPS on an RTX 4090.\n\n"
             "## 5 Speed\n\nTable 1. Speed comparison (in seconds). Results are obtained with a Pascal Titan X GPU.\n\n"
             "| Method | Time (256px) |\n|---|---|\n| Ours | 0.018 |\n\nOur approach runs at 56 FPS for 256px images.\n")
    rows = _claims_by_text(paper)
    assert rows["56 FPS"].hardware == "NVIDIA Titan X (Pascal)"
    assert rows["three orders of magnitude"].hardware == "NVIDIA Titan X (Pascal)"
    assert rows["20 FPS"].hardware == "NVIDIA GeForce RTX 4090"   # its own sentence's


def test_a_default_takes_the_count_an_earlier_sentence_of_its_paragraph_gives():
    paper = ("# P\n\n## 4 Experiments\n\nAll experiments run on NVIDIA A100 GPUs.\n\n## 5 Scale\n\n"
             "The main experiments used a single A100 GPU. Training to 10B transitions took between 3 and 5 hours. "
             "For the large run we increased the number of devices from one to eight A100s. "
             "Training to 1T transitions took 72 hours.\n")
    rows = _claims_by_text(paper)
    assert (rows["3 and 5 hours"].hardware, rows["3 and 5 hours"].hardware_count) == ("NVIDIA A100", 1)
    assert (rows["72 hours"].hardware, rows["72 hours"].hardware_count) == ("NVIDIA A100", 8)


def test_a_link_to_a_figure_is_no_citation_of_another_work():
    # "(see Figure [6])" is a converter's link, not "[6]" citing a paper: the count still carries
    paper = ("# P\n\n## 4 Experiments\n\nAll experiments run on NVIDIA A100 GPUs.\n\n## 5 Scale\n\n"
             "The main experiments (see Figure [6]) were performed with a single A100 GPU. "
             "Training to 10B transitions took 4 hours.\n\n"
             "Prior systems [6] were run on eight A100 GPUs. Their training took 9 hours.\n")
    rows = _claims_by_text(paper)
    assert rows["4 hours"].hardware_count == 1
    assert rows["9 hours"].hardware_count is None   # the count of a sentence citing another work


def test_a_converters_escaped_citation_bracket_opens_no_display_math():
    # marker writes author-year citations as "[\[Smith](#page-3)"; "\[" is also TeX's
    # display-math opener, and its first "\]" pages later closed it, blanking every
    # section between. Display math holds no paragraph break, so neither may a block
    paper = ("# P\n\n## 1 Introduction\n\nLarge models [\\[RWC](#page-19-0) 19] are costly.\n\n"
             "## 2 Results\n\nOn an iPhone 14 the model generates over 12 tokens per second.\n\n"
             "Prior work [\\[AI23\\]](#page-14-0) is slower.\n\n"
             "## 3 Method\n\nThe loss is\n\\[ L = 10 \\text{ ms} \\]\nfor every step.\n")
    sections = _sections(paper)
    assert sections["On an iPhone"] == "2 Results"
    assert "12 tokens per second" in _claims_by_text(paper)
    # real display math, closed in its paragraph, is still blanked
    assert "10 \\text" not in "".join(p.text for p in markdown_document(paper, "p").passages)


def test_timings_measured_on_another_device_than_the_training_setups_take_it():
    # the setup names where the models trained; the results say where run time was
    # measured: the speed figures ran there, the training time stays on the setup's
    paper = ("# P\n\n## 1 Introduction\n\nOur network runs at 142 FPS.\n\n"
             "## 5 Implementation details\n\nWe train on 8 TITAN-V GPUs. ResNet-101 trains in 2.5 days.\n\n"
             "## 6 Experiments\n\nThe running time is tested on our local machine, with Intel Core i7-8086K CPU, "
             "Titan Xp GPU, Pytorch 0.4.1.\n\n| Backbone | Time (ms) | FPS |\n|---|---|---|\n| DLA-34 | 19 | 52 |\n\n"
             "Table 1: Speed / accuracy trade off.\n")
    rows = extractor().extract(markdown_document(paper, "p"))
    by_text = {c.text: c for c in rows}
    assert (by_text["142 FPS"].hardware, by_text["142 FPS"].hardware_count) == ("NVIDIA Titan Xp", 1)
    assert {(c.hardware, c.hardware_count) for c in rows if c.passage_kind == "table"} == {("NVIDIA Titan Xp", 1)}
    assert (by_text["2.5 days"].hardware, by_text["2.5 days"].hardware_count) == ("NVIDIA Titan V", 8)


def test_a_section_about_speed_names_where_unattributed_speed_figures_ran():
    # the paper names two GPUs; its "Timing" section the one its speed was measured on:
    # the abstract's "5 fps" ran there, not on the appendix's other GPU
    paper = ("# P\n\n## Abstract\n\nOur model is simple and runs at 5 fps.\n\n"
             "## 4 Experiments\n\nWe report AP on COCO.\n\n### 4.4 Timing\n\n"
             "Our model runs at 195ms per image on an Nvidia Tesla M40 GPU.\n\n"
             "## Appendix B\n\nA larger variant runs at 3fps on an Nvidia Tesla P100 GPU.\n")
    rows = _claims_by_text(paper)
    assert (rows["5 fps"].hardware, rows["5 fps"].hardware_count) == ("NVIDIA M40", 1)
    assert rows["3fps"].hardware == "NVIDIA P100"   # its own sentence's device stays
    no_timing = paper.replace("### 4.4 Timing", "### 4.4 Analysis")
    assert _claims_by_text(no_timing)["5 fps"].hardware is None


@pytest.mark.parametrize("heading", [
    "# Sample Factory: Egocentric 3D Control at 100000 FPS",
    '# <span id="page-0-1"></span>**Sample Factory: Egocentric 3D Control at 100000 FPS**',
    "## Sample Factory: Egocentric 3D Control at 100000 FPS",   # a title written one level down
])
def test_a_full_text_titles_claims_point_into_the_file(heading):
    paper = heading + "\n\nA. Author\n\n## Abstract\n\nWe train agents 4x faster than prior work.\n"
    rows = _claims_by_text(paper)
    title = rows["100000 FPS"]
    assert (title.field, title.section_kind, title.passage_kind) == ("body", "other", "text")
    assert paper[title.char_start:title.char_end] == "100000 FPS"
    assert title.title == "Sample Factory: Egocentric 3D Control at 100000 FPS"
    assert rows["4x"].field == "body"
