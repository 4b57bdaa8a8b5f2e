"""The compiled-rules cache (extract/compiled.py): built once, read back
equal, keyed by every package file, and never in the way."""
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from perfclaims import compiled

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFCLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PERFCLAIMS_CACHE", raising=False)
    return tmp_path / "cache"


def _counting_builder(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_built_once_then_read_back(cache):
    build, calls = _counting_builder({"a": [1, 2, 3]})
    assert compiled.load_or_build("thing", build) == {"a": [1, 2, 3]}
    assert compiled.load_or_build("thing", build) == {"a": [1, 2, 3]}
    assert len(calls) == 1
    (stored,) = cache.glob("thing-*.pickle")
    assert compiled.key() in stored.name
    assert not list(cache.glob(".*tmp"))   # no temp file left behind


def test_a_changed_package_file_changes_the_key(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    (package / "rules").mkdir(parents=True)
    (package / "rules" / "claims.toml").write_text("a = 1\n")
    monkeypatch.setattr(compiled, "PACKAGE_DIR", package)
    compiled.key.cache_clear()
    try:
        before = compiled.key()
        (package / "rules" / "claims.toml").write_text("a = 2\n")
        compiled.key.cache_clear()
        assert compiled.key() != before
        (package / "__pycache__").mkdir()
        (package / "__pycache__" / "x.pyc").write_bytes(b"ignored")
        compiled.key.cache_clear()
        after_pyc = compiled.key()
        (package / "__pycache__" / "x.pyc").write_bytes(b"still ignored")
        compiled.key.cache_clear()
        assert compiled.key() == after_pyc
    finally:
        compiled.key.cache_clear()


def test_a_torn_file_is_rebuilt(cache):
    build, calls = _counting_builder([42])
    compiled.load_or_build("thing", build)
    (stored,) = cache.glob("thing-*.pickle")
    stored.write_bytes(stored.read_bytes()[:5])
    assert compiled.load_or_build("thing", build) == [42]
    assert len(calls) == 2
    assert pickle.loads(stored.read_bytes()) == [42]


def test_an_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PERFCLAIMS_CACHE_DIR", str(blocker / "cache"))
    build, calls = _counting_builder("v")
    assert compiled.load_or_build("thing", build) == "v"
    assert compiled.load_or_build("thing", build) == "v"
    assert len(calls) == 2


def test_switched_off(cache, monkeypatch):
    monkeypatch.setenv("PERFCLAIMS_CACHE", "0")
    build, calls = _counting_builder("v")
    compiled.load_or_build("thing", build)
    compiled.load_or_build("thing", build)
    assert len(calls) == 2 and not cache.exists()


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.delenv("PERFCLAIMS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled.cache_dir() == tmp_path / "perfclaims"


# A fresh interpreter extracts the bundled corpus: the first time it builds
# the cache, the second it reads it; both give the same claims, and the
# second never imports pint (its unit factors come with the compiled rules).
_RUN = r"""
import json, sys
from perfclaims.pipeline import Extractor
from perfclaims.read import read_documents
from perfclaims.cli import DEFAULT_INPUT
ex = Extractor()
rows = [[c.doc_id, c.field, c.char_start, c.char_end, c.claim_type, c.value_low, c.value_high, c.unit,
         c.hardware, c.hardware_count, c.baseline, c.model, c.precision]
        for d in read_documents(DEFAULT_INPUT) for c in ex.extract(d)]
print(json.dumps({"rows": rows, "pint": "pint" in sys.modules}))
"""


@pytest.mark.timeout(300)
def test_cached_rules_give_the_same_claims_without_pint(tmp_path):
    env = {**os.environ, "PERFCLAIMS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PERFCLAIMS_CACHE", None)
    runs = [json.loads(subprocess.run([sys.executable, "-c", _RUN], env=env, cwd=ROOT, check=True,
                                      capture_output=True, text=True, timeout=240).stdout)
            for _ in range(2)]
    no_cache = json.loads(subprocess.run([sys.executable, "-c", _RUN], env={**env, "PERFCLAIMS_CACHE": "0"},
                                         cwd=ROOT, check=True, capture_output=True, text=True,
                                         timeout=240).stdout)
    assert len(runs[0]["rows"]) > 50
    assert runs[0]["rows"] == runs[1]["rows"] == no_cache["rows"]
    assert runs[0]["pint"] and no_cache["pint"]      # built: pint checked every unit
    assert not runs[1]["pint"]                        # read back: pint never needed
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle"))
    assert names == ["conversions", "hardware", "matcher", "roles", "rules"]
