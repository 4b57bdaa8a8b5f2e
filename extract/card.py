"""The dataset card written beside the claims (``OUT/README.md``): a Hugging
Face card (YAML header, then Markdown) with the schema, counts per claim
type, how the table was made, and the licences and credits it carries."""
from __future__ import annotations

from typing import Mapping

from .schema import claims_schema
from .write import CARD_MARK

EPOCH_CREDIT = ("Hardware peak figures (used by `perfclaims tables`, not in this table) derive from "
                "Epoch AI, \"Machine Learning Hardware\" (https://epoch.ai/data/machine-learning-hardware), "
                "CC BY 4.0.")


def _size_category(claims: int) -> str:
    for bound, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if claims < bound:
            return label
    return "n>1M"


def _header(claims: int, parquet: str) -> list[str]:
    """The Hugging Face card's YAML."""
    return ["---", "license: other", "license_name: mixed-see-card", CARD_MARK,
            "tags: [ml-systems, hardware, benchmarks, information-extraction]",
            "task_categories: [token-classification]", f"size_categories: [{_size_category(claims)}]",
            "configs:", "- config_name: default", "  data_files:", "  - split: train", f"    path: {parquet}", "---"]


def _columns() -> list[str]:
    schema = claims_schema()
    return [f"Schema `{schema.metadata[b'schema_name'].decode()}` version "
            f"{schema.metadata[b'schema_version'].decode()}.", "",
            "| column | type | null | meaning |", "| --- | --- | --- | --- |",
            *[f"| `{f.name}` | {f.type} | {'yes' if f.nullable else 'no'} | "
              f"{f.metadata[b'description'].decode().replace('|', '/')} |" for f in schema]]


LICENCES = [
    "- The extraction code is MIT-licensed.",
    "- The `title`, `text` and `sentence` columns quote the input documents; their licences apply "
    "(arXiv metadata: CC0 1.0; ACL Anthology abstracts: CC BY 4.0 from 2016, CC BY-NC-SA 3.0 "
    "before; other sources: their own terms).",
    f"- {EPOCH_CREDIT}",
]


def dataset_card(*, documents: int, claims: int, counts: Mapping[str, int], provenance: Mapping[str, str],
                 files: Mapping[str, str]) -> str:
    """The card's text. Deterministic: the same run gives the same card (no clock)."""
    lines = [
        *_header(claims, files["parquet"]), "",
        "# perfclaims: performance claims", "",
        f"{claims:,} quantitative performance claims from {documents:,} documents, one row per claim, "
        "extracted by perfclaims, a rule-based extractor (no learned model). "
        "Each row keeps the exact span and sentence it came from and a link to its paper (`url`).", "",
        "## Files", "",
        f"- `{files['parquet']}`: the table (Parquet, zstd); read it with `perfclaims.read_claims(path)` "
        "for the documented pandas dtypes.",
        f"- `{files['csv']}`: the same rows as CSV. Text cells that start with `=`, `+`, `-`, `@`, tab or "
        "carriage return are prefixed with `'` so a spreadsheet shows them as text; the Parquet file keeps "
        "the exact text.", "",
        "## Claims per type", "", "| claim_type | rows |", "| --- | ---: |",
        *[f"| {t} | {n:,} |" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))], "",
        "## How it was made", "",
        *[f"- {k}: `{v}`" for k, v in provenance.items()], "",
        "The same values are in the Parquet file's metadata (`perfclaims_version`, `rules_sha256`, "
        "`input_name`, `input_bytes`).", "",
        "## Columns", "", *_columns(), "",
        "## Licences and credits", "", *LICENCES, "",
    ]
    return "\n".join(lines)
