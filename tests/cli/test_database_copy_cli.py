"""`cherga db copy` as an administrator meets it: the tables as they go, a summary, or one line and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from cli.test_cli import count, run
from postgres_databases import fresh_database
from queue_server.store.schema import devices


@pytest.fixture
def source(tmp_path: Path, capsys) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    assert run(capsys, "device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", "--database", url)[0] == 0
    return url


def test_a_copy_lists_its_tables_and_sums_up(source, tmp_path, capsys) -> None:
    code, out, err = run(capsys, "db", "copy", "--from", source, "--to", f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"copying {tmp_path / 'office.sqlite3'} to {tmp_path / 'copy.sqlite3'}"
    assert any(line.split()[:2] == ["devices", "1"] for line in lines[1:-1])
    assert lines[-1].startswith("copied 2 rows of ") and lines[-1].endswith("verified the rows of every table and each office's event seq (offices: 0)")


@pytest.mark.parametrize(
    ("source_arg", "target_arg", "said"),
    [
        ("sqlite:///{tmp}/missing.sqlite3", "sqlite:///{tmp}/copy.sqlite3", "there is no database at {tmp}/missing.sqlite3"),
        ("{source}", "{source}", "the source and the target are the same database"),
        ("{tmp}/office.sqlite3", "sqlite:///{tmp}/copy.sqlite3", "is not a database URL: give sqlite:////absolute/path.sqlite3"),
        ("{source}", "sqlite:///{tmp}/office.sqlite3", "the source and the target are the same database"),
        ("{source}", "postgresql+psycopg://cherga@127.0.0.1:1/cherga", "the target postgresql+psycopg://cherga@127.0.0.1:1/cherga cannot be used: "),
    ],
)
def test_bad_input_is_one_line_and_exit_2(source, tmp_path, capsys, source_arg, target_arg, said) -> None:
    values = {"tmp": tmp_path, "source": source}
    code, out, err = run(capsys, "db", "copy", "--from", source_arg.format(**values), "--to", target_arg.format(**values))
    assert (code, out) == (2, "")
    assert err.startswith("cherga: error: ") and said.format(**values) in err and err.count("\n") == 1, err
    assert not (tmp_path / "copy.sqlite3").exists()


def test_the_installed_command_refuses_a_file_that_is_not_a_database(tmp_path) -> None:
    """A real process: the exit status and stderr an administrator's shell sees."""
    (tmp_path / "notes.txt").write_text("not a database\n")
    done = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "db", "copy", "--from", f"sqlite:///{tmp_path / 'notes.txt'}", "--to", f"sqlite:///{tmp_path / 'copy.sqlite3'}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"cherga: error: the source {tmp_path / 'notes.txt'} is not a SQLite database\n"


def test_a_row_postgresql_refuses_is_named_and_exit_1(source, capsys) -> None:
    """SQLite keeps a name longer than its column; PostgreSQL refuses it: the table and the reason, nothing copied."""
    engine = sa.create_engine(source)
    with engine.begin() as conn:
        conn.execute(devices.update().values(name="k" * 150))
    engine.dispose()
    with fresh_database("cherga_copy_cli") as target:
        code, out, err = run(capsys, "db", "copy", "--from", source, "--to", target)
        assert code == 1 and "devices" not in out
        assert err.startswith("cherga: error: the copy stopped at the table devices (") and err.count("\n") == 1, err
        assert err.rstrip().endswith("nothing was copied, the target holds only the empty schema")
        assert count(target, devices) == 0
