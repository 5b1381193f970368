"""What the booking page offers before the times of a day: the services an office takes bookings for, and the days with free places.

A visitor choosing a day should see only the days that still have a free
time, not click through three weeks of empty ones; the days are the
horizon's (`booking_rules.bookable_days`) and each day's places are what
`appointments.open_slots` lists, so the page and a booking count alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..commands.context import CommandContext
from ..domain import booking_rules, slots
from ..domain.model import Office, Service
from .appointments import held_slots, offered_service


@dataclass(frozen=True)
class OpenDay:
    """A local day of the horizon with its free places, summed over its bookable times."""

    date: dt.date
    free: int
    times: int  # the times of the day with at least one free place


def bookable_services(ctx: CommandContext, office: Office) -> list[Service]:
    """The services of the office that may be booked there, in the office's order (walk-in-only ones left out)."""
    found = [ctx.network.services[code] for code in office.services if code in ctx.network.services]
    return [service for service in found if booking_rules.terms_for(office, service).bookable]


def open_days(ctx: CommandContext, office_code: str, service_code: str) -> list[OpenDay]:
    """The days of the horizon that still have a free time for the service at the office (404 as the slots for an unknown one)."""
    office, service = offered_service(ctx, office_code, service_code)
    now = ctx.clock()
    terms = booking_rules.terms_for(office, service)
    days: list[OpenDay] = []
    with ctx.reading() as conn:
        for day in booking_rules.bookable_days(now, terms, office.timezone):
            free = [slot for slot in held_slots(conn, office, service, day) if slot.start.astimezone(slots.UTC) - now >= terms.cutoff and slot.free > 0]
            if free:
                days.append(OpenDay(day, sum(slot.free for slot in free), len(free)))
    return days
