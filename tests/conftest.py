"""Every test process (and the subprocesses it starts, which inherit the
environment) keeps its compiled rules in a fresh folder of its own, even
when the user has set one: a test run neither depends on nor changes a
user's cache."""
import os
import tempfile

os.environ["PERFCLAIMS_CACHE_DIR"] = tempfile.mkdtemp(prefix="perfclaims-test-cache-")
