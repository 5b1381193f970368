"""Hall display boards: which calls each named board shows and how it speaks.

An office may hang several boards: one over the whole hall, one by the
passport windows turned on its side. Each is a `Board`, configured once
(`config/boards.toml`) and opened at `/display/<office>/<code>`; the page
`/display/<office>` with no board named gets `default_board(office)`.
Settings only: which calls a board shows and when it keeps quiet are
decided by the board's page from these settings
(display_board/static/board-rules.js, docs/boards.md), in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import DeskId, LocalizedText, OfficeCode, ServiceCode

ORIENTATIONS = ("landscape", "portrait")
RECENT_CALLS_RANGE = (1, 12)
VOLUME_RANGE = (0, 100)
DEFAULT_BOARD_CODE = ""  # no configured board can have it: a code has at least one letter or digit
# Codes a configured board may not take: "default" names the default board in a URL (/display/OFFICE/default).
RESERVED_BOARD_CODES = frozenset({"default"})


@dataclass(frozen=True)
class Board:
    """A named hall board: which calls it shows and how it speaks.

    `services` and `desks` filter the calls (None: every service, every desk
    of the office); a call must pass both. `quiet_hours` (start, end) in the
    office's time zone silence the voice and the chime; when start is later
    than end the span crosses midnight ("20:00-08:00"). The board's page
    applies them (display_board/static/board-rules.js).
    """

    code: str  # [boards.CODE], unique in the network; URL /display/<office>/<code>
    office: OfficeCode
    name: LocalizedText | None = None  # shown at the top instead of the office name
    orientation: str = "landscape"  # "landscape" | "portrait"
    services: frozenset[ServiceCode] | None = None  # None: every service of the office
    desks: frozenset[DeskId] | None = None  # None: every desk of the office
    recent_calls: int = 6  # 1..12 calls beside the newest
    ticker: LocalizedText | None = None  # running text at the bottom
    paired: bool = False  # True: the page needs a display device token of its office
    volume: int = 80  # 0..100
    muted: bool = False
    quiet_hours: tuple[dt.time, dt.time] | None = None  # no voice then (chime neither)
    english: bool = False  # repeat each announcement in English
    repeat_recall: bool = True  # announce a recall again


def default_board(office: OfficeCode) -> Board:
    """The board of `/display/<office>` with no board named: code "" (`DEFAULT_BOARD_CODE`), every call, default settings."""
    return Board(code=DEFAULT_BOARD_CODE, office=office)
