"""Shortcuts in the matcher must never change what it finds: each cheap test
that rules a position out is checked against the full regex it stands for."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from perfclaims.match import _word_units, find_quantities
from perfclaims.rules import load_rules

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


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(sorted(RULES.qualifier_of) + ["average", "mean of", "the", "an", "a", "+", "(",
                                                              "we", "get", ",", "\n", "total"]),
                min_size=1, max_size=6))
def test_qualifier_prefilter_never_rejects_a_match(pieces):
    window = " ".join(pieces)[-40:]
    if RULES.qualifier_before.search(window):
        assert window.rstrip().rstrip("+").rstrip().lower().endswith(RULES.qualifier_ends), window


WORD_UNIT_PIECES = ["times", "Times", "TIMES", "sometimes", "fold", "folds", "Folds", "percent", "Percent", "per",
                    "cent", "per\ncent", "recent", "order", "orders", "of", "magnitude", "two", "ten", "-", "x", "3"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORD_UNIT_PIECES), max_size=12), st.sampled_from([" ", "", "-", "  "]))
def test_word_units_found_by_their_words_are_the_regex_matches(pieces, sep):
    text = sep.join(pieces)
    expected = [m.span() for m in RULES.word_unit.finditer(text)]
    assert [m.span() for m in _word_units(text, text.lower(), RULES)] == expected


def test_numbers_are_read_whole():
    # the number part of a quantity is atomic: it never gives back digits
    (q,) = find_quantities("a 1,024.5x speedup")
    assert (q.low, q.unit_text) == (1024.5, "x")
    assert [(q.low, q.high) for q in find_quantities("from 3 to 10.5 ms and 2-4x")] == [(3.0, 10.5), (2.0, 4.0)]
    assert [(q.low, q.qualifier) for q in find_quantities("12.5 ± 0.3 ms")] == [(12.5, "approx")]


# -- patterns run on the stdlib engine give what `regex` would ------------------

import re  # noqa: E402

import regex  # noqa: E402

from perfclaims import attribute  # noqa: E402

MODEL_PIECES = ["LLaMA-2 7B", "Llama 3.1", "GPT-4", "Stable Diffusion XL", "SD 1.5", "ResNet-50", "ViT-L/14",
                "Mixtral 8x7B", "Qwen2.5-72B", "OPT-66B", "The", "Our", "BERT-Base", "T5-XL", "DiT", "CLIP", "model"]


def _same_everywhere(pattern: re.Pattern, text: str, windows: int = 60) -> None:
    twin = regex.compile(pattern.pattern, regex.IGNORECASE if pattern.flags & re.IGNORECASE else 0)
    for pos in range(len(text) + 1):
        lo = max(0, pos - windows)
        a, b = pattern.search(text, lo, pos), twin.search(text, lo, pos)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (text, pos)


@settings(max_examples=200, deadline=None)
@given(metric_sentences())
def test_stdlib_engine_patterns_agree_with_regex(text):
    _same_everywhere(RULES.metric_name_before, text)
    window = text[-40:]
    _same_everywhere(RULES.qualifier_before, window, windows=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MODEL_PIECES + FILLER + NUMBERS), min_size=1, max_size=10))
def test_model_pattern_agrees_with_regex(pieces):
    text = " ".join(pieces)
    twin = regex.compile(attribute._MODEL.pattern)
    assert [m.span() for m in attribute._MODEL.finditer(text)] == [m.span() for m in twin.finditer(text)]
    # the scan that reads the capital first finds the same names
    assert attribute._model_spans(text) == tuple((m.start(), m.end(), m.group()) for m in attribute._MODEL.finditer(text))


FORM_PHRASES = ["sub-millisecond", "Sub-second", "submicrosecond", "sub-ms", "SUBSECOND", "speedups of 2.8",
                "Speed-ups of up to 3.1", "an acceleration of 4.2", "Accelerations of 1.5", "by a factor of 30",
                "an order of magnitude", "by half", "halves", "doubles", "twice as fast", "ten-fold", "7.4/10",
                "compression ratio of 4:1", "speed", "sub", "accelerate"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FORM_PHRASES + FILLER + NUMBERS), min_size=1, max_size=8))
def test_form_triggers_are_necessary(pieces):
    text = " ".join(pieces)
    for form in RULES.forms:
        if form.pattern.search(text):
            assert any(t in text.lower() for t in form.triggers), (form.name, text)


def test_trigger_gates_cover_every_trigger_once():
    from perfclaims.rules import _trigger_gates
    triggers = {t for f in RULES.forms for t in f.triggers}
    listed = [g if not members else m for g, members in RULES.form_triggers for m in (members or (g,))]
    assert sorted(listed) == sorted(triggers)
    assert all(m.startswith(g) for g, members in RULES.form_triggers for m in members)
    assert _trigger_gates({"sub-", "submi", "subse", "/10", "/5", "twice"}) == (
        ("/", ("/10", "/5")), ("sub", ("sub-", "submi", "subse")), ("twice", ()))


def test_form_triggers_on_case_tables():
    from tests.case_tables import load_cases
    for _, _, case in load_cases():
        for form in RULES.forms:
            if form.pattern.search(case["text"]):
                assert any(t in case["text"].lower() for t in form.triggers), (form.name, case["text"])


PRECISION_PIECES = ["FP8", "fp16", "BF16", "INT4", "uint8", "TF32", "MXFP4", "NVFP4", "E4M3", "E5M2", "W4A16",
                    "w8a8KV8", "4-bit", "16-bit", "8bit", "FP", "int", "-", "(", "Transformer-FP8"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PRECISION_PIECES + FILLER + NUMBERS), min_size=1, max_size=8))
def test_precision_shortcuts_keep_every_match(pieces):
    text = " ".join(pieces)
    twin = regex.compile(r"(?<![\w-])(?:FP|BF|INT|UINT|TF|MXFP|NVFP|E4M|E5M)\d{1,2}|W\d{1,2}A\d{1,2}(?:KV\d{1,2})?"
                         r"|\d{1,2}-bit(?![\w-])", regex.IGNORECASE)
    expected = tuple((m.start(), m.end(), m.group()) for m in twin.finditer(text))
    assert attribute._precision_spans(text) == expected


VETO_WORDS = ["sparsity", "of", "up to", "pruning", "ratio", "rate", "dropout", "keep", "keeping", "only", "the top",
              "subset", "fraction", "accounts for", "about", "past", "next", "horizon of", "window of", "videos of",
              "clips", "budget of", "images", "tokens", "at", "=", "is", "2", "and", "-", "\n", "with"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(VETO_WORDS + FILLER), max_size=10), st.sampled_from(["", " ", "  "]))
def test_veto_before_searched_from_the_end_agrees(pieces, end):
    before = " ".join(pieces) + end
    for section, cues in RULES.cues.items():
        if "veto_before" in cues:
            reverse = cues["veto_before"].unicode   # the engine for non-ASCII text
            assert reverse.flags & regex.REVERSE
            forward = regex.compile(reverse.pattern, regex.IGNORECASE)
            assert bool(reverse.search(before)) == bool(forward.search(before)), (section, before)


METRIC_WORDS = ["MMLU", "perplexity", "PPL", "PSNR", "FID", "accuracy", "Accuracies", "error", "WER", "throughput",
                "tokens/s", "latency", "TTFT", "response time", "runtime", "run-time", "time", "training", "memory",
                "KV cache", "KV-cache", "footprint", "model size", "energy", "power", "cost", "price", "bandwidth",
                "FLOPs", "compute", "parameters", "xmemory", "time-to", "(", ")", ","]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(METRIC_WORDS + FILLER + NUMBERS), max_size=12), st.sampled_from([" ", "", "-"]))
def test_metric_vocab_on_the_stdlib_engine_agrees_with_regex(pieces, sep):
    text = sep.join(pieces)
    named = RULES.metric_vocab.named.unicode   # `regex`, one group per metric
    found = [m.lastgroup[2:] for m in named.finditer(text)]
    for t in (text, text + " é"):   # the stdlib scan (ASCII) and `regex` (not)
        assert RULES.metric_vocab.first(t) == (found[0] if found else None), t
        assert RULES.metric_vocab.last(t) == (found[-1] if found else None), t


# -- the test of what follows a number's digits ---------------------------------

from perfclaims.match import _compiled  # noqa: E402

AFTER_NUMBER_PIECES = ["x", "×", "%", " %", "ms", " ms", "s", " seconds", "FPS", " fps", "k", " K", "M", "-", "–",
                       " to ", "~", "→", "±", " ± ", "+", " times", "-fold", " fold", "GB", " GiB", "TFLOPs/s",
                       " tokens/s", " tokens per second", " points", "pp", " PSNR", " FID", " dB PSNR", " BLEU",
                       " accuracy", " and", " of", ",", ".", "1", "2.5", ",000", "  ", "\n", "a", "Hz", "W", "J"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(AFTER_NUMBER_PIECES), min_size=1, max_size=6),
       st.sampled_from(["3", "12.5", "1,024", ".5", "2"]))
def test_after_digits_test_never_rejects_a_match(pieces, number):
    text = "we get " + number + "".join(pieces)
    compiled = _compiled(RULES)
    quantity_test, metric_test = compiled.quantity_after_digits, compiled.metric_after_digits
    for m in RULES.number_start.finditer(text):
        if RULES.quantity.match(text, m.start()):
            assert quantity_test.allows(text, m.end()), text
        if RULES.metric_number.match(text, m.start()):
            assert metric_test.allows(text, m.end()), text


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,-^ ax_(") + ["é", "٣", "²", "·", "\u0301", "’", "\u2009"]),
               max_size=30))
def test_number_runs_start_where_numbers_start(text):
    # the runs add only an end: their starts are the number starts, but for a group of a
    # number whose thousands are spaced ("200 000"), inside the run before it
    starts = regex.compile(r"(?<![\w.^-]|\d,)(?<!\d\.)(?:\d|\.\d)")
    runs = [m.span() for m in RULES.number_start.finditer(text)]
    expected = [m.start() for m in starts.finditer(text)]
    assert {a for a, _ in runs} <= set(expected)
    assert all(any(a < s < b for a, b in runs) for s in set(expected) - {a for a, _ in runs})
    # the runs are found by hopping between digit runs: the same
    from perfclaims.match import _ASCII_DIGITS, _DIGITS, _number_runs
    digits = _ASCII_DIGITS if text.isascii() else _DIGITS
    first = digits.search(text)
    assert (_number_runs(text, first, digits) if first else {}) == \
        {m.start(): m.end() for m in RULES.number_start.finditer(text)}, text


def test_decimal_digits_are_the_same_class_for_python_and_regex():
    # _number_runs reads a digit with str.isdecimal where the pattern has \d
    assert [c for c in map(chr, range(0x10000)) if c.isdecimal() != bool(regex.match(r"\d", c))] == []


# -- case-insensitive patterns run by the stdlib engine on ASCII text ------------

import random  # noqa: E402

from perfclaims import classify, match as match_module  # noqa: E402
from perfclaims.cues import Caseless, Cue, Twin, _ascii_twin, _first_chars  # noqa: E402
from perfclaims.rule_schema import RuleError  # noqa: E402


def _all_caseless() -> dict[str, Caseless]:
    found = {f"cues.{section}.{key}": p for section, cues in RULES.cues.items() for key, p in cues.items()}
    found["metric_vocab.named"] = RULES.metric_vocab.named
    found["metric_vocab.scan"] = RULES.metric_vocab.scan
    for module in (classify, attribute, match_module):
        # every case-insensitive pattern with a lower-cased stdlib twin, generated or written by hand
        found.update({f"{module.__name__}.{k}": v for k, v in vars(module).items() if isinstance(v, Twin) and v.lower})
    return found


CASELESS = _all_caseless()


def _found(pattern, m):
    """What a search answers: a cue (rules.Cue) gives where it starts, the others their span and group."""
    if m is None:
        return None
    return m.start() if isinstance(pattern, Cue) else (m.span(), m.lastgroup)


def _same_at_cuts(name: str, p, forward, text: str, cuts) -> int:
    """A search of the text up to each cut and a match from it give what
    `regex` with IGNORECASE gives; the number of matches found."""
    hits = 0
    for k in cuts:
        got, want = p.search(text, 0, k), forward.search(text, 0, k)
        assert _found(p, got) == _found(p, want), (name, text, k)
        hits += bool(want)
        got, want = p.match(text, k), forward.match(text, k)
        assert (got and got.span()) == (want and want.span()), (name, text, k)
        hits += bool(want)
    return hits


# the words of every pattern, so random texts hit them often
PATTERN_WORDS = sorted({w for p in CASELESS.values() for w in regex.findall(r"[A-Za-z][a-z]{1,}", p.pattern)})
GLUE = [" ", "  ", "\n", "\t", "\x1c", "-", ",", ".", ". ", ";", ":", "(", ")", "/", "%", "=", "3", "2.5", "x"]


def test_ascii_twin_spells_out_what_regex_means():
    assert _ascii_twin(r"\bSpeed\s+UP\b").pattern == r"\bspeed[\t\n\x0b\x0c\r ]+up\b"
    assert _ascii_twin(r"[\s-]X\S").pattern == r"[\t\n\x0b\x0c\r -]x[^\t\n\x0b\x0c\r ]"
    assert _ascii_twin(r"(?P<m_KV>KV)(?P=m_KV)").pattern == r"(?P<m_KV>kv)(?P=m_KV)"
    for bad in (r"[\S]", r"\p{L}"):
        try:
            _ascii_twin(bad)
        except RuleError:
            continue
        raise AssertionError(bad)


def test_first_characters_of_a_pattern():
    assert _first_chars(r"\b(?:utili[sz]ation|mfu|hfu)\)?\s+$") == "[hmu]"
    assert _first_chars(r"(?:\bby\s+|x?y)z") == "[bxy]"
    assert _first_chars(r"^abc") is None          # anchored at the start
    assert _first_chars(r"(?:ab)?c?") is None     # can match empty
    assert _first_chars(r"\w+ing") is None        # a category, not a few characters
    assert _first_chars(r"[a-c]d|e*f") == "[abcef]"


def test_caseless_uses_unicode_folding_off_ascii():
    p = Caseless(r"\bsparsity\b")
    assert p.search("50% SPARSITY") and p.search("50% ſparsity")   # long s folds to s
    assert Caseless(r"\bkernel\b").search("a \u212aernel")          # Kelvin sign folds to k
    assert not Caseless(r"a\sb").search("a\x1cb")                    # not a space to `regex`
    assert Caseless(r"a\sb").search("é a\u2003b")                   # a Unicode space is one


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PATTERN_WORDS + GLUE), min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_caseless_patterns_match_as_regex_ignorecase(pieces, rnd: random.Random):
    words = [w.upper() if rnd.random() < 0.2 else w.capitalize() if rnd.random() < 0.2 else w for w in pieces]
    text, bounds = "", [0]
    for w in words:
        if w not in GLUE:
            text += " "
            bounds.append(len(text))   # after the blank: "reduced to |"
        text += w
        bounds.append(len(text))
    for name, p in CASELESS.items():
        forward = regex.compile(p.pattern, regex.IGNORECASE)
        _same_at_cuts(name, p, forward, text, bounds)   # windows cut at every piece, as the classifier cuts them
        lo, hi = sorted(rnd.choice(bounds) for _ in range(2))
        assert [m.span() for m in p.finditer(text, lo, hi)] == [m.span() for m in forward.finditer(text, lo, hi)], \
            (name, text, lo, hi)
        # off ASCII, the `regex` pattern (searched backwards for a veto_before) answers alike
        assert bool(p.search(text + " é")) == bool(forward.search(text + " é")), (name, text)


def test_caseless_patterns_on_case_tables():
    """Every case-table sentence, cut at every word as the classifier cuts its
    windows: the stdlib copy finds what `regex` would."""
    from tests.case_tables import load_cases
    texts = [case["text"] for _, _, case in load_cases()]
    hits = dict.fromkeys(CASELESS, 0)
    forwards = {name: regex.compile(p.pattern, regex.IGNORECASE) for name, p in CASELESS.items()}
    for text in texts:
        cuts = [0] + [m.end() for m in regex.finditer(r"\w+|\s+", text)]
        for name, p in CASELESS.items():
            hits[name] += _same_at_cuts(name, p, forwards[name], text, cuts)
    assert sum(v > 0 for v in hits.values()) >= 0.8 * len(hits), sorted(k for k, v in hits.items() if not v)


def test_hand_written_inits_set_every_field_in_order():
    import dataclasses

    from perfclaims.classify import Typed
    from perfclaims.clean import CleanText
    from perfclaims.match import Quantity
    for cls in (Quantity, Typed, CleanText):
        names = [f.name for f in dataclasses.fields(cls)]
        values = list(range(len(names)))
        obj = cls(*values)
        assert [getattr(obj, n) for n in names] == values and list(vars(obj)) == names, cls
        try:
            obj.rule = 5
        except dataclasses.FrozenInstanceError:
            continue
        raise AssertionError(f"{cls.__name__} is not frozen")
    assert Quantity(*range(9)) == Quantity(*range(9), None, None, False, -1)   # the defaults
    assert CleanText("a", "a") == CleanText("a", "a", None)
