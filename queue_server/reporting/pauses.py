"""The offices' air-raid alerts as the figures need them: time out of every wait, and hours per office.

A wait is the time a visitor waited for the office, and during an alert the
office stopped for everyone (nobody was called, the visitors were in the
shelter): the time of the office's alerts within a wait is taken out of it
(`domain.air_raid.paused_within`, here on epoch milliseconds, as the rest
of the figures count). An alert still on counts up to `now`.

Pure, like the figures: the alerts are read by the caller and handed in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..domain.air_raid import AirRaid
from .visits import HOUR_MS, epoch_ms

Interval = tuple[int, int]  # [start, end) in UTC epoch ms


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted and joined where they touch or overlap: two alerts are never counted twice over one moment."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class Pauses:
    """Each office's alert intervals, merged and sorted (an alert still on ends at `now`)."""

    by_office: Mapping[str, Sequence[Interval]] = field(default_factory=dict)

    @classmethod
    def of(cls, alerts: Iterable[AirRaid], now_ms: int) -> Pauses:
        found: dict[str, list[Interval]] = {}
        for alert in alerts:
            end = epoch_ms(alert.ended_at) if alert.ended_at is not None else now_ms
            found.setdefault(str(alert.office), []).append((epoch_ms(alert.started_at), end))
        return cls({office: _merged(listed) for office, listed in found.items()})

    def __bool__(self) -> bool:
        return bool(self.by_office)

    def within(self, office: str, start: int, end: int) -> int:
        """Milliseconds of `[start, end)` the office spent in alerts."""
        intervals = self.by_office.get(office)
        if not intervals or end <= start:
            return 0
        total = 0
        index = max(0, bisect_right(intervals, (start, start)) - 1)
        for alert_start, alert_end in intervals[index:]:
            if alert_start >= end:
                break
            overlap = min(end, alert_end) - max(start, alert_start)
            if overlap > 0:
                total += overlap
        return total

    def hours(self, office: str, start: int, end: int) -> float:
        """The office's alert hours within `[start, end)` (a report's period), to 0.01 h."""
        return round(self.within(office, start, end) / HOUR_MS, 2)


NO_PAUSES = Pauses()
