import pint
import pytest

from perfclaims.rules import load_rules
from perfclaims.units import CANONICAL_BY_TYPE, canonical_spelling, conversion, registry


@pytest.mark.parametrize("expr,claim_type,factor,unit", [
    ("teraFLOP/second", "throughput", 1e12, "FLOP/s"),
    ("petaFLOP/second", "throughput", 1e15, "FLOP/s"),
    ("teraOP/second", "throughput", 1e12, "OP/s"),
    ("kilotoken/second", "throughput", 1e3, "token/s"),
    ("gigabyte/second", "throughput", 1e9, "B/s"),
    ("frame/second", "fps", 1.0, "Hz"),
    ("millisecond", "latency", 1e-3, "s"),
    ("hour", "latency", 3600.0, "s"),
    ("gigabyte", "memory", 1e9, "B"),
    ("GiB", "memory", 2 ** 30, "B"),
    ("mW", "power", 1e-3, "W"),
    ("kWh", "power", 3.6e6, "J"),
    ("percent", "accuracy", 1.0, "%"),
    ("dB", "accuracy", 1.0, "dB"),
    ("1", "accuracy", 1.0, "1"),
    ("x", "speedup", 1.0, "x"),
])
def test_conversion(expr, claim_type, factor, unit):
    got_factor, got_unit = conversion(expr, claim_type)
    assert got_unit == unit
    assert got_factor == pytest.approx(factor)


def test_mismatched_kind_raises():
    with pytest.raises(ValueError):
        conversion("percent", "memory")
    with pytest.raises(ValueError):
        conversion("token/second", "fps")


def test_registry_refuses_redefinition():
    with pytest.raises(pint.errors.RedefinitionError):
        registry().define("token = [token]")


def test_fps_surface_is_frames_not_feet():
    # pint's own symbol table reads "fps" as feet per second; ours never asks it
    unit = load_rules().unit("fps")
    assert unit.pint == "frame/second"
    assert conversion(unit.pint, "fps") == (1.0, "Hz")


def test_every_unit_surface_converts_to_its_type():
    rules = load_rules()
    kinds = {"ratio": "speedup", "percent": "accuracy", "decibel": "accuracy"}
    for surface, unit in list(rules.units_exact.items()) + list(rules.units_folded.items()):
        claim_type = kinds.get(unit.kind, unit.kind)
        factor, canonical = conversion(unit.pint, claim_type)
        assert canonical in CANONICAL_BY_TYPE[claim_type], surface
        assert factor > 0


def test_canonical_units_are_as_pint_writes_them():
    for units in CANONICAL_BY_TYPE.values():
        for u in units:
            assert canonical_spelling(u) == u
