"""The simulator's Socket.IO clients: a board's view of the simulated offices, and each kiosk's print agent.

The listener subscribes to every simulated office as a hall board does and
counts the events it hears (the figures say how many calls reached it).
The print agents connect with their own device tokens and say their printer
is ready, as a working kiosk's agent does, so the dashboard sees every kiosk
with its agent; they print nothing (the simulated tickets go with `print: false`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import socketio  # type: ignore[import-untyped]

from protocol import events
from protocol.messages import AgentHello, PrinterState, PrinterStatus, Subscribe

from .tally import Tally


def _client() -> socketio.Client:
    return socketio.Client(reconnection=True, reconnection_delay=1, reconnection_delay_max=5)


def listener(base_url: str, offices: Iterable[str], tally: Tally, say: Callable[[str], None]) -> socketio.Client | None:
    """A board's subscription to `offices`, renewed on each reconnect; None when it cannot connect (the run goes on)."""
    codes = list(offices)
    client = _client()
    client.on(events.EVENT, lambda data: tally.heard(str(data.get("type")) if isinstance(data, dict) else "?"))

    def subscribe() -> None:
        for code in codes:
            client.emit(events.SUBSCRIBE, Subscribe(code).to_json())

    client.on("connect", subscribe)
    try:
        client.connect(base_url, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError as error:
        say(f"simulate: the Socket.IO listener could not connect ({error}); the run goes on without it")
        return None
    return client


def print_agent(base_url: str, office: str, token: str, say: Callable[[str], None]) -> socketio.Client | None:
    """The kiosk's print agent of `office`, connected and ready; None when it cannot connect."""
    client = _client()
    client.on("connect", lambda: client.emit(events.AGENT_HELLO, AgentHello(PrinterStatus(PrinterState.READY)).to_json()))
    try:
        client.connect(base_url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError as error:
        say(f"simulate: the print agent of {office} could not connect ({error})")
        return None
    return client
