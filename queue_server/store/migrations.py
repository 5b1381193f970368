"""Versioned schema migrations, so that an upgrade never loses data.

A new database is created from `schema.metadata` and stamped with every
known version. An existing database gets the migrations it has not had, in
order, each in its own transaction together with its row in
`schema_migrations`: a failed step leaves the database at the version before.
To change the schema, change `schema.py` and append a `Migration` that brings
an older database to the same shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from . import schema


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _initial(connection: sa.Connection) -> None:
    """Version 1 is the first schema; databases older than it do not exist."""


def _print_jobs(connection: sa.Connection) -> None:
    """Version 2: print jobs for the kiosks' print agents."""
    schema.print_jobs.create(connection, checkfirst=True)


def _staff_security(connection: sa.Connection) -> None:
    """Version 3: the audit log (append-only), login attempts, desks' services changed during the day."""
    for table in (schema.audit_log, schema.login_attempts, schema.desk_services):
        table.create(connection, checkfirst=True)
    create_audit_guards(connection)


def _reports_index(connection: sa.Connection) -> None:
    """Version 4: an index on tickets by office and time of issue, for the reports of a period."""
    index = next(index for index in schema.tickets.indexes if index.name == "ix_tickets_office_issued")
    connection.execute(sa.schema.CreateIndex(index, if_not_exists=True))  # see version 14 for why not checkfirst


def _device_names_free_after_revoke(connection: sa.Connection) -> None:
    """Version 5: a revoked device's name may be registered again; when each device was last seen.

    The unique (office, kind, name) becomes a unique index over active
    devices only. SQLite cannot drop a table's constraint, so its table is
    rebuilt (the shape written out here, as it is at this version).
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("ALTER TABLE devices RENAME TO devices_before_v5")
        shape = sa.MetaData()
        rebuilt = sa.Table(
            "devices",
            shape,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("office", sa.String(40), nullable=False),
            sa.Column("name", sa.String(100), nullable=False),
            sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.Column("revoked_at", sa.DateTime),
            sa.Column("last_seen_at", sa.DateTime),
        )
        rebuilt.create(connection)
        connection.exec_driver_sql(
            "INSERT INTO devices (id, kind, office, name, token_hash, created_at, revoked_at) "
            "SELECT id, kind, office, name, token_hash, created_at, revoked_at FROM devices_before_v5"
        )
        connection.exec_driver_sql("DROP TABLE devices_before_v5")
    else:
        connection.exec_driver_sql("ALTER TABLE devices DROP CONSTRAINT IF EXISTS uq_device_name")
        connection.exec_driver_sql("ALTER TABLE devices ADD COLUMN IF NOT EXISTS last_seen_at TIMESTAMP WITHOUT TIME ZONE")
    next(index for index in schema.devices.indexes if index.name == "uq_device_active_name").create(connection, checkfirst=True)


def _message_outbox(connection: sa.Connection) -> None:
    """Version 6: the outbox of messages to visitors (booking confirmations, reminders, "your turn is near")."""
    schema.message_outbox.create(connection, checkfirst=True)


def _appointments(connection: sa.Connection) -> None:
    """Version 7: bookings of a time at an office (pre-registration)."""
    schema.appointments.create(connection, checkfirst=True)


def _remote_tickets(connection: sa.Connection) -> None:
    """Version 8: remote tickets for today — two columns of `tickets`, their own facts, the keys."""
    present = {column["name"] for column in sa.inspect(connection).get_columns("tickets")}
    if "remote" not in present:
        connection.exec_driver_sql("ALTER TABLE tickets ADD COLUMN remote BOOLEAN NOT NULL DEFAULT false")
    if "arrived_at" not in present:
        connection.exec_driver_sql(f"ALTER TABLE tickets ADD COLUMN arrived_at {_timestamp(connection)}")
    for table in (schema.remote_tickets, schema.remote_keys):
        table.create(connection, checkfirst=True)


def _timestamp(connection: sa.Connection) -> str:
    return "TIMESTAMP WITHOUT TIME ZONE" if connection.dialect.name == "postgresql" else "DATETIME"


def _booking_closures_and_lifts(connection: sa.Connection) -> None:
    """Version 9: closures of an office's or a desk's bookings, lifts of no-show blocks, a booking's language and reminder."""
    schema.booking_closures.create(connection, checkfirst=True)
    schema.booking_block_lifts.create(connection, checkfirst=True)
    present = {column["name"] for column in sa.inspect(connection).get_columns("appointments")}
    if "lang" not in present:
        connection.exec_driver_sql("ALTER TABLE appointments ADD COLUMN lang VARCHAR(5) DEFAULT 'uk' NOT NULL")
    if "reminder_id" not in present:
        connection.exec_driver_sql("ALTER TABLE appointments ADD COLUMN reminder_id INTEGER")


def _visit_steps(connection: sa.Connection) -> None:
    """Version 10: a ticket is a visit of one or more steps; an older ticket is a visit of one."""
    present = {column["name"] for column in sa.inspect(connection).get_columns("tickets")}
    if "steps" not in present:
        connection.exec_driver_sql("ALTER TABLE tickets ADD COLUMN steps JSON")
    if "step" not in present:
        connection.exec_driver_sql("ALTER TABLE tickets ADD COLUMN step INTEGER DEFAULT 0 NOT NULL")
    if "package" not in present:
        connection.exec_driver_sql("ALTER TABLE tickets ADD COLUMN package VARCHAR(60)")


def _air_raids(connection: sa.Connection) -> None:
    """Version 11: air-raid alerts of each office, when they began and ended."""
    schema.air_raids.create(connection, checkfirst=True)


def _paper_roll(connection: sa.Connection) -> None:
    """Version 12: tickets from a paper roll (their issue time an estimate), and each office's paper mode."""
    present = {column["name"] for column in sa.inspect(connection).get_columns("tickets")}
    false = "false" if connection.dialect.name == "postgresql" else "0"
    for column in ("paper", "issued_at_estimated"):
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE tickets ADD COLUMN {column} BOOLEAN DEFAULT {false} NOT NULL")
    schema.paper_modes.create(connection, checkfirst=True)

def _caps(connection: sa.Connection) -> None:
    """Version 13: a supervisor's caps of the day, and the visitors turned away by a cap or the cut-off."""
    schema.service_caps_today.create(connection, checkfirst=True)
    schema.turned_away.create(connection, checkfirst=True)


def _call_candidates_indexes(connection: sa.Connection) -> None:
    """Version 14: call-next finds the first ticket of each group by a seek, however long the queue (schema.py)."""
    for index in schema.tickets.indexes:
        if index.name in ("ix_tickets_waiting_plain", "ix_tickets_waiting_other"):
            # IF NOT EXISTS, not checkfirst: SQLAlchemy cannot reflect SQLite's index of an expression (it warns)
            connection.execute(sa.schema.CreateIndex(index, if_not_exists=True))


def _office_nodes(connection: sa.Connection) -> None:
    """Version 15: office nodes — who writes each office's queue, the centre's record of its nodes, a node's link."""
    present = {column["name"] for column in sa.inspect(connection).get_columns("office_sequences")}
    if "writer" not in present:
        connection.exec_driver_sql("ALTER TABLE office_sequences ADD COLUMN writer VARCHAR(100)")
    for table in (schema.office_nodes, schema.node_link, schema.node_changes):
        table.create(connection, checkfirst=True)


def _complaints(connection: sa.Connection) -> None:
    """Version 16: the register of complaints (docs/complaints.md)."""
    schema.complaints.create(connection, checkfirst=True)


def _statutory_deadlines(connection: sa.Connection) -> None:
    """Version 17: the outcome date of each request, for the share of violated deadlines (docs/deadlines.md)."""
    schema.request_outcomes.create(connection, checkfirst=True)


def _survey(connection: sa.Connection) -> None:
    """Version 18: the national questionnaire's answers beside the rating (docs/survey.md)."""
    present = {column["name"] for column in sa.inspect(connection).get_columns("ratings")}
    for column, kind in (("recommend", "INTEGER"), ("reasons", "VARCHAR(200)"), ("channel", "VARCHAR(16)")):
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE ratings ADD COLUMN {column} {kind}")


def _help_requests(connection: sa.Connection) -> None:
    """Version 19: a visitor's call for help at a kiosk (docs/kiosk.md)."""
    schema.help_requests.create(connection, checkfirst=True)


def create_audit_guards(connection: sa.Connection) -> None:
    """Make the database itself refuse to change or delete an audit entry."""
    if connection.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END"
            )
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit log cannot be changed'; END $$"
        )
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        connection.exec_driver_sql(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()"
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "print jobs", _print_jobs),
    Migration(3, "audit log, login attempts, desk services", _staff_security),
    Migration(4, "tickets by office and time of issue, for reports", _reports_index),
    Migration(5, "a revoked device's name is free again; devices' last seen", _device_names_free_after_revoke),
    Migration(6, "messages to visitors", _message_outbox),
    Migration(7, "appointments", _appointments),
    Migration(8, "remote tickets for today", _remote_tickets),
    Migration(9, "booking closures, lifts of no-show blocks; a booking's language and reminder", _booking_closures_and_lifts),
    Migration(10, "visits of several steps", _visit_steps),
    Migration(11, "air-raid alerts", _air_raids),
    Migration(12, "paper-roll tickets and paper mode", _paper_roll),
    Migration(13, "daily caps of the day, visitors turned away", _caps),
    Migration(14, "call-next's candidates by a seek", _call_candidates_indexes),
    Migration(15, "office nodes", _office_nodes),
    Migration(16, "complaints", _complaints),
    Migration(17, "statutory deadlines", _statutory_deadlines),
    Migration(18, "the survey: recommendation, reasons, channel", _survey),
    Migration(19, "calls for help from the kiosks", _help_requests),
)


class MigrationError(RuntimeError):
    """The database is newer than this program, or a migration failed."""


def applied_versions(connection: sa.Connection) -> set[int]:
    if not sa.inspect(connection).has_table(schema.schema_migrations.name):
        return set()
    rows = connection.execute(sa.select(schema.schema_migrations.c.version))
    return {row.version for row in rows}


def _stamp(connection: sa.Connection, migration: Migration) -> None:
    connection.execute(
        schema.schema_migrations.insert().values(
            version=migration.version,
            name=migration.name,
            applied_at=dt.datetime.now(dt.timezone.utc),
        )
    )


# the key of the PostgreSQL advisory lock held while one process brings the schema up to date ("cher")
UPGRADE_LOCK = 0x63686572


@contextmanager
def one_process_at_a_time(engine: sa.Engine) -> Iterator[None]:
    """On PostgreSQL, server processes that start together bring the schema up to date one after another.

    Without it, processes started at once on a new database (systemd starting
    every unit after an install or an upgrade) each created the tables, and
    all but one stopped on a duplicate key of PostgreSQL's catalogue. The lock
    belongs to a connection of its own and goes with it, also when the
    process dies. SQLite has one server process.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as holder:
        holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK})
        holder.commit()
        try:
            yield
        finally:
            holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": UPGRADE_LOCK})
            holder.commit()


def upgrade(engine: sa.Engine, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Bring the database to the newest schema; returns the versions applied now."""
    with one_process_at_a_time(engine):
        return _upgrade(engine, migrations)


def _upgrade(engine: sa.Engine, migrations: Sequence[Migration]) -> list[int]:
    with engine.begin() as connection:
        done = applied_versions(connection)
        known = {migration.version for migration in migrations}
        if done - known:
            raise MigrationError(
                f"the database has schema versions {sorted(done - known)} that this "
                "version of Cherga does not know; upgrade Cherga instead"
            )
        fresh = not done and not sa.inspect(connection).get_table_names()
        if fresh:
            schema.metadata.create_all(connection)
            create_audit_guards(connection)
            for migration in migrations:
                _stamp(connection, migration)
            return [migration.version for migration in migrations]
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        with engine.begin() as connection:
            migration.apply(connection)
            _stamp(connection, migration)
        applied.append(migration.version)
    return applied
