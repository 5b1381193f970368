"""A network that takes bookings, and the moments the booking tests use (helpers, not tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from factories import T0, desk, small_network
from queue_server.domain.model import BookingTerms, Network, OfficeCode

KEY = b"booking-test-key"
PHONE = "+380671234567"
# T0 is Tuesday 24 November 2026, 10:00 in Kyiv; the next day's 10:00 there:
TOMORROW_10 = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
TOMORROW = dt.date(2026, 11, 25)
TODAY = T0.date()


def booking_network(places: int = 3) -> Network:
    """`alpha` with `places` desks serving passports and all of their capacity bookable: a passport slot has `places` places."""
    network = small_network()
    alpha = network.offices[OfficeCode("alpha")]
    desks = tuple(desk("alpha", number, {"passport": 1.0}) for number in range(4, 4 + places))
    others = tuple(existing for existing in alpha.desks if not existing.profile.serves("passport"))
    alpha = dataclasses.replace(alpha, desks=others + desks, booking=BookingTerms(bookable_share=1.0))
    return dataclasses.replace(network, offices={**network.offices, alpha.code: alpha})


def missed_three_times(ctx, office: str, *, code: str, now: dt.datetime, person: str = "a-blocked-person") -> None:
    """Three bookings of one person missed in the past week (booked the month before), the newest with `code`: the person is blocked."""
    from queue_server.domain.appointments import Appointment, AppointmentStatus
    from queue_server.store import appointments as store

    with ctx.transaction() as tx:
        for days, booking_code in ((7, "MSSD77"), (5, "MSSD55"), (3, code)):
            start = now - dt.timedelta(days=days)
            store.insert(
                tx.connection,
                Appointment(
                    id=0, office=office, service="passport", start=start, code=booking_code, token=f"missed-{days}-{code}",
                    status=AppointmentStatus.MISSED, name="Петро", phone="+380501112233", person=person,
                    booked_at=start - dt.timedelta(days=40), booked_by="public", missed_at=start + dt.timedelta(hours=14),
                ),
            )
