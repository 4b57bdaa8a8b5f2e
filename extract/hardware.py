"""Hardware catalog and hardware-mention recognizer (docs/SPEC.md section 2).

The catalog is data (``extract/data/hardware.toml``); this module is a generic
engine over it:

1. one compiled, longest-first alternation of every alias (plus the generic
   nouns "GPU(s)", "TPU(s)", ...) finds *cores* in a single scan - abstracts that
   name no hardware cost one regex pass;
2. around each core, two small anchored regexes extend the mention leftwards
   (count, modifiers, vendor/brand prefix: "eight NVIDIA", "a single",
   "8x", "10,000 PCIe") and rightwards (memory / form factor suffix, plural,
   device noun, "x8");
3. ambiguous aliases ("T4", "L4", "M1", "3090") are kept only with context
   (vendor prefix, device noun, suffix, numeric count, a following context word
   such as "Mac", or a list shared with an unambiguous mention);
4. a generic mention with a count ("8 GPUs") is merged into an adjacent named
   one ("DGX H100 with 8 GPUs", "eight GPU A800 cluster").

Public API: :func:`find_hardware`, :func:`catalog`, :func:`canonical_names`,
:func:`lookup`, :func:`validate_catalog`.
"""
from __future__ import annotations

import copy
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import regex

from .compiled import compiled
from .model import HardwareMention
from .rules import char_trie
from .shortcuts import shortcut

CATALOG_PATH = Path(__file__).parent / "data" / "hardware.toml"

KINDS = frozenset({"datacenter_gpu", "consumer_gpu", "workstation_gpu", "edge_module",
                   "mobile_soc", "cpu", "npu_tpu", "fpga", "system"})


class CatalogError(ValueError):
    """The hardware catalog is inconsistent (raised at load time)."""


# --------------------------------------------------------------------------- numbers

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen", "twenty"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_WORD_VALUES: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)}
_WORD_VALUES.update(_TENS)
_WORD_VALUES.update({"hundred": 100, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
                     "one thousand": 1000, "dozen": 12, "a dozen": 12, "dual": 2, "twin": 2,
                     "quad": 4, "a pair of": 2, "a couple of": 2, "single": 1, "a single": 1,
                     "one single": 1, "a": 1, "an": 1})
# counts that only hold for a singular noun ("a GPU", not "a GPUs")
_ARTICLES = {"a", "an", "single", "a single", "one single", "one"}


_SPACES = regex.compile(r"\s+")
_POSSESSIVE = regex.compile(r"(?:'s|’s)$")

def _is_year(digits: str) -> bool:
    """Are these digits, written without a thousands comma, a year ("In 2024 H100 GPUs")?"""
    return "," not in digits and 1990 <= _parse_int(digits) <= 2035


def _number_word_value(word: str) -> Optional[int]:
    w = regex.sub(r"[\s\-]+", " ", word.strip().lower())
    if w in _WORD_VALUES:
        return _WORD_VALUES[w]
    parts = w.split(" ")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _WORD_VALUES and _WORD_VALUES[parts[1]] < 10:
        return _TENS[parts[0]] + _WORD_VALUES[parts[1]]
    return None


_NUMBER_WORDS_RE = (
    r"(?:a\s+single|one\s+single|a\s+pair\s+of|a\s+couple\s+of|a\s+dozen|a\s+hundred|one\s+hundred"
    r"|a\s+thousand|one\s+thousand"
    r"|(?:" + "|".join(_TENS) + r")[\s\-](?:one|two|three|four|five|six|seven|eight|nine)"
    r"|" + "|".join(sorted(set(_UNITS) | set(_TENS) | {"hundred", "dozen"}, key=len, reverse=True))
    + r"|single|dual|twin|quad|an|a)"
)
_DIGITS_RE = r"(?:\d{1,3}(?:,\d{3})+|\d+)"


def _parse_int(s: str) -> int:
    digits = s.replace(",", "")
    # Python refuses to parse integers of more than 4,300 digits; any count
    # past 2^63 is out of every column's range anyway, and reported there
    return int(digits) if len(digits) <= 19 else 2**63


# --------------------------------------------------------------------------- surfaces -> regex

def _word_variants(word: str, first: bool) -> list[str]:
    """Case variants of an alphabetic word: as written, UPPER, Capitalized, and
    lower-case unless it opens the alias ("pixel 4" is not a phone)."""
    out = [word, word.upper(), word.capitalize()]
    if not first:
        out.append(word.lower())
    if len(word) == 1:
        out = [word]
    return list(dict.fromkeys(out))


def _token_pattern(token: str, first: bool) -> str:
    """Pattern for one space-free token of an alias."""
    if token.isalpha():
        return "(?:" + "|".join(regex.escape(v) for v in _word_variants(token, first)) + ")"
    parts = []
    runs = regex.findall(r"[A-Za-z]+|\d+|[^A-Za-z\d]+", token)
    prev = ""
    for run in runs:
        if run[0].isalpha():
            # upper-case letters next to digits are exact ("A100" but not "a100", "L40S" not
            # "L40s" which is a plural); others as written, upper or lower ("v5e", "TPU V5E")
            variants = [run] if run.isupper() else list(dict.fromkeys([run, run.upper(), run.lower()]))
            parts.append("(?:" + "|".join(map(regex.escape, variants)) + ")")
        elif run[0].isdigit():
            if prev.isalpha():
                parts.append("-?")          # "H-100", "MI-300X"
            parts.append(run)
        else:
            parts.append(regex.escape(run))
        prev = run
    return "".join(parts)


_SEP = r"[\s\-]{0,2}"  # between words of an alias: "RTX 4090", "RTX4090", "RTX-4090"


def _phrase_pattern(phrase: str, sep: str = _SEP) -> str:
    tokens = [t for t in regex.split(r"[\s\-]+", phrase.strip()) if t]
    return sep.join(_token_pattern(t, i == 0) for i, t in enumerate(tokens))


def _alias_key(surface: str) -> str:
    return regex.sub(r"[\s\-]+", "", surface).lower()


def _trie_pattern(keys) -> str:
    """Prefilter over lower-cased text: a character trie of normalized alias keys with
    optional separators between characters. It matches (at least) wherever an alias can
    start and stops at the shortest complete key; the exact patterns run only there."""
    root = char_trie(keys)

    def emit(node: dict) -> str:
        if "" in node:
            return ""
        alts = []
        for ch in sorted(node):
            sub = emit(node[ch])
            alts.append(regex.escape(ch) + (r"[\s\-]{0,2}" + sub if sub else ""))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


def _alias_alternation(phrases, sep: str = _SEP, flags: str = "") -> str:
    pats = sorted({_phrase_pattern(p, sep) for p in phrases}, key=len, reverse=True)
    return "(?" + flags + ":" + "|".join(pats) + ")"


# --------------------------------------------------------------------------- catalog

@dataclass(frozen=True)
class _Alias:
    entry: dict
    ambiguous: bool


@dataclass
class _Engine:
    rows: list[dict]
    by_name: dict[str, dict]
    by_key: dict[str, _Alias]
    vendor_prefix_keys: dict[str, frozenset[str]]
    scan_re: Any
    core_re: Any
    left_re: Any
    right_re: Any
    after_re: Any
    context_re: Any
    list_gap_re: Any
    merge_before_re: Any
    merge_after_re: Any
    prefix_word_re: Any
    article_prep_re: Any
    compound_re: Any
    device_words_re: Any = None   # a device class run on without a catalogued model ("on a CPU")
    device_coord_re: Any = None   # a device word coordinated with the one run on ("on GPU| and CPU")
    device_noun_re: Any = None    # the device class word alone
    device_run_after_re: Any = None   # a run phrase within the first words after a claim
    device_classes: tuple = ()
    unit_after_re: Any = None     # a unit word right after a device word ("a CPU node")
    one_word_re: Any = None       # a singular device word ("laptop"), by class
    one_run_before_re: Any = None  # the run phrase before it ("on a battery-powered "), anchored at its end
    model_numbers: Any = None   # {family name: (compiled model_number pattern, model_name format)}


def _load_toml(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _validate_aliases(row: dict, aliases: list, where: str, generic: set, keys: dict) -> None:
    """One entry's aliases: non-empty, starting with a letter or digit, not a
    generic noun, not both ambiguous and not, not another entry's."""
    seen_here: dict[str, bool] = {}
    for j, alias in enumerate(aliases):
        amb = j >= len(row.get("aliases", []))
        k = _alias_key(alias)
        if not k:
            raise CatalogError(f"{where}: empty alias")
        if not k[0].isalnum():   # as the words before a name (validate_catalog)
            raise CatalogError(f"{where}: alias {alias!r} must start with a letter or digit")
        if k in generic:
            raise CatalogError(f"{where}: alias {alias!r} is a generic noun")
        if k in seen_here and seen_here[k] != amb:
            raise CatalogError(f"{where}: alias {alias!r} is both ambiguous and not")
        seen_here[k] = amb
        other = keys.get(k)
        if other is not None and other != row["name"]:
            raise CatalogError(f"{where}: alias {alias!r} maps to both {other!r} and {row['name']!r}")
        keys[k] = row["name"]


def validate_catalog(data: dict) -> None:
    """Raise :class:`CatalogError` on an inconsistent catalog."""
    rows = data.get("hardware")
    vendors = data.get("vendors", {})
    if not rows:
        raise CatalogError("hardware.toml: no [[hardware]] entries")
    names: dict[str, int] = {}
    keys: dict[str, str] = {}
    matching = data.get("matching", {})
    generic = {_alias_key(g) for g in matching.get("generic_nouns", [])}
    # the mention scans find names, and the words before them, at word starts
    # (_candidate_starts, _left_extension): each must start with a letter or digit
    words_before = (matching.get("generic_nouns", []) + matching.get("modifiers", [])
                    + [p for ps in vendors.values() for p in ps] + list(vendors)
                    + [r["architecture"] for r in rows if r.get("architecture")])
    for word in words_before:
        if not word[:1].isalnum():
            raise CatalogError(f"hardware.toml: {word!r} must start with a letter or digit")
    for i, row in enumerate(rows):
        where = f"hardware.toml entry #{i + 1} ({row.get('name')!r})"
        for req in ("name", "vendor", "kind"):
            if not isinstance(row.get(req), str) or not row.get(req):
                raise CatalogError(f"{where}: missing or empty {req!r}")
        if row["name"] in names:
            raise CatalogError(f"{where}: duplicate canonical name {row['name']!r} "
                               f"(also entry #{names[row['name']] + 1})")
        names[row["name"]] = i
        if row["kind"] not in KINDS:
            raise CatalogError(f"{where}: kind {row['kind']!r} not one of {sorted(KINDS)}")
        if row["vendor"] not in vendors:
            raise CatalogError(f"{where}: vendor {row['vendor']!r} not declared under [vendors]")
        aliases = list(row.get("aliases", [])) + list(row.get("ambiguous_aliases", []))
        if not aliases:
            raise CatalogError(f"{where}: no aliases")
        _validate_aliases(row, aliases, where, generic, keys)
        if "model_number" in row:
            # a family named with its model number ("Xeon Gold 6154", "Core i9-13900K")
            # is reported under that model: model_name formats it from the number
            if row["kind"] != "cpu":
                raise CatalogError(f"{where}: only CPU families may have a model_number")
            try:
                pattern = regex.compile(row["model_number"])
            except (regex.error, TypeError) as e:
                raise CatalogError(f"{where}: model_number: {e}") from e
            if "number" not in pattern.groupindex:
                raise CatalogError(f"{where}: model_number must have a (?P<number>...) group")
            if "{number}" not in row.get("model_name", "{name} {number}"):
                raise CatalogError(f"{where}: model_name must hold {{number}}")
        if "class" in row and (row["kind"] != "system" or row["class"] not in set(KIND_CLASS.values()) | {"personal"}):
            raise CatalogError(f"{where}: class is for systems without a chip, one of the device classes")
        if "chip" in row or "chips" in row:
            if row["kind"] != "system":
                raise CatalogError(f"{where}: only systems may have chip/chips")
            if not isinstance(row.get("chips"), int) or row["chips"] < 1:
                raise CatalogError(f"{where}: chips must be a positive integer")
    for row in rows:
        if "chip" in row:
            chip = row["chip"]
            if chip not in names or rows[names[chip]]["kind"] == "system":
                raise CatalogError(f"hardware.toml: system {row['name']!r} names unknown chip {chip!r}")


def _single_device_words(m: dict) -> dict[str, list[str]]:
    """The singular device words of each class ("smartphone", "FPGA"): one of
    them run on with an article is one device. Core words are left out: a
    core is not a chip."""
    found = {cls: [w for w in words if not w.endswith("s") and "core" not in w.lower()]
             for cls, words in m.get("device_words", {}).items()}
    return {cls: words for cls, words in found.items() if words}


def _lookup_and_scan(rows: list, m: dict, vendors: dict) -> dict:
    """The alias index and the patterns that find a mention's core."""

    by_name = {r["name"]: r for r in rows}
    by_key: dict[str, _Alias] = {}
    for r in rows:
        for a in r.get("aliases", []):
            by_key[_alias_key(a)] = _Alias(r, False)
        for a in r.get("ambiguous_aliases", []):
            by_key[_alias_key(a)] = _Alias(r, True)

    prefix_words = sorted({p for ps in vendors.values() for p in ps} | set(vendors))
    vendor_prefix_keys = {v: frozenset(_alias_key(p) for p in ps + [v]) for v, ps in vendors.items()}
    # a system's first word ("DGX") is not a vendor; brand words shared by vendors are fine

    all_aliases = [a for r in rows for a in r.get("aliases", []) + r.get("ambiguous_aliases", [])]
    alias_alt = _alias_alternation(all_aliases)
    generic_alt = _alias_alternation(m.get("generic_nouns", []))
    # left boundary: start of a word, or glued to a multiplication count ("8xH100",
    # "4timesRTX 3090", "$8\times$A100")
    lb = r"(?:(?<![\w])|(?<=\d\s{0,2}\$?\s{0,2}\\?(?:times|×|x|X|\*)\s{0,2}\$?\s{0,2}))"
    # The prefilter uses the stdlib engine: on a large trie it is an order of magnitude
    # faster than `regex`, and it only has to propose start positions. Group 1 is the
    # candidate start; the optional "8x" / "4times" covers counts glued to the model.
    # Every key starts with a letter or digit, so a word start is a non-word
    # character and then the key: written so, the pattern starts with a character
    # class that the engine skips to (a leading \b is tried at every position),
    # and _candidate_starts puts a blank before the text for a key at its start.
    # (the singular device words too: _scan notes where they stand, for _with_single_unnamed)
    scan_re = re.compile(r"\W(?:\d+(?:x|times)|)(" + _trie_pattern(
        {_alias_key(a) for a in all_aliases} | {_alias_key(g) for g in m.get("generic_nouns", [])}
        | {_alias_key(w) for words in _single_device_words(m).values() for w in words}) + ")")
    core_re = regex.compile(
        lb + r"(?:(?P<core>" + alias_alt + r")(?P<pl>s)?(?![\w+]|\.\d)"
        r"|(?P<gen>" + generic_alt + r")(?![\w]|-[A-Za-z]))")
    return dict(by_name=by_name, by_key=by_key, vendor_prefix_keys=vendor_prefix_keys, scan_re=scan_re,
                core_re=core_re, prefix_words=prefix_words)


def _left_pattern(rows: list, m: dict, prefix_words: list) -> tuple[regex.Pattern, str, str]:
    """What may stand before a core: a count, modifiers, vendor prefixes, a
    generic noun; (the pattern, the memory-size pattern, the prefix alternation)."""
    # "a consumer GPU RTX 4090", "8 GPUs (A100)": a singular generic noun before the model
    generic_singular = _alias_alternation([g for g in m.get("generic_nouns", []) if not g.endswith("s")])
    architectures = sorted({r["architecture"] for r in rows if r.get("architecture")})
    mem = r"\d+(?:\.\d+)?\s?(?:GB|GiB|G|TB)(?![\w])"
    mods = _alias_alternation(m.get("modifiers", []) + architectures, flags="i")
    prefix = _alias_alternation(prefix_words, sep=r"\s+")
    left_re = regex.compile(
        r"(?:"
        r"(?<![\w.,/])(?P<mnum>" + _DIGITS_RE + r")\s{0,2}\$?\s{0,2}\\?(?:times|×|x|X|\*)\s{0,2}\$?\s{0,2}"
        r"|(?<![\w.,$/\-])(?P<num>" + _DIGITS_RE + r")(?:\s+|\s?-\s?)"
        r"|(?<![\w\-])(?<!than\s)(?P<word>(?i:" + _NUMBER_WORDS_RE + r"))(?:\s+|-)"
        # "on a single core of an Intel Xeon E5-2690": one device, one core of it
        r"|(?<![\w\-])(?P<onecore>(?i:(?:a|one)\s+single|single|one|a))\s+(?i:(?:cpu|physical|logical)\s+)?"
        r"(?i:core)\s+of\s+(?:(?i:an?|the)\s+)?"
        r")?"
        r"(?P<mods>(?:(?<![\w])(?:" + mods + "|" + mem + r")(?:\s+|-))*)"
        r"(?P<prefix>(?:(?<![\w])" + prefix + r"(?:'s|’s)?(?:\s+|-))*)"
        r"(?P<mods2>(?:(?<![\w])(?:" + mods + "|" + mem + r")(?:\s+|-))*)"
        r"(?P<gnoun>(?<![\w])" + generic_singular + r"\s*\(?\s*)?"
        r"\Z")
    return left_re, mem, prefix


def _build(data: dict) -> _Engine:
    validate_catalog(data)
    rows = data["hardware"]
    m = data.get("matching", {})
    found = _lookup_and_scan(rows, m, data["vendors"])
    left_re, mem, prefix = _left_pattern(rows, m, found.pop("prefix_words"))
    suffix = _alias_alternation(m.get("suffix_words", []), flags="")
    nouns = _alias_alternation(m.get("nouns", []))
    right_re = regex.compile(
        r"(?P<suf>(?:[\s\-]{0,2}(?:\(\s?(?:" + suffix + "|" + mem + r")\s?\)|(?:" + suffix + "|" + mem + r")(?![\w]))"
        r"|-\d{1,4}(?![\w.]))*)"
        r"(?P<noun>(?:\s+|-)" + nouns + r"(?:'s|’s)?(?![\w]))?"
        r"(?P<post>\s?\(?\s?(?:×|x|\*)\s?(?P<pnum>\d{1,4})\s?\)?(?![\w.]))?")
    after_re = regex.compile(
        r"(?:\s+|-)(?:(?P<unit>(?i:" + "|".join(map(regex.escape, m.get("unit_words", []))) + r"))"
        r"|(?P<time>(?i:" + "|".join(map(regex.escape, m.get("time_words", []))) + r")))(?![\w])"
        r"|(?P<compound>-[a-z])")
    context_re = regex.compile(r"(?:\s+|-)" + _alias_alternation(m.get("context_words", [])) + r"(?![\w])")
    list_gap_re = regex.compile(
        r"[\s,/&();:]*(?:(?:and|or|vs\.?|versus|and/or|to|&)(?![\w])[\s,/&();:]*)?", regex.I)
    merge_before_re = regex.compile(r"\s{0,2}\(?\s{0,2}")  # "8 GPUs (A100)", "eight GPU A800"
    units = "|".join(map(regex.escape, m.get("unit_words", [])))
    merge_after_re = regex.compile(  # "a DGX H100 with 8 GPUs", "an A100 node (8 GPUs)"
        r"(?:\s{1,2}(?i:" + units + r"))?"
        r"\s{0,2}(?:\(\s{0,2}|,?\s{1,2}(?:with|having|containing|equipped\s+with|featuring|comprising)\s{1,2})")
    article_prep_re = regex.compile(
        r"(?<![\w])(?i:" + "|".join(map(regex.escape, m.get("article_prepositions", []))) + r")\s+\Z")
    compound_re = regex.compile(
        r"\s+(?:" + "|".join(map(regex.escape, m.get("compound_heads", []))) + r")(?![\w])")
    prefix_word_re = regex.compile(prefix)
    device_words = m.get("device_words", {})
    # a run preposition, up to three words ("a single commodity"), then the device word
    device_nouns = "|".join(rf"(?P<{cls}>(?<![\w-]){_alias_alternation(words)}(?![\w-]))"
                            for cls, words in device_words.items())
    run_on = (r"(?<![\w-])" + _alias_alternation(m.get("device_run_before", []), flags="i")
              + r"\s+(?!par\b)(?:[\w-]+\s+){0,3}?(?:" + device_nouns + ")")
    device_words_re = regex.compile(run_on) if device_words else None
    # a device word coordinated with one run on ("on both GPU| and CPU", "on GPUs, CPUs and TPUs")
    device_coord_re = regex.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:on\s+)?(?:an?\s+|the\s+)?"
                                    r"(?:(?!(?i:and|or|but|than|of|for|with)\b)[\w-]+\s+)?(?:" + device_nouns + ")"
                                    ) if device_words else None
    # the same, among the next three words after a claim: one match per claim
    device_run_after_re = regex.compile(r"\s*(?:[\w-]+\s+){0,2}?(?P<run>" + run_on + ")") if device_words else None
    device_noun_re = regex.compile(device_nouns) if device_words else None
    # one device of a class run on with an article or "single" and up to two free words
    # ("on a low-power onboard computer"): a count of 1 where the catalog has no model.
    # The word is matched where _scan's prefilter stopped, the run phrase backwards from it.
    one_word_re = regex.compile("|".join(rf"(?P<{cls}>(?<![\w-]){_alias_alternation(words)}(?![\w-]))"
                                         for cls, words in _single_device_words(m).items())) if device_words else None
    one_run_before_re = regex.compile(
        r"(?<![\w-])" + _alias_alternation(m.get("device_run_before", []), flags="i")
        + r"\s+(?i:an?|one|(?:a\s+)?single)\s+(?:(?!(?i:and|or|but|than|of|for|with)\b)[\w-]+\s+){0,2}?\Z"
    ) if device_words else None
    unit_after_re = regex.compile(r"\s+(?:" + units + r")(?![\w])", regex.I)
    # the model number after a family's mention, past its device noun ("Xeon CPU E5-2690")
    model_numbers = {r["name"]: (regex.compile(r"(?:\s?(?:\((?i:R|TM)\)|®|™))?(?:[\s-]{0,2}(?i:CPU|processor)s?)?[\s-]{0,2}(?:" + r["model_number"]
                                               + r")(?!\w|\.\d)"), r.get("model_name", "{name} {number}"))
                     for r in rows if "model_number" in r}
    return _Engine(rows=rows, **found, model_numbers=model_numbers, device_words_re=device_words_re, device_coord_re=device_coord_re,
                   device_noun_re=device_noun_re,
                   device_run_after_re=device_run_after_re, device_classes=tuple(device_words), one_word_re=one_word_re, one_run_before_re=one_run_before_re,
                   unit_after_re=unit_after_re, left_re=left_re, right_re=right_re, after_re=after_re,
                   context_re=context_re, list_gap_re=list_gap_re, merge_before_re=merge_before_re,
                   merge_after_re=merge_after_re, prefix_word_re=prefix_word_re,
                   article_prep_re=article_prep_re, compound_re=compound_re)


@compiled("hardware")
def _engine() -> _Engine:
    return _build(_load_toml(CATALOG_PATH))


def compile_engine() -> None:
    """Build the mention recognizer now (else the first mention search does:
    about half a second of regex compiling)."""
    _engine()


def catalog() -> list[dict]:
    """Rows of the catalog (deep copies), in file order."""
    return copy.deepcopy(_engine().rows)


def canonical_names() -> frozenset[str]:
    """Every canonical name in the catalog (systems included; note that a mention of a
    system with a ``chip`` is reported under the chip's name)."""
    return frozenset(_engine().by_name)


def _family(eng: "_Engine", name: str) -> Optional[dict]:
    """The catalog row of a name as such, or of the family a model name belongs to
    ("Intel Xeon Gold 6154" -> "Intel Xeon")."""
    row = eng.by_name.get(name)
    if row is None and eng.model_numbers:
        family = max((f for f in eng.model_numbers if name.startswith(f)), key=len, default=None)
        row = eng.by_name.get(family) if family else None
    return row


def lookup(name: str) -> Optional[dict]:
    """Catalog row by canonical name (exact, then case-insensitive), else by alias surface."""
    eng = _engine()
    row = _family(eng, name)
    if row is None:
        low = name.strip().lower()
        row = next((r for n, r in eng.by_name.items() if n.lower() == low), None)
    if row is None:
        a = eng.by_key.get(_alias_key(name))
        row = a.entry if a else None
    return copy.deepcopy(row) if row is not None else None


# --------------------------------------------------------------------------- matching

@dataclass
class _Cand:
    start: int
    end: int
    name: Optional[str]
    count: Optional[int]
    generic: bool
    system: bool
    confirmed: bool


def _count_of(left, right, *, plural: bool, has_noun: bool, after, system: bool,
              gnoun: bool) -> Optional[int]:
    """Count of chips from the left/right extensions of a mention, or None."""
    count: Optional[int] = None
    article = False
    if left.group("mnum"):
        count = _parse_int(left.group("mnum"))
    elif left.group("num"):
        n = _parse_int(left.group("num"))
        if n > 0 and not _is_year(left.group("num")):
            count = n
    elif left.group("onecore"):
        count = 1
    elif left.group("word"):
        w = _SPACES.sub(" ", left.group("word").lower())
        count = _number_word_value(w)
        article = w in _ARTICLES
    if count is None and right.group("pnum"):
        count = _parse_int(right.group("pnum"))
    if count is not None and count < 1:
        count = None                      # "0 GPUs", "0x H100": no count of devices
    if count is not None and article and plural:
        count = None                      # "a GPUs" is not one
    if after is not None:
        if after.group("time"):
            return None                   # "282 H800 GPU hours" is a budget, not a count
        joined = bool(left.group("num")) and "-" in left.group(0)[len(left.group("num")):]
        if (after.group("unit") or after.group("compound")) and not system and not left.group("mnum"):
            # "an H100 server", "4 A100 nodes", "an A100-based cluster": not a chip count,
            # unless the number is attached to a device noun ("an 8 A800-GPU machine"), is a
            # multiplication ("8xH100 nodes" are nodes of eight H100s) or is hyphen-joined to
            # the model ("an 8-V100 machine" holds eight V100s, as an "8-GPU server" does)
            if article or not (has_noun or gnoun or joined):
                count = None
    return count


# the number of systems before a counted model that a system noun follows ("eight 8×V100 servers")
_SYSTEMS_BEFORE = regex.compile(r"(?:(?<![\w.,/-])(?<!(?i:table|tab\.|figure|fig\.|section|sec\.|eq\.)\s)(?P<num>\d{1,4})|(?<![\w-])(?P<word>(?i:" + _NUMBER_WORDS_RE
                                + r")))\s+\Z")


def _plural_noun(noun: str) -> bool:
    return _POSSESSIVE.sub("", noun.strip()).endswith("s")


def _words_back(text: str, pos: int, words: int) -> int:
    """Start of the window holding the ``words`` words before ``pos`` (at most
    120 characters): the left context (count, modifiers, vendor) is never
    longer, and a short window keeps each candidate cheap."""
    start = pos
    limit = max(0, pos - 120)
    for _ in range(words):
        space = text.rfind(" ", limit, start - 1) if start - 1 > limit else -1
        if space < 0:
            return limit
        start = space
    return start


def _every_position(text: str, scan_re) -> range:
    return range(len(text))


@shortcut(_every_position, "the trie of every alias scanned for (on the stdlib engine) instead of "
                           "trying the full mention pattern at every character")
def _candidate_starts(text: str, scan_re) -> list[int]:
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII capitals change length when lowered
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    low = " " + low   # offsets in ``low`` are one more than in ``text``
    starts = []
    pos = 0
    while True:
        m = scan_re.search(low, pos)
        if m is None:
            return starts
        starts.append(m.start(1) - 1)
        pos = m.start(1)   # the next match's non-word character comes after this key's first one


_WORD_START = regex.compile(r"(?<!\w)\w")


def _left_extension_definition(text: str, lo: int, hi: int, eng: "_Engine") -> regex.Match:
    return eng.left_re.search(text, lo, hi)


@shortcut(_left_extension_definition)
def _left_extension(text: str, lo: int, hi: int, eng: "_Engine") -> regex.Match:
    """``eng.left_re.search(text, lo, hi)``, tried at word starts only. Each
    branch of the pattern starts with a word character that no word character
    precedes (validate_catalog checks its word lists), so every match but the empty one
    at ``hi`` starts a word; a try elsewhere costs as much as one here."""
    for w in _WORD_START.finditer(text, lo, hi):
        m = eng.left_re.match(text, w.start(), hi)
        if m:
            return m
    return eng.left_re.match(text, hi, hi)   # matches empty: every part is optional


_JOINED = regex.compile(r"[-×*]|\dx")
# an all-capitals product series just before a number makes it a model number
_SERIES_BEFORE = regex.compile(r"(?<![\w-])[A-Z]{2,}[ -]?\Z")


def _generic_candidate(text: str, eng: _Engine, cm, left, right, after, end: int) -> Optional[_Cand]:
    """A counted generic device ("a single GPU", "8 GPUs"), or None."""
    plural = _plural_noun(cm.group("gen"))
    count = _count_of(left, right, plural=plural, has_noun=True, after=after, system=False, gnoun=False)
    if eng.compound_re.match(text, end):
        return None  # "3 GPU kernels", "a GPU data schedule"
    if count is not None and count > 1 and not plural and not _JOINED.search(text, left.start(), cm.start()):
        return None  # "56 GPU training hours", "16 GPU domains": a plural count needs "GPUs" or "4-GPU"
    if count is not None and _SERIES_BEFORE.search(text, max(0, left.start() - 12), left.start()):
        return None  # "a GTX 960 GPU": the number is an uncatalogued model's
    if count is not None and (left.group("word") or "").lower() in ("a", "an") \
            and not eng.article_prep_re.search(text, max(0, left.start() - 20), left.start()):
        return None  # "on a GPU" is one device; "requires a GPU" says little
    return None if count is None else _Cand(left.start(), end, None, count, True, False, True)


def _confirmed(text: str, eng: _Engine, alias: "_Alias", key: str, left, right, end: int,
               prefix_text: str, has_noun: bool, gnoun: bool) -> bool:
    """An ambiguous alias counts only with evidence: "8xT4" confirms a T4,
    but "1920x1080" does not make a GTX 1080."""
    if not alias.ambiguous:
        return True
    mult = bool(left.group("mnum"))
    vendor_keys = eng.vendor_prefix_keys.get(alias.entry["vendor"], frozenset())
    prefix_keys = {_alias_key(p.group(0)) for p in eng.prefix_word_re.finditer(prefix_text)}
    return bool(prefix_keys & vendor_keys or has_noun or gnoun or right.group("suf")
                or (mult and not key[:1].isdigit()) or eng.context_re.match(text, end))


# kinds a singular mention names one of: a phone's SoC or an edge board runs alone
_ONE_PER_DEPLOYMENT = frozenset({"mobile_soc", "edge_module"})


# a TPU slice's size after its generation: "TPUv3-8", "v4-128", "v5e-256"
_SLICE = regex.compile(r"-\d{1,5}(?![\w.])")


def _model_candidate(text: str, eng: _Engine, cm, left, right, after, end: int) -> Optional[_Cand]:
    """A catalogued device, with its count and the span from count or vendor on."""
    cs = cm.start()
    has_noun, gnoun = bool(right.group("noun")), bool(left.group("gnoun"))
    key = _alias_key(cm.group("core"))
    if cm.group("pl") and right.group("noun") and not _plural_noun(right.group("noun")) \
            and key + "s" in eng.by_key:
        key += "s"  # "an NVIDIA L40s GPU" is an L40S, not a plural
        plural_suffix = False
    else:
        plural_suffix = bool(cm.group("pl"))
    alias = eng.by_key.get(key)
    if alias is None:  # pragma: no cover - every alternative comes from by_key
        return None
    entry = alias.entry
    prefix_text = left.group("prefix") or ""
    if text[cs - 1:cs] == "-" and cs > 0 and not prefix_text and not left.group("num"):
        return None  # "ResNet-V100", "BGE-M3": part of another token
    plural = plural_suffix or _plural_noun(right.group("noun") or "")
    system = entry["kind"] == "system" and "chip" in entry
    count = _count_of(left, right, plural=plural, has_noun=has_noun, after=after, system=system, gnoun=gnoun)
    # the span starts at the count when there is one, else at the vendor prefix
    if count is not None and not right.group("pnum"):
        start = left.start()
    elif prefix_text:
        start = left.start("prefix")
    else:
        start = cs
    name = entry["name"]
    if count is None and not plural and after is None and entry["kind"] in _ONE_PER_DEPLOYMENT:
        count = 1   # "deployed on the MediaTek Dimensity 9300", "on Jetson Orin Nano": one board or phone
    if entry["kind"] == "npu_tpu" and _SLICE.match(text, cm.end()):
        count = None   # "a TPUv3-8", "v4-128": a slice, sized in cores or chips by generation
    if system:
        name = entry["chip"]
        count = (count or 1) * entry["chips"]
    elif count is not None and after is not None and after.group("unit") and start == left.start():
        # "eight 8×V100 servers", "two 8-A100 nodes": that many systems of that many chips
        systems = _SYSTEMS_BEFORE.search(text, max(0, start - 24), start)
        if systems is not None:
            digits = systems.group("num")
            n = _parse_int(digits) if digits else _number_word_value(systems.group("word"))
            if n is not None and n > 1 and not (digits and _is_year(digits)):
                count *= n
                start = systems.start()
    return _Cand(start, end, name, count, False, system,
                 _confirmed(text, eng, alias, key, left, right, end, prefix_text, has_noun, gnoun))


def _scan(text: str, eng: _Engine, device_words: list[tuple[int, int]]) -> list[_Cand]:
    """The candidates of ``text``; appends to ``device_words`` the span of each
    singular device word that is no candidate ("on a low-power GPU": no count of its own)."""
    cands: list[_Cand] = []
    floor = 0  # no extension may reach back over the previous candidate
    for pos in _candidate_starts(text, eng.scan_re):
        if pos < floor:
            continue
        cm = eng.core_re.match(text, pos)
        cand = _candidate(text, eng, cm, floor) if cm is not None else None
        if cand is not None:
            cands.append(cand)
            floor = cand.end
        elif eng.one_word_re is not None and (w := eng.one_word_re.match(text, pos)):
            device_words.append(w.span())
    return cands


def _candidate(text: str, eng: _Engine, cm, floor: int) -> Optional[_Cand]:
    """The candidate whose core ``cm`` matched, with its left and right extensions, or None."""
    cs, ce = cm.span()
    left = _left_extension(text, max(floor, _words_back(text, cs, 8)), cs, eng)
    right = eng.right_re.match(text, ce)
    end = right.end()
    after = eng.after_re.match(text, end)
    make = _generic_candidate if cm.group("gen") is not None else _model_candidate
    return make(text, eng, cm, left, right, after, end)


def _resolve_lists(text: str, cands: list[_Cand], eng: _Engine) -> list[_Cand]:
    """An ambiguous alias in a list with a confirmed mention ("T4, V100 and A800") is kept."""
    changed = True
    while changed:
        changed = False
        for i, c in enumerate(cands):
            if c.confirmed:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(cands) and cands[j].confirmed and not cands[j].generic:
                    a, b = (cands[j], c) if j < i else (c, cands[j])
                    gap = eng.list_gap_re.fullmatch(text, a.end, b.start)
                    if gap is not None:
                        c.confirmed = changed = True
                        break
    return [c for c in cands if c.confirmed]


def _merge(text: str, cands: list[_Cand], eng: _Engine) -> list[_Cand]:
    """Join a generic counted mention with an adjacent named one."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None:
            if (prev.generic and not c.generic and c.count is None
                    and eng.merge_before_re.fullmatch(text, prev.end, c.start)):
                # "8 GPUs (A100)", "an eight GPU A800 cluster"
                out[-1] = _Cand(prev.start, c.end, c.name, prev.count, False, c.system, True)
                continue
            if (not prev.generic and c.generic and (prev.count is None or prev.system)
                    and eng.merge_after_re.fullmatch(text, prev.end, c.start)):
                # "DGX H100 with 8 GPUs", "A100 (8 GPUs)"
                out[-1] = _Cand(prev.start, c.end, prev.name, c.count, False, prev.system, True)
                continue
        out.append(c)
    return out


# The device class of a catalogued kind (a system is its chip's)
KIND_CLASS = {"datacenter_gpu": "gpu", "consumer_gpu": "gpu", "workstation_gpu": "gpu", "edge_module": "edge",
              "mobile_soc": "mobile", "cpu": "cpu", "npu_tpu": "npu_tpu", "fpga": "fpga"}


# A system-on-chip or module holds a CPU, a GPU and often an NPU: naming those
# parts ("its integrated GPU") does not name a second device
CLASS_PARTS = {"mobile": {"cpu", "gpu", "npu_tpu"}, "edge": {"cpu", "gpu", "npu_tpu"}}


def device_class(name: str) -> Optional[str]:
    """The device class (gpu, cpu, edge, mobile, npu_tpu) of a catalogued name."""
    entry = _family(_engine(), name)
    if entry is None:
        return None
    if entry["kind"] == "system" and "chip" in entry:
        entry = _engine().by_name.get(entry["chip"], entry)
    # a system reported under its own name says its class ("Meta Quest 3": mobile)
    return entry.get("class") or KIND_CLASS.get(entry["kind"])


def device_classes(text: str, skip: list[tuple[int, int]]) -> set[str]:
    """The device classes a text runs something on outside the ``skip`` spans
    (its catalogued mentions, its baseline phrases): "on a CPU", "on
    smartphones", "using an FPGA", "on Jetson devices"."""
    eng = _engine()
    if eng.device_words_re is None:
        return set()
    found = set()
    merged: list[list[int]] = []   # the skipped spans as disjoint intervals, for bisection
    for s, e in sorted(skip):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]
    ends = sorted(e for _, e in skip)
    for first in eng.device_words_re.finditer(text):
        w = first
        while w is not None:
            start = w.start(w.lastgroup)
            i = bisect_right(starts, start) - 1
            inside = i >= 0 and w.end() <= merged[i][1]
            # the noun of a mention just before it ("a Cortex-M0 microcontroller")
            noun = bisect_right(ends, start) > bisect_right(ends, w.start())
            if not (inside or noun):
                found.add(w.lastgroup)
            w = eng.device_coord_re.match(text, w.end())
    return found


def unnamed_run_after(text: str, pos: int) -> Optional[tuple[int, int, str]]:
    """The span of a run phrase among the next three words after a claim
    ending at ``pos`` ("20 FPS| on an NVIDIA Jetson edge device", "3x
    faster| on CPU"), up to its device word, with that word's device class;
    or None. The caller checks that it names no catalogued model."""
    eng = _engine()
    m = eng.device_run_after_re.match(text, pos) if eng.device_run_after_re is not None else None
    if m is None:
        return None
    cls = next(c for c in eng.device_classes if m.group(c) is not None)
    return m.start("run"), m.end("run"), cls


def same_device_class(name: Optional[str], cls: str) -> bool:
    """Can a device of class ``cls`` ("on edge GPUs") be the catalogued
    ``name`` (a Jetson Orin)? Yes when the classes agree, when ``cls`` is a
    part of ``name``'s (a phone's GPU), or when the catalog gives no class."""
    own = device_class(name) if name else None
    return own is None or own == cls or cls in CLASS_PARTS.get(own, ())


def generic_class(mention_text: str) -> Optional[str]:
    """The device class of a generic mention ("a single GPU": gpu; "a smartphone": mobile)."""
    eng = _engine()
    w = eng.device_noun_re.search(mention_text) if eng.device_noun_re is not None else None
    return w.lastgroup if w else None


def class_words(text: str) -> set[str]:
    """The device classes whose nouns ``text`` holds ("Latency > GPU": {gpu})."""
    eng = _engine()
    if eng.device_noun_re is None:
        return set()
    return {w.lastgroup for w in eng.device_noun_re.finditer(text)}


# a class word that qualifies a technique, not a device run on ("does not use GPU parallelized
# simulation", "GPU-accelerated", "GPU kernels")
_CLASS_AS_MODIFIER = regex.compile(r"[\s-]+(?:parallel\w*|accelerat\w*|kernels?|implementations?|code|programming"
                                   r"|support\w*|based|friendly|native|enabled|vendors?|simulation)\b", regex.IGNORECASE)


def singular_class_words(text: str) -> list[tuple[str, int, int]]:
    """The device-class nouns of ``text`` written in the singular, with their
    spans ("a mean GPU inference time": [("gpu", 7, 10)]); a plural speaks of
    a kind of device ("accelerators such as TPUs"), not of the one used."""
    eng = _engine()
    if eng.device_noun_re is None:
        return []
    return [(w.lastgroup, w.start(), w.end()) for w in eng.device_noun_re.finditer(text)
            if not _plural_noun(w.group()) and not _CLASS_AS_MODIFIER.match(text, w.end())]


def find_hardware(text: str) -> list[HardwareMention]:
    """Every hardware mention in ``text``, in order and non-overlapping.

    ``name`` is the canonical catalog name (a system is reported as its chip), or
    None for a counted generic mention ("a single GPU", "8 GPUs"); ``count`` is the
    number of chips when the text gives one ("eight NVIDIA A100s" -> 8,
    "DGX H100" -> 8, "2 DGX H100 nodes" -> 16, "an A100 GPU" -> 1), else None.
    The span covers count, prefix, model, suffix and device noun as written.
    """
    if not text:
        return []
    eng = _engine()
    device_words: list[tuple[int, int]] = []
    cands = _scan(text, eng, device_words)
    if not cands:
        return _with_single_unnamed(text, eng, [], device_words)
    cands = _merge(text, _resolve_lists(text, cands, eng), eng)
    out = []
    for i, c in enumerate(cands):
        name, end = c.name, c.end
        if name in eng.model_numbers:
            pattern, fmt = eng.model_numbers[name]
            limit = cands[i + 1].start if i + 1 < len(cands) else len(text)
            m = pattern.match(text, c.end, limit)
            if m:
                number = " ".join(m.group("number").split())
                name, end = fmt.format(name=name, number=number), m.end()
        out.append(HardwareMention(c.start, end, text[c.start:end], name, c.count))
    return _with_single_unnamed(text, eng, out, device_words)


# "on a GTX 960 GPU": an uncatalogued model, not a device the text leaves unnamed
_SERIES_NUMBER = regex.compile(r"(?<![\w-])[A-Z]{2,}[ -]?\d")
# the longest run phrase before a device word: preposition, article and two free words
_RUN_BEFORE_WINDOW = 80
# a model named right after an unnamed device gives it its name ("on a smartphone (Pixel 7)")
_NAME_AFTER_DEVICE = 25


def _with_single_unnamed(text: str, eng: _Engine, found: list[HardwareMention],
                         device_words: list[tuple[int, int]]) -> list[HardwareMention]:
    """``found`` plus a generic mention of count 1 for each run on one
    unnamed device of a known class ("on a smartphone", "using a single
    FPGA") that no found mention overlaps or names just after, and that is
    not the head of a compound ("on a smartphone app"). ``device_words``:
    the spans of the singular device words _scan saw."""
    extra = []
    for start, end in device_words:
        run = eng.one_run_before_re.search(text, max(0, start - _RUN_BEFORE_WINDOW), start)
        if run is None:
            continue
        if eng.compound_re.match(text, end) or eng.unit_after_re.match(text, end) \
                or _SERIES_NUMBER.search(text, run.start(), start) or any(
                m.start < end + _NAME_AFTER_DEVICE and m.end > start for m in found):
            continue
        extra.append(HardwareMention(start, end, text[start:end], None, 1))
    return sorted(found + extra, key=lambda m: m.start) if extra else found
