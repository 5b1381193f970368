"""The air-raid pause («Повітряна тривога») of an office: while it lasts nobody is issued a ticket or called.

An alert is started and ended by people (the office's supervisor, a
manager, an admin); the queue itself does not change: waiting tickets keep
their order, and the time paused is known from the alerts' intervals, so a
report can take it out of every wait that spans it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .errors import InvalidTransition
from .model import OfficeCode


class AirRaidPause(InvalidTransition):
    """The office is paused for an air-raid alert (HTTP 409 with code `air_raid`)."""

    code = "air_raid"


@dataclass(frozen=True)
class AirRaid:
    """One alert at one office: when it began and ended, and who said so."""

    office: OfficeCode
    started_at: dt.datetime
    started_by: str
    ended_at: dt.datetime | None = None
    ended_by: str | None = None
    id: int = 0

    @property
    def active(self) -> bool:
        return self.ended_at is None


def begin(current: AirRaid | None, office: OfficeCode, now: dt.datetime, by: str) -> AirRaid:
    """A new alert; refused while one is already on (the pause goes on as it is)."""
    if current is not None and current.active:
        raise InvalidTransition(f"office {office} is already paused for an air-raid alert", office=office)
    return AirRaid(office=office, started_at=now, started_by=by)


def end(current: AirRaid | None, office: OfficeCode, now: dt.datetime, by: str) -> AirRaid:
    """The alert is over: the office resumes in the order it stopped."""
    if current is None or not current.active:
        raise InvalidTransition(f"office {office} is not paused for an air-raid alert", office=office)
    return replace(current, ended_at=now, ended_by=by)


def refuse_during(current: AirRaid | None, action: str) -> None:
    """Raise `AirRaidPause` while an alert is on: nobody is issued a ticket or called then."""
    if current is not None and current.active:
        raise AirRaidPause(
            f"the office is paused for an air-raid alert since {current.started_at:%H:%M} UTC; cannot {action} until it ends",
            office=current.office,
        )


def paused_within(alerts: Iterable[AirRaid], start: dt.datetime, end_at: dt.datetime, now: dt.datetime) -> dt.timedelta:
    """How much of [start, end_at) the office spent in alerts (an alert still on counts up to `now`)."""
    total = dt.timedelta(0)
    for alert in alerts:
        overlap = min(end_at, alert.ended_at or now) - max(start, alert.started_at)
        if overlap > dt.timedelta(0):
            total += overlap
    return total


def grace_end(alerts: Iterable[AirRaid], start: dt.datetime, grace: dt.timedelta, now: dt.datetime) -> dt.datetime:
    """When a grace of `grace` after `start` ends if the time of the office's alerts does not count.

    The grace is extended by the alerts' overlap with `[start, start + grace + overlap]`:
    the moment at which `grace` of time outside any alert has passed since
    `start` (an alert still on counts up to `now`; overlapping alerts count once).
    """
    spans = sorted(
        (max(alert.started_at, start), alert.ended_at or now) for alert in alerts if (alert.ended_at or now) > start
    )
    at, remaining = start, grace
    for begins, ends in spans:
        if ends <= at:
            continue
        begins = max(begins, at)
        if begins - at > remaining:
            break
        remaining -= begins - at
        at = ends
    return at + remaining
