"""An office's hours as the configuration gives them: weekdays, each day's open intervals, the calendar.

Only their shape lives here, with the one question every caller asks of it
(is the office open at this moment, which intervals has this day); what the
hours mean for issuing, waits and bookings is `opening_hours.py`'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)


TimeSpan = tuple[dt.time, dt.time]  # (opens, closes) on one day, wall-clock times of the office's zone
MIDNIGHT_CLOSE = dt.time.max  # "24:00" of the configuration: open until the day ends (round the clock)


@dataclass(frozen=True)
class OpeningHours:
    """Opening hours of an office for each weekday, in the office's time zone.

    A weekday missing from `days` is a closed day. `days` holds each day's
    span, from the first opening to the last closing, as it always has;
    `intervals` holds the day's open intervals, in order, so a lunch break
    is the gap between two of them ("08:00-12:00, 13:00-17:00"). Hours
    built from `days` alone have one interval a day, the span itself;
    `from_intervals` builds both from the intervals. The office is open
    inside any interval, and only there.
    """

    days: dict[Weekday, TimeSpan] = field(default_factory=dict)
    intervals: dict[Weekday, tuple[TimeSpan, ...]] = field(default_factory=dict)
    # the calendar (network.toml [calendar], an office's own `calendar`): a holiday is closed all day,
    # a shortened day has its own intervals instead of its weekday's
    holidays: frozenset[dt.date] = frozenset()
    shortened: dict[dt.date, tuple[TimeSpan, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.intervals:
            object.__setattr__(self, "intervals", {day: (span,) for day, span in self.days.items()})
            return
        for day, spans in self.intervals.items():
            if not spans or any(opens >= closes for opens, closes in spans):
                raise ValueError(f"{day}: every interval must open before it closes, and a day needs one")
            if any(earlier[1] >= later[0] for earlier, later in zip(spans, spans[1:])):
                raise ValueError(f"{day}: intervals must be in order with a break between them")
        outer = {day: (spans[0][0], spans[-1][1]) for day, spans in self.intervals.items()}
        if self.days != outer:
            raise ValueError("`days` must span each day's intervals, from the first opening to the last closing")

    @classmethod
    def from_intervals(cls, intervals: dict[Weekday, tuple[TimeSpan, ...]]) -> OpeningHours:
        """Hours from each day's open intervals; the day's span follows from them."""
        return cls({day: (spans[0][0], spans[-1][1]) for day, spans in intervals.items() if spans}, dict(intervals))

    def intervals_on(self, day: dt.date) -> tuple[TimeSpan, ...]:
        """The open intervals of the local calendar `day`, in order; none on a closed day or a holiday.

        Everything that asks whether an office is open (issuing, waits,
        dashboard alarms, remote tickets, booking slots) comes through here,
        so a holiday or a shortened day holds for all of them at once.
        """
        if day in self.holidays:
            return ()
        if day in self.shortened:
            return self.shortened[day]
        return self.intervals.get(WEEKDAYS[day.weekday()], ())

    def span_on(self, day: dt.date) -> TimeSpan | None:
        """The local `day`'s first opening and last closing, calendar included; None on a closed day."""
        spans = self.intervals_on(day)
        return (spans[0][0], spans[-1][1]) if spans else None

    def is_open(self, local_time: dt.datetime) -> bool:
        """Whether the office is open at `local_time`, a moment the caller gives in the office's zone."""
        wall = dt.time(local_time.hour, local_time.minute, local_time.second, local_time.microsecond)
        return any(opens <= wall and (wall < closes or closes == MIDNIGHT_CLOSE) for opens, closes in self.intervals_on(local_time.date()))
