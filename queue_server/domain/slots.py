"""The bookable slots of one office, one service and one local day.

A slot is a stretch of the service's typical duration inside one of the
day's open intervals: slots follow each other from the interval's opening
and none crosses a break or the closing time (a rest too short for a whole
slot stays for walk-ins). Its capacity is the share of the desks serving
the service that may be booked ahead:

    capacity = floor(desks × bookable_share), but at least 1
               when a desk serves the service and the share is above 0

so a small office with one desk and a share of 0.5 still takes one booking
a slot rather than none; a share of 0 takes none. A desk serving several
services counts for each of them, so the share is what keeps bookings of
different services from filling one desk's time twice over.

Times are reckoned on the real clock: a slot lasts its duration even on
the days the clocks change (Europe/Kyiv: the last Sundays of March and
October), and its start and end are given in the office's zone with the
offset of that moment. Nothing here reads the clock or stores anything:
the bookings already held and the supervisors' closures are arguments.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .hours import TimeSpan
from .model import BookingTerms, DeskId, Office, Service

UTC = dt.timezone.utc


@dataclass(frozen=True)
class Slot:
    """One bookable time: `start` and `end` are aware, in the office's zone; `free` never drops below 0.

    Compare and subtract them as instants (`astimezone(UTC)`, `duration`):
    Python compares two times of one zone by their wall clocks, which on
    the night the clocks go back tells the two 03:00s apart by neither.

    `booked` may exceed `capacity` after a supervisor closed a desk: the
    people already booked keep their time, and the slot is simply full.
    """

    start: dt.datetime
    end: dt.datetime
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)

    @property
    def duration(self) -> dt.timedelta:
        """The real time the slot lasts: `end - start` within one zone counts wall-clock time, wrong when the clocks change."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True)
class Closure:
    """A supervisor's closure for bookings: the whole office (`desk` None) or one desk, over `[start, end)`.

    Closing a day is a closure from its opening to its closing (or its
    local midnights); closing a desk's afternoon, one of that desk.
    """

    start: dt.datetime
    end: dt.datetime
    desk: DeskId | None = None

    @classmethod
    def whole_day(cls, day: dt.date, timezone: str, desk: DeskId | None = None) -> Closure:
        """A closure of the local calendar `day`, midnight to midnight (23 or 25 hours when the clocks change)."""
        zone = ZoneInfo(timezone)
        return cls(local_moment(day, dt.time(0), zone), local_moment(day + dt.timedelta(days=1), dt.time(0), zone), desk)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.start < end and start < self.end


def slot_length(service: Service) -> dt.timedelta:
    """The service's typical duration, rounded up to a whole minute so that slots start on whole minutes."""
    minutes = math.ceil(service.typical_duration.total_seconds() / 60)
    return dt.timedelta(minutes=max(1, minutes))


def slot_capacity(desks: int, share: float) -> int:
    """Places a slot offers for booking: floor(desks × share), at least 1 when any desk serves and share > 0."""
    if desks <= 0 or share <= 0:
        return 0
    return max(1, math.floor(desks * share + 1e-9))  # 100 × 0.29 is 29, not 28.999…


def day_slots(
    office: Office,
    service: Service,
    day: dt.date,
    *,
    terms: BookingTerms,
    booked: Mapping[dt.datetime, int] | None = None,
    closures: Iterable[Closure] = (),
) -> list[Slot]:
    """The slots of `service` at `office` on the local calendar `day`, in time order.

    `terms` are the terms for this office and service
    (`booking_rules.terms_for(office, service)`): not bookable, or a share
    of 0, gives no slots. `booked` counts the bookings held by slot start
    (any aware datetime, compared as an instant). A slot that an office
    closure overlaps is left out, and so is one left with no desk; a desk
    counts for a slot only when no closure of it overlaps the slot. A day
    without open intervals has no slots. A package is booked at the desks
    that do its first step: that is where the booked visit is called.
    """
    if not terms.bookable or service.code not in office.services:
        return []
    first = service.includes[0] if service.package and service.includes else service.code  # a package's visit begins with its first step
    desks = [desk.id for desk in office.desks if desk.profile.serves(first)]
    if slot_capacity(len(desks), terms.bookable_share) == 0:
        return []
    zone = ZoneInfo(office.timezone)
    held = {start.astimezone(UTC): count for start, count in (booked or {}).items()}
    shut = list(closures)
    slots: list[Slot] = []
    for start, end in _times(office.hours.intervals_on(day), day, zone, slot_length(service)):
        if any(closure.desk is None and closure.overlaps(start, end) for closure in shut):
            continue
        open_desks = [desk for desk in desks if not any(closure.desk == desk and closure.overlaps(start, end) for closure in shut)]
        capacity = slot_capacity(len(open_desks), terms.bookable_share)
        if capacity:
            slots.append(Slot(start.astimezone(zone), end.astimezone(zone), capacity, held.get(start, 0)))
    return slots


def find_slot(slots: Sequence[Slot], start: dt.datetime) -> Slot | None:
    """The slot that starts at the instant `start`, whatever zone it is written in; None when none does."""
    instant = start.astimezone(UTC)  # within one zone Python compares wall times, blind to the clocks going back
    for slot in slots:
        if slot.start.astimezone(UTC) == instant:
            return slot
    return None


def local_moment(day: dt.date, wall: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant (UTC) the office's clock first shows `wall`, or a later time, on `day`.

    On the night the clocks go forward a wall time that does not exist is
    reached at the change itself (03:30 is the instant 03:00 becomes 04:00),
    so that hours ending in the skipped hour never overlap hours starting
    after it; on the night they go back, the first of the two moments is taken.
    """
    local = dt.datetime.combine(day, wall, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    return _change_before(instant, zone, local.replace(fold=1).utcoffset())


def _change_before(instant: dt.datetime, zone: ZoneInfo, offset_after: dt.timedelta | None) -> dt.datetime:
    """The instant, to the second, within the three hours before `instant` when the zone's offset became `offset_after`."""
    low, high = int((instant - dt.timedelta(hours=3)).timestamp()), int(instant.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if dt.datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == offset_after:
            high = middle
        else:
            low = middle
    return dt.datetime.fromtimestamp(high, UTC)


def _times(intervals: Sequence[TimeSpan], day: dt.date, zone: ZoneInfo, length: dt.timedelta) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) instants, in UTC, of back-to-back slots of `length` within each interval, on the real clock."""
    times: list[tuple[dt.datetime, dt.datetime]] = []
    for opens, closes in intervals:
        start, closing = local_moment(day, opens, zone), local_moment(day, closes, zone)
        while start + length <= closing:
            times.append((start, start + length))
            start += length
    return times
