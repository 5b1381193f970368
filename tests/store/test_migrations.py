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


LATER_TABLES = {"print_jobs", "audit_log", "login_attempts", "desk_services"}


def test_a_version_1_database_gets_print_jobs_and_keeps_its_tickets(engine) -> None:
    """Version 1 as it shipped: every table but the later ones; its rows survive the upgrade."""
    import datetime as dt

    version_1 = [table for name, table in schema.metadata.tables.items() if name not in LATER_TABLES]
    with engine.begin() as conn:
        schema.metadata.create_all(conn, tables=version_1)
        conn.execute(schema.schema_migrations.insert().values(version=1, name="initial schema", applied_at=dt.datetime.now(dt.timezone.utc)))
        conn.execute(schema.office_sequences.insert().values(office="alpha", last_seq=7))
    assert upgrade(engine) == [2, 3, 4]
    with engine.connect() as conn:
        assert LATER_TABLES <= set(sa.inspect(conn).get_table_names())
        assert conn.execute(sa.select(schema.office_sequences.c.last_seq)).scalar() == 7
