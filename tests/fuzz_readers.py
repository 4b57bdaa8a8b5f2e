"""A reader fed any bytes: every record is a document or a reported
problem (never an exception other than a whole-file ``InputError``), every
document is valid and its id unique, and its claims keep every invariant."""
from __future__ import annotations

import os
import tempfile

from perfclaims.read import InputError, RecordError, read_documents
from tests.fuzzing import check_rows


def check_reader(data: bytes, suffix: str) -> int:
    fd, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        errors: list[RecordError] = []
        ids = set()
        n = 0
        try:
            for doc in read_documents(name, on_error=errors.append):
                assert isinstance(doc.title, str) and doc.title.strip() and isinstance(doc.abstract, str)
                assert doc.doc_id not in ids, doc.doc_id
                ids.add(doc.doc_id)
                for text in (doc.title, doc.abstract):
                    text.encode("utf-8")          # valid Unicode: no lone surrogate
                check_rows(doc)
                n += 1
        except InputError as exc:
            assert str(exc).startswith(name), exc   # whole-file problems name the file
        for e in errors:
            assert e.path == name and e.line >= 1 and e.problem
        return n
    finally:
        os.unlink(name)
