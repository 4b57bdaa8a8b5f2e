"""The claims table's Arrow schema, built from ``schemas/claims.v2.json``.

The JSON file is the single source of truth (docs/SPEC.md section 2). It is checked
against ``perfclaims.model.Claim`` when loaded: same columns in the same order,
and a column is nullable exactly when the dataclass field is ``Optional``.
"""
from __future__ import annotations

import json
import math
from importlib import resources
import operator
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Union

import pyarrow as pa

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from .model import CLAIM_COLUMNS, Claim

def schema_path(name: str) -> Path:
    """A file of the schemas folder: ``schemas/`` of the repository, installed
    as the ``perfclaims.schemas`` package data (found from any folder)."""
    return Path(str(resources.files(f"{__package__}.schemas").joinpath(name)))


SCHEMA_PATH = schema_path("claims.v2.json")

# Type names allowed in the schema file -> Arrow types.
ARROW_TYPES = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "dictionary<int32, string>": pa.dictionary(pa.int32(), pa.string()),
}


class SchemaError(ValueError):
    """The schema file is malformed or disagrees with ``perfclaims.model``."""


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise SchemaError(f"duplicate keys in schema file: {', '.join(dupes)}")
    return dict(pairs)


def read_schema_file(path: Union[str, Path]) -> dict:
    """Any schema file of ``schemas/``, parsed and checked for its format
    (duplicate keys, required keys, known type names)."""
    with open(path, encoding="utf-8") as fh:
        spec = json.load(fh, object_pairs_hook=_no_duplicate_keys)
    where = str(path)
    for key in ("schema_version", "description", "columns"):
        if key not in spec:
            raise SchemaError(f"{where}: missing {key!r}")
    for i, col in enumerate(spec["columns"]):
        missing = {"name", "type", "nullable", "description"} - set(col)
        if missing:
            raise SchemaError(f"{where}: column {i} lacks {', '.join(sorted(missing))}")
        if col["type"] not in ARROW_TYPES:
            raise SchemaError(f"{where}: column {col['name']!r} has unknown type {col['type']!r}")
    return spec


def arrow_schema(spec: dict, default_name: str) -> pa.Schema:
    """The Arrow schema a parsed schema file describes; metadata carries its
    name, version and description."""
    fields = [
        pa.field(c["name"], ARROW_TYPES[c["type"]], nullable=c["nullable"],
                 metadata={"description": c["description"]})
        for c in spec["columns"]
    ]
    return pa.schema(fields, metadata={
        "schema_name": spec.get("name", default_name),
        "schema_version": spec["schema_version"],
        "description": spec["description"],
    })


def load_schema_spec(path: Union[str, Path] = SCHEMA_PATH) -> dict:
    """The parsed claims schema file, checked against ``perfclaims.model``."""
    spec = read_schema_file(path)
    _validate_against_model(spec, str(path))
    return spec


def _validate_against_model(spec: dict, where: str) -> None:
    names = [c["name"] for c in spec["columns"]]
    if names != CLAIM_COLUMNS:
        raise SchemaError(f"{where}: columns differ from perfclaims.model.CLAIM_COLUMNS:\n"
                          f"  schema: {names}\n  model:  {CLAIM_COLUMNS}")
    # Optional[...] in the dataclass <=> nullable in the table.
    for col in spec["columns"]:
        optional = "Optional" in str(Claim.__dataclass_fields__[col["name"]].type)
        if optional != col["nullable"]:
            raise SchemaError(f"{where}: column {col['name']!r} nullable={col['nullable']} "
                              f"but Claim.{col['name']} is {'' if optional else 'not '}Optional")


@lru_cache(maxsize=None)
def claims_schema() -> pa.Schema:
    """The claims table schema; metadata carries the schema version."""
    return arrow_schema(load_schema_spec(), "claims")


@lru_cache(maxsize=None)
def rejected_schema() -> pa.Schema:
    """The --explain table: quantities left out for their role."""
    return arrow_schema(read_schema_file(schema_path("rejected.v1.json")), "rejected")


def rejected_table(rows: list[dict]) -> pa.Table:
    schema = rejected_schema()
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


def schema_version() -> str:
    return claims_schema().metadata[b"schema_version"].decode()


# -- building tables -----------------------------------------------------------

_claim_values = operator.attrgetter(*CLAIM_COLUMNS)
_dict_values = operator.itemgetter(*CLAIM_COLUMNS)


def _row_values(row, index: int) -> tuple:
    if isinstance(row, Claim):
        return _claim_values(row)
    if isinstance(row, Mapping):
        if len(row) != len(CLAIM_COLUMNS) or not all(k in row for k in CLAIM_COLUMNS):
            missing = [c for c in CLAIM_COLUMNS if c not in row]
            extra = [k for k in row if k not in CLAIM_COLUMNS]
            raise ValueError(f"claim row {index}: missing columns {missing}, unknown columns {extra}")
        return _dict_values(row)
    raise TypeError(f"claim row {index}: expected Claim or dict, got {type(row).__name__}")


_INT_RANGES = {pa.int32(): (-2**31, 2**31 - 1), pa.int64(): (-2**63, 2**63 - 1)}


@lru_cache(maxsize=None)
def _value_checks() -> tuple[tuple[int, str, str], ...]:
    """(column index, column name, kind) of the claims columns whose values
    can fall outside what the column stores: integers (range) and floats
    (a value must be finite)."""
    out = []
    for i, f in enumerate(claims_schema()):
        if f.type in _INT_RANGES:
            out.append((i, f.name, "int"))
        elif pa.types.is_floating(f.type):
            out.append((i, f.name, "float"))
    return tuple(out)


def unrepresentable(claim: Claim) -> Optional[str]:
    """Why a claim cannot be a row of the table (an integer beyond its
    column's range, a value that is not finite), or None when it fits."""
    values = _claim_values(claim)
    for i, name, kind in _value_checks():
        v = values[i]
        if v is None:
            continue
        if kind == "int":
            lo, hi = _INT_RANGES[claims_schema().field(i).type]
            if not lo <= v <= hi:
                shown = v if v.bit_length() <= 64 else f"of {v.bit_length()} bits"   # str() fails past 4300 digits
                return f"{name} {shown} is out of range"
        elif not math.isfinite(v):
            return f"{name} is {v} (too large to represent)"
    return None


def check_nulls(table: pa.Table) -> None:
    for field, column in zip(table.schema, table.columns):
        if not field.nullable and column.null_count:
            first = column.is_null().to_pylist().index(True)
            raise ValueError(f"column {field.name!r} is not nullable but row {first} is null")


def claims_table(rows: Iterable[Union[Claim, Mapping]]) -> pa.Table:
    """A table with exactly ``claims_schema()`` from Claims or row dicts
    (dicts must carry exactly the schema's columns)."""
    schema = claims_schema()
    values = [_row_values(row, i) for i, row in enumerate(rows)]
    columns = list(zip(*values)) if values else [() for _ in schema]   # rows to columns, in C
    arrays = []
    for field, values in zip(schema, columns):
        try:
            arrays.append(pa.array(values, type=field.type))
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"column {field.name!r}: {exc}") from None
    table = pa.Table.from_arrays(arrays, schema=schema)
    check_nulls(table)
    return table


def conform_claims_table(table: pa.Table) -> pa.Table:
    """``table`` with the claims schema: columns reordered and cast (e.g. plain
    strings to dictionary). Raises ValueError on missing/unknown columns."""
    schema = claims_schema()
    if table.schema.equals(schema, check_metadata=True):
        check_nulls(table)
        return table
    names = set(table.column_names)
    if names != set(schema.names):
        raise ValueError(f"claims table columns differ: missing {sorted(set(schema.names) - names)}, "
                         f"unknown {sorted(names - set(schema.names))}")
    try:
        table = table.select(schema.names).cast(schema)
    except (pa.ArrowException, ValueError) as exc:
        raise ValueError(f"claims table does not fit the schema: {exc}") from None
    check_nulls(table)
    return table


# -- pandas --------------------------------------------------------------------

# Closed vocabularies of the claims table, for categoricals whose categories
# do not depend on the rows at hand (``pd.concat`` of two results keeps them)
FIELDS = ("title", "abstract", "body")
PASSAGE_KINDS = ("text", "table", "caption")
QUALIFIERS = ("exact", "approx", "upper_bound", "lower_bound", "range")


@lru_cache(maxsize=None)
def claims_dtypes() -> dict:
    """The pandas dtype of every claims column that is not a plain string or
    float: categoricals over the full vocabulary (claim type, qualifier, unit,
    field, hardware names of the catalog), nullable integers for counts.
    Every entry point that returns a DataFrame applies exactly these."""
    import pandas as pd

    from .fulltext.sections import section_kinds
    from .hardware import canonical_names
    from .units import CANONICAL_BY_TYPE
    units = sorted({u for us in CANONICAL_BY_TYPE.values() for u in us})
    hardware = sorted(canonical_names())
    dtypes = {
        "claim_type": pd.CategoricalDtype(list(CANONICAL_BY_TYPE)),
        "qualifier": pd.CategoricalDtype(list(QUALIFIERS)),
        "unit": pd.CategoricalDtype(units),
        "field": pd.CategoricalDtype(list(FIELDS)),
        "section_kind": pd.CategoricalDtype(list(section_kinds().names)),
        "passage_kind": pd.CategoricalDtype(list(PASSAGE_KINDS)),
        "hardware": pd.CategoricalDtype(hardware),
        "baseline_hardware": pd.CategoricalDtype(hardware),
        "char_start": "int32",
        "char_end": "int32",
        "hardware_count": "Int32",
    }
    names = set(claims_schema().names)
    unknown = set(dtypes) - names
    assert not unknown, unknown
    return dtypes


def claims_frame(table: pa.Table) -> "pd.DataFrame":
    """A claims table (or a Parquet file's table) as pandas with the stable
    dtypes of ``claims_dtypes``. A value outside a categorical's vocabulary
    (a table from an older release) keeps its column as plain strings."""
    df = table.to_pandas()
    for name, dtype in claims_dtypes().items():
        if name not in df.columns:
            continue
        try:
            if hasattr(dtype, "categories"):
                present = set(df[name].dropna().astype(str))
                if not present <= set(dtype.categories):
                    df[name] = df[name].astype("str")
                    continue
                df[name] = df[name].astype(str).where(df[name].notna()).astype(dtype)
            else:
                df[name] = df[name].astype(dtype)
        except (TypeError, ValueError):
            pass
    return df
