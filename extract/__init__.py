"""perfclaims: quantitative performance claims from ML papers, as a table.

Notebook API::

    import perfclaims
    perfclaims.claims_from_text("We get a 3.5x speedup on an H100.")   # DataFrame
    perfclaims.claims_from_dataframe(df)       # df with title/abstract (+ id) columns
    perfclaims.read_claims("outputs/claims.parquet")

The code lives in the repository's ``extract/`` folder and installs under the
import name ``perfclaims`` (``pip install .``; see README).
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "claims_from_text", "claims_from_dataframe", "claims_from_file", "read_claims"]


def _to_frame(claims):
    from .schema import claims_frame, claims_table
    return claims_frame(claims_table(claims))


def claims_from_text(text: str, title: str = "", doc_id: str = "text"):
    """Claims of one piece of text (treated as an abstract) as a DataFrame.

    ``text`` and ``title`` must be strings (TypeError otherwise) of valid
    Unicode (ValueError for a lone surrogate)."""
    from .pipeline import checked_claims, extractor
    from .read import text_document
    return _to_frame(checked_claims(extractor(), text_document(text, title, doc_id)))


def claims_from_dataframe(df, *, strict: bool = False):
    """Claims of a DataFrame of documents (columns as docs/SPEC.md section 1)."""
    from .pipeline import extract_documents
    from .read import read_dataframe
    return _to_frame(list(extract_documents(read_dataframe(df, strict=strict), strict=strict)))


def claims_from_file(path, *, strict: bool = False):
    """Claims of any supported input file, as a DataFrame."""
    from .pipeline import extract_documents
    from .read import read_documents
    return _to_frame(list(extract_documents(read_documents(path, strict=strict), strict=strict)))


def read_claims(path="outputs/claims.parquet"):
    """A claims file written by ``perfclaims extract`` as a DataFrame with the
    same dtypes as every other entry point (``pd.read_parquet`` infers them
    from the rows: a column of counts with no null comes back as int32, with
    one as float64; categories are only those present)."""
    import pyarrow.parquet as pq

    from .schema import claims_frame
    return claims_frame(pq.read_table(path))
