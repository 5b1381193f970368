"""The demo's bookings: every office has some for yesterday, today and the coming days, the main office more; seeded once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from factories import T0, Clock
from queue_server.demo_bookings import seed_bookings
from queue_server.settings import Settings
from queue_server.store.database_check import prepare_database
from queue_server.store.schema import appointments
from queue_server.wiring import open_context

KEY = b"demo-test-key"
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def demo_ctx(tmp_path):
    """The bundled «Віза» network on a new database, at T0 (Tuesday 24 November 2026, 10:00 in Kyiv)."""
    database_url = f"sqlite:///{tmp_path / 'cherga.sqlite3'}"
    prepare_database(database_url, create=True, check="off")
    context = open_context(Settings.from_env({}, database_url=database_url), clock=Clock(T0))
    yield context
    context.engine.dispose()


def _rows(ctx) -> list:
    with ctx.engine.connect() as conn:
        return conn.execute(sa.select(appointments)).all()


def test_every_office_has_bookings_the_main_office_most_and_a_restart_adds_none(demo_ctx) -> None:
    made = seed_bookings(demo_ctx, key=KEY)
    rows = _rows(demo_ctx)
    assert made == len(rows) > 0
    per_office = Counter(row.office for row in rows)
    assert set(per_office) == set(demo_ctx.network.offices)
    assert per_office.most_common(1)[0][0] == "main"
    assert seed_bookings(demo_ctx, key=KEY) == 0 and len(_rows(demo_ctx)) == made


def test_the_demo_s_days_say_what_became_of_each_booking(demo_ctx) -> None:
    seed_bookings(demo_ctx, key=KEY)
    rows = _rows(demo_ctx)
    today = T0.astimezone(KYIV).date()
    days = {row.start.astimezone(KYIV).date() for row in rows}
    assert today - dt.timedelta(days=1) in days and today in days and today + dt.timedelta(days=1) in days
    statuses: dict[str, Counter[str]] = {"past": Counter(), "today_past": Counter(), "ahead": Counter()}
    for row in rows:
        local = row.start.astimezone(KYIV).date()
        when = "past" if local < today else "today_past" if row.start < T0 else "ahead"
        statuses[when][row.status] += 1
        assert row.booked_at < T0 and row.booked_at < row.start and row.name and row.phone.startswith("+380")
    assert {"checked_in", "missed"} <= set(statuses["past"]) and "booked" not in statuses["past"]
    assert "checked_in" in statuses["today_past"] and "missed" not in statuses["today_past"]
    assert set(statuses["ahead"]) <= {"booked", "cancelled"} and statuses["ahead"]["booked"] > statuses["ahead"]["cancelled"]
    live_codes = [row.code for row in rows if row.status == "booked"]
    assert len(live_codes) == len(set(live_codes))
