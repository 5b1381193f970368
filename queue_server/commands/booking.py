"""Booking a time at an office: book, cancel, check in at the kiosk, mark the missed ones, forget old visitors.

The visitor books for themself; an office's supervisor, a manager or an
admin for a caller; a partner (the city's portal, the cabinet, an app) for
a person it names by its own pseudonymous key (`booker`). The office
cancels by code (`cancel_by_code`) and its visitor is told; closures and
lifts of no-show blocks are `booking_closures.py`'s, the messages
`booking_messages.py`'s.

Each command is one transaction holding the office's lock
(`ctx.transaction(office=…)`): the slot's bookings are counted and the new
one added under it, so concurrent bookings never overfill a slot. Bookings
are the centre's also for an office its node serves (`bookings=True`); the
check-in makes a ticket, and is the node's. The rules
are the domain's (`booking_rules.check_booking`, `check_in_window`); this
module only loads what they need and saves what they decide.

A refusal says why in its `code`: the `BookingCheck` reason for a slot that
is full or a person over a limit (409), `invalid_request` with the reason in
its details for a start that is no free slot (400), and for a check-in one
of `already_checked_in`, `cancelled`, `other_office`, `too_early`,
`too_late`, which the kiosk shows in words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..domain import booking_rules, slots
from ..domain.appointments import (
    NAME_MAX,
    Appointment,
    AppointmentStatus,
    new_code,
    new_token,
    normal_phone,
    partner_person,
    partner_person_key,
    person_key,
    typed_code,
)
from ..domain.booking_rules import NOT_A_FREE_SLOT, BookingCheck, CheckIn, PersonRecord
from ..domain.errors import InvalidRequest, InvalidTransition, NotFound, WrittenElsewhere
from ..domain.model import OfficeCode, ServiceCode
from ..domain.views import timestamp
from ..reads.appointments import held_slots, offered_service
from ..store import air_raids as air_raid_store
from ..store import appointments as store
from ..store import booking_closures as closure_store
from ..store import node_changes
from . import booking_messages
from .access import require_office_overseer
from .booking_messages import RELATIVE_LINKS, BookingLinks
from .context import Actor, CommandContext, DeviceKind, Transaction
from .issuing import LANGUAGES, IssuedTicket, PrintRequest, issue_in

PUBLIC_BOOKER = "public"  # who booked, when no staff member or device did
PARTNER_BOOKER = "partner"  # `partner:NAME`: the partner device that booked
BOOKED_BY_MAX = 80
CODE_DRAWS = 20  # a clash among ~887 million codes is rare; twenty in a row means something else is wrong

_FREE_SLOT_WORDS = {
    BookingCheck.PAST: "this time has passed",
    BookingCheck.BEYOND_HORIZON: "this day is not open for booking yet",
    BookingCheck.TOO_SOON: "this time is too close to book now",
    BookingCheck.NOT_A_SLOT: "this is not a bookable time of this office and service",
}
_SPENT_WORDS = {
    BookingCheck.BLOCKED: "booking is blocked after missed appointments; the office's supervisor can lift the block",
    BookingCheck.MONTHLY_LIMIT: "the limit of bookings this month is reached (cancelled ones count)",
    BookingCheck.FULL: "this time is fully booked; choose another",
}


class Refused(InvalidTransition):
    """A booking or check-in the rules refuse (HTTP 409); `code` says why, for the page or the kiosk to show."""

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message, **details)
        self.code = code


@dataclass(frozen=True)
class CheckedIn:
    """A check-in's ticket and what it made of the booking: called as the appointment, or a walk-in after the grace."""

    issued: IssuedTicket
    appointment: Appointment
    as_appointment: bool


def _person_record(ctx: CommandContext, tx: Transaction, person: str, timezone: str) -> PersonRecord:
    since, until = booking_rules.month_bounds(tx.now, timezone)
    missed = store.missed_by_person(tx.connection, person)
    lifted_at = closure_store.last_lift(tx.connection, person)
    blocked = booking_rules.is_blocked(missed, lifted_at=lifted_at, limits=ctx.network.booking.limits)
    return PersonRecord(booked_this_month=store.booked_by_person(tx.connection, person, since, until), blocked=blocked)


def _visitor_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise InvalidRequest(f"name must have 1 to {NAME_MAX} characters", field="name")
    return cleaned


def _visitor_phone(phone: str) -> str:
    normal = normal_phone(phone)
    if normal is None:
        raise InvalidRequest("phone must be a phone number: +380… or 0…, digits only besides spaces and dashes", field="phone")
    return normal


@dataclass(frozen=True)
class Booker:
    """Who books, as the booking keeps it: `booked_by`, and the person key the limits count on, with the phone kept."""

    booked_by: str
    person: str
    phone: str  # "" when a partner sent only its person key


def booker(actor: Actor | None, office: str, *, phone: str | None, person: str | None, key: bytes) -> Booker:
    """Who books and for whom: the public and staff give a phone; a partner its pseudonymous person key, a phone, or both.

    A partner's person key, when given, is what the limits count on (the
    partner has identified the person with an e-ID); otherwise the phone's
    key. A staff member books on a caller's behalf for an office they oversee.
    """
    partner = actor is not None and actor.is_device(DeviceKind.PARTNER)
    if actor is not None and not partner:
        require_office_overseer(actor, office)
    if person is not None and not partner:
        raise InvalidRequest("only a partner's token may send a person key; send the phone", field="person")
    if person is None and phone is None:
        raise InvalidRequest("phone is required" + (" (or a person key)" if partner else ""), field="phone")
    normal = _visitor_phone(phone) if phone is not None else ""
    if person is not None:
        pseudonym = partner_person(person)
        if pseudonym is None:
            raise InvalidRequest("person must be the partner's pseudonymous key: 8 to 128 letters, digits or ._:+/=-", field="person")
        counted = partner_person_key(pseudonym, key)
    else:
        counted = person_key(normal, key)
    if actor is None:
        by = PUBLIC_BOOKER
    elif partner:
        by = f"{PARTNER_BOOKER}:{actor.name}"[:BOOKED_BY_MAX]
    else:
        by = actor.ref[:BOOKED_BY_MAX]
    return Booker(booked_by=by, person=counted, phone=normal)


def _free_code(tx: Transaction) -> str:
    for _ in range(CODE_DRAWS):
        code = new_code()
        if not store.code_is_live(tx.connection, code):
            return code
    raise RuntimeError("no free booking code after many draws")


def book(
    ctx: CommandContext,
    office_code: str,
    service_code: str,
    start: dt.datetime,
    *,
    name: str,
    phone: str | None,
    key: bytes,
    actor: Actor | None = None,
    person: str | None = None,
    lang: str = "uk",
    links: BookingLinks = RELATIVE_LINKS,
) -> Appointment:
    """Book the slot starting at `start` for a person; `key` makes the person key the limits count on.

    `actor` is None for the visitor themself (the public API), a staff
    member booking on a caller's behalf, or a partner (`person`: its
    pseudonymous key of the person, see `booker`). The visitor with a phone
    gets a confirmation at once and a reminder the day before, in `lang`.
    """
    office, service = offered_service(ctx, office_code, service_code)
    if lang not in LANGUAGES:
        raise InvalidRequest(f"lang must be one of {', '.join(LANGUAGES)}", field="lang")
    name = _visitor_name(name)
    who = booker(actor, office.code, phone=phone, person=person, key=key)
    if start.tzinfo is None:
        raise InvalidRequest("start must carry its offset (or Z)", field="start")
    terms = booking_rules.terms_for(office, service)
    day = start.astimezone(ZoneInfo(office.timezone)).date()
    with ctx.transaction(office=office.code, bookings=True) as tx:
        if node_changes.link_of(tx.connection) is not None:  # a node's ids are its own: a booking made here would clash
            raise WrittenElsewhere("bookings are made at the centre, not at an office node", office=office.code)
        check = booking_rules.check_booking(
            start,
            now=tx.now,
            slots=held_slots(tx.connection, office, service, day),
            terms=terms,
            timezone=office.timezone,
            person=_person_record(ctx, tx, who.person, office.timezone),
            limits=ctx.network.booking.limits,
        )
        if check in NOT_A_FREE_SLOT:
            raise InvalidRequest(_FREE_SLOT_WORDS[check], field="start", reason=check.value)
        if check.refused:
            raise Refused(check.value, _SPENT_WORDS[check])
        appointment = store.insert(
            tx.connection,
            Appointment(
                id=0,
                office=office.code,
                service=service.code,
                start=start.astimezone(dt.timezone.utc),
                code=_free_code(tx),
                token=new_token(),
                status=AppointmentStatus.BOOKED,
                name=name,
                phone=who.phone,
                person=who.person,
                booked_at=tx.now,
                booked_by=who.booked_by,
                lang=lang,
            ),
        )
        reminder = booking_messages.confirm(tx, appointment, office, service, links)
        if reminder is not None:
            store.set_reminder(tx.connection, appointment.id, reminder)
            appointment = dataclasses.replace(appointment, reminder_id=reminder)
        if actor is not None:
            details = {"service": service.code, "start": appointment.start.isoformat(), "code": appointment.code}
            tx.audit(actor, "book", office=office.code, details=details)
        return appointment


def cancel(ctx: CommandContext, token: str, *, actor: Actor | None = None) -> Appointment:
    """Cancel a booking before its time: the place is free again, and the booking still counts for the monthly limit."""
    with ctx.reading() as conn:
        found = store.by_token(conn, token)
    if found is None:
        raise NotFound("no such booking", token="…")
    with ctx.transaction(office=found.office, bookings=True) as tx:
        appointment = store.by_token(tx.connection, token)
        assert appointment is not None  # bookings are never deleted
        return cancel_in(tx, appointment, actor)


def cancel_by_code(ctx: CommandContext, office_code: str, code: str, *, actor: Actor, links: BookingLinks = RELATIVE_LINKS) -> Appointment:
    """The office cancels a booking by its code (a caller on the hotline reads it out): its supervisor, a manager or an admin.

    The code names the live booking that has it; a code of another office's
    booking is not found here, so an office learns nothing of another's. The
    visitor is told (`booking_cancelled`).
    """
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    typed = typed_code(code)
    with ctx.transaction(office=office.code, bookings=True) as tx:
        appointment = store.by_code(tx.connection, typed)
        if appointment is None or appointment.office != office.code:
            raise NotFound(f"no booking of office {office.code} has this code", code=typed)
        cancelled = cancel_in(tx, appointment, actor)
        service = ctx.network.services[ServiceCode(appointment.service)]
        booking_messages.tell_cancelled(tx, cancelled, office, service, links)
        return cancelled


def cancel_in(tx: Transaction, appointment: Appointment, actor: Actor | None) -> Appointment:
    """Cancel a `booked` booking whose time is ahead, in the caller's transaction; its reminder is withdrawn."""
    if appointment.status is not AppointmentStatus.BOOKED:
        raise Refused(appointment.status.value, f"the booking is {appointment.status.value.replace('_', ' ')}, it cannot be cancelled")
    if appointment.start <= tx.now:
        raise Refused("past", "the booking's time has begun; it cannot be cancelled now")
    store.cancel(tx.connection, appointment.id, tx.now)
    booking_messages.withdraw_reminder(tx, appointment)
    if actor is not None:
        details = {"code": appointment.code, "service": appointment.service, "start": appointment.start.isoformat()}
        tx.audit(actor, "cancel_booking", office=appointment.office, details=details)
    return store.by_token(tx.connection, appointment.token) or appointment


_CHECK_IN_REFUSALS = {
    AppointmentStatus.CHECKED_IN: ("already_checked_in", "this booking has already been checked in"),
    AppointmentStatus.CANCELLED: ("cancelled", "this booking was cancelled"),
    AppointmentStatus.MISSED: ("too_late", "this booking's time has passed"),
}


def check_in(
    ctx: CommandContext,
    office_code: str,
    code: str,
    *,
    actor: Actor,
    lang: str = "uk",
    print_at: PrintRequest | None = None,
) -> CheckedIn:
    """The visitor with a booking arrives: a ticket, called as the appointment when in time, as a walk-in after the grace."""
    office = ctx.office(office_code)
    if lang not in LANGUAGES:
        raise InvalidRequest(f"lang must be one of {', '.join(LANGUAGES)}", field="lang")
    typed = typed_code(code)
    with ctx.transaction(office=office.code) as tx:
        appointment = store.by_code(tx.connection, typed)
        if appointment is None:
            raise NotFound("no booking has this code; check it and type it again", code=typed)
        if appointment.office != office.code:
            raise Refused("other_office", f"this booking is for another office ({_office_name(ctx, appointment.office, lang)})")
        refusal = _CHECK_IN_REFUSALS.get(appointment.status)
        if refusal is not None:
            raise Refused(*refusal)
        service = ctx.network.services[ServiceCode(appointment.service)]
        terms = booking_rules.terms_for(office, service)
        alerts = air_raid_store.overlapping(tx.connection, [office.code], appointment.start, tx.now)
        window = booking_rules.check_in_window(appointment.start, now=tx.now, terms=terms, timezone=office.timezone, alerts=alerts)
        if window is CheckIn.TOO_EARLY:  # `from`: when the check-in opens, for the kiosk to say
            local = appointment.start.astimezone(ZoneInfo(office.timezone))
            opens = appointment.start - terms.early
            raise Refused(
                "too_early",
                f"too early: the booking is at {local:%H:%M}; check-in opens at {opens.astimezone(ZoneInfo(office.timezone)):%H:%M}",
                **{"from": timestamp(opens)},
            )
        if window is CheckIn.TOO_LATE:
            raise Refused("too_late", "this booking's day has passed")
        issued = issue_in(
            ctx,
            tx,
            OfficeCode(office.code),
            service.code,
            actor=actor,
            lang=lang,
            print_at=print_at,
            appointment_at=appointment.start if window.as_appointment else None,
        )
        store.check_in(tx.connection, appointment.id, tx.now, actor.ref, issued.ticket.id)
        checked = store.by_token(tx.connection, appointment.token) or appointment
        return CheckedIn(issued, checked, window.as_appointment)


def mark_missed(ctx: CommandContext, office_code: str) -> int:
    """Mark the bookings of the office's past days that were never checked in as missed: what the no-show block counts.

    A booking stays checkable as a walk-in to the end of its own day, so
    only those of earlier days are missed. The heartbeat runs this for every
    office, so it only reads unless something is left to mark. Returns how
    many were marked.
    """
    office = ctx.office(office_code)
    zone = ZoneInfo(office.timezone)

    def midnight(now: dt.datetime) -> dt.datetime:
        return slots.local_moment(now.astimezone(zone).date(), dt.time(0), zone)

    with ctx.reading() as conn:
        if not store.booked_before(conn, office.code, midnight(ctx.clock())):
            return 0
    with ctx.transaction(office=office.code, bookings=True) as tx:
        missed = store.booked_before(tx.connection, office.code, midnight(tx.now))
        store.mark_missed(tx.connection, [appointment.id for appointment in missed], tx.now)
        return len(missed)


def _office_name(ctx: CommandContext, code: str, lang: str) -> str:
    office = ctx.network.offices.get(OfficeCode(code))
    return office.name.get(lang) if office is not None else code


def forget_visitors(ctx: CommandContext, office_code: str, retention: dt.timedelta) -> int:
    """Erase the name and phone of the office's bookings whose time is `retention` past: the figures stay, the person goes.

    What stays (the service, the times, the status, who booked, the person
    key, a keyed hash) is what the reports and the limits need; nobody can
    be named from it. The heartbeat runs this for every office, so it only
    reads unless something is left to erase. Returns how many were erased.
    """
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        if not store.holds_visitors_before(conn, office.code, ctx.clock() - retention):
            return 0
    with ctx.transaction(office=office.code, bookings=True) as tx:
        return store.erase_visitors(tx.connection, office.code, tx.now - retention)
