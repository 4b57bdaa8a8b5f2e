"""Every vocabulary lives once, in the rule data (issue 13): a word list
written in Python that repeats one of the TOML files' word lists would
drift from it. Python may name a few words where a mechanism needs them;
a list sharing three or more words with a data list is a copy."""
import ast
import tomllib
from pathlib import Path

from perfclaims.units import CANONICAL_BY_TYPE

PACKAGE = Path(__file__).resolve().parent.parent / "extract"
SHARED_AT_MOST = 2
# the contract's own names (claim types, canonical units): data refers to
# them, as code does; they are identifiers, not vocabulary of the text
IDENTIFIERS = {t.lower() for t in CANONICAL_BY_TYPE} | {u.lower() for us in CANONICAL_BY_TYPE.values() for u in us}


def _toml_word_lists():
    for path in sorted(PACKAGE.rglob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        stack = [(path.relative_to(PACKAGE).as_posix(), data)]
        while stack:
            where, node = stack.pop()
            if isinstance(node, dict):
                stack.extend((f"{where}: {k}", v) for k, v in node.items())
            elif isinstance(node, list):
                words = {w.lower() for w in node if isinstance(w, str) and w.strip()}
                if len(words) > SHARED_AT_MOST:
                    yield where, words
                stack.extend((where, v) for v in node if isinstance(v, (dict, list)))


def _python_word_lists():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                words = {e.value.lower() for e in node.elts
                         if isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value.strip()}
                if len(words) > SHARED_AT_MOST:
                    yield f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}", words


def test_no_python_word_list_copies_a_rule_data_list():
    data_lists = list(_toml_word_lists())
    assert data_lists, "no word lists found in the rule data"
    copies = []
    for where, words in _python_word_lists():
        for data_where, data_words in data_lists:
            shared = (words & data_words) - IDENTIFIERS
            if len(shared) > SHARED_AT_MOST:
                copies.append(f"{where} repeats {data_where}: {sorted(shared)[:6]}")
    assert not copies, "vocabulary written twice:\n" + "\n".join(copies)
