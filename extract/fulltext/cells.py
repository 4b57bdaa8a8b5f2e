"""Claims from the cells of results tables (rules/tables.toml).

A value cell is read with its column header, its row label and the table's
caption as context: the header says what the figure is and in which unit
("Latency (ms)", "Speed-up (%) over HF"), the row label which method it
belongs to, and header, label or caption may name the device and the
baseline. Units are read by the same quantity rules as the text
(``match.find_quantities`` over "<number> <unit>") and normalised by
``units.conversion``, so a table adds no unit vocabulary of its own.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

import regex

from ..match import find_quantities
from ..model import RELATIVE_TYPES
from ..rules import load_rules
from ..rule_schema import TABLES, RuleError, read_rule_file, validate
from ..units import conversion, no_noise
from .table_model import Cell, Table, is_group_row, mostly_number, section_label

# a cell's figure; thousands grouped by commas or by (thin) spaces ("23 942": one number in a cell)
_NUMBER = regex.compile(r"(?<![\w.])(?P<sign>[-+−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d.])"
                        r"|\d+(?:\.\d+)?|\.\d+)(?P<exp>[eE][-+]?\d{1,3})?(?![\w.]*\d)")
# the high end of a range in a cell: "0.3-2.2", "1.5 – 2.0", "10~20"
_RANGE_TO = regex.compile(r"\s?(?:-|–|—|~)\s?(?P<hi>\d+(?:\.\d+)?)(?![\d.,])")
# a power of ten written after the figure: "$1.0 \times 10^4$", "3.2 × 10^{-3}"
_POWER_OF_TEN = regex.compile(r"\s*(?:\\times|×|\*)\s*10\s*\^\s*\{?\s*(?P<exp>[-−+]?\d{1,3})\s*\}?")
_MULTIPLIER = regex.compile(r"[kKM](?![A-Za-z])")
_BYTES_PREFIX = regex.compile(r"\s?(?P<p>[GT])(?![A-Za-z])")
_MINUTES_MARK = regex.compile(r"\s?m(?![A-Za-z])")
_QUALIFIER = {"~": "approx", "≈": "approx", "<": "upper_bound", "≤": "upper_bound", ">": "lower_bound",
              "≥": "lower_bound"}
# the unit a header writes: "(ms)", "[GB]", "(tokens/s)", "(×)"
_HEADER_UNIT = regex.compile(r"[(\[]\s*(?:in\s+)?(?P<unit>[^()\[\]]{1,20}?)\s*[)\]]")
# a cell that is not one figure: words before the number ("OOM", "A100 40GB", "N/A")
_WORDS_BEFORE = regex.compile(r"[^\W\d_]{2,}")
_DIGIT = regex.compile(r"\d")
# a row's enumeration mark, "(h)" or "b)": not a unit ("(h)" is no row of hours)
_ENUMERATION = regex.compile(r"\s*\(?[a-z]\)\s*|\s*\((?:[ivx]+|\d{1,2})\)\s*")


@dataclass(frozen=True)
class ColumnRule:
    name: str
    claim_type: str
    header: regex.Pattern
    bare: str
    percent: str
    metric: Optional[str]
    relative: bool     # a figure against a baseline (speedup, reduction): the baseline column names it
    own_units: frozenset = frozenset()   # kinds a cell's own unit makes it, whatever the column's type


# a header that ends in a multiplication sign names a factor: "Lat. ×", "Lat. X", "Speed (x)"
_FACTOR_MARK = regex.compile(r"(?:^|\s)(?:\(\s*)?[×xX](?:\s*\))?\s*[↑↓]?\s*$")


# a header word with a footnote's digit glued on ("FPS2", "Latency3"); one digit only
_FOOTNOTE_MARK = regex.compile(r"^(?P<word>[A-Za-z]{2,}[a-z]?)\d$")
_RATE = regex.compile(r"throughput|/\s*s(?:ec)?\b|\bper\s+s(?:ec(?:ond)?)?\b", regex.IGNORECASE)


class TableRules:
    def __init__(self, data: dict):
        validate(data, TABLES, "rules/tables.toml")
        where = "rules/tables.toml"
        self.columns = []
        for c in data["column"]:
            if c["percent"] not in ("gain", "share", "no"):
                raise RuleError(f"{where}: [[column]] {c['name']!r}: percent must be gain, share or no")
            self.columns.append(ColumnRule(c["name"], c["claim_type"], _compile(c["header"], where, c["name"]),
                                           c["bare"], c["percent"], c["metric"] or None, c["relative"],
                                           frozenset(c.get("own_units", ()))))
        reading = data["reading"]
        self.not_result = _compile(reading["not_result"], where, "not_result")
        self.not_result_row = _compile(reading["not_result_row"], where, "not_result_row")
        self.merged = _compile(reading["merged"], where, "merged")
        self.spec_caption = _compile(reading["spec_caption"], where, "spec_caption")
        self.spec_row = _compile(reading["spec_row"], where, "spec_row")
        self.baseline = _compile(reading["baseline"], where, "baseline")
        self.quoted_rows = _compile(reading["quoted_rows"], where, "quoted_rows")
        if "mark" not in self.quoted_rows.groupindex:
            raise RuleError(f"{where}: quoted_rows: needs a (?P<mark>...) group, the mark it finds")

    def quoted_mark(self, caption: Optional[str]) -> Optional[str]:
        """The mark ("†" or "‡") a caption gives the rows that hold other papers'
        results, or None."""
        m = self.quoted_rows.search(_strip_markup(_dagger(caption))) if caption else None
        return m.group("mark") if m else None

    def is_configuration(self, table: Table, labels: Optional[list[str]] = None) -> bool:
        """A table of hardware or settings, not results: by caption or by its row
        labels (``labels``: each row's, when the caller has them already)."""
        # the caption's title sentence only: a later sentence's "configuration"
        # ("SCAIL-2 uses its accelerated 8-step configuration") is about a row
        if table.caption:
            title = _caption_title(table.caption)
            spec = self.spec_caption.search(title)
            # a run's configuration or hyper-parameters beside a measured figure the title names
            # are that result's settings ("speed ablations ... in the Base configuration",
            # "Scaling configurations and MFU for each stage"); hardware, specifications, a
            # testbed or an environment stay a configuration table, whatever else it names
            settings_only = spec is not None and _RUN_SETTINGS.match(spec.group())
            if spec and not (settings_only and self._level_rule(title)[1] and not self.not_result.search(title)):
                return True
        # a row of words may pass for a header. Rows of figures under device labels
        # ("CPU | 1.09 | 131", "GPU | 0.58 | 0.75") are those devices' results: a
        # specification names a part in words somewhere ("Processor | Xeon")
        labels = labels if labels is not None else [table.row_header(r) for r in range(len(table.rows))]
        spec = [table.rows[r] for r in range(1, len(table.rows)) if self.spec_row.search(labels[r])]
        return len(spec) >= 2 and not all(_figures_row(row) for row in spec)

    def column_rule(self, header: str) -> Optional[ColumnRule]:
        """The rule of a header; its levels (" > ") are read apart: the deepest
        level naming a figure decides ("Throughput > Speedup" is a speedup);
        a level that is a setting ("bs=8") or a device only qualifies it."""
        if not header:
            return None
        chosen = None
        header = header.replace("-per-", " per ")   # "frames-per-second", "tokens-per-second"
        for level in header.split(" > "):
            if self.merged.search(level):
                return None
            factor = _FACTOR_MARK.search(level)
            if factor:
                # "Lat. ×", "Throughput (x)": a factor of that figure over a baseline:
                # of a time or a rate, a speedup; of anything else, not a result here
                rule, _ = self._level_rule(level[: factor.start()])
                rate = rule is not None and rule.claim_type == "throughput" and _RATE.search(level)
                if rule is None or not (rule.claim_type in ("latency", "fps", "speedup") or rate):
                    return None   # "TFLOPs ×": a factor of an amount of compute
                chosen = next(c for c in self.columns if c.claim_type == "speedup")
                continue
            rule, named = self._level_rule(level)
            if (chosen is not None and rule is not None and rule.claim_type != chosen.claim_type
                    and _UNIT_ALONE.match(level)):
                continue   # "FPS > MS": a sub-column's label ("multi-scale") that reads as a unit, under a figure
            if not named and (marked := _FOOTNOTE_MARK.match(level)):
                # "FPS2": a footnote's digit glued to the header word by the converter
                rule, named = self._level_rule(marked.group("word"))
            setting = self.not_result.search(level)
            if setting and named:
                return None   # a figure that is a setting or a specification: "Peak TFLOPS", "Params (M)"
            if named and rule is None:
                return None   # several figures in one cell
            chosen = rule or chosen
        return chosen

    def _level_rule(self, level: str) -> tuple[Optional[ColumnRule], bool]:
        """(the rule of one header level or None, whether any rule's words are in it)."""
        found = [(m.start(), c) for c in self.columns for m in [c.header.search(level)] if m]
        if not found:
            return None, False
        relative = [(at, c) for at, c in found if c.relative]
        base = [(at, c) for at, c in found if not c.relative]
        if len(relative) == 1 and len(base) == 1 and base[0][0] < relative[0][0]:
            # "Latency reduction", "Memory savings": the relative figure, of the other's metric
            return replace(relative[0][1], metric=base[0][1].metric), True
        kinds = {c.claim_type for _, c in found}
        return (found[0][1] if len(kinds) == 1 else None), True


def _dagger(text: str) -> str:
    """LaTeX's daggers as the characters ("$^\\dagger$": "^†")."""
    return text.replace("\\ddagger", "‡").replace("\\dagger", "†") if "dagger" in text else text


def quoted_row(mark: Optional[str], row_header: str) -> bool:
    """Does a row label carry the mark of other papers' results ("K-Planes† [40]")?"""
    return mark is not None and mark in _dagger(row_header)


def _figures_row(row) -> bool:
    """Does the row hold figures (a cell that is mostly a number) past its label?"""
    return any(c is not None and _DIGIT.search(c.plain) and mostly_number(c.plain) for c in row[1:])


def _compile(pattern: str, where: str, name: str) -> regex.Pattern:
    try:
        return regex.compile(pattern, regex.IGNORECASE)
    except regex.error as e:
        raise RuleError(f"{where}: {name}: {e}") from e


@lru_cache(maxsize=1)
def table_rules() -> TableRules:
    return TableRules(read_rule_file("tables.toml"))


@dataclass(frozen=True)
class CellClaim:
    start: int              # the figure's span in the file
    end: int
    claim_type: str
    low: float
    high: float
    unit: str
    unit_text: Optional[str]
    qualifier: str
    metric: Optional[str]
    baseline: Optional[str]
    row_header: str
    column_header: str
    rule: str
    device_text: str = ""   # the row's cells under a device column ("GPU": "GTX 1660 Ti")
    per_device: bool = False   # one device's figure ("Samples per GPU per second", a caption's "memory usage per GPU"): count 1


_LEVEL_MARKS = regex.compile(r"[#↑↓]")
_PER = regex.compile(r"/|\bper\b", regex.IGNORECASE)
# a rate per device: "Samples per GPU per second", "Tokens/s/GPU": one device's rate
_DEVICE_WORDS = r"(?:gpu|device|chip|card|accelerator)\b"
PER_DEVICE = regex.compile(r"(?:/|\bper)\s*" + _DEVICE_WORDS, regex.IGNORECASE)
# ... and in a caption's title ("memory usage per GPU (GB)"), not of a setting ("batch
# size per GPU", "per-GPU batch size")
_CAPTION_PER_DEVICE = regex.compile(r"(?<!\bbatch\s)(?<!\bsize\s)(?:/|\bper)[\s-]*" + _DEVICE_WORDS + r"(?![\s-]*batch)",
                                    regex.IGNORECASE)
_SLASH = regex.compile(r"\s*/\s*")
# a figure's name, a slash and a time or size unit ("Latency/ms"; not a rate such as "Tokens/s",
# which the level as a whole reads as)
_SLASH_UNIT = regex.compile(r"(?i)^(?:[\w.-]+\s+){0,3}(?:latency|time|runtime|run-time|duration|memory|mem\.?|ttft|tpot|delay)\s*/\s*"
                            r"(?P<unit>ms|s|sec|min|h|hrs?|µs|μs|us|[KMGT]i?B)$")
_COMMA_UNIT = regex.compile(r"(?<=\w),\s*(?P<unit>[^\W\d][^,]{0,11})$")
# a rate after a method's or a setting's name: "EAGLE-2(+FR 32k) token/s", "PPO Steps per Second"
_TRAILING_RATE = regex.compile(r"(?<=\s)[A-Za-z]+(?:/|\s+per\s+)(?:s(?:ec)?|[A-Za-z]+)(?=\.?$)", regex.IGNORECASE)
_FLOP = regex.compile(r"flop", regex.IGNORECASE)   # "TFLOPs": an amount of compute as often as a rate


def _units(header: str, caption_unit: Optional[str]) -> list[str]:
    """The units a header gives its cells, best first: its parenthesised ones,
    the deepest first ("Time (s) > Base Models (170M-208M parameters)": the
    first reads as no unit, so "s"); then its deepest level when that is
    itself a rate ("#Tokens / s", "{\\bf TFLOPs/s}": never "TFLOPs", an amount
    of compute as often as a rate); then the caption's."""
    units = [m.group("unit") for m in _HEADER_UNIT.finditer(header)][::-1]
    level = _LEVEL_MARKS.sub("", _strip_markup(header.split(" > ")[-1])).strip()
    if units and not any(_quantity("1", u) for u in units):
        # a parenthesised aside that is no unit ("Steps Per Second (Best case)"): the level without it
        level = _HEADER_UNIT.sub(" ", level).strip()
    # the rate as a unit: one device's ("per GPU") is the rate itself; "Samples / s" is "Samples/s"
    level = " ".join(_SLASH.sub("/", PER_DEVICE.sub("", level)).split())
    if 0 < len(level) <= 20 and _PER.search(level):
        units.append(level)
        slashed = _SLASH_UNIT.search(level)
        if slashed:
            units.append(slashed.group("unit"))   # "Latency/ms", "Time/s", "Memory/GB": the unit after the name
    elif 0 < len(level) <= 12 and not _FLOP.search(level) and _whole_unit(level):
        units.append(level)   # a level that is a unit word: "Seconds", "GPU hours" (not "S _ TTFT")
    comma = _COMMA_UNIT.search(level)
    if comma:
        units.append(comma.group("unit"))   # "Latency, ms", "Memory, GB": the unit after a comma
    tail = _TRAILING_RATE.search(level)
    if tail and tail.start():
        units.append(tail.group())   # "EAGLE-2(+FR 32k) token/s": the rate after a method's name
    if caption_unit:
        units.append(caption_unit)
    return units


@lru_cache(maxsize=4096)
def _whole_unit(text: str) -> bool:
    """Is ``text`` a unit and nothing else ("Seconds", "GPU hours")?"""
    found = find_quantities(f"1 {text}")
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text) + 2


def _quantity(number: str, unit: Optional[str]):
    """The quantity "<number> <unit>" reads as, or None."""
    if unit is None:
        return None
    unit = {"×": "x", "X": "x", "fps": "FPS"}.get(unit.strip(), unit.strip())
    unit = _SLASH.sub("/", unit).replace("-per-", " per ")   # "image / s" is "image/s"; "steps-per-second"
    found = _read(number, unit)
    if found is None and unit != unit.lower() and len(unit) > 2:
        # header units are often capitalised ("Train (Sec)", "Time (Hours)"); "MB" and "GB" are not
        found = _read(number, unit.lower())
    if found is None and (per_item := _TIME_PER_ITEM.match(unit)):
        # a time per anything ("ms/Q", "s/video", "sec / epoch") is that time
        found = _read(number, per_item.group("time"))
    return found


_TIME_PER_ITEM = regex.compile(r"^(?P<time>ns|µs|μs|us|ms|msec|s|sec|secs|min|mins|h|hr|hrs|seconds?|minutes?|hours?)"
                               r"/[^\W\d_][\w-]{0,15}$", regex.IGNORECASE)


def _read(number: str, unit: str):
    found = find_quantities(f"{number} {unit}" if unit not in ("x", "%") else f"{number}{unit}")
    return found[0] if len(found) == 1 and found[0].start == 0 else None


_COSTS = frozenset({"latency", "memory", "power"})   # figures a method cuts


def _value(rule: ColumnRule, q) -> Optional[tuple[str, float, str]]:
    """(claim type, value, canonical unit) of a quantity in a column of ``rule``."""
    if q.kind == "ratio":
        if rule.claim_type == "speedup":
            return "speedup", q.low, "x"
        if rule.claim_type == "reduction" and q.low > 1:
            return "reduction", 100 * (1 - 1 / q.low), "%"
        if rule.claim_type in _COSTS and 0 < q.low < 1:
            # a cost as a fraction of the baseline's ("Cloud runtime": "0.23×") is cut by the rest
            return "reduction", no_noise(100 * (1 - q.low)), "%"
        return None
    if q.kind == "percent":
        if rule.percent == "gain":
            return "speedup", 1 + q.low / 100, "x"
        if rule.percent == "share":
            return rule.claim_type, q.low, "%"
        return None
    claim_type = q.kind if q.kind in rule.own_units else rule.claim_type
    if q.kind != claim_type or q.pint is None:
        return None
    try:
        factor, canonical = conversion(q.pint, claim_type)
    except ValueError:
        return None
    return claim_type, no_noise(q.low * factor), canonical


# math a converter spells out token by token ("$\\mathbf { 1 2 . 3 }$", "$1 . 5 2 \\times$"):
# a space between digits or a point, and the symbols that are a unit
_MATH_CLOSE = regex.compile(r"(?<=[\d.]) (?=[\d.])|\\times(?![A-Za-z])|\\%")


def _math_plain(text: str) -> tuple[str, Optional[list[tuple[int, int]]]]:
    """A cell's text with converter math closed up ("1 2 . 3" -> "12.3",
    "\\times" -> "×"), and the span in ``text`` each of its characters comes
    from (None: the text is unchanged)."""
    if "$" not in text and "\\" not in text and " . " not in text:
        return text, None
    out: list[str] = []
    where: list[tuple[int, int]] = []
    i = 0
    for m in _MATH_CLOSE.finditer(text):
        out.append(text[i:m.start()])
        where.extend((k, k + 1) for k in range(i, m.start()))
        if m.group() != " ":
            out.append("×" if m.group().startswith("\\t") else "%")
            where.append((m.start(), m.end()))
        i = m.end()
    out.append(text[i:])
    where.extend((k, k + 1) for k in range(i, len(text)))
    return "".join(out), where


def _cell_claim(cell: Cell, rule: ColumnRule, header: str, row: str, caption_unit: Optional[str],
                baseline: Optional[str], own_unit_only: bool = False, change: bool = False) -> Optional[CellClaim]:
    raw, where = _math_plain(cell.text)
    m = _NUMBER.search(raw)
    # what precedes the figure, as a reader sees it: no tags, entities decoded ("&gt;200K")
    before = html.unescape(_strip_markup(raw[: m.start()])).rstrip() if m is not None else ""
    if m is None or _WORDS_BEFORE.search(before):
        return None
    number = regex.sub(r"[, \u2009\u202f]", "", m.group("num"))
    if m.group("sign"):
        # a signed change ("-12.3"): a delta, read with the column's sense it is not a level;
        # a signed percent under a change of a figure ("∆thr.", "throughput gain") is that change
        return _signed_change(cell, raw, where, m, float(number), rule, row, header, baseline) if change else None
    number_end = m.end()
    power = _POWER_OF_TEN.match(raw, m.end())
    exponent = m.group("exp")[1:] if m.group("exp") else power.group("exp") if power else None
    if exponent is not None:   # "1.2e4", "$1.0 \times 10^4$": the figure is the product
        number = format(Decimal(number) * Decimal(10) ** int(exponent.replace("−", "-")), "f")
        number_end = power.end() if power else number_end
    multiplier = _MULTIPLIER.match(raw, m.end())
    if multiplier:   # "18K", "1.2k": thousands (the quantity rules read the suffix)
        if rule.claim_type == "latency" and not _HEADER_UNIT.search(header):
            # "11M" under a caption's "latency ... in milliseconds": a count (parameters,
            # tokens); under its own "Latency (ms)" header, ">200K" is 200,000 ms
            return None
        number, number_end = number + multiplier.group(), multiplier.end()
    qualifier = _QUALIFIER.get(before[-1:], "exact") if before else "exact"
    if _SPREAD_AFTER.match(raw, number_end):
        qualifier = "approx"   # "1449.4±0.8": a mean with its spread, as in prose
    # the cell's own unit first ("12 ms", "2.1x"), then the header's, then the column's bare unit
    own = find_quantities(_strip_markup(raw[m.start():] if exponent is None else number + " " + raw[number_end:]))
    q, end = None, number_end
    if own and own[0].start == 0 and own[0].unit_text:
        q = own[0]
        tail = raw.find(q.unit_text, number_end)
        if 0 <= tail - number_end <= (12 if q.high != q.low else 2):   # "0.3-2.2 ms": past the range
            end = tail + len(q.unit_text)
    if q is None and own_unit_only:
        return None
    given = None   # the unit a bare cell is read in
    if q is None:
        for unit in _units(header, caption_unit):
            q = _quantity(number, unit)
            if q is not None:
                given = unit
                break
    if q is None and rule.claim_type == "memory" and (prefix := _BYTES_PREFIX.match(raw, number_end)):
        # "3.15G" in a memory row or column: gigabytes ("G" alone is no unit of the text rules)
        q, given = _quantity(number, prefix.group("p") + "B"), prefix.group("p") + "B"
        end = prefix.end()
    if q is None and rule.claim_type == "latency" and (minutes := _MINUTES_MARK.match(raw, number_end)):
        # "693.6m" beside "81.4h" in a time column: minutes ("m" alone is no unit of the text rules)
        q, given = _quantity(number, "min"), "min"
        end = minutes.end()
    if q is None and rule.bare:
        q, given = _quantity(number, rule.bare), rule.bare
    # a range in a bare cell ("0.3-2.2" under "Time (ms)"): its high end in the same unit
    span_to = _RANGE_TO.match(raw, number_end) if q is not None and given is not None and exponent is None else None
    high_q = _quantity(span_to.group("hi"), given) if span_to else None
    if high_q is not None and high_q.low > q.low:
        q = replace(q, high=high_q.low, qualifier="range")
        end = span_to.end()
    if q is None:
        return None
    typed = _value(rule, q)
    if typed is None:
        return None
    claim_type, value, unit = typed
    if claim_type == "speedup" and value == 1.0 and q.high == q.low:
        return None   # the baseline's own row
    high = value
    if q.high != q.low:   # a range: its high end the same way ("0.3-2.2 ms", "1.5-2×")
        typed_high = _value(rule, replace(q, low=q.high))
        if typed_high is None or typed_high[0] != claim_type:
            return None
        high = typed_high[1]
        qualifier = "range"
    start = m.start() if where is None else where[m.start()][0]
    end = end if where is None else where[end - 1][1]
    return CellClaim(cell.start + start, cell.start + end, claim_type, min(value, high), max(value, high), unit, q.unit_text,
                     qualifier, rule.metric, baseline if claim_type in RELATIVE_TYPES else None,
                     row, header, f"table:{rule.name}", per_device=bool(PER_DEVICE.search(header)))


_MARKUP = regex.compile(r"<[^>\n]{0,300}>|\*\*|__|\$|\\[a-z]+\b|[{}]|(?<=\d)~")   # "3.5~\\mathrm{ms}": ~ is a space


# a header or caption title naming a change of its figure
_CHANGE = regex.compile(r"(?i)∆|Δ|\\Delta|\bdelta\b|\bchanges?\b|\bgains?\b|\bimprovements?\b")
_SIGNED_PERCENT = regex.compile(r"\s?%")
_RATES = frozenset({"throughput", "fps", "speedup"})


def _signed_change(cell: Cell, raw: str, where, m, p: float, rule: ColumnRule, row: str, header: str,
                   baseline: Optional[str]) -> Optional[CellClaim]:
    """A signed percent under a change of a figure: a rate's rise is a speedup
    ("+4.1%": 1.041x), its fall or a cost's cut a reduction ("-2.6%": 2.6%);
    a cost's rise is left alone."""
    pct = _SIGNED_PERCENT.match(raw, m.end())
    if pct is None or m.group("exp"):
        return None
    rising = m.group("sign") == "+"
    if rule.claim_type in _RATES:
        claim_type, value, unit = ("speedup", no_noise(1 + p / 100), "x") if rising else ("reduction", p, "%")
    elif rule.claim_type in _COSTS and not rising:
        claim_type, value, unit = "reduction", p, "%"
    else:
        return None
    if p == 0:
        return None
    start, end = m.start(), pct.end()
    if where is not None:
        start, end = where[start][0], where[end - 1][1]
    metric = rule.metric if rule.claim_type != "speedup" else "throughput"
    return CellClaim(cell.start + start, cell.start + end, claim_type, value, value, unit, "%", "exact",
                     metric, baseline, row, header, f"table:{rule.name}:change")


def _strip_markup(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def _baseline(rules: TableRules, *texts: Optional[str]) -> Optional[str]:
    for text in texts:
        m = rules.baseline.search(text or "")
        if m:
            return m.group("baseline").strip()
    return None


_CAPTION_UNIT = regex.compile(r"\bin\s+(?P<unit>ms|milliseconds?|seconds?|s|minutes?|hours?|GB|MB|GiB|FPS"
                           r"|(?:tokens?|samples?|images?|imgs?|frames?|requests?|queries|seqs?|sequences?|it|iterations?)/s(?:ec)?)\b")


# a column that names each row's device
_DEVICE_HEADER = regex.compile(r"^(?:(?:gpu|cpu|tpu|npu)s?|hardware|devices?|platforms?|accelerators?|chips?|gpu\s+model)$",
                               regex.IGNORECASE)
# a mean's spread after a cell's figure: "1449.4±0.8", "$338.0 \\pm 0.6$"
_SPREAD_AFTER = regex.compile(r"\s*(?:±|\\pm\b)\s*\d")
# a column header that is a setting's value: "128", "1024", "bs=8", "8K", "2 GPUs"
_SETTING_HEADER = regex.compile(r"^[\w=\s.,×x-]{0,12}\d[\w=\s.,×x-]{0,12}$")
_FIRST_SENTENCE = regex.compile(r"^(?:Table\s*\S+?[.:]\s*)?(?P<text>[^.]{0,300})")


_UNIT_AFTER = regex.compile(r"\s{0,3}" + _HEADER_UNIT.pattern)


# "... runtimes are reported in milliseconds", "peak memory in MB": a unit in words after a figure's name
_UNIT_IN_WORDS = regex.compile(r"(?:\s+(?:is|are|was|were))?(?:\s+(?:reported|measured|given|shown|listed))?"
                               r"\s+" + _CAPTION_UNIT.pattern)


def _caption_unit_of(rule: ColumnRule, caption: str) -> Optional[str]:
    """The unit a caption gives one figure, written just after the figure's
    name: '"Mem." denote ... Memory cost (GB)' gives a memory column "GB",
    "peak memory reported in MB" "MB"."""
    for m in rule.header.finditer(caption):
        unit = _UNIT_AFTER.match(caption, m.end()) or _UNIT_IN_WORDS.match(caption, m.end())
        if unit is not None:
            return unit.group("unit")
    return None


def _figures_named(rules: TableRules, text: str) -> list[ColumnRule]:
    """The figures whose header words ``text`` holds ("Runtime and memory ..."),
    in the rules' order; "Speed" alone names no one figure."""
    return [rule for rule in rules.columns if rule.name != "speed" and rule.header.search(text)]


def _other_figure(rules: TableRules, table: Table, caption: str, headers: list[str],
                  column_rules: list) -> list:
    """A caption title naming two figures ("Runtime and memory ablation ...") over
    columns of which some name one ("Peak Memory"): the plain columns (operations:
    "Reset", "Transition") hold the other, when the caption gives it a unit ("All
    runtimes are reported in milliseconds"). Not a column of a setting's values
    swept in order ("Objects": 8, 16, 32), a device or a metric."""
    title = _caption_title(caption)
    named = {r.claim_type: r for r in _figures_named(rules, title)}
    typed = {r.claim_type for r in column_rules if r is not None}
    missing = [r for kind, r in named.items() if kind not in typed]
    if len(missing) != 1 or _caption_unit_of(missing[0], caption) is None:
        return column_rules
    vocab = load_rules().metric_vocab
    return [missing[0] if (c and h and rule is None and "%" not in h and not vocab.first(h)
                           and not rules.not_result.search(h) and not _DEVICE_HEADER.match(h)
                           and not _swept(table, c)) else rule
            for c, (h, rule) in enumerate(zip(headers, column_rules))]


def _swept(table: Table, col: int) -> bool:
    """Is the column a setting's values (whole numbers in order, 8, 16, 32, or repeated)?"""
    values = []
    for row in table.rows[table.header_rows:]:
        cell = row[col] if col < len(row) else None
        text = _strip_markup(cell.text) if cell is not None else ""
        if text:
            if not text.isdigit():
                return False
            values.append(int(text))
    # rising or falling, or rising again from the same start for each group of rows
    # (8..128 on the CPU, 8..128 on the GPU)
    if len(values) < 3:
        return False
    if values == sorted(values, reverse=True):
        return True
    return all(b > a or b == values[0] for a, b in zip(values, values[1:]))


_RUN_SETTINGS = regex.compile(r"(?:configurations?|hyper-?parameters?)$", regex.IGNORECASE)


def _caption_title(caption: str) -> str:
    """A caption's first sentence, without its "Table 3:" label, nor a figure it
    holds fixed ("Comparison of ... under the same memory consumption": the
    table's figures are not memory)."""
    m = _FIRST_SENTENCE.match(caption)
    title = m.group("text") if m else caption
    return _HELD_FIXED.sub("", title)


# "under the same memory consumption", "at equal latency", "with a fixed FLOPs budget"
_HELD_FIXED = regex.compile(r"\s*\b(?:under|at|with|given|for|using)\s+(?:the\s+|a\s+|an\s+)?"
                            r"(?:same|equal|similar|identical|matched|comparable|fixed|constant)\b.*\Z",
                            regex.IGNORECASE)


def _caption_rule(rules: TableRules, caption: str, headers: list[str]) -> Optional[tuple[ColumnRule, str]]:
    """A table whose caption names its one figure and unit ("Forward pass
    runtime (ms) of ... by sequence length") over columns that are settings'
    values ("128", "256", ...): (the figure's rule, its unit), else None."""
    values = [h for h in headers[1:] if h]
    if len(values) < 2 or not all(_SETTING_HEADER.match(h) for h in values):
        return None
    return _titled_figure(rules, _caption_title(caption))


def _titled_figure(rules: TableRules, title: str) -> Optional[tuple[ColumnRule, str]]:
    """(rule, unit) of a caption title that opens with a figure and its unit
    ("Forward pass runtime (ms) of ...", "Timing (ms) on a K40 GPU"), else None."""
    unit = _HEADER_UNIT.search(title)
    if unit is None:
        # a figure that needs no unit ("Speedup over PyTorch", "FPS on ..."): its own
        rule = rules.column_rule(title)
        if rule is not None and rule.bare:
            return rule, rule.bare
        # a unit in words ("Throughput in samples/s for different batch sizes")
        words = _CAPTION_UNIT.search(title)
        head = _TITLE_HEAD.match(title) if words is not None else None
        rule = rules.column_rule(head.group(0)) if head is not None and head.end() <= words.start() else None
        return (rule, words.group("unit")) if rule is not None else None
    figure = title[: unit.end()]   # "Forward pass runtime (ms)": what follows is settings
    rule = rules.column_rule(figure)
    if rule is None:
        # the unit closes the title ("Throughput at different batch sizes (samples/sec)"):
        # the figure is the title's words before its settings
        head = _TITLE_HEAD.match(figure)
        rule = rules.column_rule(f"{head.group(0)} ({unit.group('unit')})") if head is not None else None
    return (rule, unit.group("unit")) if rule is not None else None


# a caption title's opening words up to the first word that starts its settings
# ("Throughput | at different batch sizes", "Latency | for each sequence length")
_TITLE_HEAD = regex.compile(r"^[^\W\d_][\w\s/.-]{0,40}?(?=\s+(?:at|for|with|across|under|over|by|on|vs\.?|versus|when|as|in)\b)",
                            regex.IGNORECASE)


def _plain_columns(rules: TableRules, figure: ColumnRule, headers: list[str], title: str) -> bool:
    """Columns that name no figure but the title's (components, methods,
    devices; "TTFT" and "TPOT" under "Serving latency (ms)"), under a title
    that names no quality figure: the title's figure is theirs. A header
    naming another metric ("mAP", "PSNR") or a percentage is another figure."""
    loaded = load_rules()
    vocab, quality = loaded.metric_vocab, loaded.metric_kinds["quality"] | loaded.metric_kinds["error"]
    return (not any("%" in h or (vocab.first(h) and rules.column_rule(h) is not figure) for h in headers)
            and vocab.first(title) not in quality and vocab.last(title) not in quality)


_AT = regex.compile(r"\s*@\s*")
_NUMBER_SLASH = regex.compile(r"(?<=\d)\s*/\s*(?=\d)")   # "320/16": the slash between two figures
# two figures' names joined by a slash; a rate's denominator ("/s", "/sec", "/GPU", "/token") is no figure
_PAIR_SLASH = regex.compile(r"(?<=[A-Za-z.)])\s*/\s*(?=[A-Za-z])(?!(?:s|sec|second|seconds|gpu|device|token|tok|image|img|sample|step|iter|it|chip|node|query|req|request|frame|batch|W|J)\b)", regex.IGNORECASE)
_UNIT_FACTOR = regex.compile(r"^1(?:\.0+)?\s*[×xX]?$")   # a baseline's own factor, markup stripped
# "0.80 (2.60x)": a figure and its factor over the table's "(1.00x)" row
_PAREN_FACTOR = regex.compile(r"^(?P<k>\d+(?:\.\d+)?)\s*(?:[×xX]|\\times)$")
# which way a factor of each figure runs: a time or a footprint is better lower
# (the factor is the baseline's over ours), a rate higher (ours over the baseline's)
_LOWER_IS_BETTER = {"latency": True, "memory": True, "throughput": False, "fps": False}
_FACTOR_AGREES = 0.03   # the factor a cell writes and the one its figures give agree to 3%


def _factor_claim(claim: CellClaim, factor: Cell, k: float, base: tuple[str, float],
                  rounding: float = 0.0) -> Optional[CellClaim]:
    """The parenthesised factor of a figure's cell as its own claim ("0.80 (2.60x)"
    under "Memory (GB)", beside "2.08 (1.00x)": a 2.60x memory cut), when the
    figures bear it out: the factor must be the baseline row's figure over this
    one's (for a rate, this one's over the baseline's), to 3% or to the
    ``rounding`` of the factor as written (half a unit of its last digit). A
    speed factor is a speedup; a memory factor a reduction (SPEC: percent saved)."""
    label, base_value = base
    lower = _LOWER_IS_BETTER.get(claim.claim_type)
    if lower is None or claim.low <= 0 or base_value <= 0 or k <= 1:
        return None
    implied = base_value / claim.low if lower else claim.low / base_value
    if abs(implied - k) > max(_FACTOR_AGREES * k, min(rounding, 0.1 * k)) + 1e-9:
        return None
    if claim.claim_type == "memory":
        value, kind, unit, metric = 100 * (1 - 1 / k), "reduction", "%", "memory"
    else:
        value, kind, unit, metric = k, "speedup", "x", claim.metric or claim.claim_type
    return replace(claim, start=factor.start, end=factor.end, claim_type=kind, low=value, high=value, unit=unit,
                   unit_text="x", qualifier="exact", metric=metric, baseline=label or None,
                   rule=f"table:{kind}:paren-factor")
_CITATION = regex.compile(r"\s*\[[\d,\s–-]{1,20}\]")


def _pair_part(rules: TableRules, header: str, rule: Optional[ColumnRule]) -> Optional[int]:
    """Which "@"-part of a paired header ("Acc. @ Latency") names the column's
    figure, when exactly one does; else None (one figure per cell)."""
    if rule is None or ("@" not in header and "/" not in header):
        return None
    parts = _AT.split(header.split(" > ")[-1])
    if len(parts) < 2:   # "GFLOPS/FPS" over "320/16": two figures, a slash between (not a rate: "tokens/s")
        parts = _PAIR_SLASH.split(header.split(" > ")[-1])
    named = [i for i, p in enumerate(parts) if rules.column_rule(p) is not None]
    return named[0] if len(parts) > 1 and len(named) == 1 else None


_UNIT_ALONE = regex.compile(r"^\s*(?:ms|msec|µs|μs|us|s|[KMGT]i?B)\s*[↑↓]?\s*$", regex.IGNORECASE)
_BARE_NUMBER = regex.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_BREAK_TAG = regex.compile(r"<br\s*/?>", regex.IGNORECASE)


def _stacked_values(cell: Cell, header: str) -> Optional[list[tuple[Cell, str]]]:
    """A cell that stacks one bare number per label of the header rows under its
    column's name ("71<br>129 672" under "Time (ms)" over "N.A.<br>F<br>MS": no
    augmentation, flip, multi-scale): each number with its own header. Only when
    the counts agree and the cell holds nothing but the numbers."""
    levels = header.split(" > ")
    if len(levels) < 3:
        return None
    numbers = list(_BARE_NUMBER.finditer(cell.text))
    if len(numbers) != len(levels) - 1 or len(set(levels[1:])) != len(levels) - 1:
        return None
    if _BREAK_TAG.sub(" ", _BARE_NUMBER.sub(" ", cell.text)).strip():
        return None
    return [(Cell(m.group(), cell.start + m.start(), cell.start + m.end(), cell.header), f"{levels[0]} > {label}")
            for m, label in zip(numbers, levels[1:])]


def _cell_part(cell: Cell, index: int) -> Cell:
    """The ``index``-th "@"-part of a cell with as many parts as its header
    (a cell of one figure is itself)."""
    cuts = [0]
    for m in _AT.finditer(cell.text) if "@" in cell.text else _NUMBER_SLASH.finditer(cell.text):
        cuts += [m.start(), m.end()]
    cuts.append(len(cell.text))
    spans = list(zip(cuts[::2], cuts[1::2]))
    if len(spans) < 2 or index >= len(spans):
        return cell
    s, e = spans[index]
    return Cell(cell.text[s:e], cell.start + s, cell.start + e, cell.header)


def _split_parenthesis(text: str) -> Optional[tuple[str, str, int]]:
    """"A (B)" as (A, B, where B starts), when the text ends with its one
    parenthesis (closing math or emphasis marks after it aside: "$9.5 \\text{ days } (1.0 \\times)$");
    else None. String scans, not a pattern: linear on any text."""
    text = text.rstrip(" $*_")
    opening = text.rfind("(")
    if not text.endswith(")") or opening <= 0 or "(" in text[:opening] or ")" in text[:-1]:
        return None
    return text[:opening].rstrip(), text[opening + 1:-1], opening + 1


def _paren_pair(rules: TableRules, header: str) -> Optional[tuple[ColumnRule, ColumnRule]]:
    """The rules of a header that names one figure and a second in parentheses
    ("Training time (speedup)"), when they are of different types; else None.
    A unit in parentheses ("Latency (ms)", "Throughput (tokens/s)") is no pair."""
    split = _split_parenthesis(header.split(" > ")[-1].rstrip(" ↑↓"))
    if split is None:
        return None
    outer, inner = rules.column_rule(split[0]), rules.column_rule(split[1])
    if outer is None or inner is None or outer.claim_type == inner.claim_type:
        return None
    return outer, inner


def _paren_parts(cell: Cell) -> Optional[tuple[Cell, Cell]]:
    """A cell "9.5 days (1.0×)" as its figure and its parenthesised figure,
    each with its span in the file; None unless both hold a number."""
    split = _split_parenthesis(cell.text)
    if split is None or not (_DIGIT.search(split[0]) and _DIGIT.search(split[1])):
        return None
    outer, inner, at = split
    return (Cell(outer, cell.start, cell.start + len(outer), cell.header),
            Cell(inner, cell.start + at, cell.start + at + len(inner), cell.header))


def _compared_row(rules: TableRules, labels: list[str], row: int, first_body_row: int) -> Optional[str]:
    """The baseline of a row of factors ("Laptop > Speedup") under the two body rows
    it compares ("Laptop > Python", "Laptop > EnvPool"): the first of them, when
    both are of its group (the same first level, or none) and name methods, not
    figures (a table written the other way round: "Time (s)", "Saved (s)")."""
    if row - 2 < first_body_row:
        return None
    group = labels[row].rpartition(" > ")[0]
    pair = labels[row - 2: row]
    if not all(label and label.rpartition(" > ")[0] == group and rules.column_rule(label) is None for label in pair):
        return None
    name = _CITATION.sub("", pair[0].rpartition(" > ")[2]).strip()
    return name or None


def _is_unit_factor(cell: Cell, rule: Optional[ColumnRule]) -> bool:
    """Is this a speedup column's "1.0×", the baseline's own row?"""
    return rule is not None and rule.claim_type == "speedup" and bool(_UNIT_FACTOR.match(_strip_markup(cell.text)))


# where a merged cell's headers part: after each direction mark ("Time (s) ↓|Speedup ↑")
_AFTER_MARK = regex.compile(r"(?<=[↑↓⇑⇓])")


# math a converter spells letter by letter: "\mathbf { s p d } ." is "spd."
_SPELLED = regex.compile(r"(?<![A-Za-z])[A-Za-z](?: [A-Za-z]){2,}(?![A-Za-z])")


def _spelled_closed(header: str) -> str:
    if "\\" not in header and "{" not in header:
        return header
    return _SPELLED.sub(lambda m: m.group().replace(" ", ""), header)


def _unmerged(rules: TableRules, headers: list[str]) -> list[str]:
    """Headers with a converter's merged cell dealt back to its columns: a
    deepest level holding k direction-marked headers ("Time (s) ↓ Speedup ↑")
    over k columns, the k-1 after it empty, its upper levels only, or the
    same cell repeated (a colspan), gives one part to each, in order. Any
    other merged header stays, and is not read."""
    out = list(headers)
    c = 0
    while c < len(headers):
        levels = headers[c].split(" > ")
        leaf, upper = levels[-1], " > ".join(levels[:-1])
        parts = [p.strip() for p in _AFTER_MARK.split(leaf)]
        if parts and not parts[-1]:
            parts.pop()   # the leaf ends on a mark: every part is a header
        k = len(parts)
        after = headers[c + 1: c + k]
        if (k > 1 and all(p[-1] in "↑↓⇑⇓" and p[:-1].strip() for p in parts)
                and len(after) == k - 1 and all(h in ("", upper, headers[c]) for h in after)):
            for i, part in enumerate(parts):
                out[c + i] = f"{upper} > {part}" if upper else part
            c += k
        else:
            c += 1
    return out


# a row or column of device counts: "#GPU", "# GPUs", "Number of GPUs", "GPUs"
# (a bare "GPU" heads the figures measured on a GPU, not a count)
# "#GPU", "Number of GPUs", or a plural alone ("GPUs": 1, 2, 4 in a scaling table)
_COUNT_LABEL = regex.compile(r"(?i)^(?:(?:#\s*(?:of\s+)?|num(?:ber)?\.?\s+of\s+|no\.\s+of\s+)(?:GPU|TPU|NPU|device|accelerator|chip|node|worker)s?"
                             r"|(?:GPU|TPU|NPU|device|accelerator|chip|node|worker)s)$")
_WHOLE = regex.compile(r"^\d{1,5}$")


def device_counts(table: Table) -> dict[tuple[int, int], int]:
    """Each value cell's device count (by the cell's span) from a row or a
    column of counts ("#GPU": 8, 8, 16, 32); a blank cell right of a count in
    that row continues it (a pipe table's colspan)."""
    counts: dict[tuple[int, int], int] = {}
    body = range(table.header_rows, len(table.rows))
    for r in range(len(table.rows)):   # a row of counts gives each column its count
        row = table.rows[r]
        labels = [c.plain for c in row[:2] if c is not None and c.plain]
        if not labels or not _COUNT_LABEL.match(labels[-1]):
            continue
        by_col, current = {}, None
        for c, cell in enumerate(row):
            text = cell.plain if cell is not None else ""
            if _WHOLE.match(text):
                current = int(text)
            elif text:
                current = None
            if current is not None and not (cell is not None and _WHOLE.match(text) and c == 0):
                by_col[c] = current
        for rr in body:
            if rr != r:
                for c, cell in enumerate(table.rows[rr]):
                    if cell is not None and c in by_col:
                        counts.setdefault((cell.start, cell.end), by_col[c])
    for c in range(table.width):   # a column of counts gives each row its count
        if not _COUNT_LABEL.match(table.column_header(c).split(" > ")[-1].strip()):
            continue
        for rr in body:
            row = table.rows[rr]
            cell = row[c] if c < len(row) else None
            if cell is not None and _WHOLE.match(cell.plain):
                for other in row:
                    if other is not None and other is not cell:
                        counts.setdefault((other.start, other.end), int(cell.plain))
    return counts


_NUMBER_ONLY = regex.compile(r"^[-+−]?[\d.,\s]+(?:%|×|x)?$")


def _group_labels(table: Table) -> dict[int, str]:
    """Rows whose first cell is blank under a first cell naming a group, with a
    second label cell of their own: row -> the group's label. A converter
    writes a rowspan of a pipe table so (HTML tables repeat the spanned cell)."""
    out: dict[int, str] = {}
    if table.source != "pipe" or table.width < 3:
        return out
    group = ""
    for r in range(table.header_rows, len(table.rows)):
        row = table.rows[r]
        first = row[0].plain if row and row[0] is not None else ""
        second = row[1].plain if len(row) > 1 and row[1] is not None else ""
        if first:
            group = "" if _DIGIT.search(first) else first
        elif group and second and not _NUMBER_ONLY.match(second):
            out[r] = group
    return out


def table_claims(table: Table, rules: Optional[TableRules] = None) -> list[CellClaim]:
    """The claims of a table's value cells, row by row."""
    rules = rules or table_rules()
    labels = [table.row_header(r) for r in range(len(table.rows))]
    if rules.is_configuration(table, labels):
        return []
    caption = table.caption or ""
    m = _CAPTION_UNIT.search(caption)
    caption_unit = m.group("unit") if m else None
    headers = _unmerged(rules, [_spelled_closed(table.column_header(c)) for c in range(table.width)])
    column_rules = [rules.column_rule(h) for h in headers]
    typed_by_caption = _caption_rule(rules, caption, headers)
    if typed_by_caption is not None:
        rule, unit = typed_by_caption
        column_rules = [rule if h and _SETTING_HEADER.match(h) else None for h in headers]
        caption_unit = unit
    # a caption that names one figure ("(Memory benchmark.)") over columns that
    # name none (methods): cells that write that figure's unit ("4.8GB") are it
    # and when the title gives the figure its unit ("Timing (ms) on a K40 GPU")
    # over plain columns (components: "conv", "proposal", "total"), bare cells too
    own_unit_only = False
    from_caption = typed_by_caption is not None   # the caption, not the headers, names the figure
    caption_figure = typed_by_caption[0] if typed_by_caption is not None else None
    if typed_by_caption is None and not any(column_rules) and caption:
        title = _caption_title(caption)
        named = rules.column_rule(title)
        if named is not None:
            from_caption, caption_figure = True, named
            column_rules = [named if c and h and not rules.not_result.search(h) else None
                            for c, h in enumerate(headers)]
            titled = _titled_figure(rules, title)
            # the figure's unit: in the title ("Timing (ms)"), in words anywhere in the
            # caption ("Times are in hours"), or the figure's own ("Speedup", "FPS")
            unit = titled[1] if titled is not None and titled[0] is named else caption_unit
            if (unit or named.bare) and _plain_columns(rules, named, [h for h in headers[1:] if h], title):
                caption_unit = unit
            else:
                own_unit_only = True
    device_columns = [c for c, h in enumerate(headers) if _DEVICE_HEADER.match(h)]
    if typed_by_caption is None and any(column_rules) and caption:
        column_rules = _other_figure(rules, table, caption, headers, column_rules)
    # "Acc. @ Latency" over "77.8% @ 0.554s": the part of each cell the rule's figure is
    pair_part = [_pair_part(rules, h, rule) for h, rule in zip(headers, column_rules)]
    # "Training time (speedup)" over "2.7 days (3.5×)": a figure of each rule
    paren_pair = [_paren_pair(rules, h) if rule is not None else None for h, rule in zip(headers, column_rules)]
    # each column's unit when its header has none: a caption legend's for its
    # figure ("Memory cost (GB)"), else the caption's; and the baseline its header
    # or the caption names
    column_units = [(_caption_unit_of(rule, caption) if rule is not None and not rule.relative and caption else None)
                    or caption_unit for rule in column_rules]
    column_baselines = [_baseline(rules, h, None, caption) if rule is not None else None
                        for h, rule in zip(headers, column_rules)]
    # the figures the headers or the caption's title name: a cell under no header of
    # its own (a converter ran the headers together: "SSIM ↑ LPIPS ↓ ... Latency
    # Speedup") that writes one of their units ("1913s", "1.48x") is that figure
    named_figures = ([] if any(column_rules) and not any(rules.merged.search(h) for h in headers)
                     else _figures_named(rules, " ; ".join(headers) + " ; " + _caption_title(caption)))
    named_speedup = next((rule for rule in named_figures if rule.claim_type == "speedup"), None)
    group_labels = _group_labels(table)
    change_table = bool(_CHANGE.search(_caption_title(caption)))   # "median output-throughput gain vs. ..."
    out: list[CellClaim] = []
    seen: set[int] = set()   # a spanned cell is read once
    factor_base: dict[int, tuple[str, float]] = {}   # each column's "(1.00x)" row: its label and figure
    first_figure: dict[int, tuple[str, float]] = {}   # each column's first plain figure in its section
    # a speedup column's baseline: the nearest row above whose factor is 1 (the
    # baseline's own row, "HF ... 1.0×"), before any the header or caption names
    base_row: dict[int, str] = {}
    corner = table.corner.plain.strip() if table.corner is not None else ""   # "Model": a header written again
    section: Optional[ColumnRule] = None   # the figure a pipe table's section label names
    section_name = ""
    for r in range(table.header_rows, len(table.rows)):
        if is_group_row(table.rows[r]):
            continue   # one cell across the table: a group's label ("≈2.5× Speedup"), not its figures
        named_section = section_label(table.rows[r]) if table.source == "pipe" else ""
        if named_section:
            # "| | | Inference Speed (ms/batch) | |": the figure of the rows below, until the next
            section, section_name = rules.column_rule(named_section), named_section
            first_figure.clear()
            continue
        label = labels[r]
        label_name = _CITATION.sub("", label).strip()   # the row as a baseline: "HF", not "HF [12]"
        if corner and label.split(" > ")[0] == corner:
            # the header written again ("Model | Memory (MB)" under a latency table's
            # rows): a second table under headers this one does not know
            break
        device_text = " ; ".join(table.rows[r][c].plain for c in device_columns
                                 if c < len(table.rows[r]) and table.rows[r][c] is not None)
        if label and rules.not_result_row.search(label):
            continue
        if from_caption and label and rules.not_result.search(label):
            continue   # a table written the other way round: its "Sequence Length" row is a setting
        row_rule = rules.column_rule(label) if not (_DIGIT.search(label) or _ENUMERATION.fullmatch(label)) else None
        row_name = label   # what names the row's figure, and its unit
        if row_rule is not None and " > " in label:
            # "Samples per GPU per second > ZB-V": the level naming the figure gives its unit
            row_name = next((level for level in reversed(label.split(" > ")) if rules.column_rule(level)), label)
        if row_rule is None and r in group_labels:
            # a pipe table's group label over blank first cells ("Samples per GPU per
            # second" over the rows of ZB-2p, ZB-1p, 1F1B): the figure of every row in it
            row_rule, row_name = rules.column_rule(group_labels[r]), group_labels[r]
        in_section = row_rule is None and section is not None
        if in_section:
            row_rule, row_name = section, section_name
        for c, cell in enumerate(table.rows[r]):
            if cell is None or id(cell) in seen or not cell.text:
                continue
            rule = column_rules[c] if c < len(column_rules) else None
            header = headers[c] if c < len(headers) else ""
            pair = paren_pair[c]   # every per-column list is table.width long: no row is wider
            parts = _paren_parts(cell) if pair is not None else None
            if label and _is_unit_factor(parts[1] if parts else cell, pair[1] if parts else rule or named_speedup):
                base_row[c] = label_name
            baseline = base_row.get(c) or column_baselines[c]
            unit_given = column_units[c]
            if parts is not None:
                found = [f for part, part_rule in zip(parts, pair)
                         if (f := _cell_claim(part, part_rule, header, label, unit_given, baseline, own_unit_only))]
                if found:
                    seen.add(id(cell))
                    out.extend(replace(f, column_header=header, device_text=device_text) for f in found)
                    continue
            stacked = _stacked_values(cell, header) if rule is not None and not in_section else None
            if stacked:
                found = [f for part, sub in stacked
                         if (f := _cell_claim(part, rule, sub, label, unit_given, baseline, own_unit_only))]
                if found:
                    seen.add(id(cell))
                    out.extend(replace(f, device_text=device_text) for f in found)   # each its own sub-header
                    continue
            claim = None
            if rule is not None and not in_section:   # a section's figure is the row's, whatever the column
                part = _cell_part(cell, pair_part[c]) if pair_part[c] is not None else cell
                claim = _cell_claim(part, rule, header, label, unit_given, baseline, own_unit_only,
                                    change=change_table or bool(_CHANGE.search(header)))
            # a row whose label names a figure ("Speedup") holds it whatever the column
            # says, unless the column is a setting
            # (the column's own rule again too, when the caption typed it for cells that
            # write their unit: "peak memory (GB)" as a row under "Peak GPU memory for ...")
            if claim is None and row_rule is not None and (row_rule is not rule or own_unit_only) and not (
                    header and rules.not_result.search(header)):
                # the caption's unit is its figure's, and no factor's: a "Speedup" row under
                # "timings in milliseconds" has none
                row_unit = (caption_unit if not row_rule.relative and (caption_figure is None or row_rule is caption_figure)
                            else None)
                claim = _cell_claim(cell, row_rule, row_name, label, row_unit,
                                    _baseline(rules, header, label, caption) or _compared_row(rules, labels, r, table.header_rows))
            if (claim is None and c and rule is None and row_rule is None and named_figures and "%" not in cell.text
                    and not (header and rules.not_result.search(header))):   # a bare percent could be any share
                claim = next((found for figure in named_figures
                              if (found := _cell_claim(cell, figure, header, label, None,
                                                       base_row.get(c) or _baseline(rules, caption),
                                                       own_unit_only=True, change=change_table))), None)
            if (claim is not None and claim.claim_type == "speedup" and claim.baseline is None
                    and row_rule is not None and row_rule.claim_type == "speedup"):
                # a "Speedup" row under columns a caption typed: its factor compares the rows above
                claim = replace(claim, baseline=_compared_row(rules, labels, r, table.header_rows))
            if claim is not None:
                seen.add(id(cell))
                out.append(replace(claim, column_header=header, device_text=device_text))
                factored = _paren_parts(cell) if parts is None and claim.claim_type in _LOWER_IS_BETTER else None
                written = _PAREN_FACTOR.match(_strip_markup(factored[1].text)) if factored else None
                if written:
                    k = float(written.group("k"))
                    # the base: the column's "(1.00x)" row, else its first figure of the
                    # section with no factor ("Speed-up multipliers relative to BERT", BERT's
                    # row unmarked); either way the figures must bear the factor out
                    base = factor_base.get(c) or first_figure.get(c)
                    if k == 1:
                        factor_base[c] = (label_name, claim.low)
                    elif base is not None:
                        # "1.2x" stands for anything from 1.15 to 1.25
                        digits = written.group("k").partition(".")[2]
                        extra = _factor_claim(claim, factored[1], k, base, 0.5 * 10 ** -len(digits))
                        if extra is not None:
                            out.append(replace(extra, column_header=header, device_text=device_text))
                elif factored and (extra := _change_claim(claim, factored[1])) is not None:
                    out.append(replace(extra, column_header=header, device_text=device_text))
                elif factored is None and claim.claim_type in _LOWER_IS_BETTER:
                    first_figure.setdefault(c, (label_name, claim.low))
    if caption and _CAPTION_PER_DEVICE.search(_caption_title(caption)):
        out = [replace(claim, per_device=True) for claim in out]   # one device's figures, every cell
    return out


# "1943.5 (+47%)" under a throughput, "812 (-30%)" under a latency: the figure's change
_PAREN_CHANGE = regex.compile(r"^(?P<sign>[-+−↑↓])\s*(?P<p>\d+(?:\.\d+)?)\s*%$")


def _change_claim(claim: CellClaim, part: Cell) -> Optional[CellClaim]:
    """A signed percent in parentheses after a figure ("1943.5 (+47%)") as its own
    claim: a rate up is a speedup (1.47x), a time or a footprint down a reduction
    (30%); a change for the worse is an overhead, which SPEC files as a reduction
    too ("1482.0 (+2.2%)" under a latency, as "2.2% slower" in prose)."""
    m = _PAREN_CHANGE.match(_strip_markup(part.text).strip())
    if m is None or float(m.group("p")) <= 0:
        return None
    up, lower = m.group("sign") in "+↑", _LOWER_IS_BETTER[claim.claim_type]
    p = float(m.group("p"))
    if up and not lower:
        kind, value, unit, rule = "speedup", 1 + p / 100, "x", "table:speedup:paren-change"
    elif lower and not up:
        kind, value, unit, rule = "reduction", p, "%", "table:reduction:paren-change"
    else:   # a time or a footprint up, a rate down
        kind, value, unit, rule = "reduction", p, "%", "table:reduction:paren-overhead"
    return replace(claim, start=part.start, end=part.end, claim_type=kind, low=value, high=value, unit=unit,
                   unit_text="%", qualifier="exact", metric=claim.metric or claim.claim_type, baseline=None, rule=rule)
