"""What a Socket.IO test client hears: its `event` messages kept in order, and a wait for a number of them."""

from __future__ import annotations

import threading
import time

import socketio


class HeardEvents:
    """Keeps every `event` message `client` hears; `where` names the path in a failure ("through nginx")."""

    def __init__(self, client: socketio.Client, where: str = "") -> None:
        self.client = client
        self.where = where
        self.events: list[dict] = []
        self.lock = threading.Lock()
        client.on("event", self._on_event)

    def _on_event(self, data: dict) -> None:
        with self.lock:
            self.events.append(data)

    def wait_for(self, count: int, timeout: float = 10) -> list[dict]:
        """The events heard once there are `count` of them; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.events) >= count:
                    return list(self.events)
            time.sleep(0.02)
        raise AssertionError(f"heard {len(self.events)} events{' ' + self.where if self.where else ''}, expected {count}")
