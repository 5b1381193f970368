"""Bookings as the visitor's page, the partner's app, the kiosk and the staff see them.

The times a visitor reads (`start`, `end`) are written in the office's zone
with its offset (2026-11-25T10:00:00+02:00), so a page shows the office's
wall clock without knowing its zone; the staff's and the ticket's times are
UTC, as everywhere else in the API.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ..domain.appointments import Appointment, AppointmentStatus
from ..domain.slots import Slot
from ..domain.views import JSON, render
from .fields import meta
from .visitor import IssuedTicketView

LOCAL_TIME = "ISO 8601 with the office's offset, e.g. 2026-11-25T10:00:00+02:00"
STATUSES = tuple(status.value for status in AppointmentStatus)
JOINED_AS_APPOINTMENT = "appointment"
JOINED_AS_WALK_IN = "walk_in"


def local_time(moment: dt.datetime, timezone: str) -> str:
    """The moment on the office's wall clock, with its offset, to the second."""
    return moment.astimezone(ZoneInfo(timezone)).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class SlotView:
    """One bookable time and its free places (0: full; the page shows it taken)."""

    start: str = field(metadata=meta(LOCAL_TIME))
    end: str = field(metadata=meta(LOCAL_TIME))
    free: int = field(metadata=meta("places still free", minimum=0))

    @classmethod
    def of(cls, slot: Slot, timezone: str) -> SlotView:
        return cls(local_time(slot.start, timezone), local_time(slot.end, timezone), slot.free)


@dataclass(frozen=True)
class BookingView:
    """A booking as its holder sees it: the code for the kiosk, the token of the manage page."""

    code: str = field(metadata=meta("typed at the kiosk's check-in: 6 signs, no 0/O, 1/I/L"))
    token: str = field(metadata=meta("the booking's secret: GET /appointments/{token}, and cancel"))
    manage_url: str = field(metadata=meta("the page to see, cancel or rebook the booking"))
    office: str
    service: str
    start: str = field(metadata=meta(LOCAL_TIME))
    status: str = field(metadata=meta("served: checked in and the visit is done", values=STATUSES))

    @classmethod
    def of(cls, appointment: Appointment, status: AppointmentStatus, *, timezone: str, manage_url: Callable[[str], str]) -> BookingView:
        return cls(
            code=appointment.code,
            token=appointment.token,
            manage_url=manage_url(appointment.token),
            office=appointment.office,
            service=appointment.service,
            start=local_time(appointment.start, timezone),
            status=status.value,
        )


@dataclass(frozen=True)
class CheckedInView(IssuedTicketView):
    """The answer to a check-in: the ticket the kiosk prints, and how the booking joined the queue."""

    appointment_at: dt.datetime | None = field(
        metadata=meta("the booking's time when the ticket is called as the appointment; null: it came after the grace and waits as a walk-in")
    )
    appointment_start: dt.datetime = field(metadata=meta("the booking's time, whatever the ticket became"))
    joined_as: str = field(metadata=meta("walk_in: too late for the appointment, the kiosk says so", values=(JOINED_AS_APPOINTMENT, JOINED_AS_WALK_IN)))

    @classmethod
    def joined(cls, issued: IssuedTicketView, appointment: Appointment, *, as_appointment: bool) -> CheckedInView:
        return cls(
            **{item.name: getattr(issued, item.name) for item in dataclasses.fields(IssuedTicketView)},
            appointment_at=appointment.start if as_appointment else None,
            appointment_start=appointment.start,
            joined_as=JOINED_AS_APPOINTMENT if as_appointment else JOINED_AS_WALK_IN,
        )


@dataclass(frozen=True)
class OfficeBookingView:
    """A booking on the office's day list (staff only: the name and phone are the visitor's)."""

    code: str
    service: str
    start: dt.datetime
    status: str = field(metadata=meta(values=STATUSES))
    name: str
    phone: str
    booked_by: str = field(metadata=meta("public, or the staff member or partner that booked"))
    booked_at: dt.datetime
    checked_in_at: dt.datetime | None
    checked_in_by: str | None = field(metadata=meta("the kiosk (device:ID) or staff member (user:NAME) that checked the visitor in"))
    ticket_number: str | None

    @classmethod
    def of(cls, appointment: Appointment, status: AppointmentStatus, ticket_number: str | None) -> OfficeBookingView:
        return cls(
            code=appointment.code,
            service=appointment.service,
            start=appointment.start,
            status=status.value,
            name=appointment.name,
            phone=appointment.phone,
            booked_by=appointment.booked_by,
            booked_at=appointment.booked_at,
            checked_in_at=appointment.checked_in_at,
            checked_in_by=appointment.checked_in_by,
            ticket_number=ticket_number,
        )


@dataclass(frozen=True)
class ClosureView:
    """A closure of an office's (or a desk's) bookings, as the supervisor's page lists it; times UTC, as in the staff API."""

    id: int
    office: str
    desk: str | None = field(metadata=meta("the desk closed; null: the whole office"))
    start: dt.datetime
    end: dt.datetime
    reason: str
    created_at: dt.datetime
    created_by: str = field(metadata=meta("the staff member (user:NAME) who closed it"))
    withdrawn_at: dt.datetime | None = field(metadata=meta("when it was withdrawn (bookings open again); null: in force"))
    cancelled: tuple[str, ...] = field(metadata=meta("the codes of the bookings this closure cancelled (their visitors were told); empty in a listing"))


@dataclass(frozen=True)
class BlockLiftView:
    """A lifted no-show block: the person may book again; only misses after `lifted_at` count."""

    lifted: bool
    lifted_at: dt.datetime


def slots_json(views: Sequence[SlotView]) -> list[JSON]:
    return [render(view) for view in views]


def booking_json(view: BookingView) -> JSON:
    return render(view)


def checked_in_json(view: CheckedInView) -> JSON:
    return render(view)


def office_bookings_json(views: Sequence[OfficeBookingView]) -> list[JSON]:
    return [render(view) for view in views]


def closure_json(view: ClosureView) -> JSON:
    return render(view)


def closures_json(views: Sequence[ClosureView]) -> list[JSON]:
    return [render(view) for view in views]


def block_lift_json(view: BlockLiftView) -> JSON:
    return render(view)
