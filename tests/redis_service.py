"""Redis for tests: the machine's Redis (127.0.0.1:6379) with a key prefix of the test's own, or a `redis-server` of the test's own; skipped with the reason where absent.

Keys a test writes in the machine's Redis carry a prefix of its own, removed
afterwards (`machine_redis`). A test that stops or restarts Redis, or runs
server processes whose Socket.IO channel must not meet another test's
(Redis's publish/subscribe ignores database numbers), starts its own
`redis-server` on a free port, keeping nothing on disk (`OwnRedis`, `own_redis`).
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from live_server import free_port

MACHINE_REDIS = "redis://127.0.0.1:6379/0"
CLIENT_REASON = "the Redis client is not installed (pip install 'cherga[scale]')"
SERVER_REASON = "redis-server is not on this machine (Debian: apt-get install redis-server)"


def redis_module() -> ModuleType:
    return pytest.importorskip("redis", reason=CLIENT_REASON)


def missing_redis_server() -> str | None:
    """Why no Redis of a test's own can run here (no client, no redis-server), or None."""
    try:
        import redis  # noqa: F401  # the servers' fan-out client, and the tests' probe
    except ImportError:
        return CLIENT_REASON
    if shutil.which("redis-server") is None:
        return SERVER_REASON
    return None


def machine_redis() -> Iterator[tuple[object, str]]:
    """A client of the machine's Redis and a key prefix of this test's own; its keys are deleted after."""
    redis = redis_module()
    client = redis.Redis.from_url(MACHINE_REDIS, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at 127.0.0.1:6379: {error}")
    prefix = f"cherga-test:{secrets.token_hex(6)}:"
    yield client, prefix
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


@dataclass
class OwnRedis:
    """A `redis-server` of the test's own on a free port, without persistence, that can be stopped and started again on its port.

    Made where there is none, the test is skipped with the reason.
    """

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        reason = missing_redis_server()
        if reason is not None:
            pytest.skip(reason)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return self.folder / f"redis-{self.port}.log"

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        redis = redis_module()
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not answer on port {self.port}:\n{self.log_path.read_text(errors='replace')}")

    def stop(self) -> None:
        """A clean stop."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """Killed, as a crash or an OOM kill would: its connections drop at once."""
        self._end(signal.SIGKILL)

    def _end(self, sig: int) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=10)
        self.process = None


@contextlib.contextmanager
def own_redis(folder: Path) -> Iterator[OwnRedis]:
    """An `OwnRedis` started, and stopped after."""
    redis = OwnRedis(folder)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
