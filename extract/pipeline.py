"""From a document to its claim rows: clean -> sentences -> quantities ->
types and values -> hardware and other context -> rows."""
from __future__ import annotations

import hashlib
from typing import Iterable, Iterator, Optional

import regex

from .attribute import attribute, split_list, system_name
from .classify import Classifier
from .clean import CleanText, clean
from .hardware import find_hardware
from .match import find_quantities
from .model import Claim, Doc, HardwareMention
from .rules import load_rules
from .sentences import sentence_spans

# Text without any of these cannot hold a claim: skip it cheaply.
_MAY_HOLD_CLAIM = regex.compile(
    r"\d|[\uff10-\uff19]|half|halv|magnitude|doubl|sub-?(?:milli|micro)?second|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)\b",
    regex.IGNORECASE)
_BASELINE_BEFORE = regex.compile(
    r"\b(?:than|compared\s+(?:to|with)|relative\s+to|vs\.?|versus|against|outperform\w*|surpass\w*|over)\b[^,;.]{0,60}$",
    regex.IGNORECASE)


def claim_id(doc_id: str, field: str, start: int, end: int, claim_type: str) -> str:
    key = f"{doc_id}\x1f{field}\x1f{start}\x1f{end}\x1f{claim_type}".encode("utf-8")
    return hashlib.sha1(key).hexdigest()[:16]


class _Field:
    """One field of a document, cleaned, with its hardware mentions."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self.clean: CleanText = clean(text)
        self.mentions: list[HardwareMention] = find_hardware(self.clean.text)

    def own_hardware(self) -> list[HardwareMention]:
        """Named mentions not standing in a baseline phrase ("than X on an H100")."""
        t = self.clean.text
        return [m for m in self.mentions
                if m.name and not _BASELINE_BEFORE.search(t[max(0, m.start - 80):m.start])]


class Extractor:
    def __init__(self):
        self.rules = load_rules()
        self.classifier = Classifier(self.rules)

    def extract(self, doc: Doc) -> list[Claim]:
        fields = [_Field("title", doc.title), _Field("abstract", doc.abstract)]
        default = _document_hardware(fields)
        system = system_name(doc.title)
        claims: list[Claim] = []
        for f in fields:
            if not _MAY_HOLD_CLAIM.search(f.clean.text):
                continue
            claims.extend(self._field_claims(doc, f, default, system))
        return claims

    def _field_claims(self, doc: Doc, f: _Field, default, system) -> list[Claim]:
        text = f.clean.text
        quantities = find_quantities(text, self.rules)
        if not quantities:
            return []
        blocked = [(m.start, m.end) for m in f.mentions]
        out = []
        for s_start, s_end in sentence_spans(text):
            in_sentence = [q for q in quantities if q.start >= s_start and q.end <= s_end]
            if not in_sentence:
                continue
            qualifier_start = {q.start: (q.context_start if q.context_start >= 0 else q.start) for q in in_sentence}
            typed = self.classifier.classify(in_sentence, text[:s_end], s_start, qualifier_start, blocked)
            sentence_clean = text[s_start:s_end]
            o_s, o_e = f.clean.to_original(s_start, s_end)
            sentence_original = f.text[o_s:o_e]
            baselines = _list_baselines(typed, sentence_clean, s_start)
            for t in typed:
                a = attribute(sentence_clean, s_start, t.q.start, t.q.end, f.mentions, default)
                start, end = f.clean.to_original(t.q.start, t.q.end)
                hw_text = a.hardware_text
                chosen = next((m for m in f.mentions if m.name == a.hardware and m.text == hw_text), None)
                if chosen is not None:
                    hs, he = f.clean.to_original(chosen.start, chosen.end)
                    hw_text = f.text[hs:he]
                out.append(Claim(
                    claim_id=claim_id(doc.doc_id, f.name, start, end, t.claim_type),
                    doc_id=doc.doc_id, title=doc.title, system=system, field=f.name,
                    char_start=start, char_end=end, text=f.text[start:end],
                    sentence=sentence_original, claim_type=t.claim_type, metric=t.metric,
                    value=t.high, value_low=t.low, value_high=t.high, unit=t.unit,
                    unit_text=t.q.unit_text, qualifier=t.qualifier,
                    hardware=a.hardware, hardware_count=a.hardware_count, hardware_text=hw_text,
                    baseline=baselines.get(id(t), a.baseline), baseline_hardware=a.baseline_hardware,
                    model=a.model, precision=a.precision, rule=t.rule,
                ))
        return out


def _document_hardware(fields: list[_Field]) -> Optional[HardwareMention]:
    """The document's one hardware model, if it names exactly one (SPEC 2)."""
    own = [m for f in fields for m in f.own_hardware()]
    names = {m.name for m in own}
    if len(names) != 1:
        return None
    with_count = [m for m in own if m.count is not None]
    return with_count[0] if with_count else own[0]


def _list_baselines(typed, sentence: str, s_start: int) -> dict[int, str]:
    """"15x, 46x and 158x faster than A, B and C": one baseline per item."""
    from .attribute import baseline_span
    out: dict[int, str] = {}
    i = 0
    while i < len(typed):
        j = i
        while j + 1 < len(typed) and typed[j + 1].claim_type == typed[i].claim_type and \
                regex.match(r"^\s*(?:,|/)?\s*(?:and|or)?\s*$", sentence[typed[j].q.end - s_start:typed[j + 1].q.start - s_start]):
            j += 1
        if j > i:
            span = baseline_span(sentence, typed[j].q.start - s_start, typed[j].q.end - s_start)
            if span:
                parts = split_list(sentence[span[0]:span[1]])
                if len(parts) == j - i + 1:
                    for t, p in zip(typed[i:j + 1], parts):
                        out[id(t)] = p
        i = j + 1
    return out


_default_extractor: Optional[Extractor] = None


def extractor() -> Extractor:
    global _default_extractor
    if _default_extractor is None:
        _default_extractor = Extractor()
    return _default_extractor


def extract_documents(docs: Iterable[Doc]) -> Iterator[Claim]:
    ex = extractor()
    for doc in docs:
        yield from ex.extract(doc)
