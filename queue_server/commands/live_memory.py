"""What the dashboard remembers in this process's memory, beside the context.

- the boards' presence: which named boards have a page connected now, fed
  by the Socket.IO layer (`realtime/presence.py`); one process only;
- the printers' last reports: read from the outbox (the `printer.status`
  events), all that is kept the first time, then only the events after the
  last seq read, so no table is needed and a report made through another
  process is seen too.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..domain.alerts import BoardSeen, PrinterReport, board_offline
from ..domain.boards import Board
from ..domain.model import LocalizedText
from ..domain.events import timestamp
from ..store import dashboard as store
from .context import CommandContext




class BoardPresence:
    """Which named boards have a page connected now, and when the last page of each left.

    Connections are named by their Socket.IO session id. Kept in memory: with
    several server processes each sees only the boards connected to it.
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
        title = board.name or office_name
        name = title.uk if title else board.code
        name_en = title.en if title else board.code
        return BoardSeen(board.code, name, name_en, pages, left_at, self.started_at)


class PrinterMemory:
    """Each kiosk printer's last report, from the outbox: in full once per office, then the events after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read_up_to: dict[str, int] = {}  # office → the last seq read
        self._latest: dict[str, dict[str, PrinterReport]] = defaultdict(dict)  # office → kiosk → report

    def reports(self, conn: sa.Connection, offices: Sequence[str], last_seqs: Mapping[str, int]) -> dict[str, list[PrinterReport]]:
        """The last report of each kiosk of `offices`; `last_seqs`: each office's last seq, read in the same transaction."""
        with self._lock:
            seqs = dict(last_seqs)
            fresh = [office for office in offices if office not in self._read_up_to]
            after = {
                office: self._read_up_to[office]
                for office in offices
                if office in self._read_up_to and seqs.get(office, 0) > self._read_up_to[office]
            }
            for event in store.printer_events(conn, fresh, after):
                kiosk = str(event.data.get("kiosk") or event.data.get("agent") or "")
                state, detail = str(event.data.get("state") or "unknown"), str(event.data.get("detail") or "")
                self._latest[event.office][kiosk] = PrinterReport(kiosk, state, detail, event.at)
                seqs[event.office] = max(seqs.get(event.office, 0), event.seq)
            for office in offices:
                self._read_up_to[office] = max(self._read_up_to.get(office, 0), seqs.get(office, 0))
            return {office: list(self._latest[office].values()) for office in offices}


@dataclass
class LiveMemory:
    presence: BoardPresence
    printers: PrinterMemory = field(default_factory=PrinterMemory)


_memories: weakref.WeakKeyDictionary[sa.Engine, LiveMemory] = weakref.WeakKeyDictionary()
_memories_lock = threading.Lock()


def live_memory(ctx: CommandContext) -> LiveMemory:
    """This process's memory for the context's database; made on first use (the Socket.IO layer's, at the start)."""
    with _memories_lock:
        memory = _memories.get(ctx.engine)
        if memory is None:
            memory = _memories[ctx.engine] = LiveMemory(BoardPresence(ctx.clock()))
        return memory


def presence_view(ctx: CommandContext, office_code: str, now: dt.datetime, grace: dt.timedelta) -> dict[str, Any]:
    """The office's named boards as the staff stream's `presence` message and the office's page show them."""
    office = ctx.office(office_code)
    presence = live_memory(ctx).presence
    return {
        "office": office.code,
        "boards": [board_json(presence.seen(board, office.name), now, grace) for board in ctx.network.boards_of(office.code)],
    }


def board_json(seen: BoardSeen, now: dt.datetime, grace: dt.timedelta) -> dict[str, Any]:
    return {
        "board": seen.board,
        "name": seen.name,
        "name_en": seen.name_en,
        "pages": seen.pages,
        "online": seen.pages > 0,
        "offline": board_offline(seen, now, grace),
        "never_seen": seen.never_seen,  # no page since the server started: neutral, no alert
        "since": timestamp(seen.dark_since) if seen.pages == 0 else None,
    }
