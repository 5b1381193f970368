"""A Socket.IO client of one server process that records what it hears, and a wait for a condition among processes.

For the tests of several processes (tests/cluster.py): what one process's
clients hear of what another process did.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import socketio

from live_server import Server


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
