"""Which driver errors are the storage's (503) and which are bugs (500), on real SQLite errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from queue_server.store.storage_trouble import storage_trouble


def error_of(action) -> BaseException:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception) as caught:
        action()
    return caught.value


def test_a_read_only_database_is_storage_read_only(tmp_path: Path) -> None:
    path = tmp_path / "cherga.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE tickets (id INTEGER PRIMARY KEY)").connection.close()
    engine = sa.create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as connection:
            error = error_of(lambda: connection.exec_driver_sql("INSERT INTO tickets DEFAULT VALUES"))
    finally:
        engine.dispose()
    assert isinstance(error, sa.exc.OperationalError)
    trouble = storage_trouble(error)
    assert trouble is not None and trouble.code == "storage_read_only" and trouble.retry_after > 0


def test_a_mistake_in_sql_is_a_bug_not_the_storage(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'cherga.sqlite3'}")
    try:
        with engine.connect() as connection:
            error = error_of(lambda: connection.exec_driver_sql("SELECT * FROM no_such_table"))
    finally:
        engine.dispose()
    assert isinstance(error, sa.exc.OperationalError) and storage_trouble(error) is None
