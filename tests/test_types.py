"""The type hints are checked: `mypy` (configured in pyproject.toml) reports nothing on
src/. Part of the suite, so the README's one test command (and `.ci/run`) runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.early
def test_mypy_finds_no_type_errors() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=900, check=False)
    assert "No module named mypy" not in done.stderr, "mypy is missing: pip install -e '.[test]'"
    assert done.returncode == 0, done.stdout + done.stderr
