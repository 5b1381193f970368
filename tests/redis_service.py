"""The machine's Redis (127.0.0.1:6379) and PostgreSQL for tests, or a Redis server of the test's own; skipped with the reason where absent.

Keys a test writes in the machine's Redis carry a prefix of its own, removed
afterwards. A test that stops or restarts Redis, or runs server processes
whose Socket.IO channel must not meet another test's, starts its own
`redis-server` on a free port (`OwnRedis`).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import free_port

MACHINE_REDIS = "redis://127.0.0.1:6379/0"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


def redis_module():
    return pytest.importorskip("redis", reason="the Python package redis is not installed (pip install redis)")


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


class OwnRedis:
    """A `redis-server` of the test's own on a free port, without persistence."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("no redis-server on this machine (apt-get install redis-server)")
        redis_module()
        self.port = free_port()
        self.log_path = folder / f"redis-{self.port}.log"
        self.binary = binary
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=log, stderr=subprocess.STDOUT,
            )
        redis = redis_module()
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start:\n{self.log_path.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def postgres_database() -> Iterator[str]:
    """A PostgreSQL database of this test's own on 127.0.0.1:5432, dropped afterwards; its SQLAlchemy URL."""
    psycopg = pytest.importorskip("psycopg", reason="the Python package psycopg is not installed")
    name = f"cherga_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
