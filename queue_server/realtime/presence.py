"""The hall boards' presence: which named boards have a page connected, told to the office's staff.

    board.hello {"office", "board"}  → the connection counts as a page of that board

A board page says hello after each connect (its reconnects included). When
a board's last page leaves and none comes back for four heartbeats (60 s by
default), the office's staff room hears a `presence` message
`{"office", "boards": [{"board", "online", "offline", "since", …}]}`; and
again as soon as a page shows the board once more. A dashboard takes it as
its cue to read the office again: the board alert appears and clears by
itself. `presence` is not an event of the outbox: it has no `seq` and is not
replayed (a dashboard reads the office afresh after a reconnect anyway).

Kept in this process's memory (`BoardPresence`, and the print agents'
`AgentPresence`, together the `LivePresence` that reads see as
`ctx.presence`): with several server processes behind a message queue each
sees only its own connections, so the board and agent alerts are for a
one-process server.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO

from protocol import events
from protocol.messages import BoardHello

from ..commands.context import Actor, CommandContext, DeviceKind
from ..domain.alerts import AgentSeen, BoardSeen, board_grace
from ..domain.boards import RESERVED_BOARD_CODES, Board
from ..domain.errors import AccessDenied, InvalidRequest, NotFound
from ..domain.model import LocalizedText
from ..reads.presence import board_title, presence_view
from .protocol import parse
from .rooms import Stream, office_room

PRESENCE = events.PRESENCE
BOARD_HELLO = events.BOARD_HELLO


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
        self.alive: Callable[[str], bool] = lambda connection: True
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


class LivePresence:
    """This process's boards and agents: what `ctx.presence` is once the Socket.IO layer runs (`reads.presence.Presence`)."""

    def __init__(self, started_at: dt.datetime) -> None:
        self.boards = BoardPresence(started_at)
        self.agents = AgentPresence(started_at)

    def board_seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        return self.boards.seen(board, office_name)

    def agent_seen(self, office: str, name: str) -> AgentSeen:
        return self.agents.seen(office, name)

    def agent_connected(self, office: str, name: str) -> bool:
        return self.agents.connected(office, name)


_live_lock = threading.Lock()


def live_presence(ctx: CommandContext) -> LivePresence:
    """The context's live presence, made (and handed to the reads as `ctx.presence`) on first use.

    Made when the Socket.IO layer starts: a board or an agent not seen from
    then on counts as never seen.
    """
    with _live_lock:
        if not isinstance(ctx.presence, LivePresence):
            ctx.presence = LivePresence(ctx.clock())
        return ctx.presence


def parse_hello(payload: Any) -> tuple[str, str]:
    """`{"office": CODE, "board": CODE}`, checked as the device protocol's `BoardHello`."""
    if not isinstance(payload, dict):
        raise InvalidRequest('board.hello expects {"office": CODE, "board": CODE}')
    hello = parse(BoardHello, payload)
    return hello.office, hello.board


def may_show(actor: Actor | None, board: Board) -> bool:
    """Anyone may show an unpaired board; a paired one counts only from a display device of its office."""
    if not board.paired:
        return True
    return actor is not None and actor.is_device(DeviceKind.DISPLAY) and board.office in actor.offices


def register_presence(socketio: SocketIO, ctx: CommandContext, actors: dict[str, Actor | None]) -> Callable[[str], None]:
    """Handle `board.hello`; returns what the `disconnect` handler calls with the connection's id."""
    from .handlers import answering

    boards = live_presence(ctx).boards  # at the server's start: a board no page shows from then on counts as offline

    def grace() -> dt.timedelta:
        return board_grace(current_app.config["CHERGA_SETTINGS"].heartbeat_seconds)

    def tell(office: str, wait: dt.timedelta) -> None:
        socketio.emit(PRESENCE, presence_view(ctx, office, ctx.clock(), wait), to=office_room(office, Stream.STAFF))

    def tell_if_still_dark(board: Board, left_at: dt.datetime, wait: dt.timedelta) -> None:
        socketio.sleep(wait.total_seconds() + 0.5)
        if boards.still_dark(board.code, left_at):
            tell(board.office, wait)

    @socketio.on(BOARD_HELLO)
    @answering
    def on_board_hello(payload: Any) -> dict[str, Any]:
        office_code, code = parse_hello(payload)
        office = ctx.office(office_code)
        if code in RESERVED_BOARD_CODES or code == "":
            return {"ok": True, "board": code, "watched": False}  # the default board: not configured, not watched
        board = ctx.network.boards.get(code)
        if board is None or board.office != office.code:
            raise NotFound(f"office {office.code} has no board {code!r}", board=code)
        if not may_show(actors.get(request.sid), board):
            raise AccessDenied(f"board {code} is paired: it counts only from a display device of office {office.code}")
        if boards.hello(request.sid, board.code, ctx.clock()):
            tell(board.office, grace())
        return {"ok": True, "board": board.code, "watched": True}

    def forget(connection: str) -> None:
        left = boards.gone(connection, ctx.clock())
        if left is None:
            return
        code, left_at = left
        board = ctx.network.boards.get(code)
        if board is not None:
            socketio.start_background_task(tell_if_still_dark, board, left_at, grace())

    return forget
