"""What must never be committed: the demo's state holds device tokens and a secret key."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "path",
    ["var/demo-tokens.txt", "var/cherga.sqlite3", "var/secret-key", "var/voice-cache/call.wav", "var/print-journal.jsonl", "var/demo-config/offices.toml"],
)
def test_the_demo_state_is_ignored_by_git(path: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    answer = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT, capture_output=True)
    assert answer.returncode == 0, f"{path} would be committed"
