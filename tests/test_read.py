"""Readers: every format, every field alias, every error case (SPEC section 1)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, strategies as st

from perfclaims.model import Doc
from perfclaims.read import (
    InputError, RecordError, read_dataframe, read_documents, slugify,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "corpus" / "hf_papers_h100.txt"


def read_all(path, **kw):
    """(docs, errors) with errors collected through on_error."""
    errors: list[RecordError] = []
    docs = list(read_documents(path, on_error=errors.append, **kw))
    return docs, errors


def jsonl_bytes(*records) -> bytes:
    """Lines of JSON; a bytes item is written verbatim (for broken lines)."""
    out = []
    for rec in records:
        out.append(rec if isinstance(rec, bytes) else json.dumps(rec).encode())
    return b"\n".join(out) + b"\n"


# -- slugs -------------------------------------------------------------------

@pytest.mark.parametrize("title, slug", [
    ("FlashAttention-3: Fast and Accurate Attention with Asynchrony and Low-precision",
     "flashattention-3-fast-and-accurate-attention-with-asynchrony"),
    ("PipeLLM: Fast", "pipellm-fast"),
    ("  --Hello,   World!--  ", "hello-world"),
    ("Ünïcode Títle", "n-code-t-tle"),            # non-ASCII is outside [a-z0-9]
    ("a" * 70, "a" * 60),                          # one long word: hard cut
    ("x" * 60 + " tail", "x" * 60),               # cut exactly at a boundary
    ("中文标题", ""),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


@given(st.text(max_size=200))
def test_slugify_invariants(title):
    slug = slugify(title)
    assert len(slug) <= 60
    assert not slug.startswith("-") and not slug.endswith("-")
    assert "--" not in slug
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    full = slugify(title, max_len=10**6)
    assert full.startswith(slug)
    # cut at a '-' boundary unless the first word alone is too long
    assert len(full) == len(slug) or full[len(slug)] == "-" or "-" not in full[:61]


# -- the seed corpus (papers page text) ----------------------------------------------

def test_seed_corpus():
    docs, errors = read_all(SEED)
    assert errors == []
    assert len(docs) == 48
    assert docs[0].title.startswith("PipeLLM:")
    assert not any(d.title.startswith("Subscribe") for d in docs)
    assert docs[0].doc_id == "pipellm-fast-and-confidential-large-language-model-services"
    assert docs[0].line == 3 and docs[1].line == 5 and docs[-1].line == 97
    assert all(d.source == str(SEED) for d in docs)
    assert all(d.abstract and "\n" not in d.abstract and "\n" not in d.title for d in docs)
    fa3 = next(d for d in docs if d.title.startswith("FlashAttention-3"))
    assert fa3.doc_id == "flashattention-3-fast-and-accurate-attention-with-asynchrony"
    # offsets refer to the text as read: the gold span is where it should be
    assert docs[0].abstract[263:275] == "52.8 percent"


def test_seed_corpus_is_lazy():
    it = read_documents(SEED)
    assert next(it).title.startswith("PipeLLM:")
    it.close()


def test_page_chrome_and_whitespace(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(
        "Get trending papers in your email inbox once a day!\r\n"
        "Get trending papers in your email inbox!\r\n"
        "SubscribeFirst  Title: spaced \r\n"
        "An  abstract\twith odd   whitespace. \r\n"
        "\r\n"
        "Subscribe\r\n"                                # chrome line anywhere
        "Second Title\n"
        "Get trending papers in your email inbox says this abstract.\n".encode())
    docs, errors = read_all(page)
    assert errors == []
    assert [d.title for d in docs] == ["First  Title: spaced ", "Second Title"]
    assert docs[0].abstract == "An  abstract\twith odd   whitespace. "
    assert docs[1].abstract == "Get trending papers in your email inbox says this abstract."
    assert [d.line for d in docs] == [3, 7]
    assert docs[0].doc_id == "first-title-spaced"


def test_page_only_first_title_loses_subscribe(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("A title\nabstract\nSubscribers Matter\nabstract two\n")
    docs, _ = read_all(page)
    assert docs[1].title == "Subscribers Matter"


def test_page_bad_line_and_dangling_title(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(b"T1\nA1\nT2\nbad \xff byte\nT3\nA3\nDangling\n")
    docs, errors = read_all(page)
    assert [d.title for d in docs] == ["T1", "T3"]
    assert [str(e) for e in errors] == [
        f"{page}:4: invalid UTF-8 (byte 0xff at column 5)",
        f"{page}:7: title line without an abstract line",
    ]


def test_page_gz(tmp_path):
    page = tmp_path / "p.txt.gz"
    page.write_bytes(gzip.compress(b"SubscribeT1\nA1\n"))
    assert [(d.title, d.abstract) for d in read_documents(page)] == [("T1", "A1")]


# -- JSON Lines ------------------------------------------------------------------------

ALIAS_RECORDS = [
    ({"title": "A", "abstract": "x", "doc_id": "d1"}, "d1", "x"),
    ({"title": "B", "summary": "y", "id": "2503.11731"}, "2503.11731", "y"),
    ({"title": "C", "text": "z", "arxiv_id": "2401.00001"}, "2401.00001", "z"),
    ({"title": "D", "abstract": "w", "paper_id": 42}, "42", "w"),         # stringified
    ({"title": "E Title", "abstract": "v"}, "e-title", "v"),              # slug fallback
    ({"title": "F", "abstract": "u", "doc_id": "", "id": "i6"}, "i6", "u"),  # next alias
    ({"title": "G", "abstract": None, "summary": "s"}, "g", "s"),         # null -> next
]


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".jsonl.gz"])
def test_jsonl_aliases(tmp_path, suffix):
    data = jsonl_bytes(*[r for r, _, _ in ALIAS_RECORDS])
    path = tmp_path / f"docs{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    docs, errors = read_all(path)
    assert errors == []
    assert [(d.doc_id, d.abstract) for d in docs] == [(i, t) for _, i, t in ALIAS_RECORDS]
    assert [d.line for d in docs] == list(range(1, len(ALIAS_RECORDS) + 1))
    assert all(d.source == str(path) for d in docs)


def test_jsonl_extra_fields_and_whitespace(tmp_path):
    rec = {"id": "2503.1", "title": "  Spaced\nTitle ", "abstract": "line one\nline  two\n",
           "categories": "cs.LG cs.AR", "update_date": "2025-03-01", "source": "arxiv"}
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl_bytes(rec))
    (doc,) = read_documents(path)
    assert doc.title == "  Spaced\nTitle "
    assert doc.abstract == "line one\nline  two\n"
    assert doc.extra == {"categories": "cs.LG cs.AR", "update_date": "2025-03-01", "source": "arxiv"}


def test_jsonl_errors_keep_good_records(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(jsonl_bytes(
        {"title": "Good 1", "abstract": "a"},
        b'{"title": "broken", ',
        b"[1, 2]",
        {"abstract": "no title"},
        {"title": 5, "abstract": "x"},
        {"title": "   ", "abstract": "x"},
        b'{"title": "bad \xff\xfe", "abstract": "x"}',
        {"title": "No text"},
        {"title": "Bad text", "abstract": ["x"]},
        {"title": "Bad id", "abstract": "x", "id": {"a": 1}},
        b"",
        {"title": "Good 2", "abstract": "b"},
    ))
    docs, errors = read_all(path)
    assert [d.title for d in docs] == ["Good 1", "Good 2"]
    assert [d.line for d in docs] == [1, 12]
    assert [str(e) for e in errors] == [f"{path}:{n}: {p}" for n, p in [
        (2, "invalid JSON (Expecting property name enclosed in double quotes at column 21)"),
        (3, "expected a JSON object, got array"),
        (4, "missing title"),
        (5, "title must be a string, got int"),
        (6, "empty title"),
        (7, "invalid UTF-8 (byte 0xff at column 16)"),
        (8, "missing text (one of: abstract, summary, text)"),
        (9, "abstract must be a string, got array"),
        (10, "id must be a string or number, got object"),
    ]]
    for e in errors:
        assert isinstance(e, RecordError) and e.path == str(path)
    assert [e.line for e in errors] == list(range(2, 11))
    assert errors[3].problem == "title must be a string, got int"


def test_strict_raises_first_record_error(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(jsonl_bytes({"title": "ok", "abstract": "a"}, {"title": 5}, b"nope"))
    it = read_documents(path, strict=True)
    assert next(it).title == "ok"
    with pytest.raises(RecordError) as info:
        next(it)
    assert str(info.value) == f"{path}:2: title must be a string, got int"
    assert info.value.line == 2


def test_default_error_handling_logs(tmp_path, caplog):
    path = tmp_path / "s.jsonl"
    path.write_bytes(jsonl_bytes(b"{bad", {"title": "ok", "abstract": "a"}))
    with caplog.at_level("WARNING", logger="perfclaims.read"):
        assert [d.title for d in read_documents(path)] == ["ok"]
    assert f"{path}:1: invalid JSON" in caplog.text


def _truncated_gzip(tmp_path, n=2000):
    lines = [{"title": f"Paper {i}", "abstract": f"abstract number {i} " * 20} for i in range(n)]
    full = gzip.compress(jsonl_bytes(*lines))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(full[: len(full) // 2])
    return path


def test_truncated_gzip_reports_line_and_keeps_what_was_read(tmp_path):
    path = _truncated_gzip(tmp_path)
    docs, errors = read_all(path)
    assert 0 < len(docs) < 2000
    assert [d.title for d in docs] == [f"Paper {i}" for i in range(len(docs))]
    (err,) = errors
    assert err.line == len(docs) + 1
    assert str(err).startswith(f"{path}:{len(docs) + 1}: compressed stream broken")


def test_truncated_gzip_strict_is_input_error(tmp_path):
    path = _truncated_gzip(tmp_path)
    with pytest.raises(InputError, match=rf"^{path}:\d+: compressed stream broken"):
        list(read_documents(path, strict=True))


# -- CSV ---------------------------------------------------------------------------------

def test_csv_aliases_extra_and_multiline(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        'paper_id,title,summary,categories\n'
        '7,"Quoted, Title","two\nlines  kept",cs.LG\n'
        ',Slug Me,plain,\n'
        '9,No Text,,x\n', encoding="utf-8")
    docs, errors = read_all(path)
    assert errors == []
    assert [(d.doc_id, d.title, d.abstract, d.line) for d in docs] == [
        ("7", "Quoted, Title", "two\nlines  kept", 2),
        ("slug-me", "Slug Me", "plain", 4),
        ("9", "No Text", "", 5),
    ]
    assert docs[0].extra == {"categories": "cs.LG"}


@pytest.mark.parametrize("text_col, id_col", [("abstract", "doc_id"), ("text", "id"),
                                              ("summary", "arxiv_id")])
def test_csv_column_aliases(tmp_path, text_col, id_col):
    path = tmp_path / "d.csv"
    pd.DataFrame({id_col: ["i1"], "title": ["T"], text_col: ["body"]}).to_csv(path, index=False)
    (doc,) = read_documents(path)
    assert (doc.doc_id, doc.title, doc.abstract) == ("i1", "T", "body")


def test_csv_bad_rows(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(b"\xef\xbb\xbftitle,abstract\n"   # BOM on the header
                     b"Good,a\n"
                     b"Short row\n"
                     b"Too,many,cells\n"
                     b"Bad \xff,b\n"
                     b",no title\n"
                     b"Good 2,c\n")
    docs, errors = read_all(path)
    assert [(d.title, d.line) for d in docs] == [("Good", 2), ("Good 2", 7)]
    assert [str(e) for e in errors] == [
        f"{path}:3: expected 2 columns, got 1",
        f"{path}:4: expected 2 columns, got 3",
        f"{path}:5: invalid UTF-8 in column 'title' (at character 5)",
        f"{path}:6: empty title",
    ]


@pytest.mark.parametrize("header", ["name,abstract", "title,body"])
def test_csv_missing_required_column(tmp_path, header):
    path = tmp_path / "d.csv"
    path.write_text(header + "\nx,y\n")
    with pytest.raises(InputError, match=rf"^{path}: no (title|text) column"):
        list(read_documents(path))


def test_csv_gz(tmp_path):
    path = tmp_path / "d.csv.gz"
    path.write_bytes(gzip.compress(b"title,text\nT,body\n"))
    assert [d.abstract for d in read_documents(path)] == ["body"]


# -- Parquet and DataFrames -------------------------------------------------------------------

def test_parquet(tmp_path):
    path = tmp_path / "d.parquet"
    table = pa.table({
        "id": ["a", None, "c", "d"],
        "title": ["T1", "T Two", None, "T4"],
        "abstract": ["x", "y", "z", None],
        "year": pa.array([2024, 2025, 2026, 2027], pa.int32()),
    })
    pq.write_table(table, path, row_group_size=2)
    docs, errors = read_all(path)
    assert [(d.doc_id, d.title, d.abstract, d.line) for d in docs] == [
        ("a", "T1", "x", 1), ("t-two", "T Two", "y", 2), ("d", "T4", "", 4)]
    assert docs[0].extra == {"year": 2024}
    assert [str(e) for e in errors] == [f"{path}:3: missing title"]


def test_parquet_wrong_types_and_columns(tmp_path):
    path = tmp_path / "d.parquet"
    pq.write_table(pa.table({"title": [5], "text": ["x"]}), path)
    docs, errors = read_all(path)
    assert docs == [] and [e.problem for e in errors] == ["title must be a string, got int"]
    pq.write_table(pa.table({"title": ["t"], "body": ["x"]}), path)
    with pytest.raises(InputError, match="no text column"):
        list(read_documents(path))


def test_parquet_corrupt(tmp_path):
    path = tmp_path / "d.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match=rf"^{path}: not a readable Parquet file"):
        list(read_documents(path))


def test_read_dataframe():
    df = pd.DataFrame({"title": ["A", "B", None], "summary": ["x", float("nan"), "z"],
                       "arxiv_id": ["1", None, "3"], "venue": ["v", "w", "u"]})
    errors = []
    docs = list(read_dataframe(df, on_error=errors.append))
    assert [(d.doc_id, d.title, d.abstract, d.line) for d in docs] == [("1", "A", "x", 1),
                                                                      ("b", "B", "", 2)]
    assert docs[0].extra == {"venue": "v"}
    assert [str(e) for e in errors] == ["<dataframe>:3: missing title"]
    with pytest.raises(InputError, match="no title column"):
        read_dataframe(pd.DataFrame({"abstract": ["x"]}))


def test_same_docs_from_every_format(tmp_path):
    """One seed sample through every format gives the same Docs."""
    seed = list(read_documents(SEED))[:5]
    df = pd.DataFrame({"doc_id": [d.doc_id for d in seed], "title": [d.title for d in seed],
                       "abstract": [d.abstract for d in seed]})
    df.to_csv(tmp_path / "s.csv", index=False)
    df.to_parquet(tmp_path / "s.parquet")
    records = df.to_dict("records")
    (tmp_path / "s.jsonl").write_bytes(jsonl_bytes(*records))
    (tmp_path / "s.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(*records)))
    want = [(d.doc_id, d.title, d.abstract) for d in seed]
    for name in ("s.csv", "s.parquet", "s.jsonl", "s.jsonl.gz"):
        got = [(d.doc_id, d.title, d.abstract) for d in read_documents(tmp_path / name)]
        assert got == want, name


# -- file-level problems -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["e.txt", "e.jsonl", "e.csv", "e.parquet", "e.jsonl.gz"])
def test_empty_file_yields_nothing(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert read_all(path) == ([], [])


def test_empty_gzip_stream(tmp_path):
    path = tmp_path / "e.jsonl.gz"
    path.write_bytes(gzip.compress(b""))
    assert read_all(path) == ([], [])


def test_missing_path_directory_and_unknown_extension(tmp_path):
    # raised eagerly, before iteration
    with pytest.raises(InputError, match=rf"^{tmp_path / 'nope.jsonl'}: no such file$"):
        read_documents(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match=rf"^{tmp_path}: is a directory"):
        read_documents(tmp_path)
    odd = tmp_path / "docs.xml"
    odd.write_text("<x/>")
    with pytest.raises(InputError, match=rf"^{odd}: unknown input format '.xml'"):
        read_documents(odd)
    bare = tmp_path / "README"
    bare.write_text("x")
    with pytest.raises(InputError, match="no extension"):
        read_documents(bare)


def test_not_gzip(tmp_path):
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b'{"title": "plain text, not gzip"}\n')
    with pytest.raises(InputError, match="not a gzip file"):
        read_all(path)


def test_record_error_shape():
    err = RecordError("f.jsonl", 7, "missing title")
    assert str(err) == "f.jsonl:7: missing title"
    assert (err.path, err.line, err.problem) == ("f.jsonl", 7, "missing title")
    assert isinstance(err, Exception)


def test_every_exception_of_the_package_survives_pickling():
    """Worker -> parent: an exception that cannot be unpickled hangs a pool
    (issue 11: RecordError did, and --strict --jobs 2 never returned)."""
    import importlib
    import pickle
    import pkgutil

    import extract
    classes = set()
    for info in pkgutil.iter_modules(extract.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"perfclaims.{info.name}")
        classes |= {v for v in vars(module).values()
                    if isinstance(v, type) and issubclass(v, BaseException) and v.__module__.startswith("perfclaims")}
    assert RecordError in classes and len(classes) >= 5
    for cls in classes:
        if cls is RecordError:
            err = cls("f.jsonl", 3, "bad")
        else:
            err = cls("f.jsonl:3: bad")
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is cls and str(back) == str(err), cls
        if cls is RecordError:
            assert (back.path, back.line, back.problem) == ("f.jsonl", 3, "bad")


def test_docs_are_model_docs():
    assert all(isinstance(d, Doc) for d in read_documents(SEED))


def test_json_array_file_is_input_error(tmp_path):
    path = tmp_path / "arr.json"
    path.write_text('[\n  {"title": "T", "abstract": "a"}\n]\n')
    with pytest.raises(InputError, match=rf"^{path}:1: a JSON array, expected JSON Lines"):
        list(read_documents(path))


def test_page_keeps_trailing_whitespace_but_not_terminator(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(b"Title \r\r\nAbstract\t\n")
    (doc,) = read_documents(page)
    assert (doc.title, doc.abstract) == ("Title \r", "Abstract\t")


def test_an_undecodable_header_byte_never_reaches_the_table(tmp_path):
    """Found by the CSV fuzzer: b'\\x80id' reads as a column named '\\udc80id'
    (surrogateescape); that column must not go into input_extra, which Arrow
    cannot store."""
    from perfclaims.pipeline import extract_documents
    from perfclaims.schema import claims_table
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x80id,title,abstract\r\n1,T, 3.2x faster than the baseline\r\n")
    rows = list(extract_documents(read_documents(path)))
    assert rows and all(r.input_extra is None or "\udc80" not in r.input_extra for r in rows)
    assert claims_table(rows).num_rows == len(rows)
