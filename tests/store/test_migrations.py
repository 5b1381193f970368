"""Versioned migrations: a new database is stamped, an old one upgraded without loss."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from queue_server.store import schema
from queue_server.store.engine import make_engine
from queue_server.store.migrations import MIGRATIONS, Migration, MigrationError, applied_versions, upgrade

NEXT = max(m.version for m in MIGRATIONS) + 1


@pytest.fixture
def engine(database_url):
    made = make_engine(database_url)
    yield made
    made.dispose()


def test_a_new_database_gets_the_whole_schema_and_every_version(engine) -> None:
    assert upgrade(engine) == [m.version for m in MIGRATIONS]
    with engine.connect() as conn:
        assert set(schema.metadata.tables) <= set(sa.inspect(conn).get_table_names())
        assert applied_versions(conn) == {m.version for m in MIGRATIONS}
    assert upgrade(engine) == []  # twice is harmless


def test_an_old_database_gets_only_the_missing_steps_and_keeps_its_rows(engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(schema.office_sequences.insert().values(office="alpha", last_seq=41))

    def add_column(conn: sa.Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE office_sequences ADD COLUMN note VARCHAR(20)")

    later = (*MIGRATIONS, Migration(NEXT, "a note per office", add_column))
    assert upgrade(engine, later) == [NEXT]
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT last_seq, note FROM office_sequences").one()
    assert tuple(row) == (41, None)


def test_a_failed_step_leaves_the_database_as_it_was(engine) -> None:
    upgrade(engine)

    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE office_sequences ADD COLUMN half_done INTEGER")
        raise RuntimeError("step failed half way")

    with pytest.raises(RuntimeError):
        upgrade(engine, (*MIGRATIONS, Migration(NEXT, "broken", broken)))
    with engine.connect() as conn:
        assert applied_versions(conn) == {m.version for m in MIGRATIONS}
        columns = {c["name"] for c in sa.inspect(conn).get_columns("office_sequences")}
    assert "half_done" not in columns


def test_a_database_newer_than_the_program_is_refused(engine) -> None:
    upgrade(engine, (*MIGRATIONS, Migration(NEXT, "from the future", lambda conn: None)))
    with pytest.raises(MigrationError, match="upgrade Cherga"):
        upgrade(engine)


LATER_TABLES = {"print_jobs", "audit_log", "login_attempts", "desk_services", "message_outbox", "appointments", "remote_tickets", "remote_keys", "booking_closures", "booking_block_lifts"}


def test_a_version_1_database_gets_print_jobs_and_keeps_its_tickets(engine) -> None:
    """Version 1 as it shipped: every table but the later ones; its rows survive the upgrade."""
    import datetime as dt

    version_1 = [table for name, table in schema.metadata.tables.items() if name not in LATER_TABLES]
    with engine.begin() as conn:
        schema.metadata.create_all(conn, tables=version_1)
        conn.execute(schema.schema_migrations.insert().values(version=1, name="initial schema", applied_at=dt.datetime.now(dt.timezone.utc)))
        conn.execute(schema.office_sequences.insert().values(office="alpha", last_seq=7))
    assert upgrade(engine) == [m.version for m in MIGRATIONS if m.version > 1]
    with engine.connect() as conn:
        assert LATER_TABLES <= set(sa.inspect(conn).get_table_names())
        assert conn.execute(sa.select(schema.office_sequences.c.last_seq)).scalar() == 7


def test_version_5_frees_a_revoked_devices_name_and_keeps_every_device(engine) -> None:
    """The devices table as versions 1-4 had it (a name unique even when revoked) is rebuilt without loss."""
    import datetime as dt

    upgrade(engine, MIGRATIONS[:4])
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE devices")
        conn.exec_driver_sql(
            "CREATE TABLE devices (id INTEGER NOT NULL, kind VARCHAR(16) NOT NULL, office VARCHAR(40) NOT NULL, "
            "name VARCHAR(100) NOT NULL, token_hash VARCHAR(64) NOT NULL UNIQUE, created_at DATETIME NOT NULL, "
            "revoked_at DATETIME, PRIMARY KEY (id), CONSTRAINT uq_device_name UNIQUE (office, kind, name))"
        )
        conn.exec_driver_sql(
            "INSERT INTO devices VALUES (1, 'display', 'alpha', 'hall', 'h1', '2026-01-05 08:00:00', '2026-02-01 09:00:00'), "
            "(2, 'kiosk', 'alpha', 'kiosk-1', 'k1', '2026-01-05 08:00:00', NULL)"
        )
    assert upgrade(engine) == [m.version for m in MIGRATIONS if m.version > 4]
    now = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        kept = conn.execute(sa.select(schema.devices).order_by(schema.devices.c.id)).all()
        assert [(row.id, row.name, row.revoked_at is not None, row.last_seen_at) for row in kept] == [(1, "hall", True, None), (2, "kiosk-1", False, None)]
        conn.execute(schema.devices.insert().values(kind="display", office="alpha", name="hall", token_hash="h2", created_at=now))
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:  # an active name is still one device's
        conn.execute(schema.devices.insert().values(kind="kiosk", office="alpha", name="kiosk-1", token_hash="k2", created_at=now))


def test_version_6_adds_the_message_outbox_to_a_version_5_database_and_keeps_its_tickets(engine) -> None:
    import datetime as dt

    version_5 = [table for name, table in schema.metadata.tables.items() if name not in {"message_outbox", "appointments", "remote_tickets", "remote_keys", "booking_closures", "booking_block_lifts"}]
    with engine.begin() as conn:
        schema.metadata.create_all(conn, tables=version_5)
        for migration in MIGRATIONS[:5]:
            conn.execute(schema.schema_migrations.insert().values(version=migration.version, name=migration.name, applied_at=dt.datetime.now(dt.timezone.utc)))
        conn.execute(schema.office_sequences.insert().values(office="alpha", last_seq=12))
    assert upgrade(engine) == [m.version for m in MIGRATIONS if m.version > 5]
    with engine.connect() as conn:
        columns = {column["name"] for column in sa.inspect(conn).get_columns("message_outbox")}
        indexes = {index["name"] for index in sa.inspect(conn).get_indexes("message_outbox")}
        assert conn.execute(sa.select(schema.office_sequences.c.last_seq)).scalar_one() == 12
    assert {"phone", "email", "text", "status", "next_attempt_at", "expires_at"} <= columns
    assert "ix_message_outbox_due" in indexes


def test_version_8_gives_a_version_6_database_remote_tickets_and_keeps_its_tickets(engine) -> None:
    """The tickets table as version 6 had it (no `remote`, no `arrived_at`) gets both; old tickets are walk-ins."""
    import datetime as dt

    from queue_server.domain.model import OfficeCode
    from queue_server.store import tickets as ticket_store

    shape = sa.MetaData()
    old_tickets = sa.Table(
        "tickets", shape, *[column._copy() for column in schema.tickets.columns if column.name not in ("remote", "arrived_at")]
    )
    before = [table for name, table in schema.metadata.tables.items() if name not in ("tickets", "remote_tickets", "remote_keys")]
    now = dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        old_tickets.create(conn)
        schema.metadata.create_all(conn, tables=before)
        for migration in (m for m in MIGRATIONS if m.version <= 6):
            conn.execute(schema.schema_migrations.insert().values(version=migration.version, name=migration.name, applied_at=now))
        conn.execute(old_tickets.insert().values(
            office="alpha", token="t1", number="П001", prefix="П", day=now.date(), sequence=1, service="passport",
            status="waiting", lang="uk", issued_at=now, recalls=0, transfers=0, issued_by="device:1",
        ))  # fmt: skip
    assert 8 in upgrade(engine)
    with engine.connect() as conn:
        [kept] = ticket_store.live(conn, OfficeCode("alpha"))
        tables = set(sa.inspect(conn).get_table_names())
    assert kept.number == "П001" and kept.remote is False and kept.arrived_at is None and not kept.awaits_arrival
    assert {"remote_tickets", "remote_keys"} <= tables


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request, database_url):
    """An engine on a new SQLite file, then on a new database of the machine's PostgreSQL (skipped where there is none)."""
    if request.param == "sqlite":
        made = make_engine(database_url)
        yield made
        made.dispose()
        return
    from postgres_databases import fresh_database

    with fresh_database("cherga_migration") as url:
        made = make_engine(url)
        yield made
        made.dispose()


CALL_INDEXES = ("ix_tickets_waiting_plain", "ix_tickets_waiting_other")


def test_version_14_gives_call_next_its_indexes_and_the_candidates_stay_the_same(any_engine) -> None:
    """A version 13 database (its tickets as they were) gets the two partial indexes; call-next's read uses them and finds the same tickets."""
    import datetime as dt

    from queue_server.domain.model import OfficeCode
    from queue_server.store import tickets as ticket_store

    now = dt.datetime(2026, 12, 3, 9, tzinfo=dt.timezone.utc)
    with any_engine.begin() as conn:
        schema.metadata.create_all(conn)
        for name in CALL_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX {name}")
        for migration in (m for m in MIGRATIONS if m.version <= 13):
            conn.execute(schema.schema_migrations.insert().values(version=migration.version, name=migration.name, applied_at=now))
        for n, (service, priority, extra) in enumerate([
            ("passport", None, {}), ("passport", None, {}), ("passport", "veteran", {}), ("social", None, {}),
            ("social", None, {"target_desk": "alpha-2"}), ("passport", None, {"held_by": "alpha-1"}), ("social", None, {"status": "done"}),
        ]):
            conn.execute(schema.tickets.insert().values(
                office="alpha", token=f"t{n}", number=f"П{n:03d}", prefix="П", day=now.date(), sequence=n + 1, service=service,
                priority=priority, lang="uk", issued_at=now + dt.timedelta(minutes=n), issued_by="device:1", **{"status": "waiting", **extra},
            ))  # fmt: skip
        before = sorted(ticket.number for ticket in ticket_store.call_candidates(conn, OfficeCode("alpha")))
    assert 14 in upgrade(any_engine)
    call_sql = str(ticket_store._CALL_CANDIDATES.element.text)  # the statement itself, to see its plan
    with any_engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            present = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'").scalars())
            plan = " ".join(str(row[3]) for row in conn.execute(sa.text("EXPLAIN QUERY PLAN " + call_sql), {"office": "alpha"}))
        else:
            present = set(conn.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'").scalars())
            conn.exec_driver_sql("SET enable_seqscan = off")  # a table of seven rows is read whole otherwise; the plan must be able to seek
            plan = " ".join(row[0] for row in conn.execute(sa.text("EXPLAIN " + call_sql), {"office": "alpha"}))
        after = sorted(ticket.number for ticket in ticket_store.call_candidates(conn, OfficeCode("alpha")))
    assert set(CALL_INDEXES) <= present
    assert all(name in plan for name in CALL_INDEXES), plan
    assert before == after == ["П000", "П002", "П003", "П004"]  # the first plain of each group, and the transfer
