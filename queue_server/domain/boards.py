"""Hall display boards: which calls each named board shows and how it speaks.

An office may hang several boards: one over the whole hall, one by the
passport windows turned on its side. Each is a `Board`, configured once
(`config/boards.toml`) and opened at `/display/<office>/<code>`; the page
`/display/<office>` with no board named gets `default_board(office)`.
Settings only: live calls are in `tickets.py`, and the clock is never read
here (`quiet_at` takes the office's local time).
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
    than end the span crosses midnight ("20:00-08:00").
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

    def shows(self, service: ServiceCode | None, desk: DeskId | None) -> bool:
        """Whether a call of `service` to `desk` belongs on this board.

        A filter the board has needs its value: a call whose service (or
        desk) is not known (None) passes only a board that does not filter
        on it, so a passport board never shows a call it cannot place.
        """
        if self.services is not None and (service is None or service not in self.services):
            return False
        return self.desks is None or (desk is not None and desk in self.desks)

    def quiet_at(self, local_time: dt.time) -> bool:
        """Whether `local_time` (the office's wall clock) falls in the quiet hours: start included, end not."""
        if self.quiet_hours is None:
            return False
        start, end = self.quiet_hours
        at = local_time.replace(tzinfo=None)
        if start <= end:
            return start <= at < end
        return at >= start or at < end  # across midnight

    def silent_at(self, local_time: dt.time) -> bool:
        """Whether the board says nothing at `local_time`: muted, or in its quiet hours."""
        return self.muted or self.volume == 0 or self.quiet_at(local_time)


def default_board(office: OfficeCode) -> Board:
    """The board of `/display/<office>` with no board named: code "" (`DEFAULT_BOARD_CODE`), every call, default settings."""
    return Board(code=DEFAULT_BOARD_CODE, office=office)
