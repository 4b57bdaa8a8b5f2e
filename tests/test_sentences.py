import pytest

from extract.sentences import sentence_spans


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text,expected", [
    ("We get a 1.5x speedup. It is fast.", ["We get a 1.5x speedup.", "It is fast."]),
    ("Baselines, e.g. FlashAttention, are slow. Ours is not.", ["Baselines, e.g. FlashAttention, are slow.", "Ours is not."]),
    ("That is, i.e. The point. Next.", ["That is, i.e. The point.", "Next."]),
    ("H100 vs. A100 GPUs. Next one.", ["H100 vs. A100 GPUs.", "Next one."]),
    ("As Smith et al. Showed, it works. Yes.", ["As Smith et al. Showed, it works.", "Yes."]),
    ("We use 360M params. And 30B tokens.", ["We use 360M params. And 30B tokens."]),
    ("At 4k res. At 60FPS it runs.", ["At 4k res. At 60FPS it runs."]),
    ("See Fig. 3 for details. Then go.", ["See Fig. 3 for details.", "Then go."]),
    ("Version v1.2 Works? Yes! Done.", ["Version v1.2 Works?", "Yes!", "Done."]),
    ("It costs 2.5 dollars.\nNew line sentence.", ["It costs 2.5 dollars.", "New line sentence."]),
    ("A line\nbreak inside a sentence.", ["A line\nbreak inside a sentence."]),
    ("", []),
])
def test_sentence_split(text, expected):
    assert sentences(text) == expected
