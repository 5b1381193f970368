"""Which kiosks' print agents are connected now: asked when a kiosk issues a ticket and by the dashboard.

A kiosk whose agent is away would otherwise say «Друкуємо талон…» for a
minute and print nothing; knowing at issue time lets the kiosk tell the
visitor at once to photograph the QR code, and lets the dashboard raise the
alert. The Socket.IO layer (`realtime/devices.py`) records each agent's
`agent.hello` with its connection, and gives `alive`, which says whether a
connection is still open: a connection that closed counts no more, with
nothing to forget by hand.

Kept in this process's memory, like the boards' presence: with several
server processes each knows only the agents connected to it.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable

import sqlalchemy as sa

from ..domain.alerts import AgentSeen
from .context import CommandContext


class AgentPresence:
    """The connections of each agent `(office, name)` since this process started, and when each said hello last."""

    def __init__(self, started_at: dt.datetime) -> None:
        self.started_at = started_at
        self.alive: Callable[[str], bool] = lambda connection: True  # the Socket.IO layer puts its own check here
        self._lock = threading.Lock()
        self._connections: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._last_hello: dict[tuple[str, str], dt.datetime] = {}

    def hello(self, office: str, name: str, connection: str, now: dt.datetime) -> None:
        with self._lock:
            self._connections[(office, name)].add(connection)
            self._last_hello[(office, name)] = now

    def connected(self, office: str, name: str) -> bool:
        """Whether an agent of this name in this office has a connection open now."""
        with self._lock:
            connections = self._connections.get((office, name), set())
            connections -= {connection for connection in connections if not self.alive(connection)}
            return bool(connections)

    def seen(self, office: str, name: str) -> AgentSeen:
        connected = self.connected(office, name)
        with self._lock:
            return AgentSeen(name, connected, self._last_hello.get((office, name)), self.started_at)


_presences: weakref.WeakKeyDictionary[sa.Engine, AgentPresence] = weakref.WeakKeyDictionary()
_presences_lock = threading.Lock()


def agent_presence(ctx: CommandContext) -> AgentPresence:
    """This process's agent presence for the context's database; made on first use (the Socket.IO layer's, at the start)."""
    with _presences_lock:
        presence = _presences.get(ctx.engine)
        if presence is None:
            presence = _presences[ctx.engine] = AgentPresence(ctx.clock())
        return presence
