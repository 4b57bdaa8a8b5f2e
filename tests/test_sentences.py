import pytest
from hypothesis import given, settings, strategies as st

from perfclaims.sentences import sentence_spans


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
    # a single capital is an initial, but a unit after a number ends a sentence
    ("Thanks to J. Smith for help. Done.", ["Thanks to J. Smith for help.", "Done."]),
    ("It draws 8.4 W. On a Raspberry Pi 4B it is slower.", ["It draws 8.4 W.", "On a Raspberry Pi 4B it is slower."]),
    ("It shrinks the data by 202x. Particularly, it runs fast.", ["It shrinks the data by 202x.", "Particularly, it runs fast."]),
    # "ms", "min" and "sec" are abbreviations ("Ms. Smith"), but units after a number
    ("Inference takes 30 ms. It is 5x faster.", ["Inference takes 30 ms.", "It is 5x faster."]),
    ("It trains in 12 min. Memory drops by 40%.", ["It trains in 12 min.", "Memory drops by 40%."]),
    ("It waits 2 sec. Then it runs.", ["It waits 2 sec.", "Then it runs."]),
    ("We thank Ms. Smith. Done.", ["We thank Ms. Smith.", "Done."]),
    ("It takes 3 min. and 2 sec. to run.", ["It takes 3 min. and 2 sec. to run."]),
    ("", []),
])
def test_sentence_split(text, expected):
    assert sentences(text) == expected


def _ends_with_abbreviation_reference(prefix: str) -> bool:
    """The definition, one character at a time."""
    from perfclaims.sentences import _unit_abbreviations, abbreviations
    tail = prefix[-20:]
    dot = len(tail) - 2 if tail[-1:] in "\"')]" else len(tail) - 1
    if dot < 1 or tail[dot] != ".":
        return False
    start = dot
    while start > 0 and (tail[start - 1].isalpha() or tail[start - 1] == "."):
        start -= 1
    word = tail[start:dot].lower()
    if start == dot:
        return False
    after_number = tail[:start].rstrip()[-1:].isdigit()
    if tail.lower().endswith("et al."):
        return True
    if word in abbreviations():
        return not (after_number and word in _unit_abbreviations())
    # a single letter is an initial (J. Smith), unless a number stands before it: a unit ("8.4 W.")
    return len(word) == 1 and word.isalpha() and not tail[:start].rstrip()[-1:].isdigit()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["e.g", "i.e", "Fig", "fig", "et", "al", "vs", "a", "J", "Smith", "é", "ü", "x",
                                 "results", "approx", "ms", "Min", "sec", "1", ".", " ", "(", ")", "'", "\""]), max_size=8))
def test_abbreviation_test_matches_its_definition(pieces):
    from perfclaims.sentences import _ends_with_abbreviation
    for end in (".", ".)", ".\"", ""):
        prefix = "".join(pieces) + end
        assert _ends_with_abbreviation(prefix) == _ends_with_abbreviation_reference(prefix), prefix


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["We", "get", "1.5x", "e.g.", ".", "!", "?", "'", ")", "\"", " ", "  ", "\n", "A", "3",
                                 "(", "$", "é", "Ü", "x.", "v1.2"]), max_size=14))
def test_boundaries_tried_at_terminators_are_the_full_scan(pieces):
    from perfclaims.sentences import _BOUNDARY, _boundaries
    text = "".join(pieces)
    assert [m.span() for m in _boundaries(text)] == [m.span() for m in _BOUNDARY.finditer(text)], text
