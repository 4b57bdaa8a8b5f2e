"""Shortcuts in the matcher must never change what it finds: each cheap test
that rules a position out is checked against the full regex it stands for."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from extract.match import _WORD_UNIT_TRIGGERS, find_quantities
from extract.rules import load_rules

RULES = load_rules()

METRIC_NAMES = ["PSNR", "FID", "F1 score", "top-1 accuracy", "BLEU", "R^2", "mAP", "CLIPScore",
                "HumanScore", "success rate", "Pass@1", "exact match", "ROUGE-L", "accuracy"]
LINKS = ["of", "=", ":", "is", "was", "at", "to", "from", "reaching", "around", "about", "value of",
         "improved from", "increases to", "rose to", "climbing from", ""]
QUALIFIERS = ["up to", "over", "about", "~", "≥", "nearly", "more than", "at least", "some", ""]
FILLER = ["we", "report", "the", "model", "(ours)", "(val)", "scores", "score", "and", ",", "\n", "  "]
NUMBERS = ["30.1", "0.98", "4", "1,024", ".5", "12k"]


def _tail_may_end_metric_name(text: str, pos: int) -> bool:
    lo = max(0, pos - 60)
    return text[lo:pos].rstrip().lower().endswith(RULES.metric_name_ends)


@st.composite
def metric_sentences(draw):
    pieces = draw(st.lists(st.sampled_from(METRIC_NAMES + LINKS + QUALIFIERS + FILLER + NUMBERS),
                           min_size=1, max_size=12))
    return " ".join(pieces) + " " + draw(st.sampled_from(NUMBERS))


@settings(max_examples=400, deadline=None)
@given(metric_sentences())
def test_metric_name_prefilter_never_rejects_a_match(text):
    for m in RULES.number_start.finditer(text):
        pos = m.start()
        if RULES.metric_name_before.search(text, max(0, pos - 60), pos):
            assert _tail_may_end_metric_name(text, pos), (text, pos)


def test_metric_name_prefilter_examples():
    for text in ["a PSNR of about 31.2", "FID = 4.5", "F1 score (macro) 0.81", "accuracy improved to 75",
                 "the HumanScore was 3.2", "success rate reaching 90", "BLEU: 41"]:
        pos = len(text) - len(text.split()[-1])
        assert RULES.metric_name_before.search(text, max(0, pos - 60), pos), text
        assert _tail_may_end_metric_name(text, pos), text
    assert not _tail_may_end_metric_name("trained with 8", len("trained with "))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 timesfoldpercntgudTFPOM-")), max_size=60))
def test_word_unit_triggers_cover_every_word_unit(text):
    if RULES.word_unit.search(text):
        assert any(w in text.lower() for w in _WORD_UNIT_TRIGGERS)


def test_numbers_are_read_whole():
    # the number part of a quantity is atomic: it never gives back digits
    (q,) = find_quantities("a 1,024.5x speedup")
    assert (q.low, q.unit_text) == (1024.5, "x")
    assert [(q.low, q.high) for q in find_quantities("from 3 to 10.5 ms and 2-4x")] == [(3.0, 10.5), (2.0, 4.0)]
    assert [(q.low, q.qualifier) for q in find_quantities("12.5 ± 0.3 ms")] == [(12.5, "approx")]
