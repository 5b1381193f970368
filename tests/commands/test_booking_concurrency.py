"""Concurrent bookings of one slot never overfill it: each counts inside the office's lock, on a real SQLite file."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from booking_cases import KEY, TOMORROW_10, booking_network
from queue_server.commands import booking
from queue_server.commands.booking import Refused
from queue_server.store.schema import appointments
from queue_server.wiring import open_context

VISITORS = 20


@pytest.fixture
def network():
    return booking_network(places=3)


def test_twenty_visitors_racing_for_a_slot_of_three_places_get_exactly_three(settings, network, clock, ctx) -> None:
    """Each thread has its own context (its own engine and process lock), as separate server processes would:
    only the database's office lock stands between them."""
    contexts = [open_context(settings, clock=clock, network=network) for _ in range(VISITORS)]
    start = threading.Barrier(VISITORS)
    outcomes: list[str] = []

    def visitor(number: int) -> None:
        start.wait()
        try:
            booking.book(contexts[number], "alpha", "passport", TOMORROW_10, name=f"Відвідувач {number}", phone=f"+3806700000{number:02d}", key=KEY)
            outcomes.append("booked")
        except Refused as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=visitor, args=(number,)) for number in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for context in contexts:
        context.engine.dispose()
    assert sorted(outcomes) == ["booked"] * 3 + ["full"] * 17
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(appointments)).scalar() == 3
