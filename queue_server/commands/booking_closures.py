"""An office closes its bookings: a day, or a desk's hours; and lifts a person's no-show block.

A closure is stored and the slots leave out what it covers (`closures=` of
`slots.day_slots`, through `reads.appointments.held_slots`). The bookings
whose slot no longer exists — every booking in a closed stretch of the
office, and those of a service whose last desk is closed — are cancelled
in the same transaction and their visitors told (`booking_cancelled`). A
desk closure that leaves a slot fewer places keeps every booking of it: the
slot is full until the others' time, and nobody loses a booking the office
can still serve. Withdrawing a closure opens the slots again; the bookings
it cancelled stay cancelled (their visitors were told).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..domain import booking_rules, slots
from ..domain.appointments import Appointment, normal_phone, person_key, typed_code
from ..domain.errors import InvalidRequest, NotFound
from ..domain.model import DeskId, Office, ServiceCode
from ..reads.appointments import held_slots
from ..store import appointments as store
from ..store import booking_closures as closure_store
from ..store.booking_closures import ClosureRecord
from . import booking_messages
from .access import require_office_overseer
from .booking import Refused, cancel_in
from .booking_messages import RELATIVE_LINKS, BookingLinks
from .context import Actor, CommandContext, Transaction

REASON_MAX = 200


@dataclass(frozen=True)
class Closed:
    """A closure made, and the bookings it cancelled."""

    closure: ClosureRecord
    cancelled: tuple[Appointment, ...]


def _span(office: Office, day: dt.date, start: dt.time | None, end: dt.time | None) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(office.timezone)
    if start is None and end is None:
        whole = slots.Closure.whole_day(day, office.timezone)
        return whole.start, whole.end
    if start is None or end is None:
        raise InvalidRequest("give both from and to (HH:MM), or neither for the whole day", field="from" if start is None else "to")
    if end <= start:
        raise InvalidRequest("to must be after from", field="to")
    return slots.local_moment(day, start, zone), slots.local_moment(day, end, zone)


def close_bookings(
    ctx: CommandContext,
    office_code: str,
    *,
    day: dt.date,
    actor: Actor,
    desk: str | None = None,
    start: dt.time | None = None,
    end: dt.time | None = None,
    reason: str = "",
    links: BookingLinks = RELATIVE_LINKS,
) -> Closed:
    """Close the office's (or one desk's) bookings on `day`, all of it or `[start, end)` on its clock; cancel what no longer fits."""
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    if desk is not None and DeskId(desk) not in {existing.id for existing in office.desks}:
        raise InvalidRequest(f"office {office.code} has no desk {desk!r}", field="desk")
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise InvalidRequest(f"reason has at most {REASON_MAX} characters", field="reason")
    since, until = _span(office, day, start, end)
    with ctx.transaction(office=office.code, bookings=True) as tx:
        if until <= tx.now:
            raise InvalidRequest("this time has passed", field="date", reason="past")
        record = closure_store.add_closure(
            tx.connection, office=office.code, desk=desk, start=since, end=until, reason=reason, at=tx.now, by=actor.ref
        )
        cancelled = tuple(_cancel_what_no_longer_fits(ctx, tx, office, day, links))
        details = {
            "closure": record.id,
            "desk": desk,
            "start": since.isoformat(),
            "end": until.isoformat(),
            "reason": reason,
            "cancelled": [appointment.code for appointment in cancelled],
        }
        tx.audit(actor, "close_bookings", office=office.code, desk=desk, details=details)
        return Closed(record, cancelled)


def _cancel_what_no_longer_fits(ctx: CommandContext, tx: Transaction, office: Office, day: dt.date, links: BookingLinks) -> list[Appointment]:
    zone = ZoneInfo(office.timezone)
    since = slots.local_moment(day, dt.time(0), zone)
    until = slots.local_moment(day + dt.timedelta(days=1), dt.time(0), zone)
    cancelled = []
    day_slots: dict[str, list[slots.Slot]] = {}
    for appointment in store.booked_between(tx.connection, office.code, max(since, tx.now), until):
        service = ctx.network.services[ServiceCode(appointment.service)]
        if appointment.service not in day_slots:
            day_slots[appointment.service] = held_slots(tx.connection, office, service, day)
        if slots.find_slot(day_slots[appointment.service], appointment.start) is not None:
            continue
        done = cancel_in(tx, appointment, None)
        booking_messages.tell_cancelled(tx, done, office, service, links)
        cancelled.append(done)
    return cancelled


def reopen_bookings(ctx: CommandContext, office_code: str, closure_id: int, *, actor: Actor) -> ClosureRecord:
    """Withdraw a closure: its slots are bookable again (the bookings it cancelled stay cancelled)."""
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    with ctx.transaction(office=office.code, bookings=True) as tx:
        record = closure_store.closure_by_id(tx.connection, closure_id)
        if record is None or record.office != office.code:
            raise NotFound(f"office {office.code} has no closure {closure_id}", closure_id=closure_id)
        if record.withdrawn_at is not None:
            raise Refused("withdrawn", "this closure was withdrawn already")
        closure_store.withdraw_closure(tx.connection, record.id, tx.now)
        tx.audit(actor, "reopen_bookings", office=office.code, desk=record.desk, details={"closure": record.id})
        withdrawn = closure_store.closure_by_id(tx.connection, record.id)
        assert withdrawn is not None
        return withdrawn


def closures_ahead(ctx: CommandContext, office_code: str) -> list[ClosureRecord]:
    """The office's closures in force that have not ended: what the supervisor's page lists."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        now = ctx.clock()
        return closure_store.closures_of(conn, office.code, now, now + dt.timedelta(days=3660))


def lift_block(
    ctx: CommandContext, office_code: str, *, actor: Actor, key: bytes, code: str | None = None, phone: str | None = None
) -> dt.datetime:
    """Lift the no-show block of the person of a booking `code` of this office, or of a `phone`; returns when.

    Only the misses after the lift count again. A person who is not blocked
    is refused (`not_blocked`), so a lift is never recorded for nothing.
    """
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    if (code is None) == (phone is None):
        raise InvalidRequest("give the code of one of the person's bookings, or their phone (one of them)", field="code")
    with ctx.transaction(office=office.code, bookings=True) as tx:
        if code is not None:
            typed = typed_code(code)
            appointment = store.by_code(tx.connection, typed)
            if appointment is None or appointment.office != office.code:
                raise NotFound(f"no booking of office {office.code} has this code", code=typed)
            person = appointment.person
        else:
            assert phone is not None
            normal = normal_phone(phone)
            if normal is None:
                raise InvalidRequest("phone must be a phone number: +380… or 0…", field="phone")
            person = person_key(normal, key)
        lifted_at = closure_store.last_lift(tx.connection, person)
        missed = store.missed_by_person(tx.connection, person)
        if not booking_rules.is_blocked(missed, lifted_at=lifted_at, limits=ctx.network.booking.limits):
            raise Refused("not_blocked", "this person's booking is not blocked")
        closure_store.add_lift(tx.connection, person=person, office=office.code, at=tx.now, by=actor.ref)
        tx.audit(actor, "lift_booking_block", office=office.code, details={"by": "code" if code is not None else "phone", "code": code})
        return tx.now
