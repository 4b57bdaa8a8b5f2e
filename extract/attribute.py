"""Attach context to a claim: the hardware it ran on (and how many), the
baseline it is compared against, the model, the numeric precision, and the
paper's own system name.

Hardware follows SPEC section 2: a hardware named in the same sentence,
preferring one the claim is said to run "on"; else the one hardware model the
document names; else none. A mention inside the baseline phrase ("than X on
an H100") is the baseline's hardware, not the claim's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import regex

from .model import HardwareMention
from .rules import Caseless

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
    r"(?:[- ]?(?:\d+(?:\.\d+)*|[A-Z]{1,3}|XL|Large|Base|Small|Tiny|v\d(?:\.\d)?))*(?:[- ]\d+(?:\.\d+)?[BM])?)(?![\w-])")
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
_COORDINATION = Caseless(r"[^,;.]{0,40}?(?:,\s*|\s+)(?:and|while|whereas)\s+")


_SUBJECT_HARDWARE = Caseless(
    r"\b(?:on|using|with)\s+(?:\w+[\s-]+){0,4}?(?:GPUs?|CPUs?|TPUs?|NPUs?|accelerators?|chips?|devices?|hardware)\b")


def subject_has_hardware(sentence: str, baseline_start: int, mentions, sentence_start: int) -> bool:
    """Does the sentence name the claim's own hardware before its baseline phrase?"""
    if any(m.end - sentence_start <= baseline_start for m in mentions):
        return True
    return bool(_SUBJECT_HARDWARE.search(sentence, 0, baseline_start))


def baseline_extent(sentence: str, span: tuple[int, int], mentions, sentence_start: int) -> int:
    """End (in ``sentence``) of the text whose hardware is the baseline's.

    "than X on an H100": the "on <hardware>" tail names the baseline's
    hardware only when the claim's side names its own ("ours on the Intel GPU
    beats X on an H100"); otherwise both ran there ("3x faster than X on an
    H100") and the baseline phrase ends where it ends."""
    tail = _HARDWARE_TAIL.match(sentence, span[1])
    if tail and subject_has_hardware(sentence, span[0], mentions, sentence_start):
        return tail.end()
    return span[1]


def baseline_span(sentence: str, claim_start: int, claim_end: int,
                  previous_end: Optional[int] = None) -> Optional[tuple[int, int]]:
    """Span (in ``sentence``) of the baseline phrase of the claim, if any.

    After the claim: "3x faster than FlashAttention-2 on ..."; before it:
    "compared with Megatron-LM, Domino achieves up to 1.3x"; and in a
    coordination after an earlier claim of the sentence: "outperforms A by 2x
    and B on an H100 by 19x" (B is the second claim's baseline)."""
    if previous_end is not None:
        by = _BY_BEFORE.search(sentence[:claim_start])
        coord = _COORDINATION.match(sentence, previous_end) if by else None
        if by and coord and coord.end() < by.start():
            return coord.end(), by.start()
    after = _BASELINE_CUE.search(sentence, claim_end, min(len(sentence), claim_end + 80))
    if after and not _SENTENCE_STOP.search(sentence, claim_end, after.start()):
        start = after.end()
        stop = _BASELINE_STOP.search(sentence, start)
        end = stop.start() if stop else len(sentence)
        if end > start:
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


def attribute(sentence: str, sentence_start: int, claim_start: int, claim_end: int,
              mentions: Sequence[HardwareMention], doc_default: Optional[HardwareMention],
              base: Optional[tuple[int, int]] = None,
              other_bases: Sequence[tuple[int, int]] = ()) -> Attribution:
    """Context of one claim. Offsets are in the field text; ``mentions`` are the
    hardware mentions of the field; ``doc_default`` is the document's single
    hardware model (or None)."""
    s_end = sentence_start + len(sentence)
    local = [m for m in mentions if m.start >= sentence_start and m.end <= s_end]
    cs, ce = claim_start - sentence_start, claim_end - sentence_start
    baseline = _clean_phrase(sentence[base[0]:base[1]]) if base else None

    def in_baseline(m: HardwareMention, span) -> bool:
        if not span:
            return False
        ms, me = m.start - sentence_start, m.end - sentence_start
        return ms >= span[0] and me <= baseline_extent(sentence, span, local, sentence_start)

    def in_baseline_or_tail(m: HardwareMention) -> bool:
        ms, me = m.start - sentence_start, m.end - sentence_start
        tail = _HARDWARE_TAIL.match(sentence, base[1])
        return ms >= base[0] and me <= (tail.end() if tail else base[1])

    named = [m for m in local if m.name]
    # hardware of any baseline of the sentence is not this claim's own
    own = [m for m in named if not any(in_baseline(m, b) for b in (base, *other_bases))]
    baseline_hw = next((m.name for m in named if in_baseline(m, base)), None)

    chosen: Optional[HardwareMention] = None
    if own:
        on = [m for m in own if _RUN_ON.search(sentence[:m.start - sentence_start])]
        pool = on or own
        chosen = min(pool, key=lambda m: abs((m.start + m.end) / 2 - (claim_start + claim_end) / 2))
    elif base and not subject_has_hardware(sentence, base[0], [], sentence_start) and \
            any(in_baseline_or_tail(m) for m in named):
        # nothing but the baseline's hardware, and the claim's side names none:
        # "saves 40% energy compared to DGX-A100", "2,146 token/s over H20 GPUs"
        chosen = min((m for m in named if in_baseline_or_tail(m)), key=lambda m: abs(m.start - claim_start))
    elif doc_default is not None:
        chosen = doc_default
    count = chosen.count if chosen else None
    generic = [m for m in local if m.name is None and m.count is not None]
    # "on a single GPU" / "on 2 GPUs" gives the count even where it names no
    # model, and a count in the claim's sentence beats the document's
    if generic and (count is None or chosen is doc_default):
        count = min(generic, key=lambda m: abs(m.start - claim_start)).count
    if baseline_hw == (chosen.name if chosen else None):
        baseline_hw = None

    model = _nearest(_model_spans(sentence), cs, ce)
    precision = _nearest(_precision_spans(sentence), cs, ce)
    return Attribution(
        hardware=chosen.name if chosen else None,
        hardware_count=count,
        hardware_text=chosen.text if chosen else None,
        baseline=baseline,
        baseline_hardware=baseline_hw,
        model=model,
        precision=precision.upper() if precision and not precision.endswith("bit") else precision,
    )


@lru_cache(maxsize=512)
def _spans(pattern: re.Pattern, sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Matches of a pattern in a sentence, computed once for all its claims."""
    return tuple((m.start(), m.end(), m.group()) for m in pattern.finditer(sentence))


@lru_cache(maxsize=512)
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


@lru_cache(maxsize=512)
def _precision_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    lower = sentence.lower()
    if not any(w in lower for w in _PRECISION_WORDS) and not _W_DIGIT.search(sentence):
        return ()
    return _spans(_PRECISION, sentence)


def _nearest(spans: tuple[tuple[int, int, str], ...], cs: int, ce: int) -> Optional[str]:
    """The text of the span nearest the claim [cs, ce) that does not overlap it."""
    best = None
    for start, end, text in spans:
        if start < ce and end > cs:
            continue
        d = cs - end if end <= cs else start - ce
        if best is None or d < best[0]:
            best = (d, text.strip())
    return best[1] if best else None
