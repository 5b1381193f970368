"""The one Socket.IO namespace ("/"), composed of one object per audience, each with its own state.

Every client (boards, kiosks, desk consoles, dashboards, print agents,
visitors' pages) connects to the default namespace, and Flask-SocketIO takes
one `Namespace` object per path; so `ChergaNamespace` is that one object,
and it owns no handler of its own. It is composed of the audiences
(`connections.py`, `subscribers.py`, `print_agents.py`, `kiosk_pages.py`,
`boards.py`): each says which events it answers (`handlers()`, by their
`protocol.events` name) and what it drops when a connection closes
(`forget`). The namespace dispatches from that one table, built at start:
an event claimed twice is a mistake found then, not a handler silently
replaced. Event names with dots (`agent.hello`) cannot be `on_<name>`
methods, hence `trigger_event` is overridden rather than the methods named.

Every message goes through `answering` here, so a refusal always becomes
the `error` event and the ack, whichever audience raised it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from flask_socketio import Namespace

from .answers import MessageHandler, answering
from .connections import Connections, current_connection
from .rooms import NAMESPACE

CONNECT = "connect"
DISCONNECT = "disconnect"


class Audience(Protocol):
    """One kind of client of the namespace: the messages it answers, and what it forgets of a closed connection."""

    def handlers(self) -> Mapping[str, MessageHandler]:
        """The client → server events it answers, by their `protocol.events` name."""
        ...

    def forget(self, connection: str) -> None:
        """The connection (a Socket.IO session id) closed: drop whatever was kept of it."""
        ...


def message_table(audiences: Sequence[Audience]) -> dict[str, MessageHandler]:
    """Each event's handler, answering refusals; an event claimed by two audiences is refused at start."""
    table: dict[str, MessageHandler] = {}
    for audience in audiences:
        for event, handler in audience.handlers().items():
            if event in table or event in (CONNECT, DISCONNECT):
                raise ValueError(f"the Socket.IO event {event!r} is claimed twice ({type(audience).__name__})")
            table[event] = answering(handler)
    return table


class ChergaNamespace(Namespace):  # type: ignore[misc]  # Flask-SocketIO has no type hints
    """The default namespace: `connect` and `disconnect` for the connection itself, each message to its audience."""

    def __init__(self, connections: Connections, audiences: Sequence[Audience]) -> None:
        super().__init__(NAMESPACE)
        self.connections = connections
        self.audiences: tuple[Audience, ...] = (connections, *audiences)  # the connection forgets first
        self.dispatch: dict[str, Callable[..., Any]] = {
            CONNECT: connections.connect,
            DISCONNECT: self.disconnected,
            **message_table(self.audiences),
        }

    def events(self) -> set[str]:
        """The client → server events this namespace answers (besides `connect` and `disconnect`)."""
        return set(self.dispatch) - {CONNECT, DISCONNECT}

    def trigger_event(self, event: str, *args: Any) -> Any:
        """Run the event's handler in Flask's request context, as `@socketio.on` would; an unknown event is not answered."""
        handler = self.dispatch.get(event)
        if handler is None:
            return self.server.not_handled  # no ack, as for any event without a handler
        return self.socketio._handle_event(handler, event, self.namespace, *args)

    def disconnected(self, *_reason: Any) -> None:
        connection = current_connection()
        for audience in self.audiences:
            audience.forget(connection)
