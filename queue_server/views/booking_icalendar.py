"""A booking as an iCalendar file (RFC 5545), for the visitor's phone calendar.

Times are written in UTC (`DTSTART:20261125T080000Z`), so the file needs no
time-zone block and every calendar shows the booking on its own clock.
Lines end in CRLF and are folded at 75 octets, as the standard asks; text
values escape backslashes, commas, semicolons and line breaks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEntry:
    """What the calendar shows of a booking; `uid` stays the same for the booking, so a second download replaces the first."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str
    description: str
    url: str
    stamp: dt.datetime
    cancelled: bool = False


def escape_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> list[str]:
    """The line cut into pieces of at most 75 octets, each after the first starting with a space (never inside a UTF-8 sign)."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for sign in line:
        octets = len(sign.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = " ", 1, MAX_LINE_OCTETS
        current += sign
        size += octets
    pieces.append(current)
    return pieces


def booking_calendar(entry: CalendarEntry) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cherga//Booking//UK",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{utc_stamp(entry.stamp)}",
        f"DTSTART:{utc_stamp(entry.start)}",
        f"DTEND:{utc_stamp(entry.end)}",
        f"SUMMARY:{escape_text(entry.summary)}",
        f"LOCATION:{escape_text(entry.location)}",
        f"DESCRIPTION:{escape_text(entry.description)}",
        f"URL:{entry.url}",
        f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(piece + "\r\n" for line in lines for piece in fold(line))
