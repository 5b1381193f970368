"""Live connections per client address are limited (CHERGA_MAX_SOCKETS_PER_ADDRESS), with real Socket.IO clients."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from live_server import Server

pytestmark = pytest.mark.contract
LIMIT = 3


def limited_server(tmp_path: Path, **environment: str) -> Iterator[Server]:
    running = Server(
        database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}",
        log_path=tmp_path / "server.log",
        environment={"CHERGA_MAX_SOCKETS_PER_ADDRESS": str(LIMIT), **environment},
    )
    running.start()
    yield running
    running.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from limited_server(tmp_path)


@pytest.fixture
def proxied_server(tmp_path: Path) -> Iterator[Server]:
    yield from limited_server(tmp_path, CHERGA_TRUSTED_PROXY="true")


class Client:
    """A Socket.IO client that keeps the reason its connection was refused."""

    def __init__(self, server: Server, forwarded_for: str | None = None) -> None:
        self.client = socketio.Client(reconnection=False)
        self.refusal: object = None
        self.client.on("connect_error", self._refused)
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        try:
            self.client.connect(server.url, transports=["websocket"], headers=headers, wait_timeout=10)
        except socketio.exceptions.ConnectionError:
            pass

    def _refused(self, data: object) -> None:
        self.refusal = data

    @property
    def connected(self) -> bool:
        return self.client.connected

    def close(self) -> None:
        self.client.disconnect()


def open_clients(server: Server, count: int, forwarded_for: str | None = None) -> list[Client]:
    return [Client(server, forwarded_for) for _ in range(count)]


def test_one_address_past_the_limit_is_refused_with_a_reason_and_a_closed_one_frees_its_slot(server: Server) -> None:
    clients = open_clients(server, LIMIT + 1, forwarded_for="10.0.0.1")  # not believed: no trusted proxy
    try:
        assert [client.connected for client in clients] == [True] * LIMIT + [False]
        assert "too_many_connections" in str(clients[-1].refusal), clients[-1].refusal
        clients[0].close()
        time.sleep(0.3)
        again = Client(server)
        clients.append(again)
        assert again.connected, again.refusal
        assert "refused a live connection from 127.0.0.1" in server.log()
    finally:
        for client in clients:
            client.close()


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limit(proxied_server: Server) -> None:
    office = open_clients(proxied_server, LIMIT + 1, forwarded_for="10.0.0.1")
    other = Client(proxied_server, forwarded_for="10.0.0.2")
    try:
        assert [client.connected for client in office] == [True] * LIMIT + [False]
        assert other.connected, other.refusal
    finally:
        for client in [*office, other]:
            client.close()


def test_a_board_refused_for_the_limit_comes_live_once_a_slot_is_free(browser, server: Server) -> None:
    """A browser's Socket.IO client never retries a refused connection by itself: the page does."""
    clients = open_clients(server, LIMIT)
    page = browser.new_page()
    try:
        page.goto(server.url + "/display/main")
        deadline = time.monotonic() + 10
        while server.log().count("refused a live connection") < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.log().count("refused a live connection") >= 1, server.log()
        assert page.get_attribute("#board", "data-live") != "yes"
        clients.pop().close()
        page.wait_for_selector("#board[data-live=yes]", state="attached", timeout=20000)
    finally:
        page.close()
        for client in clients:
            client.close()
