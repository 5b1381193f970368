"""The period's tickets as columns, with each ticket's time of issue on its office's wall clock.

The store hands over one row per ticket, its times as UTC epoch
milliseconds: a year of the network is half a million rows, and integers
need neither datetime objects nor time-zone arithmetic per row. The rows
become one list per field (`Visits`), and a grouping's keys are made from
those lists in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.errors import InvalidRequest

MINUTE_MS = 60_000
HOUR_MS = 3_600_000
DAY_MS = 86_400_000
QUARTER_MS = 900_000
EPOCH = dt.date(1970, 1, 1)  # a Thursday: weekday 4 when Monday is 1
GROUPS = ("office", "service", "operator", "day", "hour", "weekday", "month")


class WallClock:
    """A time zone's wall clock for UTC epoch milliseconds.

    The zone's offset is looked up once per quarter hour of UTC and kept:
    changes of clocks fall on quarter hours, so the offset holds for the
    whole quarter, and half a million tickets need a few thousand look-ups.
    """

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self._offsets: dict[int, int] = {}
        self._midnights: dict[int, int] = {}

    def local_ms(self, utc_ms: int) -> int:
        """Milliseconds since 1970-01-01 00:00 on this wall clock."""
        quarter = utc_ms // QUARTER_MS
        offset = self._offsets.get(quarter)
        if offset is None:
            moment = dt.datetime.fromtimestamp(quarter * QUARTER_MS / 1000, self.zone)
            delta = moment.utcoffset() or dt.timedelta(0)
            offset = self._offsets[quarter] = int(delta.total_seconds() * 1000)
        return utc_ms + offset

    def local_all(self, utc_ms: Sequence[int]) -> list[int]:
        """`local_ms` of many moments: each quarter hour looked up once, then one pass."""
        for quarter in set(moment // QUARTER_MS for moment in utc_ms):
            if quarter not in self._offsets:
                self.local_ms(quarter * QUARTER_MS)
        offsets = self._offsets
        return [moment + offsets[moment // QUARTER_MS] for moment in utc_ms]

    def next_midnight_ms(self, utc_ms: int) -> int:
        """The UTC epoch ms of the local midnight that ends the local day of `utc_ms`."""
        day = self.local_ms(utc_ms) // DAY_MS
        found = self._midnights.get(day)
        if found is None:
            next_day = EPOCH + dt.timedelta(days=day + 1)
            midnight = dt.datetime.combine(next_day, dt.time(0), tzinfo=self.zone)
            found = self._midnights[day] = round(midnight.timestamp() * 1000)
        return found


def epoch_ms(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1000)


# The period's tickets as columns

VISIT_COLUMNS = (
    "ticket", "office", "service", "operator", "status", "issued_ms", "wait_ms", "service_ms", "score", "low_comment",
)  # the order of a store row; wait_ms = called − issued, service_ms = finished − started, low_comment: only for scores 1–2


@dataclass(frozen=True)
class Visits:
    """The period's tickets, one list per field, all in the same order."""

    ticket: Sequence[int]
    office: Sequence[str]
    service: Sequence[str]
    operator: Sequence[str | None]
    status: Sequence[str]
    local_ms: Sequence[int]  # time of issue on the office's wall clock
    wait_ms: Sequence[int | None]
    service_ms: Sequence[int | None]
    score: Sequence[int | None]
    complaint: Sequence[bool]

    def __len__(self) -> int:
        return len(self.ticket)

    def keys(self, group: str) -> Sequence[Hashable]:
        """Each visit's key in `group` (see `GROUPS`); time groups are local to the visit's office."""
        if group == "office":
            return self.office
        if group == "service":
            return self.service
        if group == "operator":
            return self.operator
        if group == "day":
            return [local // DAY_MS for local in self.local_ms]
        if group == "hour":
            return [local // HOUR_MS % 24 for local in self.local_ms]
        if group == "weekday":
            return [(local // DAY_MS + 3) % 7 + 1 for local in self.local_ms]
        if group == "month":
            months: dict[int, int] = {}
            for day in set(local // DAY_MS for local in self.local_ms):
                date = EPOCH + dt.timedelta(days=day)
                months[day] = date.year * 100 + date.month
            return [months[local // DAY_MS] for local in self.local_ms]
        raise InvalidRequest(f"group must be one of {', '.join(GROUPS)}, not {group!r}", field="group")

    def only(self, *, hour: int | None = None, weekday: int | None = None) -> Visits:
        """The visits issued in that local hour (0–23) and on that weekday (1–7, Monday 1)."""
        if hour is None and weekday is None:
            return self
        wanted = [True] * len(self)
        if hour is not None:
            wanted = [keep and key == hour for keep, key in zip(wanted, self.keys("hour"))]
        if weekday is not None:
            wanted = [keep and key == weekday for keep, key in zip(wanted, self.keys("weekday"))]
        columns = {name: list(compress(getattr(self, name), wanted)) for name in self.__dataclass_fields__}
        return Visits(**columns)


def is_complaint(score: int | None, comment: str | None) -> bool:
    """A rating of 1 or 2 whose comment says something (not empty, not only spaces)."""
    return score is not None and score <= 2 and bool(comment and comment.strip())


def visits_from_rows(rows: Sequence[Sequence[Any]], timezones: Mapping[str, str]) -> Visits:
    """Columns from the store's rows (in `VISIT_COLUMNS` order) of the offices in `timezones`.

    Rows of other offices (one no longer in the configuration) are left out.
    """
    columns = [list(map(itemgetter(index), rows)) for index in range(len(VISIT_COLUMNS))]
    if not set(columns[1]) <= set(timezones):
        known = [code in timezones for code in columns[1]]
        columns = [list(compress(column, known)) for column in columns]
    ticket, office, service, operator, status, issued_ms, wait_ms, service_ms, score, low_comment = columns
    clocks = {code: WallClock(zone) for code, zone in timezones.items()}
    if len(set(timezones.values())) == 1:
        local_ms = next(iter(clocks.values())).local_all(issued_ms)
    else:
        local_ms = [clocks[code].local_ms(moment) for code, moment in zip(office, issued_ms)]
    complaint = [is_complaint(s, c) if c is not None else False for s, c in zip(score, low_comment)]
    return Visits(ticket, office, service, operator, status, local_ms, wait_ms, service_ms, score, complaint)
