"""Server processes that start together on a new PostgreSQL database all start: the schema is made once.

Each "process" here is an engine of its own (its own PostgreSQL sessions) in a
thread, released at the same moment; PostgreSQL sees them as it sees separate
processes. Skipped where no PostgreSQL answers at 127.0.0.1.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from postgres_databases import fresh_database
from queue_server.store.engine import make_engine
from queue_server.store.migrations import MIGRATIONS, upgrade

TOGETHER = 4


@pytest.fixture
def new_database() -> Iterator[str]:
    with fresh_database() as url:
        yield url


def test_processes_started_together_on_a_new_database_all_start(new_database: str) -> None:
    engines = [make_engine(new_database) for _ in range(TOGETHER)]
    start = threading.Barrier(TOGETHER)
    applied: list[list[int]] = []
    failures: list[BaseException] = []

    def starting(engine: sa.Engine) -> None:
        start.wait()
        try:
            applied.append(upgrade(engine))
        except BaseException as error:  # noqa: BLE001  # reported below, with the others
            failures.append(error)

    threads = [threading.Thread(target=starting, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for engine in engines:
        engine.dispose()
    assert not failures, failures
    every = sorted(migration.version for migration in MIGRATIONS)
    assert sorted(applied, key=len) == [[]] * (TOGETHER - 1) + [every]  # one made the schema, the others found it made
    engine = make_engine(new_database)
    with engine.connect() as connection:
        stamped = connection.execute(sa.text("SELECT version FROM schema_migrations ORDER BY version")).scalars().all()
    engine.dispose()
    assert stamped == every
