"""Copies a whole Cherga database into another one: SQLite to PostgreSQL when a network outgrows one process.

The copy is a move of the same history to another engine, so it keeps
everything as it is: every row with its id, every office's event `seq`
(clients resume by it), the audit log (inserted, never changed: the
target's triggers refuse anything else). It refuses rather than merges:

- the source must be at this program's schema version (an older one is
  upgraded by any `cherga` command of this version first; a newer one
  needs a newer program), so that its rows fit the target's tables;
- the target must hold no data: it is checked before anything is written,
  and a refusal leaves it as it was. Its schema is then brought to this
  version by the ordinary migration runner.

Tables are copied parents first (foreign keys stay valid), in batches, in
one transaction on the target and from one snapshot of the source; then
PostgreSQL's id sequences are moved past the copied ids, the copy is
verified (rows of every table, each office's last `seq`), and PostgreSQL
gathers the copied tables' statistics (ANALYZE) for its planner.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import schema
from .database_check import SQLITE_HEADER, one_line
from .engine import READ_ONLY, make_engine, sqlite_path
from .migrations import MIGRATIONS, applied_versions, upgrade
from .ticket_ids import NODE_TICKETS_FROM
from .types import UTCDateTime

BATCH_ROWS = 5_000
SUPPORTED = ("sqlite", "postgresql")
# the versions are this program's own: what `upgrade` stamps a fresh database with
CODE_VERSIONS = frozenset(migration.version for migration in MIGRATIONS)


class CopyRefused(Exception):
    """The copy cannot be made as asked; the message says why in one line, and nothing was written."""


class CopyFailed(Exception):
    """The copy stopped part-way (the target keeps only its empty tables) or does not match its source; the message says where."""


@dataclass(frozen=True)
class TableCopied:
    name: str
    rows: int
    seconds: float


@dataclass(frozen=True)
class CopySummary:
    source: str
    target: str
    version: int
    tables: tuple[TableCopied, ...]
    offices: int  # offices whose event seq was verified
    seconds: float

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def shown(url: str) -> str:
    """A database URL as it may be printed: a SQLite file's path, a server's URL without its password."""
    path = sqlite_path(url)
    return str(path) if path is not None else sa.engine.make_url(url).render_as_string(hide_password=True)


def copied_tables() -> tuple[sa.Table, ...]:
    """Every table of the schema but the migrations' own record, parents before the tables that refer to them."""
    return tuple(table for table in schema.metadata.sorted_tables if table is not schema.schema_migrations)


def _copy_shape() -> dict[str, sa.Table]:
    """The tables as the copy reads and writes them: a JSON column's SQL NULL stays NULL (not JSON `null`)."""
    shape = sa.MetaData()
    tables: dict[str, sa.Table] = {}
    for table in copied_tables():
        copy = table.to_metadata(shape)
        for column in copy.columns:
            if isinstance(column.type, sa.JSON):
                column.type = sa.JSON(none_as_null=True)
        tables[copy.name] = copy
    return tables


def copy_database(
    source_url: str,
    target_url: str,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[TableCopied], None] | None = None,
    postgresql_copy: bool = True,
) -> CopySummary:
    """Copy every row of `source_url` into the empty database `target_url`; refuse with `CopyRefused` otherwise.

    `postgresql_copy` False writes with INSERT even where COPY is there (the benchmark compares the two).
    """
    started = time.perf_counter()
    _check_pair(source_url, target_url)
    source = _open(source_url, role="source")
    try:
        with _snapshot(source) as reading:
            version = _check_source(reading, source_url)
            target = _open(target_url, role="target")  # only now: a refused source leaves no new target file behind
            try:
                _check_target_empty(target, target_url)
                try:
                    upgrade(target)
                except sa.exc.SQLAlchemyError as error:
                    raise CopyRefused(f"the target {shown(target_url)} cannot be brought to the schema: {one_line(error)}") from None
                tables = _copy_rows(reading, target, batch_rows, progress, postgresql_copy)
                offices = _verify(reading, target)
                _gather_statistics(target)
            finally:
                target.dispose()
        return CopySummary(shown(source_url), shown(target_url), version, tables, offices, time.perf_counter() - started)
    finally:
        source.dispose()


def _identity(url: str) -> tuple[str, ...]:
    """What names one database: a SQLite file's real path, or a server's host, port and database name."""
    parsed = sa.engine.make_url(url)
    path = sqlite_path(url)
    if path is not None:
        return ("sqlite", str(path.resolve()))
    host = parsed.host or "localhost"
    host = "127.0.0.1" if host == "localhost" else host
    return (parsed.get_backend_name(), host, str(parsed.port or 5432), parsed.database or parsed.username or "")


def _check_pair(source_url: str, target_url: str) -> None:
    for role, url in (("source", source_url), ("target", target_url)):
        try:
            parsed = sa.engine.make_url(url)
        except sa.exc.ArgumentError:
            raise CopyRefused(f"the {role} {url!r} is not a database URL (sqlite:///path or postgresql+psycopg://user@host/db)") from None
        if parsed.get_backend_name() not in SUPPORTED:
            raise CopyRefused(f"the {role} {shown(url)} is a {parsed.get_backend_name()} database: Cherga keeps its data in SQLite or PostgreSQL")
        path = sqlite_path(url)
        if parsed.get_backend_name() == "sqlite" and (path is None or str(path) == ":memory:"):
            raise CopyRefused(f"the {role} must be a SQLite file, not an in-memory database")
        if path is not None:
            _check_sqlite_file(path, role)
    if _identity(source_url) == _identity(target_url):
        raise CopyRefused(f"the source and the target are the same database ({shown(source_url)})")


def _check_sqlite_file(path: Path, role: str) -> None:
    if path.is_dir():
        raise CopyRefused(f"the {role} {path} is a folder, not a SQLite file")
    if not path.exists():
        if role == "source":
            raise CopyRefused(f"there is no database at {path}: check the path of the source")
        return  # a new target file is made
    if path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        if not handle.read(len(SQLITE_HEADER)).startswith(SQLITE_HEADER):
            raise CopyRefused(f"the {role} {path} is not a SQLite database")


def _open(url: str, *, role: str) -> sa.Engine:
    """An engine that has answered once: an unreachable server, a missing driver or database is said here."""
    try:
        engine = _reading_engine(url) if role == "source" and sqlite_path(url) is not None else make_engine(url)
    except ImportError as error:
        raise CopyRefused(f"the {role} {shown(url)} needs a driver that is not installed ({error.name}): pip install 'cherga[postgresql]'") from None
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except (sa.exc.SQLAlchemyError, OSError) as error:
        engine.dispose()
        raise CopyRefused(f"the {role} {shown(url)} cannot be used: {one_line(error)}") from None
    return engine


def _reading_engine(url: str) -> sa.Engine:
    """A SQLite source opened as it is: no journal mode set (a copy must not change its source), reads in one transaction."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.isolation_level = None  # type: ignore[attr-defined]  # BEGIN is ours, below

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


@contextlib.contextmanager
def _snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One read transaction over the whole source: the copy is of one moment, even if a server still writes."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        else:
            connection = connection.execution_options(**{READ_ONLY: True})
        with connection.begin():
            yield connection


def _version_text(versions: set[int] | frozenset[int]) -> str:
    return str(max(versions)) if versions else "none"


def _check_source(reading: sa.Connection, url: str) -> int:
    """The source's schema version, which must be this program's."""
    done = applied_versions(reading)
    if not done:
        raise CopyRefused(f"the source {shown(url)} holds no Cherga database (it has no schema version)")
    if done - CODE_VERSIONS:
        raise CopyRefused(
            f"the source {shown(url)} is at schema version {_version_text(done)}, newer than this Cherga's "
            f"{_version_text(CODE_VERSIONS)}: copy it with the newer Cherga"
        )
    if done != CODE_VERSIONS:
        raise CopyRefused(
            f"the source {shown(url)} is at schema version {_version_text(done)}, this Cherga's is {_version_text(CODE_VERSIONS)}: "
            f"bring it up to date first (any cherga command of this version does, e.g. `cherga device list --database SOURCE`)"
        )
    return max(done)


def _check_target_empty(target: sa.Engine, url: str) -> None:
    """Refuse a target with a row in any table (the migrations' record aside) or with a newer schema."""
    with target.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        done = applied_versions(connection)
        if done - CODE_VERSIONS:
            raise CopyRefused(
                f"the target {shown(url)} is at schema version {_version_text(done)}, newer than this Cherga's "
                f"{_version_text(CODE_VERSIONS)}"
            )
        holding = [
            name
            for name in sorted(names)
            if name != schema.schema_migrations.name
            and connection.execute(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1)).first() is not None
        ]
    if holding:
        more = f" and {len(holding) - 1} more tables" if len(holding) > 1 else ""
        raise CopyRefused(
            f"the target {shown(url)} already holds data (rows in {holding[0]}{more}): copy into a new, empty database"
        )


def _copy_rows(
    reading: sa.Connection,
    target: sa.Engine,
    batch_rows: int,
    progress: Callable[[TableCopied], None] | None,
    postgresql_copy: bool,
) -> tuple[TableCopied, ...]:
    """Every table's rows, parents first, in one transaction on the target: a failure leaves it empty."""
    shape = _copy_shape()
    done: list[TableCopied] = []
    with target.begin() as writing:
        for table in copied_tables():
            copy = shape[table.name]
            started, rows = time.perf_counter(), 0
            query = sa.select(*copy.columns).order_by(*copy.primary_key.columns)
            try:
                write = _writer(writing, copy, postgresql_copy)
                result = reading.execution_options(stream_results=True, yield_per=batch_rows).execute(query)
                for batch in result.partitions(batch_rows):
                    write(batch)
                    rows += len(batch)
            except (sa.exc.SQLAlchemyError, writing.dialect.loaded_dbapi.Error) as error:  # COPY's errors are the driver's own
                raise CopyFailed(
                    f"the copy stopped at the table {table.name} ({one_line(error)}); nothing was copied, "
                    "the target holds only the empty schema"
                ) from None
            copied = TableCopied(table.name, rows, time.perf_counter() - started)
            done.append(copied)
            if progress is not None:
                progress(copied)
        if writing.dialect.name == "postgresql":
            _continue_sequences(writing)
    return tuple(done)


def _writer(writing: sa.Connection, table: sa.Table, postgresql_copy: bool) -> Callable[[Sequence[sa.Row[Any]]], None]:
    """How a batch of rows goes in: PostgreSQL's COPY where the driver has it (bench/database_copy.py), else INSERT."""
    if postgresql_copy and writing.dialect.name == "postgresql" and writing.dialect.driver == "psycopg":
        converters = [_copy_value(column) for column in table.columns]
        columns = ", ".join(f'"{column.name}"' for column in table.columns)
        statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
        cursor = writing.connection.dbapi_connection.cursor()  # type: ignore[union-attr]

        def copy_rows(batch: Sequence[sa.Row[Any]]) -> None:
            with cursor.copy(statement) as copy:
                for row in batch:
                    copy.write_row([convert(value) for convert, value in zip(converters, row)])

        return copy_rows
    insert = table.insert()

    def insert_rows(batch: Sequence[sa.Row[Any]]) -> None:
        writing.execute(insert, [row._asdict() for row in batch])

    return insert_rows


def _copy_value(column: sa.Column[Any]) -> Callable[[Any], Any]:
    """A column's value as COPY takes it: what the column type's own bind step would have made of it."""
    if isinstance(column.type, UTCDateTime):
        return lambda value: None if value is None else value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(column.type, sa.JSON):
        return lambda value: None if value is None else json.dumps(value)
    return lambda value: value


def _gather_statistics(target: sa.Engine) -> None:
    """PostgreSQL: ANALYZE the copied tables, so the first report reads a year as it should.

    Its autovacuum gathers them only some time after the copy; until then the
    planner takes a year of tickets for a couple of hundred rows and reads
    them one by one through an index, with each ticket's rating looked up
    apart (a year's annual report: 4.6 s in the database instead of 1.8 s).
    SQLite is left as a new database is: its plans do not wait for statistics.
    """
    if target.dialect.name != "postgresql":
        return
    with target.begin() as connection:
        connection.exec_driver_sql("ANALYZE " + ", ".join(f'"{table.name}"' for table in copied_tables()))


def _continue_sequences(writing: sa.Connection) -> None:
    """Move each id sequence past the copied ids, so the next row a server inserts does not collide.

    Tickets' ids from office nodes' ranges are left behind the sequence (ticket_ids.py): the centre's
    own tickets go on below them.
    """
    for table in copied_tables():
        column = table.autoincrement_column
        if column is None:
            continue
        below = f' WHERE "{column.name}" < {NODE_TICKETS_FROM}' if table is schema.tickets else ""
        writing.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"{below}), 0) + 1, false)'
            ),
            {"table": table.name, "column": column.name},
        )


def _counts(connection: sa.Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in copied_tables()
    }


def _office_seqs(connection: sa.Connection) -> dict[str, tuple[int, int | None, int]]:
    """Each office's last seq (its counter), its newest kept event's seq and how many events it keeps."""
    last = dict(connection.execute(sa.select(schema.office_sequences.c.office, schema.office_sequences.c.last_seq)).tuples().all())
    kept = {
        office: (newest, count)
        for office, newest, count in connection.execute(
            sa.select(schema.events.c.office, sa.func.max(schema.events.c.seq), sa.func.count()).group_by(schema.events.c.office)
        ).tuples()
    }
    offices = set(last) | set(kept)
    return {office: (int(last.get(office, 0)), *kept.get(office, (None, 0))) for office in sorted(offices)}


def _verify(reading: sa.Connection, target: sa.Engine) -> int:
    """Compare the rows of every table and each office's event seq; returns how many offices were compared."""
    expected_rows, expected_seqs = _counts(reading), _office_seqs(reading)
    with target.connect() as connection:
        found_rows, found_seqs = _counts(connection), _office_seqs(connection)
    for name, rows in expected_rows.items():
        if found_rows[name] != rows:
            raise CopyFailed(f"the copy does not match its source: {name} has {found_rows[name]} rows, the source {rows}")
    for office, seqs in expected_seqs.items():
        if found_seqs.get(office) != seqs:
            raise CopyFailed(f"the copy does not match its source: the events of office {office} are {found_seqs.get(office)}, the source's {seqs}")
    return len(expected_seqs)
