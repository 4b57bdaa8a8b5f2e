"""Property tests: for any text, extraction raises nothing and every row
satisfies the table's invariants; realistic mutations of real sentences too;
and every reader takes any bytes. A few hundred examples per CI run; `make
fuzz` (scripts/fuzz.py) runs the same strategies 10,000+ times each."""
import time

from hypothesis import HealthCheck, given, settings

from perfclaims.model import Doc
from tests.fuzzing import (REAL, check_rows, csv_files, jsonl_files, mutated_sentences, page_files,
                           piece_texts, unicode_texts)
from tests.fuzz_readers import check_reader

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(unicode_texts, unicode_texts)
def test_any_unicode_text(abstract, title):
    check_rows(Doc(doc_id="x", title=title, abstract=abstract))


@SETTINGS
@given(piece_texts)
def test_claim_shaped_text(text):
    check_rows(Doc(doc_id="x", title="", abstract=text))


@SETTINGS
@given(mutated_sentences())
def test_mutated_real_sentences(text):
    check_rows(Doc(doc_id="x", title="T", abstract=text))


@settings(SETTINGS, max_examples=100)
@given(jsonl_files())
def test_jsonl_reader_takes_any_input(data):
    check_reader(data, ".jsonl")


@settings(SETTINGS, max_examples=100)
@given(csv_files())
def test_csv_reader_takes_any_input(data):
    check_reader(data, ".csv")


@settings(SETTINGS, max_examples=100)
@given(page_files())
def test_page_reader_takes_any_input(data):
    check_reader(data, ".txt")


def test_real_sentences_still_yield_claims():
    for sentence in REAL:
        assert check_rows(Doc(doc_id="x", title="", abstract=sentence))


def test_pathological_inputs_run_in_linear_time():
    """No rule backtracks catastrophically (generous bound; the figures
    themselves are in the benchmark)."""
    blobs = ["1" * 100_000, "x" * 100_000, "%" * 100_000, "$" * 100_000, "(" * 50_000 + ")" * 50_000,
             "[" * 50_000 + "]" * 50_000, "1.5x " * 20_000, "up to " * 16_000, "3.5-" * 25_000, "GPU " * 25_000,
             # a 1 MB abstract of real claim sentences
             ("We get a 2.1x speedup and 740 TFLOPs/s on an H100, up to 52.8 percent less memory. " * 12_000)[:1_000_000]]
    for blob in blobs:
        start = time.perf_counter()
        check_rows(Doc(doc_id="x", title="", abstract=blob))
        assert time.perf_counter() - start < 60, blob[:20]
