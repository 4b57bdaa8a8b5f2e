"""The one pint registry of the project and cached conversion to canonical units.

Surfaces ("TFLOPs/s", "fps", "ms") are never handed to pint: the rules map each
surface to an explicit pint expression (pint's own symbol table reads `fps`
as feet per second). pint is slow per call, so each (expression, canonical)
pair is converted once and the factor cached.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

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
