"""What this process remembers of the hall boards' pages and the print agents' connections.

The hall boards' messages are `boards.py`'s, the agents' `print_agents.py`'s;
both keep what they learn here, in the `LivePresence` that reads see as
`ctx.presence` (`reads.presence.Presence`): the dashboard's board and agent
alerts, and the kiosk's «the printer is away» at issue time.

A board page says hello after each connect (its reconnects included). When
a board's last page leaves and none comes back for four heartbeats (60 s by
default), the office's staff room hears a `presence` message
`{"office", "boards": [{"board", "online", "offline", "since", …}]}`; and
again as soon as a page shows the board once more. A dashboard takes it as
its cue to read the office again: the board alert appears and clears by
itself. `presence` is not an event of the outbox: it has no `seq` and is not
replayed (a dashboard reads the office afresh after a reconnect anyway).

Where it is kept is behind two small interfaces, `BoardRegister` and
`AgentRegister`: here in this process's memory (one server process, the
default), or in Redis (`shared_presence.py`) when several processes share a
Redis message queue, so that each process's dashboard and kiosks see the
boards and agents connected to any of them. Each process's heartbeat calls
`refresh` (the shared register renews the expiry of its own connections
there; the memory one has nothing to renew).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

from ..commands.context import CommandContext
from ..domain.alerts import AgentSeen, BoardSeen
from ..domain.boards import Board
from ..domain.model import LocalizedText
from ..reads.presence import board_title


class BoardRegister(Protocol):
    """Which pages show which named boards: this process's memory, or shared by every process (Redis)."""

    started_at: dt.datetime

    def hello(self, connection: str, board: str, now: dt.datetime) -> bool:
        """A page shows `board` on `connection`; True when it is the board's only page (it came back)."""
        ...

    def gone(self, connection: str, now: dt.datetime) -> tuple[str, dt.datetime] | None:
        """The connection closed; the board and the moment when it was its last page, else None."""
        ...

    def still_dark(self, board: str, left_at: dt.datetime) -> bool:
        """No page has shown `board` since its last page left at `left_at`."""
        ...

    def seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        """The board's presence, titled as its page is."""
        ...

    def refresh(self) -> None:
        """This process's connections are still there (called at each heartbeat)."""
        ...

    def expired(self, boards: list[str]) -> list[tuple[str, dt.datetime]]:
        """Of `boards`, those whose last pages expired since last asked (their process died), and when they went dark."""
        ...


class AgentRegister(Protocol):
    """Which print agents have a connection open: this process's memory, or shared by every process (Redis)."""

    started_at: dt.datetime
    alive: Callable[[str], bool]

    def hello(self, office: str, name: str, connection: str, now: dt.datetime) -> None: ...

    def gone(self, connection: str) -> None:
        """The connection closed."""
        ...

    def connected(self, office: str, name: str) -> bool: ...

    def seen(self, office: str, name: str) -> AgentSeen: ...

    def refresh(self) -> None:
        """This process's connections are still there (called at each heartbeat)."""
        ...


class BoardPresence:
    """Which named boards have a page connected now, and when the last page of each left.

    Connections are named by their Socket.IO session id.
    """

    def __init__(self, started_at: dt.datetime) -> None:
        self.started_at = started_at
        self._lock = threading.Lock()
        self._board_of: dict[str, str] = {}  # connection → board code
        self._pages: dict[str, int] = defaultdict(int)  # board code → pages connected
        self._left_at: dict[str, dt.datetime] = {}  # board code → when its last page left

    def hello(self, connection: str, board: str, now: dt.datetime) -> bool:
        """A page shows `board` on `connection`; True when it is the board's only page (it came back)."""
        with self._lock:
            previous = self._board_of.get(connection)
            if previous == board:
                return False
            if previous is not None:
                self._leave(previous, now)
            self._board_of[connection] = board
            self._pages[board] += 1
            return self._pages[board] == 1

    def gone(self, connection: str, now: dt.datetime) -> tuple[str, dt.datetime] | None:
        """The connection closed; the board and the moment when it was its last page, else None."""
        with self._lock:
            board = self._board_of.pop(connection, None)
            if board is None or not self._leave(board, now):
                return None
            return board, now

    def _leave(self, board: str, now: dt.datetime) -> bool:
        self._pages[board] -= 1
        if self._pages[board] > 0:
            return False
        self._left_at[board] = now
        return True

    def still_dark(self, board: str, left_at: dt.datetime) -> bool:
        """No page has shown `board` since its last page left at `left_at`."""
        with self._lock:
            return self._pages[board] == 0 and self._left_at.get(board) == left_at

    def seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        """The board's presence, titled as its page is: its own name, else its office's (`office_name`)."""
        with self._lock:
            pages, left_at = self._pages[board.code], self._left_at.get(board.code)
        name, name_en = board_title(board, office_name)
        return BoardSeen(board.code, name, name_en, pages, left_at, self.started_at)

    def refresh(self) -> None:
        """Nothing expires in memory: a page counts until its connection closes."""

    def expired(self, boards: list[str]) -> list[tuple[str, dt.datetime]]:
        """Nothing expires in memory: each page's leaving is told by `boards.HallBoards`."""
        return []


def every_connection_open(connection: str) -> bool:
    """Without a Socket.IO layer to ask, a connection said hello over counts as open."""
    return True


class AgentPresence:
    """The connections of each kiosk's print agent `(office, name)` since this process started, and its last hello.

    A kiosk whose agent is away would otherwise say «Друкуємо талон…» for a
    minute and print nothing: knowing at issue time lets the kiosk tell the
    visitor at once to photograph the QR code, and the dashboard raise the
    alert. `alive` says whether a connection is still open (the Socket.IO
    layer puts its own check there): a connection that closed counts no
    more, with nothing to forget by hand.
    """

    def __init__(self, started_at: dt.datetime) -> None:
        self.started_at = started_at
        self.alive: Callable[[str], bool] = every_connection_open  # until the Socket.IO layer puts its own check (print_agents.py)
        self._lock = threading.Lock()
        self._connections: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._last_hello: dict[tuple[str, str], dt.datetime] = {}

    def hello(self, office: str, name: str, connection: str, now: dt.datetime) -> None:
        with self._lock:
            self._connections[(office, name)].add(connection)
            self._last_hello[(office, name)] = now

    def gone(self, connection: str) -> None:
        with self._lock:
            for connections in self._connections.values():
                connections.discard(connection)

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

    def refresh(self) -> None:
        """Nothing expires in memory: `alive` asks the Socket.IO layer."""


class LivePresence:
    """The boards and agents: what `ctx.presence` is once the Socket.IO layer runs (`reads.presence.Presence`).

    In this process's memory unless registers shared by every process are given (`shared_presence.py`).
    """

    def __init__(self, started_at: dt.datetime, boards: BoardRegister | None = None, agents: AgentRegister | None = None) -> None:
        self.boards: BoardRegister = boards or BoardPresence(started_at)
        self.agents: AgentRegister = agents or AgentPresence(started_at)

    def refresh(self) -> None:
        """At each heartbeat: this process's pages and agents are still connected."""
        self.boards.refresh()
        self.agents.refresh()

    def board_seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        return self.boards.seen(board, office_name)

    def agent_seen(self, office: str, name: str) -> AgentSeen:
        return self.agents.seen(office, name)

    def agent_connected(self, office: str, name: str) -> bool:
        return self.agents.connected(office, name)


def live_presence(ctx: CommandContext, shared: Callable[[dt.datetime], LivePresence] | None = None) -> LivePresence:
    """The context's live presence, made (and handed to the reads as `ctx.presence`) on first use.

    Made when the Socket.IO layer is installed (`install.py`, from the one
    composition root, before any connection): a board or an agent not seen
    from then on counts as never seen. `shared` makes one shared by the
    server's processes (`shared_presence.py`); without it, this process's memory.
    """
    if not isinstance(ctx.presence, LivePresence):
        started_at = ctx.clock()
        ctx.presence = shared(started_at) if shared is not None else LivePresence(started_at)
    return ctx.presence
