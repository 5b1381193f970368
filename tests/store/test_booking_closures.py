"""Migration 9: closures and block lifts, and a version-7 database's bookings gain a language and a reminder, kept whole."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from queue_server.store import booking_closures as store
from queue_server.store import schema
from queue_server.store.engine import make_engine
from queue_server.store.migrations import MIGRATIONS, upgrade

START = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
NEW_COLUMNS = {"lang", "reminder_id"}


def test_version_9_brings_a_version_7_database_its_tables_and_columns_and_keeps_its_bookings(database_url) -> None:
    engine = make_engine(database_url)
    try:
        old = sa.MetaData()
        for name, table in schema.metadata.tables.items():
            if name in ("booking_closures", "booking_block_lifts"):
                continue
            columns = [column._copy() for column in table.columns if not (name == "appointments" and column.name in NEW_COLUMNS)]
            sa.Table(name, old, *columns)
        with engine.begin() as conn:
            old.create_all(conn)
            for migration in MIGRATIONS:
                if migration.version <= 7:
                    conn.execute(schema.schema_migrations.insert().values(version=migration.version, name=migration.name, applied_at=START))
            conn.execute(
                sa.text(
                    "INSERT INTO appointments (office, service, start, code, token, status, name, phone, person, booked_at, booked_by) "
                    "VALUES ('alpha', 'passport', '2026-11-25 08:00:00', 'K7M3QX', 't-1', 'booked', 'Олена', '+380671234567', 'p', "
                    "'2026-11-24 08:00:00', 'public')"
                )
            )
        assert 9 in upgrade(engine)
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert {"booking_closures", "booking_block_lifts"} <= tables
            [row] = conn.execute(sa.select(schema.appointments)).all()
            assert (row.code, row.lang, row.reminder_id) == ("K7M3QX", "uk", None)
        assert upgrade(engine) == []
    finally:
        engine.dispose()


def test_closures_in_force_overlap_and_the_newest_lift_counts(database_url) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            kept = store.add_closure(conn, office="alpha", desk=None, start=START, end=START + dt.timedelta(hours=2), reason="", at=START, by="user:a")
            gone = store.add_closure(conn, office="alpha", desk="alpha-1", start=START, end=START + dt.timedelta(hours=1), reason="x", at=START, by="user:a")
            store.withdraw_closure(conn, gone.id, START)
            store.add_closure(conn, office="beta", desk=None, start=START, end=START + dt.timedelta(hours=2), reason="", at=START, by="user:a")
            assert [record.id for record in store.closures_of(conn, "alpha", START + dt.timedelta(hours=1), START + dt.timedelta(hours=3))] == [kept.id]
            assert store.closures_of(conn, "alpha", START + dt.timedelta(hours=2), START + dt.timedelta(hours=3)) == []
            assert kept.closure.desk is None and kept.closure.start == START
            assert store.last_lift(conn, "p") is None
            store.add_lift(conn, person="p", office="alpha", at=START, by="user:a")
            store.add_lift(conn, person="p", office="alpha", at=START + dt.timedelta(days=1), by="user:a")
            assert store.last_lift(conn, "p") == START + dt.timedelta(days=1)
    finally:
        engine.dispose()
