"""One file descriptor per live WebSocket, counted in the real server's /proc.

A process may hold `LimitNOFILE` descriptors: with two per connection (the
socket and a duplicate of it) a server of boards and phones stopped
accepting anything, kiosks and desks included, at half that many.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from live_server import Server

pytestmark = pytest.mark.contract
CLIENTS = 40


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(
        database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}",
        log_path=tmp_path / "server.log",
        environment={"CHERGA_MAX_SOCKETS_PER_ADDRESS": str(CLIENTS + 10)},
    )
    running.start()
    yield running
    running.kill(signal.SIGTERM)


def descriptors(server: Server) -> int:
    return len(os.listdir(f"/proc/{server.process.pid}/fd"))


def settled(server: Server, near: int, slack: int = 4) -> int:
    """The server's descriptor count once it is within `slack` of `near` (connections close a moment after the client leaves)."""
    deadline = time.monotonic() + 10
    count = descriptors(server)
    while abs(count - near) > slack and time.monotonic() < deadline:
        time.sleep(0.1)
        count = descriptors(server)
    return count


def test_each_websocket_holds_one_descriptor_and_gives_it_back(server: Server) -> None:
    before = descriptors(server)
    clients = []
    for _ in range(CLIENTS):
        client = socketio.Client(reconnection=False)
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        assert client.call("subscribe", {"office": "main"}, timeout=10)["ok"] is True
        clients.append(client)
    during = descriptors(server)
    assert CLIENTS <= during - before <= CLIENTS + 4, f"{during - before} descriptors for {CLIENTS} connections"
    for client in clients:
        client.disconnect()
    after = settled(server, before)
    assert abs(after - before) <= 4, f"{after - before} descriptors left after {CLIENTS} connections closed"
    answer = socketio.Client(reconnection=False)  # and the server still answers a new connection
    answer.connect(server.url, transports=["websocket"], wait_timeout=10)
    assert answer.call("subscribe", {"office": "main"}, timeout=10)["ok"] is True
    answer.disconnect()
    assert "Invalid HTTP method" not in server.log(), server.log()
