"""The one pint registry of the project and cached conversion to canonical units.

Surfaces ("TFLOPs/s", "fps", "ms") are never handed to pint: the rules map each
surface to an explicit pint expression (pint's own symbol table reads `fps`
as feet per second). pint is slow per call, so each (expression, canonical)
pair is converted once and the factor cached. The factors of every unit
expression the rules can give are computed when the rules are compiled and
kept with them (``compiled``), so a run whose rules come from the compiled
cache never imports pint at all; any other expression falls back to pint.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Union

from .compiled import compiled

if TYPE_CHECKING:
    import pint

# Canonical unit per claim type (docs/SPEC.md section 3). Throughput has one canonical
# unit per counted thing; the dimension picks it.
CANONICAL_BY_TYPE = {
    "speedup": ("x",),
    "fps": ("Hz",),
    "latency": ("s",),
    "memory": ("B",),
    "reduction": ("%",),
    "utilization": ("%",),
    "power": ("W", "J"),
    "accuracy": ("%", "dB", "1"),
    "throughput": ("FLOP/s", "OP/s", "token/s", "sample/s", "image/s", "video/s",
                   "request/s", "query/s", "step/s", "B/s"),
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    import pint   # here, not at import: about 0.25 s that a cached run never needs
    ureg = pint.UnitRegistry(on_redefinition="raise")
    path = resources.files(__package__) / "data" / "units.txt"
    with resources.as_file(path) as p:
        ureg.load_definitions(str(p))
    return ureg


@lru_cache(maxsize=None)
def _expr_unit(expr: str):
    if expr == "1":
        return registry().dimensionless
    return registry().Unit(expr)


@lru_cache(maxsize=None)
def conversion(expr: str, claim_type: str) -> tuple[float, str]:
    """Factor and canonical unit for a pint expression under a claim type.

    >>> conversion("teraFLOP/second", "throughput")
    (1000000000000.0, 'FLOP/s')
    """
    known = _known_conversions().get((expr, claim_type))
    if known is None:
        return _convert(expr, claim_type)
    if isinstance(known, str):
        raise ValueError(known)
    return known


def conversions(expressions: Iterable[str]) -> dict[tuple[str, str], Union[tuple[float, str], str]]:
    """Every expression under every claim type: its factor and canonical unit,
    or the message of the error it raises."""
    table = {}
    for expr in sorted(set(expressions)):
        for claim_type in CANONICAL_BY_TYPE:
            try:
                table[expr, claim_type] = _convert(expr, claim_type)
            except ValueError as e:
                table[expr, claim_type] = str(e)
    return table


@compiled("conversions")
def _known_conversions() -> dict:
    from .rules import unit_expressions, load_rules   # rules import this module
    return conversions(unit_expressions(load_rules()))


def _convert(expr: str, claim_type: str) -> tuple[float, str]:
    unit = _expr_unit(expr)
    for canonical in CANONICAL_BY_TYPE[claim_type]:
        target = _expr_unit(canonical)
        same_kind = _same_kind(unit, target)
        if same_kind:
            factor = registry().Quantity(1.0, unit).to(target).magnitude
            return float(factor), canonical
    raise ValueError(f"unit {expr!r} has no canonical unit for claim type {claim_type!r}")


def _root(unit):
    return registry().get_root_units(unit)[1]


def _same_kind(unit, target) -> bool:
    # %, dB, x and plain numbers are all dimensionless to pint (so is the byte,
    # whose root is the bit); among them only the very same unit is the same
    # kind of figure, and bytes go with bytes.
    if target.dimensionless:
        root = _root(target)
        if root == registry().dimensionless:
            return unit == target
        return _root(unit) == root
    return unit.dimensionality == target.dimensionality


def canonical_spelling(unit: str) -> str:
    """How pint writes a canonical unit in compact abbreviated form."""
    return "1" if unit == "1" else format(_expr_unit(unit), "~C")


def no_noise(value: float) -> float:
    """A converted value without binary float noise: 3510 ms is 3.51 s, not
    3.5100000000000002 (12 significant digits: more than any paper writes)."""
    return float(f"{value:.12g}")
