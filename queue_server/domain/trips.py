"""A mobile office's trips: on which date the van stands where, and from when to when.

The van (an office of kind `mobile`) has opening hours like any office, but
where it stands changes from day to day: each trip names the date, the stop
(a village, by the village council or the school) in both languages, and the
hours it stays there, in the office's time zone. Visitors read them on the
public pages; the reports count the tickets of each trip (those the office
issued on its date between its start and its end).

Pure: "from today on" takes `today` as an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model.py refers to Trip; the text type is only named here
    from .model import LocalizedText


@dataclass(frozen=True)
class Trip:
    """One stop of a mobile office on one date: [start, end) on the office's wall clock."""

    date: dt.date
    stop: LocalizedText
    start: dt.time
    end: dt.time

    def overlaps(self, other: Trip) -> bool:
        return self.date == other.date and self.start < other.end and other.start < self.end

    def bounds(self, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """The trip's start and end as moments (aware, in `zone`, the office's time zone)."""
        return dt.datetime.combine(self.date, self.start, tzinfo=zone), dt.datetime.combine(self.date, self.end, tzinfo=zone)


def upcoming(trips: Iterable[Trip], today: dt.date) -> tuple[Trip, ...]:
    """The trips of `today` (the office's date) and after, in order of date and start."""
    return tuple(sorted((trip for trip in trips if trip.date >= today), key=lambda trip: (trip.date, trip.start)))


def in_period(trips: Iterable[Trip], first: dt.date, last: dt.date) -> tuple[Trip, ...]:
    """The trips from `first` to `last` (both included), in order of date and start."""
    return tuple(sorted((trip for trip in trips if first <= trip.date <= last), key=lambda trip: (trip.date, trip.start)))
