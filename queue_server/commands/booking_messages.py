"""The messages a booking sends its visitor: the confirmation, the reminder the day before, the office's cancellation.

Each is queued in the transaction of what it tells (`queue_message`): a
booking rolled back takes its confirmation with it. A booking without a
phone (a partner's, which tells its own user) gets none. With no sender
configured the messages are skipped by the delivery loop; nothing here fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..domain import slots
from ..domain.appointments import Appointment
from ..domain.model import Office, Service
from ..messaging.message import InvalidRecipient, MessageValues, Recipient, Template
from ..store import messages as outbox
from .context import Transaction
from .messages import queue_message

REMINDER_AT = dt.time(18, 0)  # the office's evening before the booking: after work, not in the night


@dataclass(frozen=True)
class BookingLinks:
    """The addresses the messages carry: a booking's manage page by its token, and the page that books."""

    manage: Callable[[str], str]
    book: str


# Paths without a host, for commands run without a request (the CLI, tests); the API gives full addresses.
RELATIVE_LINKS = BookingLinks(manage=lambda token: f"/a/{token}", book="/book")


def reminder_time(start: dt.datetime, timezone: str) -> dt.datetime:
    """When the reminder goes: REMINDER_AT on the office's clock the day before the booking."""
    zone = ZoneInfo(timezone)
    day_before = start.astimezone(zone).date() - dt.timedelta(days=1)
    return slots.local_moment(day_before, REMINDER_AT, zone)


def confirm(tx: Transaction, appointment: Appointment, office: Office, service: Service, links: BookingLinks) -> int | None:
    """Queue the confirmation, and the reminder when its time is still ahead; returns the reminder's id (None: no reminder)."""
    to = _recipient(appointment)
    if to is None:
        return None
    values = _values(appointment, office, service, links.manage(appointment.token))
    queue_message(tx, to=to, template=Template.BOOKING_CONFIRMED, values=values, lang=appointment.lang, expires_at=appointment.start)
    remind_at = reminder_time(appointment.start, office.timezone)
    if remind_at <= tx.now:
        return None  # booked for the next day after the reminder's hour, or for today: the confirmation is enough
    return queue_message(
        tx, to=to, template=Template.BOOKING_REMINDER, values=values, lang=appointment.lang, send_at=remind_at, expires_at=appointment.start
    )


def withdraw_reminder(tx: Transaction, appointment: Appointment) -> None:
    """A cancelled booking's reminder is never sent."""
    if appointment.reminder_id is not None:
        outbox.withdraw(tx.connection, appointment.reminder_id, tx.now, "the booking was cancelled")


def tell_cancelled(tx: Transaction, appointment: Appointment, office: Office, service: Service, links: BookingLinks) -> None:
    """The office cancelled the booking (a closure, a call to the hotline): tell the visitor, with the page to book again."""
    to = _recipient(appointment)
    if to is None:
        return
    values = _values(appointment, office, service, links.book)
    queue_message(tx, to=to, template=Template.BOOKING_CANCELLED, values=values, lang=appointment.lang)


def _recipient(appointment: Appointment) -> Recipient | None:
    """The visitor's phone as a recipient; None without one (or, rarely, a foreign number no gateway takes)."""
    if not appointment.phone:
        return None
    try:
        return Recipient(phone=appointment.phone)
    except InvalidRecipient:
        return None


def _values(appointment: Appointment, office: Office, service: Service, link: str) -> MessageValues:
    return MessageValues(office=office, service=service, at=appointment.start, code=appointment.code, link=link)
