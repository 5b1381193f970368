"""Bookings: the free slots of a day, booking, the booking by its token, cancelling, the kiosk's check-in, the office's day.

The public operations are what the city's portal, the resident's cabinet,
the mobile apps and the `/book` page call; see docs/booking.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from ..commands import booking, booking_closures
from ..commands.access import BOOKER, KIOSK_OR_STAFF, OFFICE_OVERSEER, PUBLIC, STAFF_OF_OFFICE, OfficeFrom
from ..commands.booking_messages import BookingLinks
from ..commands.context import Actor
from ..domain import appointments as appointment_keys
from ..links import book_url, manage_url
from ..reads import appointments as reads
from ..store.booking_closures import ClosureRecord
from ..views import appointments as views
from .actors import command_context
from .auth import login_limits, name_key
from .bodies import CheckInBooking, CloseBookings, LiftBlock, NewBooking
from .booking_attempts import BookingAttempts
from .parameters import BookingDay
from .registry import operation
from .tickets import issued_view, print_request

blueprint = Blueprint("appointments_api", __name__)
TAG = "appointments"
STAFF_OF_THE_OFFICE = STAFF_OF_OFFICE.at(OfficeFrom.PATH)


def person_secret() -> bytes:
    """The key of the phones' hashes that the limits count on: derived from the app's secret, so every process counts alike.

    Without CHERGA_SECRET_KEY the secret is new at every start, and so the
    person keys: the limits would forget the month's bookings on a restart.
    """
    return appointment_keys.person_secret(name_key())


def booking_links() -> BookingLinks:
    """The addresses the visitors' messages carry: the manage page, and the booking page (CHERGA_PUBLIC_URL as for tickets)."""
    return BookingLinks(manage=manage_url, book=book_url())


def _attempts() -> BookingAttempts:
    attempts: BookingAttempts = current_app.extensions.setdefault("cherga_booking_attempts", BookingAttempts())
    return attempts


@operation(
    blueprint,
    "/offices/<office>/services/<service>/slots",
    "GET",
    summary="The bookable times of a service at an office on a day, with their free places ([] for a day not open for booking)",
    tag=TAG,
    query=BookingDay,
    auth=PUBLIC,
    responses={200: "OK", 400: "Bad date", 404: "Unknown office, or a service it does not give"},
)
def day_slots(office: str, service: str, query: BookingDay) -> Any:
    found, slots = reads.open_slots(command_context(), office, service, query.date)
    return jsonify(views.slots_json([views.SlotView.of(slot, found.timezone) for slot in slots]))


@operation(
    blueprint,
    "/appointments",
    "POST",
    summary="Book a time: the answer's code is typed at the kiosk, its token manages the booking"
    " (no token: the visitor; a partner's token: for its person; an office's supervisor, a manager or an admin: for a caller)",
    tag=TAG,
    body=NewBooking,
    auth=BOOKER,
    responses={
        201: "Booked",
        400: "Bad input, or a start that is not a free slot of the office and service (past, closed, misaligned, not open yet)",
        401: "A bearer token that is not valid",
        403: "A token that may not book (a kiosk, display or agent; an operator; staff of another office)",
        404: "Unknown office, or a service it does not give",
        409: "The slot is full (full), or the person's limit is reached (monthly_limit, blocked)",
        429: "Too many booking attempts from this address (Retry-After)",
    },
)
def book(actor: Actor | None, body: NewBooking) -> Any:
    ctx = command_context()
    if actor is None:  # a partner's and a staff member's bookings are theirs to answer for, not an address's
        _attempts().attempt(request.remote_addr, ctx.clock(), login_limits())
    made = booking.book(
        ctx,
        body.office,
        body.service,
        body.start,
        name=body.name,
        phone=body.phone,
        person=body.person,
        key=person_secret(),
        actor=actor,
        lang=body.lang or "uk",
        links=booking_links(),
    )
    office = ctx.office(made.office)
    view = views.BookingView.of(made, made.status, timezone=office.timezone, manage_url=manage_url)
    return jsonify(views.booking_json(view)), 201


@operation(
    blueprint,
    "/appointments/<token>",
    "GET",
    summary="A booking by its token (what the manage page shows)",
    tag=TAG,
    auth=PUBLIC,
    responses={200: "OK", 404: "Unknown booking"},
)
def show(token: str) -> Any:
    ctx = command_context()
    seen = reads.booking(ctx, token)
    office = ctx.office(seen.appointment.office)
    return jsonify(views.booking_json(views.BookingView.of(seen.appointment, seen.status, timezone=office.timezone, manage_url=manage_url)))


@operation(
    blueprint,
    "/appointments/<token>/cancel",
    "POST",
    summary="Cancel a booking before its time: the place is free again (it still counts for the monthly limit)",
    tag=TAG,
    auth=PUBLIC,
    responses={200: "Cancelled", 404: "Unknown booking", 409: "Already cancelled, checked in or missed, or its time has begun"},
)
def cancel(token: str) -> Any:
    ctx = command_context()
    cancelled = booking.cancel(ctx, token)
    office = ctx.office(cancelled.office)
    view = views.BookingView.of(cancelled, cancelled.status, timezone=office.timezone, manage_url=manage_url)
    return jsonify(views.booking_json(view))


@operation(
    blueprint,
    "/offices/<office>/check-ins",
    "POST",
    summary="Check in with a booking's code (kiosk or staff token): a ticket, called as the appointment when in time",
    tag=TAG,
    body=CheckInBooking,
    auth=KIOSK_OR_STAFF,
    responses={
        201: "Checked in: the ticket (joined_as says whether as the appointment or, after the grace, as a walk-in)",
        400: "Bad input",
        401: "No token",
        403: "Not this office",
        404: "Unknown office, or no booking has this code",
        409: "already_checked_in, cancelled, other_office, too_early or too_late (the message is for the kiosk's screen)",
    },
)
def check_in(office: str, actor: Actor, body: CheckInBooking) -> Any:
    ctx = command_context()
    found = ctx.office(office)
    print_at = print_request(actor, body.print)
    checked = booking.check_in(ctx, found.code, body.code, actor=actor, lang=body.lang or "uk", print_at=print_at)
    ticket_view = issued_view(found, actor, checked.issued)
    answer = views.CheckedInView.joined(ticket_view, checked.appointment, as_appointment=checked.as_appointment)
    return jsonify(views.checked_in_json(answer)), 201


@operation(
    blueprint,
    "/offices/<office>/appointments",
    "GET",
    summary="The office's bookings of a day, with their status and who checked them in (staff of the office)",
    tag=TAG,
    query=BookingDay,
    auth=STAFF_OF_THE_OFFICE,
    responses={200: "OK", 400: "Bad date", 401: "No token", 403: "Not staff of this office", 404: "Unknown office"},
)
def office_day(office: str, actor: Actor, query: BookingDay) -> Any:
    bookings = reads.office_day(command_context(), office, query.date)
    return jsonify(views.office_bookings_json([views.OfficeBookingView.of(seen.appointment, seen.status, seen.ticket_number) for seen in bookings]))


@operation(
    blueprint,
    "/offices/<office>/appointments/<code>/cancel",
    "POST",
    summary="The office cancels a booking by its code, e.g. for a caller on the hotline (its supervisor, a manager or an admin)",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    responses={
        200: "Cancelled",
        401: "No token",
        403: "Not a supervisor of this office, a manager or an admin",
        404: "Unknown office, or no booking of the office has this code",
        409: "Already cancelled, checked in or missed, or its time has begun",
    },
)
def cancel_by_code(office: str, code: str, actor: Actor) -> Any:
    ctx = command_context()
    cancelled = booking.cancel_by_code(ctx, office, code, actor=actor, links=booking_links())
    found = ctx.office(cancelled.office)
    return jsonify(views.booking_json(views.BookingView.of(cancelled, cancelled.status, timezone=found.timezone, manage_url=manage_url)))


def _closure_view(record: ClosureRecord, cancelled: tuple[str, ...] = ()) -> views.ClosureView:
    return views.ClosureView(
        id=record.id,
        office=record.office,
        desk=record.desk,
        start=record.start,
        end=record.end,
        reason=record.reason,
        created_at=record.created_at,
        created_by=record.created_by,
        withdrawn_at=record.withdrawn_at,
        cancelled=cancelled,
    )


def _wall_time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text is not None else None


@operation(
    blueprint,
    "/offices/<office>/booking-closures",
    "POST",
    summary="Close the office's (or one desk's) bookings for a day or some of its hours: the bookings whose slot is gone are"
    " cancelled and their visitors told (its supervisor, a manager or an admin)",
    tag=TAG,
    body=CloseBookings,
    auth=OFFICE_OVERSEER,
    responses={
        201: "Closed: the closure, with the codes of the bookings it cancelled",
        400: "Bad input: an unknown desk, from without to, to not after from, a time passed",
        401: "No token",
        403: "Not a supervisor of this office, a manager or an admin",
        404: "Unknown office",
    },
)
def close(office: str, actor: Actor, body: CloseBookings) -> Any:
    closed = booking_closures.close_bookings(
        command_context(),
        office,
        day=body.date,
        desk=body.desk,
        start=_wall_time(body.start),
        end=_wall_time(body.end),
        reason=body.reason,
        actor=actor,
        links=booking_links(),
    )
    view = _closure_view(closed.closure, tuple(appointment.code for appointment in closed.cancelled))
    return jsonify(views.closure_json(view)), 201


@operation(
    blueprint,
    "/offices/<office>/booking-closures",
    "GET",
    summary="The office's closures of bookings in force that have not ended (staff of the office)",
    tag=TAG,
    auth=STAFF_OF_THE_OFFICE,
    responses={200: "OK", 401: "No token", 403: "Not staff of this office", 404: "Unknown office"},
)
def closures(office: str, actor: Actor) -> Any:
    found = booking_closures.closures_ahead(command_context(), office)
    return jsonify(views.closures_json([_closure_view(record) for record in found]))


@operation(
    blueprint,
    "/offices/<office>/booking-closures/<int:closure_id>/withdraw",
    "POST",
    summary="Withdraw a closure: its times are bookable again (the bookings it cancelled stay cancelled)",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    responses={
        200: "Withdrawn",
        401: "No token",
        403: "Not a supervisor of this office, a manager or an admin",
        404: "Unknown office, or no such closure of it",
        409: "Withdrawn already (withdrawn)",
    },
)
def reopen(office: str, closure_id: int, actor: Actor) -> Any:
    record = booking_closures.reopen_bookings(command_context(), office, closure_id, actor=actor)
    return jsonify(views.closure_json(_closure_view(record)))


@operation(
    blueprint,
    "/offices/<office>/booking-blocks/lift",
    "POST",
    summary="Lift a person's no-show block, named by one of their bookings' code at this office or by their phone"
    " (its supervisor, a manager or an admin)",
    tag=TAG,
    body=LiftBlock,
    auth=OFFICE_OVERSEER,
    responses={
        200: "Lifted: only the misses after it count",
        400: "Bad input: neither or both of code and phone",
        401: "No token",
        403: "Not a supervisor of this office, a manager or an admin",
        404: "Unknown office, or no booking of it has this code",
        409: "The person is not blocked (not_blocked)",
    },
)
def lift_block(office: str, actor: Actor, body: LiftBlock) -> Any:
    lifted_at = booking_closures.lift_block(command_context(), office, actor=actor, key=person_secret(), code=body.code, phone=body.phone)
    return jsonify(views.block_lift_json(views.BlockLiftView(lifted=True, lifted_at=lifted_at)))
