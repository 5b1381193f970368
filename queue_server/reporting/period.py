"""The period a report covers: whole local days of each office, at most three years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..domain.errors import InvalidRequest

MAX_DAYS = 1096  # three years, a leap day included


@dataclass(frozen=True)
class Period:
    """Whole days `first` to `last` (both included), each in the office's own time zone."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self, timezone: str) -> tuple[dt.datetime, dt.datetime]:
        """`[start, end)` in UTC: the office's local midnight before `first` and after `last`."""
        zone = ZoneInfo(timezone)
        start = dt.datetime.combine(self.first, dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


def period(first: dt.date, last: dt.date) -> Period:
    """A period a report may cover: `first` not after `last`, at most `MAX_DAYS` days."""
    if first > last:
        raise InvalidRequest(f"from ({first.isoformat()}) is after to ({last.isoformat()})", field="from")
    checked = Period(first, last)
    if checked.days > MAX_DAYS:
        raise InvalidRequest(
            f"from {first.isoformat()} to {last.isoformat()} is {checked.days} days; "
            f"a report covers at most {MAX_DAYS} days (three years)",
            field="to",
        )
    return checked


def year_period(year: int) -> Period:
    return period(dt.date(year, 1, 1), dt.date(year, 12, 31))
