"""A strict reading of an iCalendar file (RFC 5545) as far as a booking's file goes (a helper, not a test).

Checks the line endings, the folding, the nesting of the blocks and the
required properties, and unescapes the text values; returns the event's
properties by name.
"""

from __future__ import annotations

import re

DATE_TIME = re.compile(r"^\d{8}T\d{6}Z$")
REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL")


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match.group(1) in "nN" else match.group(1), value)


def parse_calendar(data: bytes) -> dict[str, str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "lines end in CRLF"
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw), "lines folded at 75 octets"
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    begin, end = lines.index("BEGIN:VEVENT"), lines.index("END:VEVENT")
    event: dict[str, str] = {}
    for line in lines[begin + 1 : end]:
        name, _, value = line.partition(":")
        assert re.fullmatch(r"[A-Z-]+(;[A-Z-]+=[^:;]+)*", name), line
        event[name.split(";")[0]] = unescape(value)
    for name in REQUIRED:
        assert name in event, f"{name} missing"
    for name in ("DTSTAMP", "DTSTART", "DTEND"):
        assert DATE_TIME.match(event[name]), event[name]
    assert event["DTEND"] > event["DTSTART"]
    return event
