"""The hall boards: a board page says which named board it shows, and the office's staff hear when one goes dark.

    board.hello {"office", "board"}  → the connection counts as a page of that board

When a board's last page leaves and none comes back within the grace (four
heartbeats), and again as soon as a page shows it once more, the office's
staff room hears `presence` (what it carries: `presence.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_socketio import SocketIO

from protocol import events
from protocol.messages import BoardHello

from ..commands.context import Actor, CommandContext, DeviceKind
from ..domain.alerts import board_grace
from ..domain.boards import RESERVED_BOARD_CODES, Board
from ..domain.errors import AccessDenied, InvalidRequest, NotFound
from ..reads.presence import presence_view
from .answers import MessageHandler
from .connections import Connections, current_connection
from .presence import BoardRegister
from .protocol import parse
from .rooms import Stream, office_room


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


class HallBoards:
    """The boards' hellos and goodbyes; which pages show which board is kept in `presence`."""

    def __init__(
        self,
        socketio: SocketIO,
        ctx: CommandContext,
        connections: Connections,
        presence: BoardRegister,
        *,
        heartbeat_seconds: float,
    ) -> None:
        self.socketio = socketio
        self.ctx = ctx
        self.connections = connections
        self.presence = presence
        self.grace = board_grace(heartbeat_seconds)

    def handlers(self) -> dict[str, MessageHandler]:
        return {events.BOARD_HELLO: self.hello}

    def hello(self, payload: Any) -> dict[str, Any]:
        office_code, code = parse_hello(payload)
        office = self.ctx.office(office_code)
        if code in RESERVED_BOARD_CODES or code == "":
            return {"ok": True, "board": code, "watched": False}  # the default board: not configured, not watched
        board = self.ctx.network.boards.get(code)
        if board is None or board.office != office.code:
            raise NotFound(f"office {office.code} has no board {code!r}", board=code)
        if not may_show(self.connections.current(), board):
            raise AccessDenied(f"board {code} is paired: it counts only from a display device of office {office.code}")
        if self.presence.hello(current_connection(), board.code, self.ctx.clock()):
            self.tell(board.office)
        return {"ok": True, "board": board.code, "watched": True}

    def forget(self, connection: str) -> None:
        """The connection closed: when it was its board's last page, the staff hear it after the grace."""
        left = self.presence.gone(connection, self.ctx.clock())
        if left is None:
            return
        code, left_at = left
        board = self.ctx.network.boards.get(code)
        if board is not None:
            self.socketio.start_background_task(self.tell_if_still_dark, board, left_at)

    def tell_if_still_dark(self, board: Board, left_at: dt.datetime) -> None:
        tell_if_still_dark(self.socketio, self.ctx, self.presence, board, left_at, self.grace)

    def tell(self, office: str) -> None:
        tell_staff(self.socketio, self.ctx, office, self.grace)


def tell_staff(socketio: SocketIO, ctx: CommandContext, office: str, grace: dt.timedelta) -> None:
    """The office's staff room hears its boards' presence (through the message queue: on every process)."""
    view = presence_view(ctx, office, ctx.clock(), grace)
    socketio.emit(events.PRESENCE, view, to=office_room(office, Stream.STAFF))


def tell_if_still_dark(socketio: SocketIO, ctx: CommandContext, presence: BoardRegister, board: Board, left_at: dt.datetime, grace: dt.timedelta) -> None:
    """Once the grace after `left_at` has passed, the staff hear the board is offline, unless a page came back meanwhile."""
    socketio.sleep(max(0.0, (left_at + grace - ctx.clock()).total_seconds()) + 0.5)
    if presence.still_dark(board.code, left_at):
        tell_staff(socketio, ctx, board.office, grace)


def announce_expired(socketio: SocketIO, ctx: CommandContext, presence: BoardRegister, grace: dt.timedelta) -> None:
    """The boards whose pages were on a process that died: their staff hear it as from a clean disconnect (the network's chore)."""
    for code, left_at in presence.expired(list(ctx.network.boards)):
        board = ctx.network.boards.get(code)
        if board is not None:
            socketio.start_background_task(tell_if_still_dark, socketio, ctx, presence, board, left_at, grace)
