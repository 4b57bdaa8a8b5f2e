"""One registry of the fast paths: each shortcut is registered beside the
definition it speeds up, and ``PERFCLAIMS_SLOW=1`` in the environment
bypasses them all, so the definitions run instead.

A shortcut is a faster way to get exactly what its definition gives (a
stdlib-engine copy of a `regex` pattern, a scan that tries a pattern only
where it can start, a cheap test that rules a text out before a costly one).
tests/test_shortcuts.py runs the case tables and a corpus sample both ways
and requires identical output; ``make bench`` gives the speed of each way.

    @shortcut(definition)          # a function: use ``definition`` when slow
    def fast(...): ...

    if shortcuts.ENABLED: ...      # a shortcut inside a class or a function
"""
from __future__ import annotations

import os
from typing import Callable

ENABLED = os.environ.get("PERFCLAIMS_SLOW", "") != "1"

# name -> (fast, definition, what it speeds up)
REGISTRY: dict[str, tuple[object, object, str]] = {}


def shortcut(definition: Callable, why: str = "") -> Callable[[Callable], Callable]:
    """Register the decorated function as a shortcut of ``definition``;
    the name is bound to the shortcut, or to the definition when slow."""
    def register(fast: Callable) -> Callable:
        REGISTRY[f"{fast.__module__}.{fast.__qualname__}"] = (fast, definition, why or (fast.__doc__ or "").strip())
        return fast if ENABLED else definition
    return register


def register(name: str, fast: object, definition: object, why: str) -> None:
    """Record a shortcut that is not a plain function (a class's fast path,
    chosen where it is built by reading ``ENABLED``)."""
    REGISTRY[name] = (fast, definition, why)
