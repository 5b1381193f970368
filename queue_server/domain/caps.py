"""Daily caps and the stop-issuing cut-off: whether one more ticket of a service may be issued now.

A surge on one service must not fill a day nobody can serve: an office
gives at most `daily` tickets of a service a day (and `hourly` in a clock
hour), and none within `stop_issuing` of its closing. A priority category
the law says must be served (`CapRules.exempt_priorities`) is never refused.

Pure functions of their arguments: the counts come from the caller's
transaction (under the office lock, so concurrent taps never overfill a
cap), the clock is `now`.

A visit of several steps (a package, or services chosen together) counts
against the cap of every capped service among its steps, and is refused
when any of them is refused: the visitor would otherwise hold a number for
a step the office cannot give today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from zoneinfo import ZoneInfo

from .errors import InvalidTransition
from .model import Office, ServiceCaps, ServiceCode
from .remote_tickets import closing_today


class Reason(StrEnum):
    """Why a ticket is refused: the error's code, and the turned-away count's reason."""

    SOLD_OUT = "sold_out"  # the day's (or the hour's) tickets of the service are all given
    STOP_ISSUING = "stop_issuing"  # too near the office's closing for the service


class Limit(StrEnum):
    DAILY = "daily"
    HOURLY = "hourly"


class CapRefusal(InvalidTransition):
    """A ticket refused for a cap or the cut-off (HTTP 409); `details` name the service and the office.

    The refusal carries `service` and `office`, so whoever answers the
    visitor can offer a booking or another office that gives the service.
    """

    code = "cap_refusal"
    reason = Reason.SOLD_OUT

    @property
    def service(self) -> str:
        return str(self.details["service"])

    @property
    def office(self) -> str:
        return str(self.details["office"])


class SoldOut(CapRefusal):
    """The service's tickets for today (or for this hour) are all given: «Талони на сьогодні закінчились»."""

    code = Reason.SOLD_OUT.value
    reason = Reason.SOLD_OUT


class StopIssuing(CapRefusal):
    """The office closes too soon for the service: no new ticket today."""

    code = Reason.STOP_ISSUING.value
    reason = Reason.STOP_ISSUING


@dataclass(frozen=True)
class Issued:
    """How many tickets of one service the office has issued today, and in the current clock hour."""

    today: int = 0
    this_hour: int = 0


@dataclass(frozen=True)
class LiveCap:
    """A supervisor's caps of today for one service: they replace the configured daily and hourly caps."""

    daily: int | None
    hourly: int | None


def effective(configured: ServiceCaps, live: LiveCap | None) -> ServiceCaps:
    """The caps that hold today: a supervisor's change replaces the counts; the cut-off stays as configured."""
    if live is None:
        return configured
    return replace(configured, daily=live.daily, hourly=live.hourly)


def hour_of(now: dt.datetime, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """The clock hour of the office's zone that `now` falls in, as UTC [start, end)."""
    local = now.astimezone(ZoneInfo(timezone))
    start = local.replace(minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(hours=1)).astimezone(ZoneInfo(timezone))  # an hour, even across a DST change
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


def stop_time(caps: ServiceCaps, office: Office, now: dt.datetime) -> dt.datetime | None:
    """When the service stops being issued today (UTC), or None with no cut-off or on a closed day."""
    closes = closing_today(office, now)
    if caps.stop_issuing is None or closes is None:
        return None
    return closes - caps.stop_issuing


def decide(
    office: Office,
    service: ServiceCode,
    caps: ServiceCaps,
    issued: Issued,
    now: dt.datetime,
    *,
    exempt: bool = False,
) -> CapRefusal | None:
    """The refusal of one more ticket of `service` at `office` now, or None when it may be issued.

    In this order: the cut-off (no ticket from `stop_issuing` before the
    day's last closing until it; after closing, the opening hours' own
    rule speaks), the daily cap, the hourly cap. An exempt visitor
    (a priority category the law protects) is never refused.
    """
    if exempt:
        return None
    where = {"service": service, "office": office.code}
    stops = stop_time(caps, office, now)
    if stops is not None and stops <= now < stops + _or_none(caps.stop_issuing):
        local = stops.astimezone(ZoneInfo(office.timezone))
        return StopIssuing(
            f"service {service} is not issued after {local:%H:%M} today (the office closes soon); come another day or book a visit",
            **where,
            since=stops.isoformat().replace("+00:00", "Z"),
        )
    if caps.daily is not None and issued.today >= caps.daily:
        return SoldOut(
            f"today's {caps.daily} tickets for service {service} are all given; come another day, book a visit or try another office",
            **where,
            limit=Limit.DAILY.value,
            cap=caps.daily,
        )
    if caps.hourly is not None and issued.this_hour >= caps.hourly:
        _, next_hour = hour_of(now, office.timezone)
        local = next_hour.astimezone(ZoneInfo(office.timezone))
        return SoldOut(
            f"this hour's {caps.hourly} tickets for service {service} are all given; the next are issued from {local:%H:%M}",
            **where,
            limit=Limit.HOURLY.value,
            cap=caps.hourly,
            **{"from": next_hour.isoformat().replace("+00:00", "Z")},
        )
    return None


def decide_visit(
    office: Office,
    steps: Iterable[ServiceCode],
    caps_of: Mapping[ServiceCode, ServiceCaps],
    issued: Mapping[ServiceCode, Issued],
    now: dt.datetime,
    *,
    exempt: bool = False,
) -> CapRefusal | None:
    """The first refusal among a visit's capped steps (in the visit's order), or None: a visit counts for each step."""
    for service in dict.fromkeys(steps):
        caps = caps_of.get(service, ServiceCaps())
        if not caps.any:
            continue
        refusal = decide(office, service, caps, issued.get(service, Issued()), now, exempt=exempt)
        if refusal is not None:
            return refusal
    return None


def left(caps: ServiceCaps, issued: Issued) -> int | None:
    """Tickets still to give today under the daily and the hourly cap, whichever is fewer (None: no cap)."""
    room = [cap - count for cap, count in ((caps.daily, issued.today), (caps.hourly, issued.this_hour)) if cap is not None]
    return max(min(room), 0) if room else None




def _or_none(span: dt.timedelta | None) -> dt.timedelta:
    return span if span is not None else dt.timedelta(0)
