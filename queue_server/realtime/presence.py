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

Kept in this process's memory (`commands.live_memory.BoardPresence`): with
several server processes behind a message queue each sees only its own
connections, so the board alerts are for a one-process server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO

from protocol import events
from protocol.messages import BoardHello

from ..commands.context import Actor, CommandContext, DeviceKind
from ..commands.live_memory import live_memory, presence_view
from ..domain.alerts import board_grace
from ..domain.boards import RESERVED_BOARD_CODES, Board
from ..domain.errors import AccessDenied, InvalidRequest, NotFound
from .protocol import parse
from .rooms import Stream, office_room

PRESENCE = events.PRESENCE
BOARD_HELLO = events.BOARD_HELLO


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

    memory = live_memory(ctx)  # at the server's start: a board no page shows from then on counts as offline

    def grace() -> dt.timedelta:
        return board_grace(current_app.config["CHERGA_SETTINGS"].heartbeat_seconds)

    def tell(office: str, wait: dt.timedelta) -> None:
        socketio.emit(PRESENCE, presence_view(ctx, office, ctx.clock(), wait), to=office_room(office, Stream.STAFF))

    def tell_if_still_dark(board: Board, left_at: dt.datetime, wait: dt.timedelta) -> None:
        socketio.sleep(wait.total_seconds() + 0.5)
        if memory.presence.still_dark(board.code, left_at):
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
        if memory.presence.hello(request.sid, board.code, ctx.clock()):
            tell(board.office, grace())
        return {"ok": True, "board": board.code, "watched": True}

    def forget(connection: str) -> None:
        left = memory.presence.gone(connection, ctx.clock())
        if left is None:
            return
        code, left_at = left
        board = ctx.network.boards.get(code)
        if board is not None:
            socketio.start_background_task(tell_if_still_dark, board, left_at, grace())

    return forget
