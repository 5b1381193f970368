"""Who is connected now, as the reads see it: the boards' pages and the print agents.

The connections are the Socket.IO layer's (`realtime/presence.py` keeps
them in this process's memory, `realtime/shared_presence.py` in Redis for
several processes); a read is handed them as a `Presence` on
the command context (`ctx.presence`, set when the Socket.IO layer starts),
so the dashboard and the kiosk's answer ask who is connected without
importing the layer above them. Without that layer (the CLI, a test of a
read alone) nobody is connected: `NoPresence`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from ..domain.alerts import AgentSeen, BoardSeen, board_offline
from ..domain.boards import Board
from ..domain.events import timestamp
from ..domain.model import LocalizedText

if TYPE_CHECKING:
    from ..commands.context import CommandContext


class Presence(Protocol):
    """The server's connections, read-only (this process's, or every process's when shared)."""

    def board_seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        """The board's pages now, titled as its page is: its own name, else its office's."""
        ...

    def agent_seen(self, office: str, name: str) -> AgentSeen:
        """The kiosk's print agent: connected now, and when it last said hello."""
        ...

    def agent_connected(self, office: str, name: str) -> bool:
        """Whether an agent of this name in this office has a connection open now."""
        ...


def board_title(board: Board, office_name: LocalizedText | None) -> tuple[str, str]:
    """A board is called by its own name, else its office's, else its code (Ukrainian, English)."""
    title = board.name or office_name
    return (title.uk, title.en) if title else (board.code, board.code)


class NoPresence:
    """Nobody connected, watched since `started_at`: where no Socket.IO layer runs."""

    def __init__(self, started_at: dt.datetime | None = None) -> None:
        self.started_at = started_at or dt.datetime.now(dt.timezone.utc)

    def board_seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        name, name_en = board_title(board, office_name)
        return BoardSeen(board.code, name, name_en, 0, None, self.started_at)

    def agent_seen(self, office: str, name: str) -> AgentSeen:
        return AgentSeen(name, False, None, self.started_at)

    def agent_connected(self, office: str, name: str) -> bool:
        return False


def presence_view(ctx: CommandContext, office_code: str, now: dt.datetime, grace: dt.timedelta) -> dict[str, Any]:
    """The office's named boards as the staff stream's `presence` message and the office's page show them."""
    office = ctx.office(office_code)
    return {
        "office": office.code,
        "boards": [board_json(ctx.presence.board_seen(board, office.name), now, grace) for board in ctx.network.boards_of(office.code)],
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
