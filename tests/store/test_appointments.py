"""The appointments table: a code is unique among live bookings only; migration 7 brings a version-5 database to it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from queue_server.domain.appointments import Appointment, AppointmentStatus
from queue_server.store import appointments as store
from queue_server.store import schema
from queue_server.store.engine import make_engine
from queue_server.store.migrations import MIGRATIONS, applied_versions, upgrade

START = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
DRAFT = Appointment(
    id=0, office="alpha", service="passport", start=START, code="K7M3QX", token="token-1", status=AppointmentStatus.BOOKED,
    name="Олена", phone="+380671234567", person="person-1", booked_at=START - dt.timedelta(days=1), booked_by="public",
)


@pytest.fixture
def engine(database_url):
    made = make_engine(database_url)
    upgrade(made)
    yield made
    made.dispose()


def test_a_live_code_is_unique_but_an_old_one_may_come_back(engine) -> None:
    with engine.begin() as conn:
        first = store.insert(conn, DRAFT)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        store.insert(conn, dataclasses.replace(DRAFT, token="token-2"))
    with engine.begin() as conn:
        store.cancel(conn, first.id, START)
        again = store.insert(conn, dataclasses.replace(DRAFT, token="token-2"))
        assert store.code_is_live(conn, "K7M3QX")
        assert store.by_code(conn, "K7M3QX") == again  # the live one, not the cancelled one before it


def test_held_counts_only_the_bookings_that_hold_a_place(engine) -> None:
    with engine.begin() as conn:
        for number, status in enumerate(AppointmentStatus):
            if status is AppointmentStatus.SERVED:
                continue
            store.insert(conn, dataclasses.replace(DRAFT, code=f"CODE{number}", token=f"t{number}", status=status))
        held = store.held(conn, "alpha", "passport", START, START + dt.timedelta(hours=1))
        assert held == {START: 2}  # booked and checked in; cancelled and missed do not
        assert store.booked_by_person(conn, "person-1", START - dt.timedelta(days=2), START) == 4  # every one counts for the month


def test_version_7_adds_the_table_to_a_version_5_database(database_url) -> None:
    engine = make_engine(database_url)
    try:
        before = [migration for migration in MIGRATIONS if migration.version <= 5]
        version_5 = [table for name, table in schema.metadata.tables.items() if name != "appointments"]
        with engine.begin() as conn:
            schema.metadata.create_all(conn, tables=version_5)
            for migration in before:
                conn.execute(schema.schema_migrations.insert().values(version=migration.version, name=migration.name, applied_at=START))
        assert 7 in upgrade(engine)
        with engine.connect() as conn:
            assert "appointments" in sa.inspect(conn).get_table_names()
            assert 7 in applied_versions(conn)
            assert "uq_appointments_live_code" in {index["name"] for index in sa.inspect(conn).get_indexes("appointments")}
    finally:
        engine.dispose()
