"""Boards' presence as the dashboard sees it: `board.hello` from board pages, the alert, the `presence` message."""

from __future__ import annotations

import dataclasses
import time

import pytest

from web import bearer


@pytest.fixture
def socketio(app):
    return app.extensions["cherga.socketio"]


def board_page(app, socketio, board: str = "alpha-windows", token: str | None = None):
    page = socketio.test_client(app, auth={"token": token} if token else None)
    assert page.is_connected()
    return page, page.emit("board.hello", {"office": "alpha", "board": board}, callback=True)


def boards(client, tokens) -> dict[str, dict]:
    body = client.get("/api/v1/dashboard/alpha", headers=bearer(tokens["manager"])).get_json()
    return {board["board"]: board for board in body["boards"]}


def board_alerts(client, tokens) -> list[str]:
    row = client.get("/api/v1/dashboard", headers=bearer(tokens["manager"])).get_json()["offices"][0]
    return [alert["subject"] for alert in row["alerts"] if alert["kind"] == "board_offline"]


def test_a_board_alert_appears_after_the_grace_and_clears_when_a_page_shows_the_board(app, socketio, client, clock, tokens) -> None:
    clock.advance(0.5)
    assert board_alerts(client, tokens) == []  # the server started half a minute ago: not yet
    page, answer = board_page(app, socketio)
    assert answer == {"ok": True, "board": "alpha-windows", "watched": True}
    clock.advance(5)
    assert board_alerts(client, tokens) == []  # alpha-tv, shown by nobody since the start, is never seen: no alert
    assert boards(client, tokens)["alpha-tv"]["never_seen"] is True and boards(client, tokens)["alpha-tv"]["offline"] is False
    assert boards(client, tokens)["alpha-windows"] | {"name": "", "name_en": ""} == {
        "board": "alpha-windows", "name": "", "name_en": "", "pages": 1, "online": True, "offline": False, "never_seen": False, "since": None,
    }
    page.disconnect()  # 08:05:30
    clock.advance(1)
    assert board_alerts(client, tokens) == []  # a minute's grace: a reload is not an alarm
    clock.advance(0.1)
    assert board_alerts(client, tokens) == ["alpha-windows"]  # seen, then lost
    assert boards(client, tokens)["alpha-windows"]["since"] == "2026-11-24T08:05:30Z"
    again, _ = board_page(app, socketio)
    assert board_alerts(client, tokens) == []
    again.disconnect()


def test_two_pages_of_one_board_the_board_is_dark_only_when_both_left(app, socketio, client, clock, tokens) -> None:
    first, _ = board_page(app, socketio)
    second, _ = board_page(app, socketio)
    first.disconnect()
    clock.advance(5)
    assert "alpha-windows" not in board_alerts(client, tokens)
    second.disconnect()
    clock.advance(5)
    assert "alpha-windows" in board_alerts(client, tokens)


def test_a_paired_board_counts_only_from_a_display_of_its_office(app, socketio, client, clock, tokens) -> None:
    _, refused = board_page(app, socketio, "alpha-tv")
    assert not refused["ok"] and refused["error"]["code"] == "forbidden"
    _, refused = board_page(app, socketio, "alpha-tv", tokens["kiosk"])
    assert not refused["ok"] and refused["error"]["code"] == "forbidden"
    page, answer = board_page(app, socketio, "alpha-tv", tokens["display"])
    assert answer["ok"] and answer["watched"]
    clock.advance(5)
    assert "alpha-tv" not in board_alerts(client, tokens)
    page.disconnect()


def test_the_default_board_is_not_watched_and_a_wrong_hello_is_refused(app, socketio) -> None:
    page = socketio.test_client(app)
    assert page.emit("board.hello", {"office": "alpha", "board": "default"}, callback=True) == {"ok": True, "board": "default", "watched": False}
    assert page.emit("board.hello", {"office": "beta", "board": "alpha-windows"}, callback=True)["error"]["code"] == "not_found"
    assert page.emit("board.hello", {"office": "nowhere", "board": "x"}, callback=True)["error"]["code"] == "not_found"
    for payload in (None, "alpha", {"office": "alpha"}, {"office": "alpha", "board": 3}, {"office": "alpha", "board": "x", "more": 1}):
        assert page.emit("board.hello", payload, callback=True)["error"]["code"] == "invalid_request", payload
    assert page.is_connected()


def staff_watcher(app, socketio, tokens):
    watcher = socketio.test_client(app, auth={"token": tokens["supervisor"]})
    assert watcher.emit("subscribe", {"office": "alpha", "stream": "staff"}, callback=True)["ok"]
    watcher.get_received()
    return watcher


def presence_messages(watcher) -> list[dict]:
    return [message["args"][0] for message in watcher.get_received() if message["name"] == "presence"]


def test_the_staff_room_hears_a_board_come_back_at_once(app, socketio, tokens) -> None:
    watcher = staff_watcher(app, socketio, tokens)
    page, _ = board_page(app, socketio)
    heard = presence_messages(watcher)
    assert len(heard) == 1 and heard[0]["office"] == "alpha"
    windows = next(board for board in heard[0]["boards"] if board["board"] == "alpha-windows")
    assert windows["online"] is True and windows["offline"] is False
    public = socketio.test_client(app)
    assert public.emit("subscribe", {"office": "alpha", "stream": "public"}, callback=True)["ok"]
    public.get_received()
    page.disconnect()
    again, _ = board_page(app, socketio)
    assert presence_messages(public) == []  # the staff's business only
    assert len(presence_messages(watcher)) == 1  # the board came back
    again.disconnect()


@pytest.mark.slow
def test_the_staff_room_hears_a_board_gone_dark_after_the_grace(settings, network) -> None:
    """With a heartbeat of one second the grace is four: the message comes by itself, no request needed."""
    from queue_server import create_app
    from web import login_token

    app = create_app(dataclasses.replace(settings, heartbeat_seconds=1), network=network)
    try:
        socketio = app.extensions["cherga.socketio"]
        token = login_token(app.extensions["cherga"], "iryna", "supervisor", ["alpha"])
        watcher = staff_watcher(app, socketio, {"supervisor": token})
        page, _ = board_page(app, socketio)
        assert presence_messages(watcher)
        page.disconnect()
        time.sleep(3)
        assert presence_messages(watcher) == []
        deadline = time.monotonic() + 5
        heard: list[dict] = []
        while not heard and time.monotonic() < deadline:
            time.sleep(0.2)
            heard = presence_messages(watcher)
        windows = next(board for board in heard[0]["boards"] if board["board"] == "alpha-windows")
        assert windows["online"] is False and windows["offline"] is True
    finally:
        app.extensions["cherga"].engine.dispose()
