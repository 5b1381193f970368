"""The server refuses a malformed Socket.IO message with the protocol's own words, naming the field,
and keeps the connection (a real app, real Socket.IO test clients)."""

from __future__ import annotations

import pytest

from protocol.messages import MAX_CODE


@pytest.fixture(scope="module")
def socketio(shared_app):
    return shared_app.extensions["cherga.socketio"]


@pytest.mark.parametrize(
    ("event", "payload", "field"),
    [
        ("subscribe", {"office": "alpha", "since": -1}, "since"),
        ("subscribe", {"office": "x" * (MAX_CODE + 1)}, "office"),
        ("subscribe", {"office": "alpha", "stream": "everything"}, "stream"),
        ("board.hello", {"office": "alpha", "board": 3}, "board"),
        ("board.hello", {"office": "alpha"}, "board"),
    ],
)
def test_a_malformed_message_is_refused_naming_the_field(shared_app, socketio, event, payload, field) -> None:
    page = socketio.test_client(shared_app)
    answer = page.emit(event, payload, callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid_request"
    assert answer["error"]["details"] == {"field": field} and field in answer["error"]["message"]
    assert page.is_connected()


def test_an_agents_malformed_report_is_refused_naming_the_field(shared_app, socketio, shared_tokens) -> None:
    agent = socketio.test_client(shared_app, auth={"token": shared_tokens["agent"]})
    for payload, field in (({"job": 1, "printed": "yes"}, "printed"), ({"state": "on fire"}, "state")):
        event = "print.result" if "job" in payload else "printer.status"
        answer = agent.emit(event, payload, callback=True)
        assert answer["error"]["details"] == {"field": field}, answer
    assert agent.emit("agent.hello", {"printer": {"state": "ready", "detail": 5}}, callback=True)["error"]["details"] == {"field": "printer.detail"}
