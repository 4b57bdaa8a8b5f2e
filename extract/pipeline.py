"""From a document to its claim rows: clean -> sentences -> quantities ->
types and values -> hardware and other context -> rows."""
from __future__ import annotations

import hashlib
import logging
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Iterator, Optional

import regex

from .attribute import (TRAINING, SentenceContext, baseline_span, document_hardware, list_baselines, named_as_example,
                        respectively, stated_for_training, system_name, untrained)
from .classify import Classifier, Typed
from .clean import CleanText, clean
from .hardware import (CLASS_PARTS, class_words, singular_class_words, compile_engine, device_class, device_classes, find_hardware,
                       generic_class)
from .match import find_quantities
from .fulltext.cells import device_counts, quoted_row, table_claims, table_rules
from .fulltext.sections import section_kinds
from .fulltext.table_model import TABLE_LABEL
from .model import BASELINE_TYPES, RELATIVE_TYPES, Claim, Doc, HardwareMention, Passage
from .read import RecordError, doc_link
from .roles import Rejected, load_roles
from .rules import load_rules
from .schema import unrepresentable
from .sentences import sentence_spans

log = logging.getLogger(__name__)


def claim_id(doc_id: str, field: str, start: int, end: int, claim_type: str) -> str:
    key = f"{doc_id}\x1f{field}\x1f{start}\x1f{end}\x1f{claim_type}".encode("utf-8")
    return hashlib.sha1(key).hexdigest()[:16]


class _Field:
    """One field of a document, cleaned, with its hardware mentions."""

    def __init__(self, name: str, text: str, passage: Optional[Passage] = None, in_body: int = -1):
        self.name = name
        self.text = text
        self.passage = passage                        # a full-text passage ("body"), else None
        # a full-text paper's title read where the body writes it: the rows are the body's
        self.field = "body" if in_body >= 0 else name
        self.offset = passage.offset if passage else max(in_body, 0)   # where the text starts in its field
        self.clean: CleanText = clean(text)
        self._mentions: Optional[list[HardwareMention]] = None

    @property
    def mentions(self) -> list[HardwareMention]:
        # found on first use: most documents hold no claim and never need them
        if self._mentions is None:
            self._mentions = find_hardware(self.clean.text)
            self._mention_starts = [m.start for m in self._mentions]
        return self._mentions

    def mentions_in(self, start: int, end: int) -> list[HardwareMention]:
        """Mentions inside [start, end) (bisect: long texts stay linear)."""
        mentions = self.mentions
        i = bisect_left(self._mention_starts, start)
        out = []
        while i < len(mentions) and mentions[i].start < end:
            if mentions[i].end <= end:
                out.append(mentions[i])
            i += 1
        return out


@dataclass
class _TypedSentence:
    start: int
    end: int
    typed: list[Typed]
    bases: list[Optional[tuple[int, int]]]   # per claim, sentence-relative
    context: SentenceContext


class Extractor:
    def __init__(self):
        self.rules = load_rules()
        self.classifier = Classifier(self.rules)
        self.roles = load_roles()
        compile_engine()   # every pattern compiled up front, not inside the first documents

    def extract(self, doc: Doc, unrepresentable: Optional[list[str]] = None,
                rejected: Optional[list[dict]] = None) -> list[Claim]:
        """The claims of a document. Numbers past what a float holds are left
        out; their text is appended to ``unrepresentable`` when given. Typed
        quantities whose role is not a result (rules/roles.toml) are left out;
        ``rejected`` receives a row for each (schemas/rejected.v1.json)."""
        title = (_Field("title", doc.title_text, in_body=doc.title_offset) if doc.title_offset >= 0
                 else _Field("title", doc.title))
        fields = [title, _Field("abstract", doc.abstract)]
        fields += [_Field("body", p.text, p) for p in doc.passages]
        # pass 1: typed claims and their baseline phrases, for every field
        found = [(f, self._sentences(f, unrepresentable, doc if rejected is not None else None, rejected))
                 for f in fields]
        tables = [(t, section, kind, table_claims(t)) for t, section, kind in doc.tables]
        if not any(sentences for _, sentences in found) and not any(cells for *_, cells in tables):
            return []
        defaults = _scoped_defaults(found) if doc.passages or doc.tables else None
        default = document_hardware(found) if defaults is None else None
        system = system_name(doc.title)
        link = doc_link(doc)
        claims: list[Claim] = []
        caption_devices = _caption_devices(doc) if defaults is not None else None
        section_devices = _SectionDevices(found)
        for f, sentences in found:
            if not sentences:
                continue   # no claim here: no default to look for (full text: most passages)
            scoped = default if defaults is None else defaults(f)
            # the device of the tables and figures the paragraph cites, nearer than its section's;
            # with the count the paragraph itself gives it ("Figure 5 shows speedup on an A100 GPU")
            paragraph = _cited_device(f.clean.text, caption_devices)[1] if caption_devices else None
            if paragraph is not None and paragraph.count is None:
                stated = _stated_count(f.mentions, paragraph.name)
                if stated is not None:
                    paragraph = replace(paragraph, count=stated)
            for sent in sentences:
                if caption_devices:
                    cites, device = _cited_device(f.clean.text[sent.start:sent.end], caption_devices)
                    own_default = device if cites else paragraph or scoped
                    if (own_default is not None and scoped is not None and own_default.name == scoped.name
                            and own_default.count is None):
                        own_default = scoped   # the same device, with the count its section gives
                else:
                    own_default = scoped
                if defaults is not None:
                    own_default = _class_pick(f, sent, own_default, section_devices) or own_default
                    if own_default is None:
                        own_default = _paragraph_pick(f, sent)
                    own_default = _paragraph_count(f, sent, own_default or scoped)
                claims.extend(self._rows(doc, f, sent, own_default or scoped, system, link))
        for table, section, kind, cells in tables:
            if cells:
                claims.extend(_table_rows(doc, table, section, kind, cells, defaults, system, link))
        if tables:   # cells and text in file order
            claims.sort(key=lambda c: (c.field != "title", c.field != "abstract", c.char_start))
        if defaults is not None:
            claims = _single_device_counts(_named_generic(claims, found), found)
        return claims

    def _sentences(self, f: _Field, unrepresentable: Optional[list[str]] = None,
                   doc: Optional[Doc] = None, rejected: Optional[list[dict]] = None) -> list[_TypedSentence]:
        text = f.clean.text
        lost: Optional[list] = [] if unrepresentable is not None else None
        quantities = find_quantities(text, self.rules, lost)
        if lost:
            for q in lost:
                start, end = f.clean.to_original(q.start, q.end)
                unrepresentable.append(f.text[start:end])
        if not quantities:
            return []
        out = []
        k = 0
        for s_start, s_end in sentence_spans(text):
            while k < len(quantities) and quantities[k].start < s_start:
                k += 1
            in_sentence = []
            while k < len(quantities) and quantities[k].start < s_end:
                if quantities[k].end <= s_end:
                    in_sentence.append(quantities[k])
                k += 1
            if not in_sentence:
                continue
            qualifier_start = {q.start: (q.context_start if q.context_start >= 0 else q.start) for q in in_sentence}
            blocked = [(m.start, m.end) for m in f.mentions_in(s_start, s_end)]
            typed = self.classifier.classify(in_sentence, text, s_start, s_end, qualifier_start, blocked)
            typed, not_results = self.roles.split(typed, text, s_start, s_end)
            if not_results and rejected is not None:
                rejected.extend(_rejection_row(doc, f, s_start, s_end, r) for r in not_results)
            if not typed:
                continue
            sentence = text[s_start:s_end]
            bases = []
            previous_end = None
            for t in typed:
                bases.append(baseline_span(sentence, t.q.start - s_start, t.q.end - s_start, previous_end,
                                           relative=t.claim_type in RELATIVE_TYPES))
                previous_end = t.q.end - s_start
            context = SentenceContext(sentence, s_start, f.mentions_in(s_start, s_end), bases)
            out.append(_TypedSentence(s_start, s_end, typed, bases, context))
        return out

    def _rows(self, doc: Doc, f: _Field, sent: _TypedSentence, default, system, link) -> list[Claim]:
        text = f.clean.text
        sentence_clean = text[sent.start:sent.end]
        o_s, o_e = f.clean.to_original(sent.start, sent.end)
        baselines = list_baselines(sent, sentence_clean)
        context = sent.context
        local = context.local
        hardware = respectively(sent, sentence_clean, local)
        # the first local mention of each (name, text): the one a claim's hardware text comes from
        first_mention = {}
        for m in local:
            first_mention.setdefault((m.name, m.text), m)
        out = []
        for i, t in enumerate(sent.typed):
            # full text: a quality figure takes a device only from its own sentence (a paper's
            # training cluster does not produce its benchmark scores)
            own_default = None if f.passage is not None and t.claim_type == "accuracy" else default
            if f.passage is not None:
                own_default = untrained(own_default, sentence_clean)
            a = context.attribute(t.q.start, t.q.end, sent.bases[i], own_default)
            chosen = hardware.get(i)
            start, end = f.clean.to_original(t.q.start, t.q.end)
            hw_name, hw_count, hw_text = a.hardware, a.hardware_count, None
            mention = chosen or first_mention.get((a.hardware, a.hardware_text))
            if chosen is not None:
                hw_name, hw_count = chosen.name, chosen.count
            if mention is not None:
                hs, he = f.clean.to_original(mention.start, mention.end)
                hw_text = f.text[hs:he]
            elif a.hardware_text is not None:
                hw_text = a.hardware_text
            at = f.offset
            compared = t.claim_type in BASELINE_TYPES
            out.append(Claim(
                claim_id=claim_id(doc.doc_id, f.field, at + start, at + end, t.claim_type),
                doc_id=doc.doc_id, title=doc.title, url=link[0], date=link[1], system=system, field=f.field,
                char_start=at + start, char_end=at + end, text=f.text[start:end],
                sentence=sentence_window(f.text, o_s, o_e, start, end), claim_type=t.claim_type, metric=t.metric,
                value=t.high, value_low=t.low, value_high=t.high, unit=t.unit,
                unit_text=t.q.unit_text, qualifier=t.qualifier,
                hardware=hw_name, hardware_count=hw_count, hardware_text=hw_text,
                baseline=baselines.get(i, a.baseline) if compared else None,
                baseline_hardware=a.baseline_hardware if compared else None,
                model=a.model, precision=a.precision, rule=t.rule, input_extra=link[2],
                **_section_columns(f),
            ))
        return out


# The ``sentence`` column: the whole sentence up to SENTENCE_MAX characters
# (99.99% of real ones); past that, CONTEXT_SIDE characters either side of the
# claim, cut at spaces and marked with "…". Every row carries this text, so a
# pathological sentence of thousands of claims would otherwise make the output
# quadratic in the input (a 100 KB one made a 910 MB CSV).
SENTENCE_MAX = 1000
CONTEXT_SIDE = 250
ELLIPSIS = "…"


def sentence_window(text: str, s_start: int, s_end: int, c_start: int, c_end: int) -> str:
    """The ``sentence`` column for the claim at [c_start, c_end) of ``text``
    in the sentence [s_start, s_end)."""
    if s_end - s_start <= SENTENCE_MAX:
        return text[s_start:s_end]
    lo, hi = max(s_start, c_start - CONTEXT_SIDE), min(s_end, c_end + CONTEXT_SIDE)
    if lo > s_start:
        space = text.find(" ", lo, c_start)
        lo = space + 1 if space >= 0 else lo
    if hi < s_end:
        space = text.rfind(" ", c_end, hi)
        hi = space if space >= 0 else hi
    return (ELLIPSIS if lo > s_start else "") + text[lo:hi] + (ELLIPSIS if hi < s_end else "")


def _section_columns(f: _Field) -> dict:
    if f.passage is None:
        if f.field == "body":   # a full-text paper's title, read in its front matter
            return {"section_kind": "other", "passage_kind": "text"}
        return {"section_kind": f.name} if f.name == "abstract" else {}
    return {"section": f.passage.section, "section_kind": f.passage.section_kind, "passage_kind": f.passage.kind}


def _setup_scope(f: _Field, span: tuple[int, int]) -> tuple:
    """The part of a paragraph that says where things ran, as a scope for
    ``document_hardware``: its statement's sentence when that names a device
    ("The inference times are measured on a H100 GPU", not the training run
    on 64 H100s beside it), else the whole paragraph."""
    s, e = span
    if (s, e) != (0, len(f.text)):
        sentence = _Field(f.name, f.text[s:e], f.passage)
        if any(m.name for m in sentence.mentions):
            return sentence, []
    return f, []


def _scoped_defaults(found: list) -> Callable[[_Field], Optional[HardwareMention]]:
    """A full-text paper's hardware default for each field, nearest scope
    first: the device of the claim's nearest section that names one (its own,
    then those enclosing it, up to the top level), else of the
    paper's setup sections ("Experiments are conducted on 8 A100 GPUs"), else
    of the title and abstract, else of the whole paper outside related work.
    Each is the one device its scope names (``document_hardware``), or none."""
    by_section: dict = {}
    for item in found:
        # a caption's device governs its own table or figure, not the section
        if item[0].passage is not None and item[0].passage.kind != "caption":
            for key in _enclosing_sections(item[0]):
                by_section.setdefault(key, []).append(item)
    setup = _setup_device(found)
    front = document_hardware([i for i in found if i[0].passage is None or i[0].passage.section_kind == "abstract"],
                              skip_examples=True)
    # last: the one device the whole paper names, captions included, when no scope names one
    # (a paper whose only device is in its speed table's caption: "Results are obtained
    # with a Pascal Titan X GPU"); never one named only in related work
    paper_device: list = []   # found on first need: it reads every passage's devices
    cache: dict = {}

    def default(f: _Field) -> Optional[HardwareMention]:
        if f.passage is None:
            return front
        if f.passage.section_kind == "related_work":
            return None   # others' systems: this paper's setup does not govern them
        chosen = None
        for key in _enclosing_sections(f):   # the nearest section that names one device
            if key not in cache:
                cache[key] = document_hardware(by_section.get(key, []), skip_examples=True)
            if cache[key] is not None:
                chosen = cache[key]
                break
        chosen = chosen or setup or front
        if chosen is None:
            if not paper_device:
                paper_device.append(_paper_device(found))
            chosen = paper_device[0]
        if chosen is not None and chosen.name is None:
            # "on 256 GPUs" in the section, "NVIDIA H800 GPUs" in the setup: 256 of those
            cls = generic_class(chosen.text)
            named = next((d for d in (setup, front) if d is not None and d.name is not None
                          and device_class(d.name) == cls), None)
            if named is not None:
                chosen = replace(named, count=chosen.count, training=False)
        if chosen is not None and chosen.name is not None:
            # the passage runs on a device of another kind ("On a laptop, ..."): not the scope's
            cls = device_class(chosen.name)
            here = device_classes(f.clean.text, [(m.start, m.end) for m in f.mentions if m.name])
            if cls and here - {cls} - CLASS_PARTS.get(cls, set()):
                return None
        return chosen
    return default


def _setup_device(found: list) -> Optional[HardwareMention]:
    """The setup sections' one device; when they name none, that of the paragraphs
    elsewhere that say where the experiments ran ("All latencies are measured
    on a single H100"). Setup sections naming several devices leave no default."""
    kinds = section_kinds()
    setup_sections = [i for i in found if i[0].passage and i[0].passage.section_kind == "setup"]
    if not any(m.name for f, _ in setup_sections for m in f.mentions):
        setup_sections = [_setup_scope(f, span) for f, _ in found if f.passage and f.passage.kind == "text"
                          and f.passage.section_kind not in ("setup", "related_work")
                          and any(m.name for m in f.mentions)   # cheap first: most paragraphs name none
                          for span in [kinds.setup_span(f.passage.text)] if span is not None]
    return document_hardware(setup_sections, host_cpu=True) or _main_setup_device(found)


def _paper_device(found: list) -> Optional[HardwareMention]:
    """The one device a paper names outside related work, captions included;
    not one it names only where it says what it trained on ("We train using 128
    TPU-v5e devices": not where its figures were measured)."""
    body = [i for i in found if i[0].passage is not None and i[0].passage.section_kind != "related_work"]
    device = document_hardware(body, skip_examples=True)
    if device is None or device.name is None:
        return device
    named = [(f, m) for f, _ in body for m in f.mentions if m.name == device.name]
    return None if all(stated_for_training(f, m) for f, m in named) else device


# a statement of where the paper's main runs are, beside others ("The main experiments
# ... are conducted on ... an RTX 4090 GPU. Deployment experiments are performed on ...")
_MAIN_SETUP = regex.compile(
    r"\b(?:main|primary|principal|core)\s+(?:experiments?|results?|evaluations?|benchmarks?)\b"
    r"|\bunless\s+(?:otherwise\s+)?(?:stated|noted|specified|mentioned|indicated)\b"
    r"|\ball\s+(?:other\s+)?(?:experiments?|results?|measurements?|runs?)\s+(?:are|were)\s+(?:conducted|run|performed|measured)\b",
    regex.IGNORECASE)


def _main_setup_device(found: list) -> Optional[HardwareMention]:
    """When the setup names several devices: the one device the sentences
    saying where the main experiments ran name, if they name one."""
    named: dict = {}
    for f, _ in found:
        if (f.passage is None or f.passage.kind != "text" or f.passage.section_kind == "related_work"
                or not any(m.name for m in f.mentions)):
            continue
        text = f.clean.text
        cues = [m.start() for m in _MAIN_SETUP.finditer(text)]
        if not cues:
            continue
        for s, e in sentence_spans(text):
            if any(s <= c < e for c in cues):
                here = {m.name: m for m in f.mentions if m.name and s <= m.start < e}
                if len(here) > 1:   # a machine's accelerator beside its host CPU: the accelerator
                    here = {n: m for n, m in here.items() if device_class(n) != "cpu"}
                if len(here) == 1:
                    named.update(here)
    if len(named) != 1:
        return None
    first = next(iter(named.values()))
    return replace(first, training=False)


def _named_generic(claims: list[Claim], found: list) -> list[Claim]:
    """A full-text claim on a device named only by its class ("WarpDrive on a
    GPU is 5x faster", "on a single GPU") ran on the one catalogued device of
    that class the paper names outside related work ("an Nvidia A100 GPU" in
    its benchmarks section), with the count its own mention gives. A paper
    naming two devices of the class leaves the claim unnamed."""
    class_of = [generic_class(c.hardware_text) if c.hardware is None and c.hardware_text is not None else None
                for c in claims]
    classes = set(class_of) - {None}
    if not classes:
        return claims
    named: dict = {}   # class -> the device names of that class the paper's own text gives
    for f, _ in found:
        if f.passage is not None and f.passage.section_kind == "related_work":
            continue
        for m in f.mentions:
            if m.name is not None and (cls := device_class(m.name)) in classes:
                named.setdefault(cls, set()).add(m.name)
    only = {cls: next(iter(names)) for cls, names in named.items() if len(names) == 1}
    if not only:
        return claims
    return [replace(c, hardware=only[cls]) if cls in only else c for c, cls in zip(claims, class_of)]


# the claims a statement of where timings were measured governs
_TIMED_TYPES = frozenset({"latency", "speedup", "fps", "throughput"})


def _single_device_counts(claims: list[Claim], found: list) -> list[Claim]:
    """A full-text claim on a device named without a count ("on our RTX 3090
    GPU") ran on one of them when every count the paper gives that device
    outside related work is one ("a single RTX 3090 GPU"); a time or speed
    figure ran on the count a statement of where timings were measured gives
    it ("Latency is measured on a single A100 GPU")."""
    claims = _timed_counts(_timed_device(claims, found), found)
    needed = {c.hardware for c in claims if c.hardware is not None and c.hardware_count is None}
    if not needed:
        return claims
    # only the passages that can name one of them are scanned: a name's last
    # word ("3090", "A100", "v3") stands in every spelling of it
    tokens = {name.rsplit(" ", 1)[-1].lower() for name in needed}
    counts: dict = {}
    for f, _ in found:
        if f.passage is not None and f.passage.section_kind == "related_work":
            continue
        lower = f.text.lower()
        if not any(t in lower for t in tokens):
            continue
        for m in f.mentions:
            if m.name in needed and m.count is not None:
                counts.setdefault(m.name, set()).add(m.count)
    single = {name for name, seen in counts.items() if seen == {1}}
    if not single:
        return claims
    return [replace(c, hardware_count=1) if c.hardware in single and c.hardware_count is None else c for c in claims]


def _from_scope(c: Claim) -> bool:
    """Did a table cell's device come from a scope (its section's setup, the
    paper) rather than its caption, headers or row label?"""
    return c.passage_kind == "table" and _device_from_scope(c)


def _timed(c: Claim) -> bool:
    """A time or speed figure a statement of where timings were measured governs:
    a rate, a speedup, a table's latency cell, or a duration in prose whose sentence
    does not speak of training (that is a job's: "Training takes 3 days on 8 GPUs",
    "converges in 320 epochs (about 3 days on 8GPUs)")."""
    return c.claim_type in _TIMED_TYPES and (c.claim_type != "latency" or c.passage_kind == "table"
                                             or not (TRAINING.search(c.sentence) or _JOB_WORDS.search(c.sentence)))


_JOB_WORDS = regex.compile(r"\b(?:converg\w*|epochs?)\b", regex.IGNORECASE)   # "converges in 320 epochs (about 3 days)"


def _timing_statement_devices(found: list) -> dict:
    """The devices the sentences saying where the paper's timings were measured
    name, one per sentence (a machine's accelerator beside its host CPU: the
    accelerator), each with the counts those sentences give it."""
    kinds = section_kinds()
    stated: dict = {}
    for f, _ in found:
        if f.passage is None or f.passage.section_kind == "related_work" or not any(m.name for m in f.mentions):
            continue
        spans = kinds.timing_sentences(f.clean.text)
        if f.passage.kind == "text" and kinds.is_timing_section(f.passage.section):
            spans = [(0, len(f.clean.text))]   # a section about speed ("4.4. Timing"): all its text
        for s, e in spans:
            here = {m.name: m for m in f.mentions if m.name and s <= m.start < e}
            if len(here) > 1:
                here = {n: m for n, m in here.items() if device_class(n) != "cpu"}
            if len(here) == 1:
                (name, m), = here.items()
                count = _timing_count(m)
                stated.setdefault(name, (m, set()))[1].add(count)
    return stated


# a device written with a singular class noun where timings were measured: one of
# them ("tested on our local machine, with ... Titan Xp GPU")
_SINGULAR_DEVICE = regex.compile(r"\b(?:GPU|CPU|TPU|NPU|card|chip|board|phone|smartphone)$", regex.IGNORECASE)


def _timing_count(m: HardwareMention) -> Optional[int]:
    """A device's count where timings were measured: its own, else one for a singular class noun."""
    return m.count if m.count is not None or not _SINGULAR_DEVICE.search(m.text) else 1


def _timed_device(claims: list[Claim], found: list) -> list[Claim]:
    """Where the paper says its timings were measured, when those statements
    (and sections about speed, "4.4. Timing") name one device ("The running
    time is tested on our local machine, with Intel Core i7-8086K CPU, Titan
    Xp GPU"), is the device of each time or speed figure that took the setup's
    other device from its scope (the training setup's "8 TITAN-V GPUs") or has
    no device at all, with the count they give it (one count, else none). A
    device its own sentence, caption or section names stays."""
    if not any(_timed(c) for c in claims):
        return claims
    stated = _timing_statement_devices(found)
    if len(stated) != 1:
        return claims
    (name, (mention, counts)), = stated.items()
    setup = _setup_device(found)
    setup_name = setup.name if setup is not None and setup.name != name else None
    count = next(iter(counts)) if len(counts) == 1 else None
    # the setup's device from a scope, or no device at all ("running at 5 fps" in an
    # abstract of a paper naming two GPUs, one in its "Timing" section)
    return [replace(c, hardware=name, hardware_count=count, hardware_text=mention.text)
            if _timed(c) and (setup_name is not None and c.hardware == setup_name and _device_from_scope(c)
                              or c.hardware is None and c.hardware_text is None) else c
            for c in claims]


def _device_from_scope(c: Claim) -> bool:
    """Did a claim's device come from a scope (its section, the setup, the paper),
    not from its own sentence, caption, headers or row label?"""
    return c.hardware_text is not None and c.hardware_text not in c.sentence


def _timed_counts(claims: list[Claim], found: list) -> list[Claim]:
    """Counts from the sentences saying where the paper's timings were measured:
    one device with one count there (two statements giving it different counts
    give none) is the count of its time and speed claims that have none, or
    whose count is a scope's (the training setup's "8 V100 GPUs" is not where
    "throughput is measured ... on one V100 GPU")."""
    needed = {c.hardware for c in claims if c.hardware is not None and _timed(c)
              and (c.hardware_count is None or _from_scope(c))}
    if not needed:
        return claims
    kinds = section_kinds()
    stated: dict = {}
    for f, _ in found:
        if f.passage is None or f.passage.section_kind == "related_work" or not any(m.name in needed for m in f.mentions):
            continue
        for s, e in kinds.timing_sentences(f.clean.text):
            # a singular class noun there is one device ("on a server with NVIDIA A100 GPU")
            here = {(m.name, _timing_count(m)) for m in f.mentions if m.name and s <= m.start < e}
            if len(here) == 1:   # one device, with one count or none
                (name, count), = here
                if count is not None:
                    stated.setdefault(name, set()).add(count)
    one = {name: counts.pop() for name, counts in stated.items() if len(counts) == 1}
    if not one:
        return claims
    return [replace(c, hardware_count=one[c.hardware])
            if c.hardware in one and _timed(c) and (c.hardware_count is None or _from_scope(c)) else c
            for c in claims]


def _table_rows(doc: Doc, table, section: Optional[str], kind: str, cells: list,
                defaults: Callable[[_Field], Optional[HardwareMention]], system, link) -> list[Claim]:
    """The rows of a table's cell claims. A cell's device is the one its row's
    device column ("GPU"), its row label, its column header or the table's
    caption names (nearest first, one device each), else the scoped default of
    the table's section."""
    caption = table.caption or ""
    scope = _Field("body", caption, Passage(caption, table.start, section, kind, "table"))
    default = defaults(scope)
    named = _devices(caption)
    caption_device = named[0] if len(named) == 1 else None
    # the stub head, over the row labels, may name the table's device ("Cloud TPUv3 (16GB each)")
    corner = table.corner
    corner_device = _one_device(corner.plain) if corner is not None else None
    counts = _cell_counts(table)   # a "#GPU" row or column: each value cell's count of devices
    quoted = table_rules().quoted_mark(caption)   # the mark of rows quoted from other papers
    devices: dict = {}   # a row label recurs on every cell of its row, a header on every row
    pool: list = []      # the devices a class word picks among, gathered once when first asked

    def candidates() -> list[HardwareMention]:
        # the caption's, then those of the prose that points at the table ("In Table 2,
        # we present the runtime ... using a CPU (Intel Xeon W-2135) and a GPU"), else of
        # its own section ("in the CPU configuration we used an AMD EPYC 7B12")
        if not pool:
            pointing = _referring_text(doc.body, caption) or " ".join(
                p.text for p in doc.passages if p.section == section and p.kind == "text")
            pool.append(named + [m for m in _devices(pointing) if m.name not in {n.name for n in named}])
        return pool[0]

    def device_of(text: str) -> Optional[HardwareMention]:
        if text not in devices:
            devices[text] = _one_device(text) or _device_by_class(text, candidates)
        return devices[text]
    out = []
    for c in cells:
        sentence = " | ".join(x for x in (caption[:300], c.row_header, c.column_header) if x)
        device = (device_of(c.device_text) or device_of(c.row_header) or device_of(c.column_header)
                  or caption_device or corner_device or untrained(default, sentence))
        elsewhere = quoted_row(quoted, c.row_header)
        if elsewhere:
            device = None   # another paper's result: not measured on this paper's hardware
        out.append(Claim(
            claim_id=claim_id(doc.doc_id, "body", c.start, c.end, c.claim_type),
            doc_id=doc.doc_id, title=doc.title, url=link[0], date=link[1], system=system, field="body",
            char_start=c.start, char_end=c.end, text=doc.body[c.start:c.end], sentence=sentence,
            claim_type=c.claim_type, metric=c.metric, value=c.high, value_low=c.low, value_high=c.high,
            unit=c.unit, unit_text=c.unit_text, qualifier=c.qualifier,
            hardware=device.name if device else None,
            hardware_count=(None if elsewhere else 1 if c.per_device
                            else counts(c.start, device.count if device else None)),
            hardware_text=device.text if device else None, baseline=c.baseline, baseline_hardware=None,
            model=None, precision=None, rule=c.rule, input_extra=link[2],
            section=section, section_kind=kind, passage_kind="table",
            row_header=c.row_header or None, column_header=c.column_header or None,
        ))
    return out


def _cell_counts(table) -> Callable[[int, Optional[int]], Optional[int]]:
    """(a claim's start, the count else) -> the count of devices its table's
    "#GPU" row or column gives the cell holding it."""
    spans = device_counts(table)
    if not spans:
        return lambda start, default: default
    return lambda start, default: next((n for (s, e), n in spans.items() if s <= start < e), default)


def _devices(text: str) -> list[HardwareMention]:
    """The catalogued devices ``text`` names, each once, first mention kept."""
    named: dict = {}
    for m in find_hardware(text) if text else ():
        if m.name:
            named.setdefault(m.name, m)
    return list(named.values())


def _one_device(text: str) -> Optional[HardwareMention]:
    """The one catalogued device ``text`` names, or None (none, or several)."""
    named = _devices(text)
    return named[0] if len(named) == 1 else None


# "Table 4", "Tab. [2,](#page-6-2)", "Tables 2 and 4", "Fig. 3": what a sentence cites
_CITATION = regex.compile(
    r"\b(?P<kind>Tables?|Tabs?\.|Figures?|Figs?\.)\s*\[?\s*(?P<n>\d+|[IVX]+)\b"
    r"(?:\W{0,20}?(?:,|and|&)\s*\[?\s*(?P<n>\d+|[IVX]+)\b)*")
_FIGURE_LABEL = regex.compile(r"^\W{0,6}(?:Figure|Fig\.)\s*(?P<n>\d+)\s*[:.|]", regex.IGNORECASE)


def _caption_devices(doc: Doc) -> dict[tuple[str, str], HardwareMention]:
    """Each numbered table's and figure's one device, when its caption names
    exactly one ("Table 4. Latency ... on a single core of Intel Xeon CPU
    E5-2690"), keyed ("table", "4")."""
    captions = [("table", TABLE_LABEL.match(t.caption or ""), t.caption) for t, *_ in doc.tables]
    captions += [("figure", _FIGURE_LABEL.match(p.text), p.text) for p in doc.passages
                 if p.kind == "caption" and "ig" in p.text[:12]]
    out = {}
    for kind, label, caption in captions:
        device = _one_device(caption) if label is not None else None
        if device is not None:
            out[(kind, label.group("n").upper())] = device
    # prose that says where a cited table's or figure's figures were run: its one
    # device (a figure's: the accelerator of a machine named with its host CPU; a
    # table's only when it names one, as its columns may be the CPU's and the GPU's)
    kinds = section_kinds()
    for p in doc.passages:
        if p.kind != "text" or p.section_kind == "related_work" or ("Tab" not in p.text and "Fig" not in p.text):
            continue
        for s, e in kinds.cited_run_sentences(p.text):
            sentence = p.text[s:e]
            named = _devices(sentence)
            accelerators = [m for m in named if device_class(m.name) != "cpu"]
            for m in _CITATION.finditer(sentence):
                kind = "table" if m.group("kind").startswith("Tab") else "figure"
                device = (named[0] if len(named) == 1
                          else accelerators[0] if kind == "figure" and len(accelerators) == 1 else None)
                if device is None:
                    continue
                if device.count is not None and device.count > 1:
                    # a machine's total ("a system featuring two RTX 4090s (although only one
                    # was used for training)") is not what each run used
                    device = replace(device, count=None)
                for n in m.captures("n"):
                    out.setdefault((kind, n.upper()), device)
    return out


def _cited_device(text: str, devices: dict) -> tuple[bool, Optional[HardwareMention]]:
    """(whether ``text`` cites a table or figure, the one device of those it
    cites or None): "runs 5.7x faster ... as shown in Table 4" reports Table
    4's measurement. Any cited table or figure on no one device, or two cited
    on different devices, leave none. A sentence's own device still comes
    first: a default only fills a sentence that names none."""
    if "Tab" not in text and "Fig" not in text:   # cheap first
        return False, None
    names: dict = {}
    cites = False
    for m in _CITATION.finditer(text):
        kind = "table" if m.group("kind").startswith("Tab") else "figure"
        for n in m.captures("n"):
            cites = True
            device = devices.get((kind, n.upper()))
            if device is None:
                return True, None
            names[device.name] = device
    return cites, next(iter(names.values())) if len(names) == 1 else None


def _referring_text(body: str, caption: str) -> str:
    """The sentences of the paper, outside the caption, that name the table by its number."""
    label = TABLE_LABEL.match(caption)
    if label is None or not body:
        return ""
    # "Table 2", "Table [2](#page-5-1)", "Tab. 2" in the prose
    pointer = regex.compile(r"\b(?:Table|Tab\.)\s*\[?\s*" + regex.escape(label.group("n")) + r"(?![\w.])")
    out = []
    for m in pointer.finditer(body):
        start = max(body.rfind(". ", max(0, m.start() - 300), m.start()), body.rfind("\n", max(0, m.start() - 300), m.start()))
        stops = [i for i in (body.find(". ", m.end(), m.end() + 300), body.find("\n", m.end(), m.end() + 300)) if i >= 0]
        sentence = body[start + 1 if start >= 0 else max(0, m.start() - 300): min(stops) if stops else m.end() + 300]
        if caption[:40] not in sentence:
            out.append(sentence)
    return " ".join(out)


def _enclosing_sections(f: "_Field") -> list[str]:
    """The sections a field stands in, its own first ("4 Experiments > 4.2 Results",
    then "4 Experiments")."""
    if f.passage is None or not f.passage.section:
        return []
    parts = f.passage.section.split(" > ")
    return [" > ".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _top_section(f: "_Field") -> Optional[str]:
    """The top-level section a field stands in ("4 Experiments" of "4 Experiments > 4.2 Results")."""
    return f.passage.section.split(" > ")[0] if f.passage is not None and f.passage.section else None


def _stated_count(mentions, name: str) -> Optional[int]:
    """The one count ``mentions`` give the device ``name``, if they give exactly one."""
    counts = {m.count for m in mentions if m.name == name and m.count is not None}
    return counts.pop() if len(counts) == 1 else None


class _SectionDevices:
    """The catalogued mentions of each top-level section's paragraphs, and of
    the whole paper outside related work (captions included), gathered when
    first asked."""

    def __init__(self, found: list):
        self._found = found
        self._by_section: Optional[dict] = None
        self._document: Optional[list] = None

    def of_document(self) -> list[HardwareMention]:
        if self._document is None:
            self._document = [m for g, _ in self._found
                              if g.passage is not None and g.passage.section_kind != "related_work"
                              for m in g.mentions if m.name]
        return self._document

    def of_section(self, f: "_Field") -> list[HardwareMention]:
        if self._by_section is None:
            self._by_section = {}
            for g, _ in self._found:
                if g.passage is not None and g.passage.kind == "text" and g.passage.section:
                    self._by_section.setdefault(_top_section(g), []).extend(m for m in g.mentions if m.name)
        return self._by_section.get(_top_section(f), [])


def _class_pick(f: "_Field", sent, scoped: Optional[HardwareMention],
                section_devices: _SectionDevices) -> Optional[HardwareMention]:
    """A sentence naming no device but one class of device ("a mean GPU
    inference time of 70 ms") ran on the one device of that class its
    paragraph, else its section, names ("on an RTX 2080 Ti GPU as well as on
    an Intel Core i9-13900K CPU"), when the scope's default is not of that
    class. One whose only class word is its baseline's ("50x faster than
    the CPU") ran on the one device of another class there, when the scope
    gives it none."""
    if f.passage is None or f.passage.section_kind == "related_work":
        return None
    if any(m.name and sent.start <= m.start < sent.end for m in f.mentions):
        return None   # the sentence's own device comes first
    text = f.clean.text[sent.start:sent.end]
    # the class words outside the baseline's phrase ("500 times faster than using a CPU")
    bases = [(b[0], sent.context.reach(b)) for b in sent.bases if b]
    classes = {cls for cls, s, e in singular_class_words(text) if not any(bs <= s < be for bs, be in bases)}
    if len(classes) == 1:
        cls = next(iter(classes))
        if scoped is not None and scoped.name is not None and device_class(scoped.name) == cls:
            return None
        return _one_in_scope(f, section_devices, lambda name: device_class(name) == cls,
                             whole_paper=scoped is None)
    if classes or scoped is not None or not bases:
        return None
    against = set().union(*(class_words(text[bs:be]) for bs, be in bases))
    if len(against) != 1:
        return None
    other = next(iter(against))
    return _one_in_scope(f, section_devices, lambda name: device_class(name) not in (None, other), whole_paper=True)


# a sentence about another work: "OpenAI et al. [5] achieve ...", "(Rombach et al., 2023)";
# not a converter's link to a figure or a section ("see Figure [6]", "Section [4.2]")
_CITES_WORK = regex.compile(
    r"\bet\s+al\b|(?<!\b(?:Figures?|Figs?\.|Tables?|Tabs?\.|Sections?|Secs?\.|Eqs?\.|Equations?|Appendix|Appendices"
    r"|Algorithms?|Alg\.|Lines?|Steps?)\s{0,2})\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]"
    r"|\(\s*[A-Z][\w-]+[^()]{0,40}?,\s*(?:19|20)\d\d[a-z]?\s*\)")


def _paragraph_pick(f: "_Field", sent) -> Optional[HardwareMention]:
    """A sentence with no device of its own and none from its scopes runs on the
    one device the sentences before it in its paragraph name ("We use 8 TPU v3
    cores and 610 actors. ... in just 1.8 days of training"), with the count
    they give it; not a device of a sentence about another work, nor one named
    as an example of a kind."""
    if f.passage is None or f.passage.kind != "text" or f.passage.section_kind == "related_work":
        return None
    text = f.clean.text
    before = [m for m in f.mentions if m.name and m.start < sent.start and not named_as_example(text, m)]
    if not before or any(m.name and sent.start <= m.start < sent.end for m in f.mentions) \
            or _CITES_WORK.search(text, sent.start, sent.end):
        return None   # cheap first: most sentences' paragraphs name no device before them
    spans = sentence_spans(text[:sent.start])
    before = [m for m in before if not any(s <= m.start < e and _CITES_WORK.search(text, s, e) for s, e in spans)]
    if len({m.name for m in before}) != 1:
        return None
    return replace(before[0], count=_stated_count(before, before[0].name), training=False)


def _paragraph_count(f: "_Field", sent, device: Optional[HardwareMention]) -> Optional[HardwareMention]:
    """A default device without a count takes the count the nearest earlier
    sentence of the claim's paragraph gives that device ("... with a single A100
    GPU. ... training took between 3 and 5 hours"; "... increasing the number of
    devices from one to eight A100s ... Training took 72 hours"), kept for
    training figures only when that sentence spoke of training; not a count of
    a sentence about another work, nor of an example."""
    if device is None or device.name is None or device.count is not None \
            or f.passage is None or f.passage.kind != "text":
        return device
    text = f.clean.text
    counted = [m for m in f.mentions if m.name == device.name and m.count is not None and m.start < sent.start]
    if not counted:
        return device   # cheap first: most paragraphs give no count before the claim
    nearest = counted[-1]
    if named_as_example(text, nearest) or any(
            s <= nearest.start < e and _CITES_WORK.search(text, s, e) for s, e in sentence_spans(text[:sent.start])):
        return device
    return replace(device, count=nearest.count, training=stated_for_training(f, nearest))


def _one_in_scope(f: "_Field", section_devices: _SectionDevices, fits_class: Callable[[str], bool],
                  whole_paper: bool = False) -> Optional[HardwareMention]:
    """The one device of the paragraph, else of its section, else (when the
    sentence has no default of its own: ``whole_paper``) of the paper ("5fps
    ... on a GPU", the paper's one GPU a table caption names), that ``fits_class``."""
    pools = [(f.mentions, True), (section_devices.of_section(f), False)]
    if whole_paper:
        pools.append((section_devices.of_document(), False))
    for pool, own in pools:
        fits = {m.name: m for m in pool if m.name and fits_class(m.name)}
        if fits:
            if len(fits) > 1:
                return None
            (name, first), = fits.items()
            # the count the paragraph gives that device; a section's may be another
            # experiment's ("with an 8-V100 machine" beside "a GPU (Nvidia-V100)")
            return replace(first, count=_stated_count(pool, name) if own else None, training=False)
    return None


def _device_by_class(text: str, candidates: Callable[[], list[HardwareMention]]) -> Optional[HardwareMention]:
    """A header or label that names a class of device ("Latency > GPU", "CPU
    (ms)") picks, among the devices the caption or the prose pointing at the
    table names (``candidates()``, asked only then), the one of that class."""
    if not text:
        return None
    classes = class_words(text)
    if len(classes) != 1:
        return None
    cls = next(iter(classes))
    fits = [m for m in candidates() if device_class(m.name) == cls]
    return fits[0] if len(fits) == 1 else None


def _rejection_row(doc: Doc, f: _Field, s_start: int, s_end: int, r: Rejected) -> dict:
    start, end = f.clean.to_original(r.typed.q.start, r.typed.q.end)
    o_s, o_e = f.clean.to_original(s_start, s_end)
    at = f.offset
    return {"doc_id": doc.doc_id, "title": doc.title, "field": f.field, "char_start": at + start, "char_end": at + end,
            "text": f.text[start:end], "sentence": sentence_window(f.text, o_s, o_e, start, end),
            "claim_type": r.typed.claim_type, "value": r.typed.high, "unit": r.typed.unit,
            "role": r.role, "rule": r.rule}


_default_extractor: Optional[Extractor] = None


def extractor() -> Extractor:
    global _default_extractor
    if _default_extractor is None:
        _default_extractor = Extractor()
    return _default_extractor


OnProblem = Callable[[RecordError], Any]


def checked_claims(ex: Extractor, doc: Doc, *, strict: bool = False,
                   on_problem: Optional[OnProblem] = None, rejected: Optional[list[dict]] = None) -> list[Claim]:
    """The claims of one document that fit the table.

    One bad input must not lose a run: a claim whose value cannot be stored
    (an integer past its column's range, a value past float) is dropped, and
    a document the extractor fails on is skipped; each is a ``RecordError``
    naming the document's file and line, handed to ``on_problem`` (or
    logged), or raised under ``strict``."""
    def problem(text: str) -> None:
        err = RecordError(doc.source or "<input>", doc.line, text)
        if strict:
            raise err
        if on_problem is not None:
            on_problem(err)
        else:
            log.warning("%s", err)

    lost: list[str] = []
    try:
        claims = ex.extract(doc, lost, rejected)
    except Exception as exc:   # a bug on this input, not a reason to stop the run
        problem(f"extraction failed ({type(exc).__name__}: {str(exc)[:200]}); document skipped")
        return []
    for text in lost:
        problem(f"number {text[:40]!r} dropped: its value is too large to represent")
    kept = []
    for claim in claims:
        why = unrepresentable(claim)
        if why is None:
            kept.append(claim)
        else:
            problem(f"claim {claim.text[:40]!r} dropped: {why}")
    return kept


def extract_documents(docs: Iterable[Doc], *, strict: bool = False,
                      on_problem: Optional[OnProblem] = None) -> Iterator[Claim]:
    ex = extractor()
    for doc in docs:
        yield from checked_claims(ex, doc, strict=strict, on_problem=on_problem)
