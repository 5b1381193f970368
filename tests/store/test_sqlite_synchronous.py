"""SQLite flushes every commit to the disk by default (synchronous=FULL): an answered ticket survives a power cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.settings import Settings, SettingsError
from queue_server.wiring import open_context

FULL, NORMAL = 2, 1  # what PRAGMA synchronous answers


def synchronous_of(settings: Settings) -> int:
    ctx = open_context(settings)
    try:
        with ctx.engine.connect() as connection:
            return int(connection.exec_driver_sql("PRAGMA synchronous").scalar_one())
    finally:
        ctx.engine.dispose()


def test_full_by_default(tmp_path: Path) -> None:
    assert synchronous_of(Settings.from_env({"CHERGA_DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}"})) == FULL


def test_normal_when_chosen(tmp_path: Path) -> None:
    settings = Settings.from_env({"CHERGA_DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}", "CHERGA_SQLITE_SYNCHRONOUS": "normal"})
    assert synchronous_of(settings) == NORMAL


def test_a_bad_value_names_the_key() -> None:
    with pytest.raises(SettingsError, match="CHERGA_SQLITE_SYNCHRONOUS='off'"):
        Settings.from_env({"CHERGA_SQLITE_SYNCHRONOUS": "off"})
