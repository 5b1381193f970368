"""Holidays and shortened days: `[calendar]` of network.toml, an office's own `calendar = { … }`, a service's `hours`.

The network names its holidays and shortened days once; an office adds its
own (a local holiday, a day it closes early) and an office's shortened day
wins over the network's for that date. Dates are written "YYYY-MM-DD" (or as
TOML dates); a shortened day's hours are written as a weekday's are
("08:00-13:00", or with breaks). A service given only in some hours says so
with `hours = { mon = "08:00-15:00", … }` in services.toml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..domain.hours import OpeningHours, TimeSpan, Weekday
from .reader import Reader

CALENDAR_KEYS = ("holidays", "shortened")
WEEKDAY_KEYS = tuple(day.value for day in Weekday)
ONE_RANGE, WITH_BREAKS = '"08:00-17:00"', '"08:00-12:00, 13:00-17:00"'  # how a day's hours are written


@dataclass(frozen=True)
class Calendar:
    """Holidays (closed all day) and shortened days (their own hours) of the network or of an office."""

    holidays: frozenset[dt.date] = frozenset()
    shortened: dict[dt.date, tuple[TimeSpan, ...]] = field(default_factory=dict)

    def with_own(self, own: Calendar) -> Calendar:
        """This calendar with an office's own days added; the office's shortened day wins over the network's."""
        return Calendar(self.holidays | own.holidays, {**self.shortened, **own.shortened})

    def applied_to(self, hours: OpeningHours) -> OpeningHours:
        return replace(hours, holidays=self.holidays, shortened=dict(self.shortened))


def read_calendar(reader: Reader, table: Any, key: str) -> Calendar | None:
    """A `calendar` table: `holidays = ["2026-12-25", …]`, `shortened = { "2026-12-31" = "08:00-13:00" }`."""
    if not reader.keys(table, key, CALENDAR_KEYS):
        return None
    before = len(reader.problems)
    holidays: set[dt.date] = set()
    listed = table.get("holidays", [])
    if not isinstance(listed, list):
        reader.problem(f"{key}.holidays", f'must be a list of dates such as ["2026-12-25"], not {listed!r}')
        listed = []
    for value in listed:
        day = read_date(reader, f"{key}.holidays", value)
        if day is not None and day in holidays:
            reader.problem(f"{key}.holidays", f"{day} is listed twice")
        elif day is not None:
            holidays.add(day)
    shortened: dict[dt.date, tuple[TimeSpan, ...]] = {}
    days = table.get("shortened", {})
    if not isinstance(days, dict):
        reader.problem(f"{key}.shortened", f'must be a table such as {{ "2026-12-31" = "08:00-13:00" }}, not {days!r}')
        days = {}
    for written, hours in days.items():
        day = read_date(reader, f"{key}.shortened", written)
        intervals = day_intervals(reader, f"{key}.shortened.{written}", hours)
        if day is None or intervals is None:
            continue
        if day in holidays:
            reader.problem(f"{key}.shortened.{written}", "is also a holiday: a day is either closed or shortened")
            continue
        shortened[day] = intervals
    if len(reader.problems) != before:
        return None
    return Calendar(frozenset(holidays), shortened)


def read_date(reader: Reader, key: str, value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:  # fromisoformat would also take "20261225"
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    reader.problem(key, f'{value!r} is not a date written "YYYY-MM-DD"')
    return None


def read_service_hours(reader: Reader, entry: dict[str, Any], key: str) -> OpeningHours | None:
    """A service's own weekly hours (`hours = { mon = "08:00-15:00", … }`); a weekday left out: not given that day."""
    table = entry.get("hours")
    path = f"{key}.hours"
    if not reader.keys(table, path, WEEKDAY_KEYS):
        return None
    if not table:
        reader.problem(
            path, 'gives the service on no day: leave `hours` out, or give days such as { mon = "08:00-15:00" }'
        )
        return None
    days: dict[Weekday, tuple[TimeSpan, ...]] = {}
    for day in WEEKDAY_KEYS:
        if day in table:
            intervals = day_intervals(reader, f"{path}.{day}", table[day])
            if intervals is None:
                return None
            days[Weekday(day)] = intervals
    return OpeningHours.from_intervals(days)


def day_intervals(reader: Reader, key: str, value: Any) -> tuple[TimeSpan, ...] | None:
    """One day's open intervals, one range or several with breaks: in order, a break between each two."""
    if not isinstance(value, str):
        reader.problem(
            key, f"must be a time range such as {ONE_RANGE}, or ranges with breaks such as {WITH_BREAKS}, not {value!r}"
        )
        return None
    before = len(reader.problems)
    intervals = [reader.time_range(key, part.strip()) for part in value.split(",")]
    if len(reader.problems) != before:
        return None
    spans = [span for span in intervals if span is not None]
    for earlier, later in zip(spans, spans[1:]):
        if later[0] < earlier[1]:
            reader.problem(
                key,
                f"{_clock(later)} starts before {_clock(earlier)} ends: give the intervals in order, without overlap",
            )
            return None
        if later[0] == earlier[1]:
            reader.problem(
                key,
                f"{_clock(earlier)} ends when {_clock(later)} starts: without a break between, write them as one range",
            )
            return None
    return tuple(spans)


def _clock(span: TimeSpan) -> str:
    return f"{span[0]:%H:%M}-{span[1]:%H:%M}"
