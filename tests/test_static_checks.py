"""The static checks of CI: mypy on the strict packages and ruff on the tree.

`.ci/run` runs both before the tests so that a finding fails CI before a
single test starts; these tests keep the same checks in the suite, and check
that `.ci/run` really runs them first.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def strict_packages() -> list[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return [s[len("mypy-"):].removesuffix(".*") for s in cfg.sections() if s.startswith("mypy-") and cfg.getboolean(s, "strict", fallback=False)]


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN))
    assert found, f"{name} is part of the test extras (setup.cfg)"
    return found


def test_the_strict_packages_include_the_pure_ones() -> None:
    assert {"queue_server.domain", "printers", "display_board.voice"} <= set(strict_packages())


def test_mypy_finds_nothing_in_the_strict_packages() -> None:
    """mypy's own cache (.mypy_cache, beside the code) is kept: it checks again only what changed since.

    CI's mypy has just filled it, so here mypy takes a few seconds instead of a minute of a worker; the
    cache is keyed on each file's contents, so a changed file is always checked again.
    """
    args = [a for name in strict_packages() for a in ("-p", name)]
    result = subprocess.run([tool("mypy"), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_static_checks_before_the_tests() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    position = {what: next((i for i, line in enumerate(lines) if line.startswith(what)), None) for what in (".venv/bin/mypy", ".venv/bin/ruff check", "./run test -q")}
    assert None not in position.values(), position
    assert position[".venv/bin/mypy"] < position["./run test -q"] and position[".venv/bin/ruff check"] < position["./run test -q"]
    assert "set -euo pipefail" in lines, "a finding must stop the script"
