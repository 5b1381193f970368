"""Two real `cherga serve` processes as one server: one PostgreSQL database and one Redis message queue, each process on its own port.

The database is this test's own on the machine's PostgreSQL (dropped after);
the Redis is a `redis-server` of the test's own on a free port, so that no
other test's processes share its Socket.IO channel. Either absent: the test
is skipped with the reason (`redis_service.py`).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import socketio

from live_server import Server, cherga, free_port
from redis_service import OwnRedis, postgres_database

PASSWORD = "password-1234"


@dataclass
class TwoServers:
    a: Server
    b: Server
    database: str
    redis: OwnRedis

    def manager(self) -> str:
        """A manager's token (made with the real CLI, signed in on `a`): good on either process."""
        cherga("user", "add", "head", "--role", "manager", "--password-stdin", database=self.database, stdin=PASSWORD + "\n")
        answer = requests.post(f"{self.a.url}/api/v1/auth/login", json={"username": "head", "password": PASSWORD}, timeout=10)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    def device(self, kind: str, name: str = "kiosk-1") -> str:
        return cherga("device", "add", "--kind", kind, "--office", "main", "--name", name, database=self.database).splitlines()[-1]

    def logs(self) -> str:
        return f"----- a -----\n{self.a.log()}\n----- b -----\n{self.b.log()}"


def two_servers(tmp_path: Path) -> Iterator[TwoServers]:
    """Both processes started (`a` first: it makes the schema), stopped and their database dropped after."""
    redis = OwnRedis(tmp_path)
    for database in postgres_database():
        redis.start()
        environment = {"CHERGA_MESSAGE_QUEUE": redis.url}
        a = Server(database=database, log_path=tmp_path / "a.log", environment=environment)
        b = Server(database=database, log_path=tmp_path / "b.log", environment=environment, create_database=False, port=free_port(), secret_key=a.secret_key)
        pair = TwoServers(a, b, database, redis)
        try:
            a.start()
            b.start()
            yield pair
        finally:
            for server in (a, b):
                server.kill(signal.SIGTERM)
            redis.stop()


def wait_until(check: Callable[[], Any], timeout: float, step: float = 0.1) -> Any:
    """The first true answer of `check` within `timeout` seconds, else its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(step)


class Listener:
    """A Socket.IO client of one process: what it heard, by event name."""

    def __init__(self, server: Server, token: str | None = None) -> None:
        self.heard: dict[str, list[Any]] = {}
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self.record)
        self.client.connect(server.url, auth={"token": token} if token else None, transports=["websocket"], wait_timeout=10)

    def record(self, event: str, *args: Any) -> None:
        with self.lock:
            self.heard.setdefault(event, []).append(args[0] if args else None)

    def got(self, event: str) -> list[Any]:
        with self.lock:
            return list(self.heard.get(event, []))

    def call(self, event: str, payload: Any) -> Any:
        return self.client.call(event, payload, timeout=10)

    def close(self) -> None:
        self.client.disconnect()
