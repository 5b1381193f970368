"""`copy_database`: a worked day's every row reaches another database, or nothing is written and one line says why.

SQLite to SQLite runs everywhere; SQLite to PostgreSQL runs on the machine's
PostgreSQL (127.0.0.1:5432, a database of its own, dropped after) and is
skipped with the reason where there is none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from factories import Clock, RecordingPublisher, small_network
from postgres_databases import fresh_database
from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import add_device, add_user, staff_actor
from queue_server.commands.context import Actor, CommandContext
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.visitors import rate_ticket
from queue_server.domain.appointments import Appointment, AppointmentStatus
from queue_server.settings import Settings
from queue_server.store import appointments as appointment_store
from queue_server.store import schema
from queue_server.store.database_copy import CopyFailed, CopyRefused, copied_tables, copy_database
from queue_server.store.migrations import MIGRATIONS
from queue_server.wiring import open_context

KIOSK = Actor(kind="device", name="kiosk", role="kiosk", offices=("alpha",), device_id=1)
LATEST = max(migration.version for migration in MIGRATIONS)
PREVIOUS = sorted(migration.version for migration in MIGRATIONS)[-2]  # the versions need not follow one another
START = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
BOOKING = Appointment(
    id=0, office="alpha", service="passport", start=START, code="K7M3QX", token="token-1", status=AppointmentStatus.BOOKED,
    name="Олена", phone="+380671234567", person="person-1", booked_at=START - dt.timedelta(days=1), booked_by="public",
)


def open_network(url: str) -> CommandContext:
    return open_context(Settings.from_env({}, database_url=url), publisher=RecordingPublisher(), clock=Clock(), network=small_network())


def work_a_day(ctx: CommandContext) -> None:
    """Issue, call, serve, rate, book; a user, a device and the audit entries their work writes."""
    user = add_user(ctx, "olena", "password-1!", "operator", ["alpha"])
    add_device(ctx, "kiosk", "alpha", "kiosk-1")
    operator = staff_actor(user)
    first = issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
    issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.start(ctx, "alpha-1", actor=operator)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    rate_ticket(ctx, first.ticket.token, score=5)
    with ctx.engine.begin() as conn:
        appointment_store.insert(conn, BOOKING)


def every_row(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))]
                for table in copied_tables()
            }
    finally:
        engine.dispose()


@pytest.fixture
def worked(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    ctx = open_network(url)
    try:
        work_a_day(ctx)
    finally:
        ctx.engine.dispose()
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("cherga_copy") as url:
        yield url


def test_every_row_reaches_a_new_sqlite_file(worked, tmp_path) -> None:
    target = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    seen: list[str] = []
    summary = copy_database(worked, target, batch_rows=2, progress=lambda table: seen.append(table.name))
    assert every_row(target) == every_row(worked)
    assert seen == [table.name for table in copied_tables()]
    assert summary.offices == 1 and summary.rows == sum(len(rows) for rows in every_row(worked).values())
    counted = {table.name: table.rows for table in summary.tables}
    assert counted["tickets"] == 2 and counted["ratings"] == 1 and counted["audit_log"] >= 4 and counted["appointments"] == 1


def test_on_postgresql_the_copy_continues_where_the_day_stopped(worked, postgres_url) -> None:
    summary = copy_database(worked, postgres_url, batch_rows=3)
    assert every_row(postgres_url) == every_row(worked)
    assert summary.version == LATEST and summary.offices == 1
    ctx = open_network(postgres_url)
    try:
        with ctx.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).where(schema.tickets.c.steps.is_(None))).scalar() == 2, "a NULL stays NULL, not JSON null"
            analysed = conn.exec_driver_sql("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL").scalars().all()
        assert {table.name for table in copied_tables()} <= set(analysed), "the planner has the copied tables' statistics at once"
        issued = issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
        assert issued.ticket.number == "П003" and issued.ticket.id == 3
        assert [message["seq"] for message in ctx.publisher.messages] == [every_seq(worked) + 1]
        again = add_device(ctx, "kiosk", "alpha", "kiosk-2")[0]
        assert again.id == 2, "the id sequences continue after the copied ids"
        with pytest.raises(sa.exc.DBAPIError, match="the audit log cannot be changed"), ctx.engine.begin() as conn:
            conn.execute(schema.audit_log.delete())
    finally:
        ctx.engine.dispose()


def test_and_back_from_postgresql_to_sqlite(worked, postgres_url, tmp_path) -> None:
    copy_database(worked, postgres_url)
    back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    copy_database(postgres_url, back)
    assert every_row(back) == every_row(worked)


def every_seq(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(schema.office_sequences.c.last_seq).where(schema.office_sequences.c.office == "alpha")).scalar_one())
    finally:
        engine.dispose()


def test_a_target_that_holds_data_is_refused_and_left_as_it_was(worked, postgres_url) -> None:
    copy_database(worked, postgres_url)
    before = every_row(postgres_url)
    with pytest.raises(CopyRefused, match=r"already holds data \(rows in appointments and \d+ more tables\): copy into a new, empty database"):
        copy_database(worked, postgres_url)
    assert every_row(postgres_url) == before


def test_an_empty_target_at_the_current_schema_is_accepted(worked, tmp_path) -> None:
    target = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    open_network(target).engine.dispose()  # a database made by `cherga serve --create-database`, nothing in it yet
    copy_database(worked, target)
    assert every_row(target) == every_row(worked)


def test_a_source_at_another_schema_version_is_refused(worked, tmp_path) -> None:
    engine = sa.create_engine(worked)
    with engine.begin() as conn:
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version == LATEST))
    engine.dispose()
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(CopyRefused, match=f"is at schema version {PREVIOUS}, this Cherga's is {LATEST}: bring it up to date first"):
        copy_database(worked, f"sqlite:///{target}")
    assert not target.exists()


def test_a_source_newer_than_the_program_is_refused(worked, tmp_path) -> None:
    engine = sa.create_engine(worked)
    with engine.begin() as conn:
        conn.execute(schema.schema_migrations.insert().values(version=LATEST + 1, name="from the future", applied_at=START))
    engine.dispose()
    with pytest.raises(CopyRefused, match=f"is at schema version {LATEST + 1}, newer than this Cherga's {LATEST}: copy it with the newer Cherga"):
        copy_database(worked, f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.parametrize(
    ("source", "target", "said"),
    [
        ("sqlite:///{tmp}/missing.sqlite3", "sqlite:///{tmp}/copy.sqlite3", "there is no database at {tmp}/missing.sqlite3"),
        ("sqlite:///{tmp}/notes.txt", "sqlite:///{tmp}/copy.sqlite3", "the source {tmp}/notes.txt is not a SQLite database"),
        ("sqlite:///{tmp}", "sqlite:///{tmp}/copy.sqlite3", "the source {tmp} is a folder, not a SQLite file"),
        ("{worked}", "sqlite:///{tmp}/../{name}/office.sqlite3", "the source and the target are the same database"),
        ("{worked}", "sqlite:///{tmp}/notes.txt", "the target {tmp}/notes.txt is not a SQLite database"),
        ("{worked}", "postgresql+psycopg://postgres@127.0.0.1:1/cherga", "the target postgresql+psycopg://postgres@127.0.0.1:1/cherga cannot be used: "),
        ("{worked}", "mysql://root@127.0.0.1/cherga", "is a mysql database: Cherga keeps its data in SQLite or PostgreSQL"),
        ("{worked}", "sqlite://", "the target must be a SQLite file, not an in-memory database"),
        ("{empty}", "sqlite:///{tmp}/copy.sqlite3", "the source {tmp}/empty.sqlite3 holds no Cherga database"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(worked, tmp_path, source, target, said) -> None:
    (tmp_path / "notes.txt").write_text("not a database\n")
    empty = tmp_path / "empty.sqlite3"
    sa.create_engine(f"sqlite:///{empty}").connect().close()  # an empty SQLite file
    values = {"tmp": tmp_path, "worked": worked, "name": tmp_path.name, "empty": f"sqlite:///{empty}"}
    with pytest.raises(CopyRefused) as refusal:
        copy_database(source.format(**values), target.format(**values))
    assert said.format(**values) in str(refusal.value) and "\n" not in str(refusal.value)
    assert not (tmp_path / "copy.sqlite3").exists()
    assert (tmp_path / "notes.txt").read_text() == "not a database\n"


def test_a_row_the_target_refuses_leaves_it_empty(worked, postgres_url) -> None:
    """SQLite keeps a string longer than its column says; PostgreSQL refuses it, and the whole copy rolls back."""
    engine = sa.create_engine(worked)
    with engine.begin() as conn:
        conn.execute(schema.devices.update().values(name="k" * 150))
    engine.dispose()
    with pytest.raises(CopyFailed, match=r"the copy stopped at the table devices \(.*too long.*\); nothing was copied"):
        copy_database(worked, postgres_url)
    assert all(rows == [] for rows in every_row(postgres_url).values())
