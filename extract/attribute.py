"""Attach context to a claim: the hardware it ran on (and how many), the
baseline it is compared against, the model, the numeric precision, and the
paper's own system name.

Hardware follows docs/SPEC.md section 2: a hardware named in the same sentence,
preferring one the claim is said to run "on"; else the one hardware model the
document names; else none. A mention inside the baseline phrase ("than X on
an H100") is the baseline's hardware, not the claim's.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import regex

from .hardware import (CLASS_PARTS, device_class, device_classes, generic_class, same_device_class,
                       unnamed_run_after)
from .model import RELATIVE_TYPES, HardwareMention
from .cues import Caseless
from .shortcuts import shortcut

# "on a single", "using 8", "with eight" right before a hardware mention
_RUN_ON = Caseless(r"\b(?:on|using|with|across|onto|via|over|atop|in)\s+(?:(?:a|an|one|the|single|our|its|their|two|four|eight|\d+|\w+)\s+){0,3}$")
_BASELINE_CUE = Caseless(
    r"\b(?:than|over(?!\s+(?:\d|an?\s+order|[~>]))|compared\s+(?:to|with)|comparing\s+(?:to|with)|in\s+comparison\s+(?:to|with)|relative\s+to|"
    r"vs\.?|versus|against|outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?)\s+")
# where a baseline phrase stops
_BASELINE_STOP = Caseless(
    r"\s*(?:[,;:.]\s|[,;:]|\.$|\s\((?:e\.g|i\.e)|\s(?:on|in|at|for|when|while|whereas|with|across|by|using|under|during|respectively|and\s+(?:achiev|reach|deliver|obtain)\w*|which|that|achiev\w*|reach\w*|without\s+sacrific\w*)\b)")
# A model name (the definition; _MODEL_SCAN below is how it is run). Stdlib
# engine: 3x faster than ``regex`` on this pattern, same matches.
_MODEL = re.compile(
    r"(?=[A-Z])(?<![\w-])(?!(?:The|This|That|Our|A|An|We|Its|Their|These|Those)\b)(?:[A-Z][A-Za-z]*(?:[-.][A-Za-z0-9]+)*[- ]?\d+(?:\.\d+)?[BMT](?:-[A-Za-z]+)*"
    r"|(?:LLaMA|Llama|GPT|OPT|BLOOM|Mistral|Mixtral|Qwen|Gemma|Phi|Falcon|Vicuna|DeepSeek|T5|BERT|RoBERTa|ViT|ResNet|Stable\s+Diffusion|SDXL|SD(?=[- ]?\d)|DiT|CLIP)"
    # possessive runs: a run of digits or capitals is one piece, never split
    # two ways ("ResNet-50 " and 30 nines took minutes when it was)
    r"(?:[- ]?(?:\d++(?:\.\d++)*|[A-Z]{1,3}+|XL|Large|Base|Small|Tiny|v\d(?:\.\d)?))*(?:[- ]\d+(?:\.\d+)?[BM])?)(?![\w-])")
# _MODEL as the engine runs it fastest: the capital read first (a character
# class, which the engine skips to, where a lookahead is tried at every
# position), the name itself matched in a lookahead inside a lookbehind and
# captured. Matches may then overlap: _model_spans keeps them as finditer would.
_MODEL_SCAN = re.compile(r"[A-Z](?<=(?=(" + _MODEL.pattern.removeprefix("(?=[A-Z])") + r"))[A-Z])")
_PRECISION = re.compile(   # stdlib engine, letter or digit first: as _MODEL
    r"(?=[A-Za-z0-9])(?:(?<![\w-])(?:FP|BF|INT|UINT|TF|MXFP|NVFP|E4M|E5M)\d{1,2}|W\d{1,2}A\d{1,2}(?:KV\d{1,2})?"
    r"|\d{1,2}-bit(?![\w-]))", re.IGNORECASE)
# Every precision name holds one of these words (lower-cased) or a "w" and a
# digit: most sentences are ruled out without the pattern
_PRECISION_WORDS = ("fp", "bf", "int", "tf", "e4m", "e5m", "-bit")
_W_DIGIT = re.compile(r"[wW]\d")
_NAME_CHAR = regex.compile(r"[A-Z0-9-]")
_SENTENCE_STOP = regex.compile(r"[.;]")
_CLAUSE_STOP = regex.compile(r"[.;](?!\d)")
_ARTICLE = regex.compile(r"^(?:the|a|an)\s+", regex.IGNORECASE)
_SPACES = regex.compile(r"\s+")
_LIST_SEPARATOR = regex.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_HARDWARE_TAIL = Caseless(r"\s*(?:on|using|with|running\s+on)\s+[^,;.]{0,40}")
_SYSTEM = regex.compile(r"^\s*([A-Z0-9][\w.+-]*(?:\s[\w.+-]+){0,2}?)\s?:\s")


@dataclass(frozen=True)
class Attribution:
    hardware: Optional[str]
    hardware_count: Optional[int]
    hardware_text: Optional[str]
    baseline: Optional[str]
    baseline_hardware: Optional[str]
    model: Optional[str]
    precision: Optional[str]


def system_name(title: str) -> Optional[str]:
    """`PipeLLM: Fast ...` -> `PipeLLM`; a plain phrase before a colon is not a name."""
    m = _SYSTEM.match(title)
    if not m:
        return None
    name = m.group(1).strip()
    words = name.split()
    # a name has a capital, digit or hyphen beyond its first letter in each word
    if all(_NAME_CHAR.search(w[1:]) or (w[0].isupper() and len(words) > 1 and i > 0 and w[0].isupper())
           for i, w in enumerate(words)):
        return name
    if len(words) == 1 and words[0][0].isupper():
        return name
    return None


_BY_BEFORE = regex.compile(r"\s+by\s+(?:up\s+to\s+|over\s+|about\s+|nearly\s+|(?:an?|the)\s+)*(?:factors?\s+(?:of\s+)?)?$", regex.IGNORECASE)
# How far the searches of one claim look (characters): the longest real
# sentences are under 2,000 characters, so only a pathological one is cut
_BY_WINDOW = 200
_RUN_ON_WINDOW = 200
_PHRASE_WINDOW = 2000
_COORDINATION = Caseless(r"[^,;.]{0,40}?(?:,\s*|\s+)(?:and|while|whereas)\s+")
# the verbs whose object is a baseline: "outperforms A by 2x and B by 19x" (but
# "reduces memory by 82% and latency by 63%" names two metrics)
_COMPARING_VERB = Caseless(r"\b(?:outperform\w*|surpass\w*|beat(?:s|ing)?|exceed\w*|leads?|leading|ahead\s+of)\b")


_SUBJECT_HARDWARE = Caseless(
    r"\b(?:on|using|with)\s+(?:\w+[\s-]+){0,4}?(?:GPUs?|CPUs?|TPUs?|NPUs?|accelerators?|chips?|devices?|hardware)\b")


def baseline_span(sentence: str, claim_start: int, claim_end: int,
                  previous_end: Optional[int] = None, relative: bool = False) -> Optional[tuple[int, int]]:
    """Span (in ``sentence``) of the baseline phrase of the claim, if any.

    After the claim: "3x faster than FlashAttention-2 on ..."; before it:
    "compared with Megatron-LM, Domino achieves up to 1.3x"; and in a
    coordination after an earlier claim of the sentence: "outperforms A by 2x
    and B on an H100 by 19x" (B is the second claim's baseline)."""
    if previous_end is not None:
        # windows, not the whole sentence: each claim's work stays bounded
        by = _BY_BEFORE.search(sentence, max(0, claim_start - _BY_WINDOW), claim_start)
        coord = _COORDINATION.match(sentence, previous_end) if by else None
        if by and coord and coord.end() < by.start() and _COMPARING_VERB.search(
                sentence, max(0, previous_end - _BY_WINDOW), previous_end):
            return coord.end(), by.start()
    after = _BASELINE_CUE.search(sentence, claim_end, min(len(sentence), claim_end + 80))
    # a relative claim's "compared to X" may lie past a later figure of the sentence
    # ("reduces memory by 82.5% and latency by 63.3%, compared to X"): only a full
    # stop ends its reach, not a decimal point; but not to one name of a list that
    # the figures map to ("12.72x, 1.70x and 1.18x over A, B and C")
    stop = _CLAUSE_STOP if relative else _SENTENCE_STOP
    if after and not stop.search(sentence, claim_end, after.start()):
        start = after.end()
        stop = _BASELINE_STOP.search(sentence, start, start + _PHRASE_WINDOW)
        end = stop.start() if stop else min(len(sentence), start + _PHRASE_WINDOW)
        crossed = _SENTENCE_STOP.search(sentence, claim_end, after.start()) is not None
        if end > start and not (crossed and _NAME_LIST_GOES_ON.match(sentence, end)):
            return start, end
    cue = None
    for cue in _BASELINE_CUE.finditer(sentence, max(0, claim_start - 150), claim_start):
        pass
    if cue:
        start = cue.end()
        stop = _BASELINE_STOP.search(sentence, start, claim_start)
        end = stop.start() if stop else claim_start
        if end > start:
            return start, end
    return None


_NOT_A_BASELINE = Caseless(
    r"^(?:\d|(?:one|two|three|four|five|ten|hundred|thousand|it|its|this|that|these|those|them|they|which|what)\b|\w+ing\b)")
_TRAILING_CLAUSE = regex.compile(r"\s+(?:and|or)\s+(?:is|are|was|were|up\s+to|achiev\w*|reach\w*|runs?|\d).*$", regex.IGNORECASE)


def _clean_phrase(text: str) -> Optional[str]:
    """A baseline as written, trimmed to a noun phrase; None when what stands
    there is no method (a number, a pronoun, a clause)."""
    text = _TRAILING_CLAUSE.sub("", text).strip(" ,;:")
    # an unbalanced bracket means the phrase ran into an aside: cut there
    if text.count("(") != text.count(")"):
        cut = [i for i in (text.find("("), text.find(")")) if i >= 0]
        text = text[:min(cut)]
    text = _ARTICLE.sub("", text.strip(" ,;:"))
    text = _SPACES.sub(" ", text).strip()
    if not text or len(text) > 90 or _NOT_A_BASELINE.match(text):
        return None
    return text


def split_list(phrase: str) -> list[str]:
    return [p for p in (s.strip() for s in _LIST_SEPARATOR.split(phrase)) if p]


# a claim, up to two words ("speedup", "faster"), then "on/using ..." up to its hardware
_RUN_AFTER_WINDOW = 40
# devices named as examples: "such as A and B", "e.g., A, B", "including A and B"
_EXAMPLE_CUE = regex.compile(r"\b(?:such\s+as|e\.g\.,?|for\s+example,?|including)\s+")
_CLAUSE_END = regex.compile(r"[;()]|\.(?!\d)")
_EXAMPLE_WINDOW = 80
# between two devices of one list: "T4, V100", "A100 and H100", "Jetson Nano GPU and the Qualcomm"
_DEVICE_LIST_GAP = regex.compile(r"(?i)(?:\s+(?:GPUs?|CPUs?|NPUs?|TPUs?|SoCs?|platforms?|devices?|boards?|modules?|chips?))?"
                                 r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)"
                                 r"(?:(?:the|an?)\s+)?(?:[\w-]+\s+){0,3}?")
# the CPUs of a GPU machine, named by it: "256 CPU cores on an NVIDIA DGX-A100"
_HOST_CPUS_BEFORE = regex.compile(r"(?i)\b(?:CPU|host)[\s-]+(?:cores?|threads?|processors?)\s+(?:on|of|in)\s+"
                                  r"(?:an?\s+|the\s+|one\s+|each\s+|our\s+)?\Z")
_RUN_BETWEEN = regex.compile(r"\s*(?:[\w-]+\s+){0,2}?(?i:on|using|across|via|with)\s+"
                             r"(?:(?:a|an|the|one|single|two|four|eight|\d+)\s+)?")


# "per" or "/" right after a quantity, before a device's name ("per V100 GPU", "/A100")
_PER_NAMED = regex.compile(r"\s*(?:per|/|for\s+each|on\s+each)\s*(?:single\s+|one\s+)?", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _per_device():
    from .rules import load_rules   # rules import this module's users; load lazily
    return load_rules().per_device

# how far after a run phrase's device word a catalogued name still belongs to it
_NAME_AFTER_RUN = 12
# "on an NVIDIA Jetson edge device": one device
_ONE_DEVICE = re.compile(r"\w+\s+(?:an?|one|(?:a\s+)?single)\s", re.I)


class SentenceContext:
    """What every claim of one sentence reads, found once: its hardware
    mentions, which of them stand in a baseline phrase, where the sentence
    first names hardware of its own, its model and precision names. Each
    claim then costs a few bisections, so a sentence with thousands of
    claims stays linear.

    Offsets: ``sentence_start`` and mentions in the field's (cleaned) text;
    baseline spans and name spans relative to the sentence."""

    def __init__(self, sentence: str, sentence_start: int, mentions: Sequence[HardwareMention],
                 bases: Sequence[Optional[tuple[int, int]]]):
        self.sentence = sentence
        self.start = sentence_start
        s_end = sentence_start + len(sentence)
        self.local = [m for m in mentions if m.start >= sentence_start and m.end <= s_end]
        first_end = min((m.end - sentence_start for m in self.local), default=None)
        subject = _first_end(_SUBJECT_HARDWARE, sentence)
        # where the sentence has named hardware of its own (a mention, or
        # "on/using/with ... GPUs"): a baseline after it is the baseline's alone
        self._mention_end = first_end
        self._subject_end = subject
        self._extents: dict[tuple[int, int], int] = {}
        self.named = [m for m in self.local if m.name]
        self._named_starts = [m.start for m in self.named]
        self._named_ends = [m.end for m in self.named]
        spans = [(b[0], self.extent(b)) for b in bases if b]
        # hardware of any baseline of the sentence is not the claims' own
        self.own = [m for m in self.named if not any(
            b0 <= m.start - sentence_start and m.end - sentence_start <= e for b0, e in spans)] if spans else self.named
        self.own_on = [m for m in self.own
                       if _RUN_ON.search(sentence, max(0, m.start - sentence_start - _RUN_ON_WINDOW),
                                         m.start - sentence_start)]
        self.generic = [m for m in self.local if m.name is None and m.count is not None]
        self._generic_starts = [m.start for m in self.generic]
        self.models = _Spans(_model_spans(sentence))
        self.precisions = _Spans(_precision_spans(sentence))

    def has_own_hardware_before(self, baseline_start: int, with_mentions: bool = True) -> bool:
        """Does the sentence name the claim's own hardware before its baseline
        phrase? (``baseline_start`` in the sentence; a baseline always starts
        after a space, so the first match of the subject pattern decides.)"""
        if with_mentions and self._mention_end is not None and self._mention_end <= baseline_start:
            return True
        return self._subject_end is not None and self._subject_end <= baseline_start

    def extent(self, span: tuple[int, int]) -> int:
        """End (in the sentence) of the text whose hardware is the baseline's.

        "than X on an H100": the "on <hardware>" tail names the baseline's
        hardware only when the claim's side names its own ("ours on the Intel
        GPU beats X on an H100"); otherwise both ran there ("3x faster than X
        on an H100") and the baseline phrase ends where it ends."""
        end = self._extents.get(span)
        if end is None:
            tail = _HARDWARE_TAIL.match(self.sentence, span[1])
            end = tail.end() if tail and self.has_own_hardware_before(span[0]) else span[1]
            self._extents[span] = end
        return end

    def reach(self, span: tuple[int, int]) -> int:
        """End (in the sentence) of a baseline phrase with any "on <hardware>"
        tail, whoever ran there ("than running on a CPU")."""
        tail = _HARDWARE_TAIL.match(self.sentence, span[1])
        return tail.end() if tail else span[1]

    def _named_within(self, lo: int, hi: int) -> list[HardwareMention]:
        """Named mentions inside [lo, hi) of the sentence (sorted, disjoint)."""
        i = bisect_left(self._named_starts, self.start + lo)
        j = bisect_right(self._named_ends, self.start + hi)
        return self.named[i:j] if j > i else []

    def attribute(self, claim_start: int, claim_end: int, base: Optional[tuple[int, int]],
                  doc_default: Optional[HardwareMention]) -> Attribution:
        """Context of one claim at [claim_start, claim_end) of the field."""
        sentence, ss = self.sentence, self.start
        cs, ce = claim_start - ss, claim_end - ss
        baseline = _clean_phrase(sentence[base[0]:base[1]]) if base else None
        in_base = self._named_within(base[0], self.extent(base)) if base else []
        baseline_hw = in_base[0].name if in_base else None

        chosen = self._run_on_after(claim_end) if self.named else None
        listed_count = None
        if chosen is None and self.own:
            pool = self.own_on or self.own
            chosen = _nearest_mention(pool, (claim_start + claim_end) / 2, lambda m: (m.start + m.end) / 2)
            if self._in_device_list(chosen):
                # "across NVIDIA Jetson TX2, Jetson Orin NX, RubikPi, and Intel Core i7 demonstrate
                # ... 4.0x better makespan": a result over a list of devices is no one device's
                # (a claim said to run on one, "1.5x on RTX 4090", and "respectively" lists map);
                # the count stays ("on as few as two NVIDIA H100 or H200 GPUs"; each device of
                # "the Jetson Nano GPU and the Snapdragon 8 Gen 1 platform" is one), not in a list
                # of examples ("smartphone models, including the Galaxy Z Flip 3, iPhone 15 Pro")
                chosen, listed_count = None, (None if self._in_example_list(chosen) else chosen.count)
        elif chosen is None and base and not self.has_own_hardware_before(base[0], with_mentions=False):
            tail = _HARDWARE_TAIL.match(sentence, base[1])
            near = self._named_within(base[0], tail.end() if tail else base[1])
            if near:
                # nothing but the baseline's hardware, and the claim's side names none:
                # "saves 40% energy compared to DGX-A100", "2,146 token/s over H20 GPUs"
                chosen = _nearest_mention(near, claim_start, lambda m: m.start)
        if chosen is not None and chosen is not doc_default and (self._in_example_list(chosen)
                                                                   or self._host_cpus_of(chosen)):
            # "on edge devices such as Raspberry Pi and Jetson Nano": no one device; "with 256 CPU
            # cores on an NVIDIA DGX-A100": the work ran on the machine's CPUs, not its GPUs
            chosen = None
        if chosen is None and not self.own and doc_default is not None:
            chosen = doc_default
        count = chosen.count if chosen else listed_count
        # "on a single GPU" / "on 2 GPUs" gives the count even where it names no
        # model, and a count in the claim's sentence beats the document's
        if self.generic and (count is None or chosen is doc_default):
            nearest = _nearest_mention(self.generic, claim_start, lambda m: m.start)
            cls = generic_class(nearest.text)
            # not the count of a device of another kind ("on a desktop PC" beside a Quest 3)
            if chosen is None or chosen.name is None or cls is None or same_device_class(chosen.name, cls):
                count = nearest.count
        run = unnamed_run_after(sentence, ce)
        if run and not self._named_near(run[0], run[1]) and not same_device_class(
                chosen.name if chosen else None, run[2]):
            # "20 FPS on an NVIDIA Jetson edge device" beside an A100: the claim
            # names its own device, of another class, one the catalog does not know
            in_run = [m for m in self.generic if run[0] <= m.start - ss and m.end - ss <= run[1]]
            chosen = in_run[0] if in_run else None
            count = chosen.count if chosen else (1 if _ONE_DEVICE.match(sentence, run[0]) else None)
        if _per_device().match(sentence, ce):
            count = 1   # "450 tokens/s per GPU on 8 H100 GPUs" is one GPU's rate
        elif (per := _PER_NAMED.match(sentence, ce)) is not None and any(
                m.start - ss == per.end() and m.count in (None, 1) for m in self.named):
            # "32.5 tokens/s per V100 GPU": one device's rate, the device named
            count = 1
        return self._attribution(chosen, count, cs, ce, baseline, baseline_hw)

    def _in_device_list(self, m: HardwareMention) -> bool:
        """Is ``m`` coordinated with another, different named device ("T4, V100, A800",
        "A100 and H100 GPUs", "the Jetson Nano GPU and the Snapdragon 8 Gen 1 platform")?"""
        i = bisect_left(self._named_starts, m.start)   # not list.index: a sentence of many claims stays linear
        for a, b in ((i - 1, i), (i, i + 1)):
            if 0 <= a and b < len(self.named) and self.named[a].name != self.named[b].name \
                    and _DEVICE_LIST_GAP.fullmatch(self.sentence, self.named[a].end - self.start,
                                                   self.named[b].start - self.start):
                return True
        return False

    def _in_example_list(self, m: HardwareMention) -> bool:
        """Is ``m`` one of two or more devices given as examples ("such as A and B",
        "e.g., A, B", "including A and B"), within one clause?"""
        lo = max(0, m.start - self.start - _EXAMPLE_WINDOW)
        cue = None
        for cue in _EXAMPLE_CUE.finditer(self.sentence, lo, m.start - self.start):
            pass
        if cue is None:
            return False
        end = _CLAUSE_END.search(self.sentence, m.end - self.start)
        hi = self.start + (end.start() if end else len(self.sentence))
        return sum(1 for n in self.named if self.start + cue.end() <= n.start and n.end <= hi) >= 2

    def _host_cpus_of(self, m: HardwareMention) -> bool:
        lo = m.start - self.start
        return (m.name is not None and device_class(m.name) == "gpu"
                and _HOST_CPUS_BEFORE.search(self.sentence, max(0, lo - 40), lo) is not None)

    def _run_on_after(self, claim_end: int) -> Optional[HardwareMention]:
        """The mention the claim is said to run on right after it ("1.5x on
        RTX 4090", "3x speedup on an H100"), which beats a nearer one before
        it ("..., 1.9x on A100, and 1.5x on RTX 4090"), and is the claim's
        even inside a baseline phrase ("compared to 800 tokens/s on an A100")."""
        i = bisect_left(self._named_starts, claim_end)
        if i == len(self.named) or self.named[i].start - claim_end > _RUN_AFTER_WINDOW:
            return None
        m = self.named[i]
        lo, hi = claim_end - self.start, m.start - self.start
        return m if _RUN_BETWEEN.fullmatch(self.sentence, lo, hi) else None

    def _named_near(self, lo: int, hi: int) -> bool:
        """Does a named mention overlap [lo, hi) of the sentence or follow it
        closely ("on a consumer GPU (RTX 4090)", "on Jetson Orin")?"""
        i = bisect_left(self._named_ends, self.start + lo + 1)
        return i < len(self.named) and self.named[i].start < self.start + hi + _NAME_AFTER_RUN

    def _attribution(self, chosen: Optional[HardwareMention], count: Optional[int], cs: int, ce: int,
                     baseline: Optional[str], baseline_hw: Optional[str]) -> Attribution:
        if baseline_hw == (chosen.name if chosen else None):
            baseline_hw = None
        precision = self.precisions.nearest(cs, ce)
        return Attribution(
            hardware=chosen.name if chosen else None,
            hardware_count=count,
            hardware_text=chosen.text if chosen else None,
            baseline=baseline,
            baseline_hardware=baseline_hw,
            model=self.models.nearest(cs, ce),
            precision=precision.upper() if precision and not precision.endswith("bit") else precision,
        )


def _first_end(pattern, sentence: str) -> Optional[int]:
    m = pattern.search(sentence)
    return m.end() if m else None


def _nearest_mention(pool: Sequence[HardwareMention], target: float, key) -> HardwareMention:
    """``min(pool, key=lambda m: abs(key(m) - target))`` for a pool sorted by
    ``key`` (disjoint mentions): the two neighbours of ``target``, the earlier
    on a tie, as ``min`` would pick."""
    keys = [key(m) for m in pool] if len(pool) > 8 else None
    if keys is None:
        return min(pool, key=lambda m: abs(key(m) - target))
    i = bisect_left(keys, target)
    if i == 0:
        return pool[0]
    if i == len(pool):
        return pool[-1]
    before, after = pool[i - 1], pool[i]
    return before if target - keys[i - 1] <= keys[i] - target else after


@lru_cache(maxsize=512)
def _spans(pattern: re.Pattern, sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Matches of a pattern in a sentence, computed once for all its claims."""
    return tuple((m.start(), m.end(), m.group()) for m in pattern.finditer(sentence))


def _model_spans_definition(sentence: str) -> tuple[tuple[int, int, str], ...]:
    return _spans(_MODEL, sentence)


@lru_cache(maxsize=512)
@shortcut(_model_spans_definition)
def _model_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """``_spans(_MODEL, sentence)``, 1.5x faster (see _MODEL_SCAN)."""
    out = []
    end = 0
    for m in _MODEL_SCAN.finditer(sentence):
        start = m.start()
        if start >= end:   # not inside the previous name
            end = m.end(1)
            out.append((start, end, m.group(1)))
    return tuple(out)


def _precision_spans_definition(sentence: str) -> tuple[tuple[int, int, str], ...]:
    return _spans(_PRECISION, sentence)


@lru_cache(maxsize=512)
@shortcut(_precision_spans_definition, "precision names searched only in a sentence holding one of their words")
def _precision_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    lower = sentence.lower()
    if not any(w in lower for w in _PRECISION_WORDS) and not _W_DIGIT.search(sentence):
        return ()
    return _spans(_PRECISION, sentence)


class _Spans:
    """Disjoint, sorted name spans of a sentence (finditer's), for the
    nearest one to each claim."""

    __slots__ = ("spans", "starts", "ends")

    def __init__(self, spans: tuple[tuple[int, int, str], ...]):
        self.spans = spans
        self.starts = [s for s, _, _ in spans]
        self.ends = [e for _, e, _ in spans]

    def nearest(self, cs: int, ce: int) -> Optional[str]:
        """The text of the span nearest the claim [cs, ce) that does not
        overlap it, the earlier on a tie: the last span ending by ``cs`` or
        the first starting at ``ce`` or later."""
        spans = self.spans
        if not spans:
            return None
        i = bisect_right(self.ends, cs) - 1
        j = bisect_left(self.starts, ce)
        before = spans[i] if i >= 0 else None
        after = spans[j] if j < len(spans) else None
        if after is None or (before is not None and cs - before[1] <= after[0] - ce):
            return before[2].strip() if before is not None else None
        return after[2].strip()


# -- a sentence's lists and the document ---------------------------------------------
# These read a typed sentence of the pipeline: ``start``, ``end`` (in the
# field), ``typed`` (its claims in order), ``bases`` (each claim's baseline
# span, relative to the sentence) and ``context`` (its SentenceContext).

_CLAIM_LIST_GAP = regex.compile(r"^\s*(?:,|/)?\s*(?:and|or)?\s*$")
_RESPECTIVELY = regex.compile(r"\brespective(?:ly)?\b", regex.IGNORECASE)
# a list item after a baseline phrase's comma ("than Triton, cuBLAS and CUTLASS"): a name
# (capitalised, or cuBLAS-like), not a clause ("..., highlighting X")
_LIST_GOES_ON = regex.compile(r"\s*,\s*(?:and\s+|or\s+)?(?:the\s+)?(?=[A-Z]|[a-z]{1,4}[A-Z])(?!(?:I\.e|E\.g)\b)\w")
# a baseline phrase cut at a comma that a list of names goes on after ("over FlashAttn, ZigZagRing, and APB")
_NAME_LIST_GOES_ON = regex.compile(r"\s*,\s*(?:and\s+|or\s+)?[A-Z0-9]")


def _in_any(m: HardwareMention, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Is the mention inside one of the (sorted) spans? Looks only at the
    spans starting just before it, so the cost does not grow with their number."""
    i = bisect_right(starts, m.start) - 1
    return any(spans[k][0] <= m.start and m.end <= spans[k][1] for k in range(max(0, i - 2), i + 1))


TRAINING = regex.compile(r"\b(?:train(?:s|ed|ing)?|pre-?train\w*|fine-?tun\w*)\b", regex.IGNORECASE)


_STEP_TIME = regex.compile(r"\bstep\s+times?\b", regex.IGNORECASE)   # a training step's time


def stated_for_training(f, m: HardwareMention) -> bool:
    """Does the sentence of ``m`` speak of training before it ("Training is
    conducted on 8 H100 GPUs", "we train on 64 A100s")?"""
    text = f.clean.text
    window = max(0, m.start - 200)
    stop = text.rfind(". ", window, m.start)   # the sentence's start, within 200 characters
    return TRAINING.search(text, stop + 2 if stop >= 0 else window, m.start) is not None


def untrained(device: Optional[HardwareMention], context: str) -> Optional[HardwareMention]:
    """A default device for a claim: without its count when the count was
    stated for training and the claim's context does not speak of training
    (a per-image inference time run on the 8 training GPUs is not said)."""
    if device is not None and device.training and not (TRAINING.search(context) or _STEP_TIME.search(context)):
        return HardwareMention(device.start, device.end, device.text, device.name, None)
    return device


# a device given as an example of a kind: "GPUs with 24GB memory (e.g., NVIDIA RTX 4090)"
_EXAMPLE_BEFORE = regex.compile(r"(?:such\s+as|e\.g\.,?|for\s+example,?|for\s+instance,?)\s+(?:on\s+)?(?:the\s+|an?\s+)?$",
                                regex.IGNORECASE)


def named_as_example(text: str, m: HardwareMention) -> bool:
    return _EXAMPLE_BEFORE.search(text, max(0, m.start - 40), m.start) is not None


def document_hardware(found, host_cpu: bool = False, skip_examples: bool = False) -> Optional[HardwareMention]:
    """The document's one device, if it names exactly one (docs/SPEC.md section 2).

    Mentions that stand in a baseline phrase ("than X on an H100") are the
    baseline's hardware, not the paper's, and do not count. A device of
    another class named without a catalogued model ("a CPU", "a
    smartphone", "Jetson devices") is a second device: no default then. A
    document that names no catalogued model but one counted generic device
    ("on a single GPU") has that one (no name, its count) as its default.
    ``host_cpu``: a setup that names one accelerator and the host's CPU ("a
    machine with a GeForce RTX 4090, an i9-13900K and 32GB of RAM") has the
    accelerator (a claim whose passage speaks of a CPU is told apart by the caller).
    ``skip_examples``: a device named as an example of a kind ("consumer GPUs
    with 24GB memory (e.g., NVIDIA RTX 4090)") is not one the paper ran on
    (full text, where a setup says where the runs were)."""
    own: list[HardwareMention] = []
    owner: dict = {}   # id of a mention -> its field
    generic: list[HardwareMention] = []
    fields = []   # (field, its baseline spans): read again only if a default is possible
    for f, sentences in found:
        spans = []
        if f.mentions:
            for sent in sentences:
                for b in sent.bases:
                    if b:
                        spans.append((sent.start + b[0], sent.start + sent.context.extent(b)))
            spans.sort()
            starts = [s for s, _ in spans]
            own.extend(m for m in f.mentions if m.name and not _in_any(m, spans, starts)
                       and not (skip_examples and named_as_example(f.clean.text, m)))
            owner.update((id(m), f) for m in f.mentions)
            generic.extend(m for m in f.mentions
                           if m.name is None and m.count is not None and not _in_any(m, spans, starts))
            if len({m.name for m in own}) > 1 and not (host_cpu and _one_accelerator(own)):
                return None  # two models named: no single document hardware
        fields.append((f, spans))
    if not own and not generic:
        return None   # most documents: nothing to default to, no need to look for device words
    classes: set[str] = set()
    for f, spans in fields:
        # a generic mention ("on a single CPU") is not skipped: its class is a second device
        classes |= device_classes(f.clean.text, [(m.start, m.end) for m in f.mentions if m.name] + spans)
    if own and host_cpu and _one_accelerator(own):
        own = [m for m in own if device_class(m.name) != "cpu"]
        classes.discard("cpu")
    if own:
        name = own[0].name
        cls = device_class(name)
        if cls and classes - {cls} - CLASS_PARTS.get(cls, set()):
            return None   # and a device of another kind, without a model
        counts = {m.count for m in own if m.count is not None}
        first = own[0]
        # several different counts for the one chip: the document gives no single one
        count = counts.pop() if len(counts) == 1 else None
        counted = [m for m in own if m.count is not None]
        # a training cluster's count ("8 H100 GPUs") is not that of the paper's other runs;
        # one GPU is ("on a single GPU; inference times are measured on the same GPU")
        training = count is not None and count > 1 and all(stated_for_training(owner[id(m)], m) for m in counted)
        return HardwareMention(first.start, first.end, first.text, first.name, count, training)
    counts = {m.count for m in generic}
    if len(counts) != 1 or len(classes | {generic_class(m.text) for m in generic}) > 1:
        return None
    first = generic[0]
    return HardwareMention(first.start, first.end, first.text, None, counts.pop())


def _one_accelerator(own: list[HardwareMention]) -> bool:
    """Do these mentions name one device that is not a CPU, and otherwise CPUs only?"""
    others = {m.name for m in own if device_class(m.name) != "cpu"}
    return len(others) == 1 and device_class(next(iter(others))) in ("gpu", "npu_tpu")


def _runs(sent, sentence: str) -> list[tuple[int, int]]:
    """Index ranges [i, j] of same-type claims written as a list ("15x, 46x and 108x")."""
    runs = []
    typed = sent.typed
    i = 0
    while i < len(typed):
        j = i
        while j + 1 < len(typed) and typed[j + 1].claim_type == typed[i].claim_type and \
                _CLAIM_LIST_GAP.match(sentence[typed[j].q.end - sent.start:typed[j + 1].q.start - sent.start]):
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _list_end(sentence: str, end: int) -> int:
    """Where a baseline phrase cut at a list comma ends when the list of names
    goes on ("than A, B, and C"): past its last name."""
    for _ in range(20):   # a list, not a paragraph
        more = _LIST_GOES_ON.match(sentence, end)
        if more is None:
            return end
        stop = _BASELINE_STOP.search(sentence, more.end(), more.end() + 200)
        end = stop.start() if stop else min(len(sentence), more.end() + 200)
    return end


def list_baselines(sent, sentence: str) -> dict[int, str]:
    """"15x, 46x and 158x faster than A, B and C": one baseline per item;
    "14.9x / 19.2x improvement over A": A for each relative claim (a speedup or
    reduction; a level's baseline is what it is compared with, read per claim)."""
    out: dict[int, str] = {}
    for i, j in _runs(sent, sentence):
        span = sent.bases[j]
        if j > i and span:
            # a phrase after the list's last figure may go on as a list of names
            after_last = span[0] >= sent.typed[j].q.end - sent.start
            parts = split_list(sentence[span[0]:_list_end(sentence, span[1]) if after_last else span[1]])
            if any(p.count("(") != p.count(")") or p[:1].isdigit() for p in parts):
                continue   # the list of a parenthesis, or of figures: no names to deal
            if len(parts) == j - i + 1:
                out.update({k: p for k, p in zip(range(i, j + 1), parts)})
            elif (len(parts) == 1 and sent.typed[i].claim_type in RELATIVE_TYPES
                  and not any(sent.bases[k] for k in range(i, j))
                  and not _RESPECTIVELY.search(sentence) and not _NAME_LIST_GOES_ON.match(sentence, span[1])):
                one = _clean_phrase(parts[0])
                if one is not None:
                    out.update({k: one for k in range(i, j)})
    return out


def respectively(sent, sentence: str, mentions) -> dict[int, HardwareMention]:
    """"40.4% and 45.2% higher throughput on a V100 GPU and a Xeon CPU,
    respectively": the n-th claim of the list ran on the n-th hardware."""
    if not _RESPECTIVELY.search(sentence):
        return {}
    out: dict[int, HardwareMention] = {}
    local = [m for m in mentions if m.name and sent.start <= m.start and m.end <= sent.end]
    starts = [m.start for m in local]   # disjoint and sorted: ends sorted too
    ends = [m.end for m in local]
    for i, j in _runs(sent, sentence):
        if j == i:
            continue
        n = j - i + 1
        first_after = bisect_left(starts, sent.typed[j].q.end)
        n_before = bisect_right(ends, sent.typed[i].q.start)
        # the hardware list after the claims ("on A and B, respectively"), else
        # the one before them ("on A and B ... respective speedups of x and y")
        pool = (local[first_after:] if len(local) - first_after == n
                else local[:n_before] if n_before == n else [])
        out.update({k: m for k, m in zip(range(i, j + 1), pool)})
    return out
