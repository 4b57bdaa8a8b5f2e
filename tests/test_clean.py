"""Text cleaning keeps a correct map back to the original offsets."""
import pytest
from hypothesis import example, given, settings, strategies as st

from perfclaims.clean import clean

CASES = [
    (r"a $3.5\times$ speedup", "a 3.5× speedup"),
    ("1.5-2.0times faster", "1.5-2.0× faster"),
    (r"13.3\% boost", "13.3% boost"),
    ("11.0 pm 1.3 points", "11.0 ± 1.3 points"),
    ("15times sim 24times", "15× ~ 24×"),
    (r"$\sim$20\,\mathrm{FPS}", "~20 FPS"),
    (r"1.6$\times$-6.8$\times$", "1.6×-6.8×"),
    ("4timesRTX 3090", "4×RTX 3090"),
    (r"$\mathbf{2.1\times}$ faster", "2.1× faster"),
    ("１２％ better", "12% better"),
    ("runs at 30\u00a0FPS \u2013 fast", "runs at 30 FPS - fast"),
    (r"$\geq$ 2x", "≥ 2x"),
    ("sometimes simple pm", "sometimes simple pm"),   # words, not LaTeX leftovers
    ("plain text 3.5x", "plain text 3.5x"),
    ("runs about **6.1x faster** than GPipe", "runs about 6.1x faster than GPipe"),   # Markdown bold
    (r"82.3 $\mathcal{J}\&\mathcal{F}$ on DAVIS", "82.3 J&F on DAVIS"),
    ("up to **20x**; a*b and 2 * 3", "up to 20x; a*b and 2 * 3"),                       # one star stays
]


@pytest.mark.parametrize("raw,cleaned", CASES)
def test_clean_text(raw, cleaned):
    assert clean(raw).text == cleaned


def test_span_maps_back_to_latex_as_written():
    c = clean(r"a $3.5\times$ speedup")
    s = c.text.index("3.5")
    a, b = c.to_original(s, s + 4)
    assert c.original[a:b] == r"3.5\times"


def test_unchanged_text_has_identity_map():
    c = clean("nothing to do here, 3.5x")
    assert c.segments is None and c.to_original(3, 7) == (3, 7)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.x%$\\{} timesplmu~\u00a0\u2013×ab")), max_size=60))
def test_every_span_maps_inside_the_original(text):
    c = clean(text)
    n = len(c.text)
    for i in range(n):
        for j in range(i, min(n, i + 6) + 1):
            a, b = c.to_original(i, j)
            assert 0 <= a <= b <= len(text)


LATEX_PIECES = ["$", "$1 2 . 3", "{ , }", "3 0", "\\mathrm { m s }", "\\times", "\\%", "\\sim", "\\pm", "\\mathrm{", "{", "}", "\\,", "\\to", "\\geq", "\\mu",
                "times", "sim", "pm", "2.0", "13.3", "%", " ", "x", "FPS", "\\left(", "\\right)", "\\text{ms}",
                "\\timesRTX", "15times", "11.0 pm 1.3", "ab", "\\",
                "\u00a0", "\u2013", "\u2212", "\u223c", "\u2715", "\uff13", "\uff05", "\u3000", "é", "μ", "’"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LATEX_PIECES), max_size=15))
@example(pieces=["$", "3 0", " ", "\uff13"])   # a space closed up before a full-width digit (found by this test)
def test_shortcut_finds_the_same_substitutions(pieces):
    from perfclaims.clean import _PATTERN, _matches
    text = "".join(pieces)
    assert [(m.span(), m.lastgroup) for m in _matches(text)] == \
        [(m.span(), m.lastgroup) for m in _PATTERN.finditer(text)]


def test_non_ascii_starts_class_is_the_same_on_both_engines():
    import regex

    from perfclaims.clean import _NON_ASCII_STARTS
    twin = regex.compile(_NON_ASCII_STARTS.pattern)
    assert [c for c in map(chr, range(0x10000)) if bool(twin.match(c)) != bool(_NON_ASCII_STARTS.match(c))] == []


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LATEX_PIECES), max_size=15))
def test_text_ruled_out_needs_no_cleaning(pieces):
    # the cheap test may say "maybe" wrongly, never "no" wrongly, with or
    # without accents and curly quotes around
    from perfclaims.clean import _PATTERN, _may_need_cleaning
    text = "".join(pieces)
    if not _may_need_cleaning(text):
        assert _PATTERN.search(text) is None, text


def test_stripped_latex_leftovers_are_not_ruled_out():
    from perfclaims.clean import _may_need_cleaning
    for text in ("2.0sim2.0", "15times sim 24", "15% sim 20", "11.0 pm 1.3", "2}times", "4timesRTX"):
        assert _may_need_cleaning(text), text
    assert clean("accuracy 2.0sim2.0 points").text == "accuracy 2.0~2.0 points"
