"""Every shortcut gives what its definition gives: the case tables and a
corpus sample extracted with the shortcuts and with PERFCLAIMS_SLOW=1 (every
definition instead) are equal, row for row."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(slow: bool) -> list[str]:
    env = {**os.environ, "PERFCLAIMS_SLOW": "1" if slow else "0"}
    out = subprocess.run([sys.executable, "-m", "tests.shortcut_sample"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.splitlines()


@pytest.mark.timeout(1200)
def test_shortcuts_and_definitions_give_the_same_rows():
    fast, slow = _run(False), _run(True)
    assert len(fast) > 1000
    assert fast == slow, next(f"{a}\n!=\n{b}" for a, b in zip(fast, slow) if a != b) if len(fast) == len(slow) \
        else f"{len(fast)} rows with shortcuts, {len(slow)} without"


def test_every_shortcut_is_registered_with_its_definition():
    import perfclaims.attribute, perfclaims.clean, perfclaims.hardware, perfclaims.match, perfclaims.sentences  # noqa
    from perfclaims import shortcuts
    names = set(shortcuts.REGISTRY)
    assert len(names) >= 14, sorted(names)
    for name, (fast, definition, why) in shortcuts.REGISTRY.items():
        assert fast is not definition and why, name
