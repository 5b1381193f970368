"""A `cherga serve` that must refuse to start, run as a real process: its exit status and its one line on stderr.

Each start runs in its own process (it would otherwise patch this process for
gevent); a refused start ends within seconds, a wrong one would start serving
and hit the timeout.
"""

from __future__ import annotations

import os
import subprocess
import sys

from live_server import free_port

TIMEOUT = 60


def serve(database: str, *extra: str, port: int | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "queue_server.cli", "serve", "--port", str(port or free_port()), "--database", database, *extra],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"the server started instead of refusing:\n{expired.stderr!r}") from None


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("cherga: error: "), result.stderr
    assert "Traceback" not in result.stderr and "serves" not in result.stderr + result.stdout
    for word in words:
        assert word in lines[0], lines[0]
