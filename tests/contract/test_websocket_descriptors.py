"""One file descriptor per live WebSocket, counted in the real server's /proc; and kiosks and desks served when boards and phones fill the process.

A process may hold `LimitNOFILE` descriptors: with two per connection (the
socket and a duplicate of it) a server of boards and phones stopped
accepting anything, kiosks and desks included, at half that many; with one,
at that many, unless the live connections keep within their share of it
(`realtime/capacity.py`).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio
import websocket

from booking_pages import add_staff
from kiosk_helpers import add_kiosk
from live_server import Server
from queue_server.realtime.capacity import Capacity
from web import bearer

pytestmark = pytest.mark.contract
CLIENTS = 40


def running(tmp_path: Path, descriptor_limit: int | None = None) -> Iterator[Server]:
    """A server whose client address may hold many connections (the tests' all come from 127.0.0.1)."""
    server = Server(
        database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}",
        log_path=tmp_path / "server.log",
        environment={"CHERGA_MAX_SOCKETS_PER_ADDRESS": "1000"},
        descriptor_limit=descriptor_limit,
    )
    server.start()
    yield server
    server.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from running(tmp_path)


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
    assert abs(during - before - CLIENTS) <= 4, f"{during - before} descriptors for {CLIENTS} connections"  # ± the server's own (a request's socket closing)
    for client in clients:
        client.disconnect()
    after = settled(server, before)
    assert abs(after - before) <= 4, f"{after - before} descriptors left after {CLIENTS} connections closed"
    answer = socketio.Client(reconnection=False)  # and the server still answers a new connection
    answer.connect(server.url, transports=["websocket"], wait_timeout=10)
    assert answer.call("subscribe", {"office": "main"}, timeout=10)["ok"] is True
    answer.disconnect()
    assert "Invalid HTTP method" not in server.log(), server.log()


DESCRIPTOR_LIMIT = 256


@pytest.fixture
def small_server(tmp_path: Path) -> Iterator[Server]:
    """A server whose process may hold 256 descriptors (`LimitNOFILE=256`)."""
    yield from running(tmp_path, DESCRIPTOR_LIMIT)


def live(server: Server, token: str | None = None) -> tuple[websocket.WebSocket, str]:
    """A raw Socket.IO connection (Engine.IO 4 over a WebSocket) and the server's answer to its connect: `40…` taken, `44…` refused."""
    ws = websocket.create_connection(server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket", timeout=10)
    assert ws.recv().startswith("0")
    ws.send("40" + (json.dumps({"token": token}) if token else ""))
    return ws, ws.recv()


def test_boards_and_phones_filling_the_process_leave_room_for_kiosks_and_desks(small_server: Server) -> None:
    server, capacity = small_server, Capacity.of_descriptors(DESCRIPTOR_LIMIT)
    kiosk, operator = add_kiosk(server), add_staff(server, "olena", "operator")
    held: list[websocket.WebSocket] = []
    try:
        refusal = ""
        for _ in range(DESCRIPTOR_LIMIT):
            ws, answer = live(server)
            held.append(ws)
            if not answer.startswith("40"):
                refusal = answer
                break
        assert len(held) - 1 == capacity.public, f"{len(held) - 1} anonymous connections taken"
        assert refusal.startswith("44") and json.loads(refusal[2:])["data"]["code"] == "server_full", refusal
        staff, answer = live(server, operator)  # a desk console's live connection has its own share
        held.append(staff)
        assert answer.startswith("40"), answer
        desks = requests.get(f"{server.url}/api/v1/offices/main/desks", timeout=10).json()
        desk, service = desks[0]["id"], sorted(desks[0]["services"])[0]
        issued = requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": service}, headers=bearer(kiosk), timeout=10)
        assert issued.status_code == 201, issued.text
        assert requests.post(f"{server.url}/api/v1/desks/{desk}/open", json={}, headers=bearer(operator), timeout=10).status_code == 200
        called = requests.post(f"{server.url}/api/v1/desks/{desk}/call-next", json={}, headers=bearer(operator), timeout=10)
        assert called.status_code == 200 and called.json()["number"] == issued.json()["number"], called.text
        assert descriptors(server) < DESCRIPTOR_LIMIT
        held.pop(0).close()  # a phone leaves: the next one is taken
        time.sleep(0.5)
        ws, answer = live(server)
        held.append(ws)
        assert answer.startswith("40"), answer
    finally:
        for ws in held:
            ws.close()
    assert "Too many open files" not in server.log(), server.log()


def test_a_board_refused_for_a_full_server_comes_live_once_a_phone_leaves(browser, small_server: Server) -> None:
    """The page retries a `server_full` refusal by itself, as it does an address's limit."""
    server, capacity = small_server, Capacity.of_descriptors(DESCRIPTOR_LIMIT)
    held = [live(server)[0] for _ in range(capacity.public)]
    page = browser.new_page()
    try:
        page.goto(server.url + "/display/main")
        deadline = time.monotonic() + 10
        while "anonymous ones already" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "anonymous ones already" in server.log(), server.log()
        assert page.get_attribute("#board", "data-live") != "yes"
        held.pop().close()
        page.wait_for_selector("#board[data-live=yes]", state="attached", timeout=20000)
    finally:
        page.close()
        for ws in held:
            ws.close()
