"""A revoked device is cut off at once, and says so; its name is free for a new token.

A real server, real Socket.IO clients holding display tokens, the real CLI,
and a paired board in headless Chromium.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests
import socketio

from live_server import Server, cherga, round_the_clock_config

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
PAIRED_BOARD = """
[boards.main-office-tv]
office = "main"
name = "Службовий телевізор"
name_en = "Staff room TV"
paired = true
muted = true
"""


@pytest.fixture
def paired_server(tmp_path):
    """The bundled network with one paired board, and an admin."""
    folder = tmp_path / "config"
    round_the_clock_config(folder)
    with open(folder / "boards.toml", "a", encoding="utf-8") as boards:
        boards.write(PAIRED_BOARD)
    running = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", environment={"CHERGA_CONFIG_DIR": str(folder)})
    running.start()
    cherga("user", "add", "root", "--role", "admin", "--password-stdin", database=running.database, stdin=PASSWORD + "\n")
    running.admin = requests.post(f"{running.url}/api/v1/auth/login", json={"username": "root", "password": PASSWORD}, timeout=10).json()["token"]
    yield running
    running.kill()


def register(server, name: str) -> dict:
    answer = requests.post(
        f"{server.url}/api/v1/devices", json={"kind": "display", "office": "main", "name": name},
        headers={"Authorization": f"Bearer {server.admin}"}, timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


class Display:
    """A display's live connection: what it heard, and whether the server closed it."""

    def __init__(self, server, token: str) -> None:
        self.heard: list[dict] = []
        self.closed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("device.revoked", self.heard.append)
        self.client.on("disconnect", lambda *reason: self.closed.set())
        self.client.connect(server.url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
        assert self.client.call("subscribe", {"office": "main"}, timeout=10)["ok"]

    def wait_closed(self, seconds: float) -> float:
        """Seconds until the server closed the connection; then a moment for the message sent just before the close.

        The client runs each event's handler in a task of its own, so the
        `disconnect` handler may run before the `device.revoked` one.
        """
        started = time.monotonic()
        assert self.closed.wait(seconds), "the revoked display is still connected"
        took = time.monotonic() - started
        deadline = time.monotonic() + 2
        while not self.heard and time.monotonic() < deadline:
            time.sleep(0.02)
        return took


def test_a_revoked_display_is_disconnected_at_once_and_its_name_is_free(paired_server) -> None:
    server = paired_server
    device = register(server, "hall-tv")
    display = Display(server, device["token"])
    answer = requests.post(f"{server.url}/api/v1/devices/{device['id']}/revoke", headers={"Authorization": f"Bearer {server.admin}"}, timeout=10)
    assert answer.status_code == 200
    assert display.wait_closed(3) < 3
    assert display.heard == [{"device": device["id"], "reason": "revoked"}]
    returning = socketio.Client(reconnection=False)
    refusals: list = []
    returning.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):  # and it cannot come back
        returning.connect(server.url, auth={"token": device["token"]}, transports=["websocket"], wait_timeout=5)
    assert refusals == [{"message": "this device has been revoked", "data": {"code": "revoked"}}]
    again = register(server, "hall-tv")  # the same name, a new token
    assert again["id"] != device["id"] and again["token"] != device["token"]
    Display(server, again["token"]).client.disconnect()


def test_a_display_revoked_by_the_cli_is_disconnected_within_a_heartbeat(paired_server) -> None:
    server = paired_server
    device = register(server, "hall-tv")
    display = Display(server, device["token"])
    cherga("device", "revoke", str(device["id"]), database=server.database)  # another process: the server finds it at its heartbeat
    assert display.wait_closed(5) < 5
    assert display.heard == [{"device": device["id"], "reason": "revoked"}]


def test_a_revoked_board_says_so_and_keeps_saying_so_after_a_reload(browser, paired_server) -> None:
    server = paired_server
    device = register(server, "office-tv")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(server.url + "/display/main/main-office-tv")
        page.wait_for_selector("#pair:not([hidden])")
        page.fill("#pair-token", device["token"])
        page.click("#pair-form button")
        page.wait_for_selector("#board[data-live=yes]", timeout=10000)
        requests.post(f"{server.url}/api/v1/devices/{device['id']}/revoke", headers={"Authorization": f"Bearer {server.admin}"}, timeout=10)
        page.wait_for_selector("#pair-revoked:not([hidden])", timeout=3000)
        assert "Пристрій відкликано" in page.inner_text("#pair-revoked") and page.is_hidden("#pair-error")
        assert page.is_hidden("#calls") and page.is_hidden("#idle") and page.is_hidden("#offline")
        page.reload()
        page.wait_for_selector("#pair-revoked:not([hidden])", timeout=10000)
        assert page.is_hidden("#pair-error")  # not "does not fit this office"
    finally:
        page.close()


def test_a_revoked_kiosk_says_so_at_once(browser, paired_server) -> None:
    server = paired_server
    answer = requests.post(
        f"{server.url}/api/v1/devices", json={"kind": "kiosk", "office": "main", "name": "kiosk-7"},
        headers={"Authorization": f"Bearer {server.admin}"}, timeout=10,
    )
    kiosk = answer.json()
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    try:
        page.goto(server.url + "/kiosk/main")
        page.fill("#pair-token", kiosk["token"])
        page.click("#pair-form button")
        page.wait_for_selector("#screen-services:not([hidden])", timeout=10000)
        page.wait_for_timeout(500)  # its live connection is up
        requests.post(f"{server.url}/api/v1/devices/{kiosk['id']}/revoke", headers={"Authorization": f"Bearer {server.admin}"}, timeout=10)
        page.wait_for_selector("#screen-pair:not([hidden])", timeout=3000)
        assert page.inner_text("#pair-error").startswith("Пристрій відкликано")
    finally:
        page.close()
