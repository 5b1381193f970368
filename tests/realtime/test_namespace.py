"""The one namespace on "/": each audience's events reach it, every refusal is answered, closed connections are forgotten.

Run through Flask-SocketIO's test client on a real app (tests/contract/ runs
the same protocol against a `cherga serve` process).
"""

from __future__ import annotations

from typing import Any

import pytest

from protocol import events
from queue_server.realtime.answers import internal_error
from queue_server.realtime.boards import HallBoards
from queue_server.realtime.connections import Connections
from queue_server.realtime.install import build_namespace
from queue_server.realtime.namespace import ChergaNamespace, message_table
from queue_server.realtime.print_agents import PrintAgents
from queue_server.realtime.subscribers import Subscribers

TEST_CLIENT_ADDRESS = ""  # Flask-SocketIO's test client names no remote address
CLIENT_TO_SERVER = {
    events.SUBSCRIBE,
    events.UNSUBSCRIBE,
    events.AGENT_HELLO,
    events.PRINT_RESULT,
    events.PRINTER_STATUS,
    events.KIOSK_WATCH,
    events.BOARD_HELLO,
}


@pytest.fixture
def socketio(app):
    return app.extensions["cherga.socketio"]


@pytest.fixture
def namespace(socketio) -> ChergaNamespace:
    return socketio.server.namespace_handlers["/"]


def received(client, name: str) -> list:
    return [item["args"][0] for item in client.get_received() if item["name"] == name]


def test_one_namespace_object_answers_every_client_event(socketio, namespace) -> None:
    assert isinstance(namespace, ChergaNamespace) and set(socketio.server.namespace_handlers) == {"/"}
    assert socketio.server.handlers.get("/", {}) == {}  # no `@socketio.on` handler beside it
    assert namespace.events() == CLIENT_TO_SERVER
    assert namespace.events() <= set(events.ALL)  # the names are the device protocol's constants
    assert socketio.default_exception_handler is internal_error


def test_each_audience_answers_its_own_events(namespace) -> None:
    owners = {type(audience).__name__: set(audience.handlers()) for audience in namespace.audiences}
    assert owners == {
        "Connections": set(),
        "Subscribers": {events.SUBSCRIBE, events.UNSUBSCRIBE},
        "PrintAgents": {events.AGENT_HELLO, events.PRINT_RESULT, events.PRINTER_STATUS},
        "KioskPages": {events.KIOSK_WATCH},
        "HallBoards": {events.BOARD_HELLO},
    }


def test_two_apps_share_no_state(app, settings, network, clock, socketio, namespace) -> None:
    from queue_server import create_app

    other = create_app(settings, clock=clock, network=network)
    try:
        other_namespace = other.extensions["cherga.socketio"].server.namespace_handlers["/"]
        assert other_namespace is not namespace and other_namespace.connections is not namespace.connections
        watcher = socketio.test_client(app)
        assert watcher.is_connected()
        assert namespace.connections.per_address.held_by(TEST_CLIENT_ADDRESS) == 1
        assert other_namespace.connections.per_address.held_by(TEST_CLIENT_ADDRESS) == 0
    finally:
        other.extensions["cherga"].engine.dispose()


def test_an_event_claimed_twice_is_refused_at_start(app, socketio) -> None:
    ctx = app.extensions["cherga"]
    connections = Connections(ctx, max_per_address=5)
    twice = [Subscribers(socketio, ctx, connections, max_replay=10), Subscribers(socketio, ctx, connections, max_replay=10)]
    with pytest.raises(ValueError, match="'subscribe' is claimed twice"):
        message_table(twice)
    with pytest.raises(ValueError, match="claimed twice"):
        message_table([ConnectClaimer()])


class ConnectClaimer:
    """An audience that would take the connection's own event as a message."""

    def handlers(self) -> dict[str, Any]:
        return {"connect": self.connect}

    def forget(self, connection: str) -> None:
        pass

    def connect(self, payload: Any) -> dict[str, Any]:
        return {"ok": True}


@pytest.mark.parametrize("event", sorted(CLIENT_TO_SERVER))
def test_every_event_answers_a_malformed_message_and_keeps_the_connection(app, tokens, socketio, event) -> None:
    """Whichever audience answers, a refusal is the ack and an `error` event, never a dropped connection."""
    token = tokens["agent"] if event in (events.AGENT_HELLO, events.PRINT_RESULT, events.PRINTER_STATUS) else tokens["kiosk"] if event == events.KIOSK_WATCH else None
    client = socketio.test_client(app, auth={"token": token} if token else None)
    client.get_received()
    answer = client.emit(event, ["not", "an", "object"], callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid_request", answer
    assert received(client, events.ERROR) == [answer["error"]]
    assert client.is_connected()
    assert client.emit(events.SUBSCRIBE, {"office": "alpha"}, callback=True)["ok"]


def test_an_unknown_event_gets_no_answer_and_the_connection_stays(app, socketio) -> None:
    client = socketio.test_client(app)
    assert client.emit("no.such.event", {}, callback=True) is None
    assert client.get_received() == [] and client.is_connected()


class Failing:
    """An audience with a bug: what the namespace makes of an exception that is not a refusal."""

    def handlers(self) -> dict[str, Any]:
        return {"failing": self.fail}

    def forget(self, connection: str) -> None:
        pass

    def fail(self, payload: Any) -> dict[str, Any]:
        raise RuntimeError("a bug")


def test_a_bug_in_a_handler_is_answered_as_internal(app, socketio, namespace, caplog) -> None:
    socketio.on_namespace(ChergaNamespace(namespace.connections, [*namespace.audiences[1:], Failing()]))
    client = socketio.test_client(app)
    answer = client.emit("failing", {}, callback=True)
    assert answer == {"ok": False, "error": {"code": "internal", "message": "internal error"}}
    assert received(client, events.ERROR) == [answer["error"]] and client.is_connected()
    assert "socket handler failed" in caplog.text and "a bug" in caplog.text


def test_a_closed_connection_is_forgotten_by_every_audience(app, app_ctx, tokens, socketio, namespace) -> None:
    from queue_server.commands.accounts import add_device

    _, agent_token = add_device(app_ctx, "agent", "alpha", "kiosk-1")
    agent = socketio.test_client(app, auth={"token": agent_token})
    assert agent.emit(events.AGENT_HELLO, {}, callback=True)["ok"]
    sid = socketio.server.manager.sid_from_eio_sid(agent.eio_sid, "/")
    assert namespace.connections.actor_of(sid).name == "kiosk-1"
    agents = next(audience for audience in namespace.audiences if isinstance(audience, PrintAgents))
    assert agents.presence.connected("alpha", "kiosk-1")
    agent.disconnect()
    assert namespace.connections.actor_of(sid) is None
    assert namespace.connections.per_address.held_by(TEST_CLIENT_ADDRESS) == 0
    assert not agents.presence.connected("alpha", "kiosk-1")


def test_build_namespace_hands_the_audiences_their_settings(app, app_ctx, socketio, settings) -> None:
    built = build_namespace(socketio, app_ctx, settings)
    boards = next(audience for audience in built.audiences if isinstance(audience, HallBoards))
    subscribers = next(audience for audience in built.audiences if isinstance(audience, Subscribers))
    assert subscribers.max_replay == settings.max_replay
    assert built.connections.max_per_address == settings.max_sockets_per_address
    assert boards.presence is app_ctx.presence.boards  # the reads see what the boards' audience keeps
