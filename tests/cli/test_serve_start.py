"""`cherga serve` refuses a database or a port it cannot use: one clear line, exit 2, nothing created.

Each case runs the real command in its own process (it would otherwise
patch this process for gevent); a refused start ends within seconds, a
wrong one would start serving and hit the timeout.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from live_server import Server, cherga
from start_refusal import TIMEOUT, assert_refused, serve


@pytest.fixture(scope="module")
def real_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by the real CLI, with a table of filler rows to damage."""
    path = tmp_path_factory.mktemp("real") / "cherga.sqlite3"
    cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=f"sqlite:///{path}")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, value INTEGER, body TEXT)")
    connection.executemany("INSERT INTO filler (value, body) VALUES (?, ?)", [(number, "x" * 200) for number in range(2000)])
    connection.execute("CREATE INDEX filler_value ON filler (value)")
    connection.commit()
    connection.close()
    return path


def copy_of(database: Path, folder: Path) -> Path:
    copy = folder / database.name
    copy.write_bytes(database.read_bytes())
    return copy


def test_a_missing_database_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "cherga.sqlite3"
    assert_refused(serve(f"sqlite:///{missing}"), str(missing), "--create-database")
    assert not missing.parent.exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "cherga.sqlite3"
    folder.mkdir()
    assert_refused(serve(f"sqlite:///{folder}"), "folder")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cherga.sqlite3"
    path.write_text("tickets of the day\n" * 100)
    assert_refused(serve(f"sqlite:///{path}"), "not a SQLite database")
    assert path.read_text() == "tickets of the day\n" * 100


@pytest.mark.parametrize("keep", [50_000, 40 * 4096], ids=["mid-page", "page-boundary"])
def test_a_truncated_database_is_refused(tmp_path: Path, real_database: Path, keep: int) -> None:
    path = tmp_path / "cherga.sqlite3"
    path.write_bytes(real_database.read_bytes()[:keep])
    assert_refused(serve(f"sqlite:///{path}"), "truncated")


def test_a_database_with_overwritten_pages_is_refused(tmp_path: Path, real_database: Path) -> None:
    path = copy_of(real_database, tmp_path)
    data = bytearray(path.read_bytes())
    page = len(data) - 20 * 4096  # a page of the filler table, far from the tables a ticket touches
    data[page : page + 4096] = os.urandom(4096)
    path.write_bytes(bytes(data))
    assert_refused(serve(f"sqlite:///{path}"), "damaged")


def test_the_full_check_finds_an_index_that_disagrees_with_its_table(tmp_path: Path, real_database: Path) -> None:
    """`quick_check` reads every page but does not compare indexes with tables; `integrity_check` does."""
    path = copy_of(real_database, tmp_path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema=ON")
    connection.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX filler_value ON filler (id)' WHERE name = 'filler_value'")
    connection.commit()
    connection.close()
    assert_refused(serve(f"sqlite:///{path}", "--check-database", "full"), "damaged", "integrity_check", "missing from index")
    assert_refused(serve(f"sqlite:///{path}", env={"CHERGA_DATABASE_CHECK": "full"}), "integrity_check")


def test_a_database_on_a_read_only_mount_is_refused(tmp_path: Path, real_database: Path) -> None:
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        copy_of(real_database, mount)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        assert_refused(serve(f"sqlite:///{mount / real_database.name}"), "read-only")
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_busy_port_is_one_line_and_says_nothing_of_serving(real_database: Path, tmp_path: Path) -> None:
    path = copy_of(real_database, tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_refused(serve(f"sqlite:///{path}", port=port), str(port), "in use")


def test_asked_to_create_it_serve_starts_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "new" / "cherga.sqlite3"
    server = Server(database=f"sqlite:///{path}", log_path=tmp_path / "server.log", create_database=False, environment={"CHERGA_CREATE_DATABASE": "true"})
    server.start()
    try:
        assert path.is_file()
    finally:
        server.kill(signal.SIGTERM)
    assert "Cherga stopped" in server.log()


def test_the_demo_may_create_its_database(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "cherga.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "demo", "--seed-only", "--database", f"sqlite:///{path}"],
        capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert path.is_file()
