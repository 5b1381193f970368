"""What bookings look like from outside: a day's free slots, one booking by its token, an office's day list.

Reads only; the commands count a slot's bookings with `held_slots` too,
inside their transaction, so a page and a booking see the same places.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import booking_rules, slots
from ..domain.appointments import Appointment, AppointmentStatus
from ..domain.errors import NotFound
from ..domain.model import Office, Service, ServiceCode
from ..domain.tickets import TicketStatus
from ..store import appointments as store
from ..store import booking_closures as closure_store
from ..store.schema import tickets


def held_slots(conn: sa.Connection, office: Office, service: Service, day: dt.date) -> list[slots.Slot]:
    """The day's slots of the service at the office with the bookings held in them now, less what closures cover."""
    zone = ZoneInfo(office.timezone)
    since = slots.local_moment(day, dt.time(0), zone)
    until = slots.local_moment(day + dt.timedelta(days=1), dt.time(0), zone)
    held = store.held(conn, office.code, service.code, since, until)
    closures = [record.closure for record in closure_store.closures_of(conn, office.code, since, until)]
    return slots.day_slots(office, service, day, terms=booking_rules.terms_for(office, service), booked=held, closures=closures)


def offered_service(ctx: CommandContext, office_code: str, service: str) -> tuple[Office, Service]:
    """The office and the service, both known and the service given there; 404 otherwise."""
    office = ctx.office(office_code)
    if ServiceCode(service) not in office.services:
        raise NotFound(f"office {office.code} does not offer service {service!r}", service=service)
    return office, ctx.network.services[ServiceCode(service)]


def open_slots(ctx: CommandContext, office_code: str, service_code: str, day: dt.date) -> tuple[Office, list[slots.Slot]]:
    """The slots a visitor may still book on `day`, full ones included (free 0); none on a day not open for booking.

    A day before today or beyond the horizon (or not yet released) has no
    slots, and neither has a slot within the cut-off: what is listed is what
    `book` would take, but for the person's own limits.
    """
    office, service = offered_service(ctx, office_code, service_code)
    now = ctx.clock()
    terms = booking_rules.terms_for(office, service)
    if day not in booking_rules.bookable_days(now, terms, office.timezone):
        return office, []
    with ctx.reading() as conn:
        found = held_slots(conn, office, service, day)
    return office, [slot for slot in found if slot.start.astimezone(slots.UTC) - now >= terms.cutoff]


@dataclass(frozen=True)
class Booking:
    """A booking as its readers see it: `status` is `served` once the checked-in visitor's ticket is done."""

    appointment: Appointment
    status: AppointmentStatus
    ticket_number: str | None


def _seen(conn: sa.Connection, appointment: Appointment) -> Booking:
    if appointment.ticket_id is None:
        return Booking(appointment, appointment.status, None)
    row = conn.execute(sa.select(tickets.c.number, tickets.c.status).where(tickets.c.id == appointment.ticket_id)).first()
    if row is None:
        return Booking(appointment, appointment.status, None)
    served = appointment.status is AppointmentStatus.CHECKED_IN and row.status == TicketStatus.DONE.value
    return Booking(appointment, AppointmentStatus.SERVED if served else appointment.status, row.number)


def booking(ctx: CommandContext, token: str) -> Booking:
    with ctx.reading() as conn:
        found = store.by_token(conn, token)
        if found is None:
            raise NotFound("no such booking")
        return _seen(conn, found)


def office_day(ctx: CommandContext, office_code: str, day: dt.date) -> list[Booking]:
    """An office's bookings of a local day, in time order, with who checked in: the desk console's and supervisor's list."""
    office = ctx.office(office_code)
    zone = ZoneInfo(office.timezone)
    since = slots.local_moment(day, dt.time(0), zone)
    until = slots.local_moment(day + dt.timedelta(days=1), dt.time(0), zone)
    with ctx.reading() as conn:
        return [_seen(conn, appointment) for appointment in store.of_office(conn, office.code, since, until)]
