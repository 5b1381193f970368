"""The database engine: SQLite (the default, one file) or PostgreSQL.

On SQLite every write transaction starts with `BEGIN IMMEDIATE`: it takes
the write lock before reading, so two desks can never both read the same
waiting ticket and both call it. Reads start a deferred transaction and, in
WAL mode, never wait for a writer.

`synchronous=FULL` (the default) makes SQLite flush the write-ahead log to
the disk at every commit: a ticket that got its 201 survives a power cut.
`NORMAL` flushes only at checkpoints: still never a damaged file, but the
last commits before a power cut (not a process kill) may be lost. The cost
of FULL is measured by bench/sqlite_synchronous.py (docs/performance.md).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

READ_ONLY = "cherga_read_only"
SYNCHRONOUS_MODES = ("full", "normal")
# A pooled PostgreSQL connection is tried before use only after this long in
# the pool (see `_ping_when_idle`).
PING_AFTER_IDLE_SECONDS = 1.0
_RETURNED_AT = "cherga_returned_at"


def _ping_when_idle(engine: sa.Engine, idle_seconds: float) -> None:
    """Try a pooled connection before it is used, if it has been idle; a dead one is replaced.

    A restart of PostgreSQL kills every connection in the pool. SQLAlchemy's
    `pool_pre_ping` finds them by a `SELECT 1` before *every* use: a round
    trip more for each command and each token look-up. A restart takes the
    server away for longer than `idle_seconds`, so a connection that was in
    the pool across it has been idle that long and is tried here; one in use
    when it went fails its command, and that error makes SQLAlchemy
    invalidate the whole pool, so no later command meets a dead connection.
    Under load a connection goes back out within milliseconds and is never
    tried. A dead connection found here is replaced by a new one (the pool's
    documented `DisconnectionError` protocol).
    """

    @sa.event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < idle_seconds:
            return  # new, or back from work a moment ago
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()
        except Exception as error:
            raise sa.exc.DisconnectionError(f"a pooled connection is dead: {error}") from error


def _configure_sqlite(engine: sa.Engine, synchronous: str) -> None:
    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # hand transaction control to the "begin" hook below
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def sqlite_path(url: str) -> Path | None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def make_engine(url: str, *, synchronous: str = "full") -> sa.Engine:
    """An engine for `url`; a SQLite file's folder is created if missing.

    `synchronous` is SQLite's durability at commit, "full" or "normal" (see above).
    """
    if synchronous not in SYNCHRONOUS_MODES:
        raise ValueError(f"synchronous={synchronous!r}: expected one of {', '.join(SYNCHRONOUS_MODES)}")
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is None or str(path) == ":memory:":
            raise ValueError("Cherga needs a SQLite file, not an in-memory database")
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=max(4, (os.cpu_count() or 1) * 2),
            max_overflow=16,
        )
        _configure_sqlite(engine, synchronous)
        return engine
    engine = sa.create_engine(url)
    _ping_when_idle(engine, PING_AFTER_IDLE_SECONDS)
    return engine
