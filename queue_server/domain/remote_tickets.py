"""Remote tickets for today: when the office takes one, and when its page says "come now".

Pure functions of their arguments (the clock is `now`, the counts come from
the caller's transaction), so the command decides under the office lock and
the tests give any moment in any time zone.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from .errors import InvalidTransition
from .model import Office, RemoteTicketTerms
from .tickets import Ticket, TicketStatus, moved, refused_in_state


class Refusal(StrEnum):
    """Why an office takes no remote ticket now: the `reason` of the 409 the page shows."""

    OFF = "remote_tickets_off"
    CLOSED = "office_closed"
    PAST_CUTOFF = "past_cutoff"
    CAP_REACHED = "daily_cap_reached"
    PHONE_HAS_TICKET = "phone_has_live_ticket"


MESSAGES = {
    Refusal.OFF: "this office takes no remote tickets; take a ticket at its kiosk",
    Refusal.CLOSED: "the office is closed now; remote tickets are taken during its opening hours",
    Refusal.PAST_CUTOFF: "the office closes soon; remote tickets are no longer taken today",
    Refusal.CAP_REACHED: "today's remote tickets for this service are all taken; take a ticket at the office's kiosk",
    Refusal.PHONE_HAS_TICKET: "this phone already holds a live ticket; use it, or cancel it first",
}


def closing_today(office: Office, now: dt.datetime) -> dt.datetime | None:
    """When the office's day ends (its last interval's close), or None on a closed day."""
    local = now.astimezone(ZoneInfo(office.timezone))
    intervals = office.hours.intervals_on(local.date())
    if not intervals:
        return None
    closes = dt.datetime.combine(local.date(), intervals[-1][1], tzinfo=ZoneInfo(office.timezone))
    return closes.astimezone(dt.timezone.utc)


def refusal(office: Office, service_issued_today: int, phone_has_live_ticket: bool, now: dt.datetime) -> Refusal | None:
    """Why `office` may not issue a remote ticket now, or None when it may.

    The office must be open at `now` by its own clock (a lunch break is
    closed too), at least the cut-off before its day's last closing; the
    service must have remote tickets left today; the phone must hold no live
    remote ticket. The first reason in that order is given.
    """
    terms = office.remote
    if not terms.enabled:
        return Refusal.OFF
    if not office.hours.is_open(now.astimezone(ZoneInfo(office.timezone))):
        return Refusal.CLOSED
    closes = closing_today(office, now)
    if closes is None or now + terms.cutoff > closes:
        return Refusal.PAST_CUTOFF
    if service_issued_today >= terms.daily_cap:
        return Refusal.CAP_REACHED
    if phone_has_live_ticket:
        return Refusal.PHONE_HAS_TICKET
    return None


def come_now(terms: RemoteTicketTerms, people_ahead: int) -> bool:
    """The page says "come now", and the one message goes, with `come_now_ahead` or fewer ahead."""
    return people_ahead <= terms.come_now_ahead


def has_lapsed(ticket: Ticket, told_at: dt.datetime | None, terms: RemoteTicketTerms, now: dt.datetime) -> bool:
    """A remote ticket still not confirmed `arrival_grace` after its "come now" lapses.

    Counted from "come now" rather than from issue: a visitor who took the
    ticket early in a long queue is not punished for the queue's length.
    """
    return ticket.awaits_arrival and told_at is not None and now >= told_at + terms.arrival_grace


def confirm_arrival(ticket: Ticket, now: dt.datetime) -> Ticket:
    """The visitor of a remote ticket is at the office: from now on desks may call it."""
    if not ticket.remote:
        raise InvalidTransition(
            f"ticket {ticket.number} was taken at the office; it needs no arrival", ticket=ticket.number
        )
    if ticket.arrived_at is not None:
        raise InvalidTransition(f"ticket {ticket.number}: arrival is already confirmed", ticket=ticket.number)
    if ticket.status is not TicketStatus.WAITING:
        raise refused_in_state(ticket, "confirm the arrival of")
    return moved(ticket, arrived_at=now)


def lapse(ticket: Ticket, now: dt.datetime) -> Ticket:
    """A remote ticket never confirmed within its grace leaves the queue as a no-show."""
    if not ticket.awaits_arrival or ticket.status is not TicketStatus.WAITING:
        raise refused_in_state(ticket, "let lapse")
    return moved(ticket, status=TicketStatus.NO_SHOW, finished_at=now, held_by=None)
