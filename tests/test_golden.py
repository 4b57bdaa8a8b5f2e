"""Output on the bundled corpus equals the stored snapshot, row for row and
column for column (see tests/golden.py to see a diff or update it)."""
from .golden import current, diff, stored


def test_output_equals_the_golden_snapshot():
    lines = diff(stored(), current())
    assert not lines, ("output changed; if intended, run `python -m tests.golden --update` and explain the "
                       "diff in the commit:\n" + "\n".join(lines[:40]))
