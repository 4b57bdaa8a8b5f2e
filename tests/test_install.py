"""Installed anywhere: ``pip install`` of the project into a fresh virtualenv,
then every entry point run from an unrelated folder that holds a user's own
``extract.py`` (which must not shadow anything).

Slow-ish (a virtualenv and an install; the wheels come from pip's cache
after ``make``), so it runs once per session."""
from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def sh(*cmd, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    out = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert out.returncode == 0, f"{cmd}:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python, perfclaims script, a work folder with a rogue extract.py)."""
    base = tmp_path_factory.mktemp("install")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    sh(python, "-m", "pip", "install", "--quiet", str(ROOT), cwd=base, timeout=900)
    work = base / "work"
    work.mkdir()
    (work / "extract.py").write_text("raise SystemExit('the user\\'s own extract.py was imported')\n")
    (work / "perfclaims_input.jsonl").write_text(json.dumps(
        {"id": "2401.00001", "title": "Fast Kernels", "abstract": "Our kernel reaches 740 TFLOPs/s on an H100, "
         "a 1.5x speedup over FlashAttention-2."}) + "\n")
    return python, env_dir / "bin" / "perfclaims", work


@pytest.mark.timeout(1200)
def test_the_installed_package_runs_from_any_folder(installed):
    python, perfclaims, work = installed
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = sh(perfclaims, "--help", cwd=work, env=clean_env)
    assert "usage: perfclaims" in out.stdout
    for command in ("extract", "tables", "report", "eval"):
        assert f"usage: perfclaims {command}" in sh(perfclaims, command, "--help", cwd=work, env=clean_env).stdout
    # no input: the bundled corpus, installed with the package
    sh(perfclaims, "extract", "--out", "out", "--quiet", cwd=work, env=clean_env)
    assert (work / "out" / "claims.parquet").stat().st_size > 1000
    sh(perfclaims, "tables", "--claims", "out/claims.parquet", "--out", "out", cwd=work, env=clean_env)
    sh(perfclaims, "report", "--out", "out", cwd=work, env=clean_env)
    assert (work / "out" / "report.html").stat().st_size > 10_000
    # the development gold is installed too: eval needs no path
    scored = sh(perfclaims, "eval", "--claims", "out/claims.parquet", cwd=work, env=clean_env)
    assert "F1" in scored.stdout
    sh(perfclaims, "extract", "perfclaims_input.jsonl", "--out", "mine", "--quiet", cwd=work, env=clean_env)
    # python -m and the notebook API, with the rogue extract.py first on sys.path
    sh(python, "-m", "perfclaims", "extract", "--help", cwd=work, env=clean_env)
    api = sh(python, "-c", "import perfclaims, sys; df = perfclaims.claims_from_text("
                           "'Our kernel reaches 740 TFLOPs/s on an H100.'); "
                           "assert 'site-packages' in perfclaims.__file__, perfclaims.__file__; "
                           "print(len(df), df.hardware.iloc[0])", cwd=work, env=clean_env)
    assert api.stdout.split() == ["1", "NVIDIA", "H100"]
