"""May this person book this slot now, and what does a check-in at this moment mean?

Pure rules over what the caller hands in: the day's slots (`slots.day_slots`,
with the bookings already held), the terms for the office and service
(`terms_for`), what the store counted of the person (`PersonRecord`), and
`now`. The booking command asks `check_booking` inside its transaction, so
two visitors racing for the last place are judged one after the other.

The horizon: on the office's local day D, the days D … D + horizon_days − 1
are open, and day D + horizon_days opens at `release_time` (so with 21 days
and 08:00, the 21st day ahead appears at eight in the morning). The cut-off:
a slot closes for booking `cutoff` before its start. The month of the limit
is the calendar month, in the network's zone, in which the booking is made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from .air_raid import AirRaid, grace_end
from .model import BookingTerms, Office, PersonLimits, Service
from .slots import UTC, Slot, find_slot, local_moment


class BookingCheck(StrEnum):
    """The answer to "may I book this?": OK, or the first reason not to, in the order checked."""

    OK = "ok"
    PAST = "past"  # the slot has begun or is over
    BEYOND_HORIZON = "beyond_horizon"  # too far ahead, or its day is not released yet
    TOO_SOON = "too_soon"  # within the cut-off before the start
    NOT_A_SLOT = "not_a_slot"  # not the start of a slot: misaligned, closed, not bookable
    BLOCKED = "blocked"  # the person missed too many appointments; a supervisor may lift it
    MONTHLY_LIMIT = "monthly_limit"  # the person's bookings of the month, cancellations counted
    FULL = "full"  # every bookable place of the slot is taken

    @property
    def refused(self) -> bool:
        return self is not BookingCheck.OK


# The refusals that mean "no such free slot" (400 at the API) against those that say the slot or the person is spent (409).
NOT_A_FREE_SLOT = frozenset({BookingCheck.PAST, BookingCheck.BEYOND_HORIZON, BookingCheck.TOO_SOON, BookingCheck.NOT_A_SLOT})


class CheckIn(StrEnum):
    """What a check-in at a given moment makes of an appointment."""

    TOO_EARLY = "too_early"  # before the early window: come back later
    EARLY = "early"  # within `early` before the start: a ticket that is called as the appointment
    DUE = "due"  # from the start to the end of the grace: the same
    LATE = "late"  # after the grace, the same day: an ordinary walk-in ticket
    TOO_LATE = "too_late"  # a later day: the appointment was missed

    @property
    def as_appointment(self) -> bool:
        """Whether the ticket carries `appointment_at`, so the policy calls it first when due."""
        return self in (CheckIn.EARLY, CheckIn.DUE)

    @property
    def refused(self) -> bool:
        return self in (CheckIn.TOO_EARLY, CheckIn.TOO_LATE)


@dataclass(frozen=True)
class PersonRecord:
    """What the limits need to know of one person, as the store counted it.

    `booked_this_month` counts the bookings the person made in the month of
    `month_bounds(now, …)`, cancelled ones included; `blocked` is
    `is_blocked(…)` of the person's no-shows.
    """

    booked_this_month: int = 0
    blocked: bool = False


def terms_for(office: Office, service: Service) -> BookingTerms:
    """The booking terms of `service` at `office`: the office's, with the service's own share and switch.

    A service's share wins over the office's, since it speaks of the
    service (by appointment only, mostly walk-ins) wherever it is given; a
    service that is not bookable is not bookable anywhere.
    """
    share = office.booking.bookable_share if service.bookable_share is None else service.bookable_share
    return dataclasses.replace(office.booking, bookable=office.booking.bookable and service.bookable, bookable_share=share)


def last_bookable_day(now: dt.datetime, terms: BookingTerms, timezone: str) -> dt.date:
    """The last local day a visitor may book at `now`: the horizon's new day counts from its release time."""
    local = _aware(now).astimezone(ZoneInfo(timezone))
    released = local.time() >= terms.release_time
    return local.date() + dt.timedelta(days=terms.horizon_days if released else terms.horizon_days - 1)


def bookable_days(now: dt.datetime, terms: BookingTerms, timezone: str) -> list[dt.date]:
    """The local days a booking page offers at `now`, today first (today's slots may all be past the cut-off)."""
    if not terms.bookable:
        return []
    today = _aware(now).astimezone(ZoneInfo(timezone)).date()
    last = last_bookable_day(now, terms, timezone)
    return [today + dt.timedelta(days=offset) for offset in range((last - today).days + 1)]


def check_booking(
    start: dt.datetime,
    *,
    now: dt.datetime,
    slots: Sequence[Slot],
    terms: BookingTerms,
    timezone: str,
    person: PersonRecord,
    limits: PersonLimits,
) -> BookingCheck:
    """Whether a person may book the slot starting at `start`, at `now`; the first reason not to otherwise.

    `slots` are the day's slots of the office and service with the
    bookings held (`slots.day_slots`, for `start`'s local day); `terms`
    those of `terms_for`; `timezone` the office's.
    """
    start, now = _aware(start), _aware(now)
    if not terms.bookable:
        return BookingCheck.NOT_A_SLOT
    if start <= now:
        return BookingCheck.PAST
    if start.astimezone(ZoneInfo(timezone)).date() > last_bookable_day(now, terms, timezone):
        return BookingCheck.BEYOND_HORIZON
    if start - now < terms.cutoff:
        return BookingCheck.TOO_SOON
    slot = find_slot(slots, start)
    if slot is None:
        return BookingCheck.NOT_A_SLOT
    if person.blocked:
        return BookingCheck.BLOCKED
    if limits.monthly_limit and person.booked_this_month >= limits.monthly_limit:
        return BookingCheck.MONTHLY_LIMIT
    if slot.free <= 0:
        return BookingCheck.FULL
    return BookingCheck.OK


def month_bounds(now: dt.datetime, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month of `now` in `timezone` as `[start, end)` in UTC: what the monthly limit counts in."""
    local = _aware(now).astimezone(ZoneInfo(timezone)).date()
    first = local.replace(day=1)
    following = (first + dt.timedelta(days=31)).replace(day=1)
    zone = ZoneInfo(timezone)
    return local_moment(first, dt.time(0), zone), local_moment(following, dt.time(0), zone)


def is_blocked(no_shows: Iterable[dt.datetime], *, lifted_at: dt.datetime | None, limits: PersonLimits) -> bool:
    """Whether `no_show_block` of the person's no-shows fall within one `no_show_period` since the last lift.

    The block stays once earned, however old the no-shows grow: it ends
    only when a supervisor lifts it (`lifted_at`), and then only the
    no-shows after the lift count again.
    """
    if limits.no_show_block <= 0:
        return False
    counted = sorted(moment for moment in map(_aware, no_shows) if lifted_at is None or moment > lifted_at)
    span = limits.no_show_block - 1
    return any(counted[index + span] - counted[index] <= limits.no_show_period for index in range(len(counted) - span))


def check_in_window(
    appointment_at: dt.datetime, *, now: dt.datetime, terms: BookingTerms, timezone: str, alerts: Iterable[AirRaid] = ()
) -> CheckIn:
    """What checking in at `now` makes of an appointment at `appointment_at`.

    From `early` before the start to `grace` after it the visitor's ticket
    is called as the appointment; later that local day, as a walk-in; on a
    later day the appointment is missed and the kiosk refuses the code.
    The office's air-raid `alerts` after the start do not eat the grace: it
    is extended by their overlap with [start, start + grace + overlap]
    (`air_raid.grace_end`), even past midnight.
    """
    appointment_at, now = _aware(appointment_at), _aware(now)
    if now < appointment_at - terms.early:
        return CheckIn.TOO_EARLY
    if now < appointment_at:
        return CheckIn.EARLY
    if now <= appointment_at + terms.grace or now <= grace_end(alerts, appointment_at, terms.grace, now):
        return CheckIn.DUE
    zone = ZoneInfo(timezone)
    if now.astimezone(zone).date() > appointment_at.astimezone(zone).date():
        return CheckIn.TOO_LATE
    return CheckIn.LATE


def _aware(moment: dt.datetime) -> dt.datetime:
    """Every moment here is compared as an instant: a naive one is a caller's slip, not a local time to guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment must be timezone-aware")
    return moment.astimezone(UTC)
