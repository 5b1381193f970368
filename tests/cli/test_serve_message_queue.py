"""`cherga serve` refuses a message queue it cannot use: one clear line, exit 2, nothing created.

A server that started without its queue used to serve and lose, for the
subscribers of every other process, each event it published. Each case runs
the real command in its own process; the database is a SQLite path that a
start would create (`--create-database`), so "nothing created" is seen.
"""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from live_server import free_port
from start_refusal import assert_refused, serve

# Makes `import redis` fail in the server's process as on an install without the client:
# a finder ahead of every other that knows the name and refuses it.
NO_REDIS = '''
import sys

class _NoRedis:
    def find_spec(self, name, path=None, target=None):
        if name == "redis" or name.startswith("redis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NoRedis())
'''


def refused_start(tmp_path: Path, queue: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], Path]:
    database = tmp_path / "new" / "cherga.sqlite3"
    result = serve(f"sqlite:///{database}", "--create-database", env={"CHERGA_MESSAGE_QUEUE": queue, **(env or {})})
    return result, database


def nothing_listens() -> int:
    """A port of this machine where nothing listens (taken, then given back)."""
    return free_port()


def test_without_the_redis_client_serve_refuses(tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(NO_REDIS)
    port = nothing_listens()
    result, database = refused_start(tmp_path, f"redis://127.0.0.1:{port}/0", env={"PYTHONPATH": str(shim)})
    assert_refused(result, "CHERGA_MESSAGE_QUEUE", "Redis client is not installed", "cherga[scale]")
    assert not database.parent.exists()


def test_a_redis_that_does_not_answer_is_refused(tmp_path: Path) -> None:
    port = nothing_listens()
    result, database = refused_start(tmp_path, f"redis://127.0.0.1:{port}/0")
    assert_refused(result, f"redis://127.0.0.1:{port}/0", "does not answer")
    assert not database.parent.exists()


def test_a_silent_peer_is_refused_after_the_ping_timeout(tmp_path: Path) -> None:
    """Something listens but never answers (a wrong service, a dead proxy): refused after the PING's few seconds, not hung."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        result, database = refused_start(tmp_path, f"redis://127.0.0.1:{port}/0")
    assert_refused(result, "does not answer", "Timeout")
    assert not database.parent.exists()


@pytest.mark.parametrize("queue", ["amqp://guest:guest@127.0.0.1:5672//", "kafka://127.0.0.1:9092", "127.0.0.1:6379"])
def test_a_queue_of_another_kind_is_refused(tmp_path: Path, queue: str) -> None:
    result, database = refused_start(tmp_path, queue)
    assert_refused(result, "CHERGA_MESSAGE_QUEUE", "expected redis://")
    assert "guest:guest" not in result.stderr  # a password never reaches a log
    assert not database.parent.exists()


def test_a_password_in_the_url_is_not_shown(tmp_path: Path) -> None:
    port = nothing_listens()
    result, _ = refused_start(tmp_path, f"redis://:s3cret@127.0.0.1:{port}/0")
    assert_refused(result, "does not answer", f"redis://:***@127.0.0.1:{port}/0")
    assert "s3cret" not in result.stderr
