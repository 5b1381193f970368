"""Ticket numbers: a service-group letter and a sequence per office, day and letter.

The day is the office's own calendar day (Europe/Kyiv for «Віза»), so the
numbers start again from 001 at local midnight, not at midnight UTC.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def office_day(now: dt.datetime, timezone: str) -> dt.date:
    """The office's calendar day at the moment `now` (an aware datetime)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(timezone)).date()


def format_number(prefix: str, sequence: int) -> str:
    """`А` and 15 give `А015`: three digits at least, as ticket printers and boards expect."""
    if sequence < 1:
        raise ValueError("a ticket sequence starts at 1")
    return f"{prefix}{sequence:03d}"


def day_bounds(day: dt.date, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """The office's calendar day as `[start, end)`: its local midnights, which a change
    of clocks (23- or 25-hour days) moves, so never `start + 24 hours`."""
    zone = ZoneInfo(timezone)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)
