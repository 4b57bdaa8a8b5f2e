"""Compiled rules, built once per rule set and kept on disk.

Compiling the rule files costs most of a second in every process (the `regex`
package parses each pattern in Python, and pint builds its registry to check
the unit expressions): in every run and in every worker. The compiled objects
pickle, and a `regex` pattern pickles as its compiled code, so loading one
skips the parse. Each builder's result is therefore stored in a cache folder,
under a key that hashes every file of the package (code, rules, catalog), the
versions of Python, regex and pint, and the shortcut switch: a changed file
gives a new key, so a stale entry is never read. A cache that cannot be read
or written is ignored (the builder runs, as without a cache).

    PERFCLAIMS_CACHE_DIR   where the cache lives (default:
                           $XDG_CACHE_HOME/perfclaims, else ~/.cache/perfclaims)
    PERFCLAIMS_CACHE=0     never read or write it

The cache holds pickles: like any file under the user's home, whoever can
write to it can run code as the user.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Callable, TypeVar

from . import shortcuts

log = logging.getLogger(__name__)

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("PERFCLAIMS_CACHE", "1") != "0"


def cache_dir() -> Path:
    explicit = os.environ.get("PERFCLAIMS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "perfclaims"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


@functools.lru_cache(maxsize=1)
def key() -> str:
    """What the compiled objects depend on: every file of the package, in
    path order, and the versions of what builds or unpickles them."""
    h = hashlib.sha256()
    h.update(f"{sys.version}\0{_version('regex')}\0{_version('pint')}\0{shortcuts.ENABLED}\0".encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(f"{path.relative_to(PACKAGE_DIR).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:24]


def load_or_build(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, read from the cache when it holds this key's
    copy, else built and stored."""
    if not enabled():
        return build()
    path = cache_dir() / f"{name}-{key()}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception as e:   # a torn or foreign file: rebuild and overwrite it
        log.debug("compiled cache %s unreadable (%s); rebuilding", path, e)
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    # through the project's one atomic writer: a concurrent worker reads the
    # old file or the whole new one, never a half-written one
    from .write import OutputError, atomic_write_text
    try:
        atomic_write_text(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), path)
    except (OSError, OutputError) as e:
        log.debug("compiled cache %s not written (%s)", path, e)


def compiled(name: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a no-argument builder: the result is kept for the process
    (like ``lru_cache``) and on disk between processes. The plain builder
    stays reachable as ``.build``."""
    def wrap(build: Callable[[], T]) -> Callable[[], T]:
        @functools.lru_cache(maxsize=1)
        @functools.wraps(build)
        def load() -> T:
            return load_or_build(name, build)
        load.build = build
        return load
    return wrap
