"""The `cherga` command, run in-process with the bundled configuration."""

from __future__ import annotations

import io
import sys

import pytest
import sqlalchemy as sa

from queue_server.cli import main
from queue_server.commands.accounts import actor_for_token
from queue_server.settings import Settings
from queue_server.store.schema import devices, users
from queue_server.wiring import open_context


def run(capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        main(list(argv))
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def count(database_url: str, table: sa.Table) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
    finally:
        engine.dispose()


def test_config_check_on_the_bundled_network(capsys) -> None:
    code, out, _ = run(capsys, "config", "check")
    assert code == 0 and "39 offices" in out


def test_config_check_names_the_problem(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "config", "check", "--config", str(tmp_path / "missing"))
    assert code == 2 and "missing" in err


def test_user_add_reads_the_password_from_stdin(capsys, database_url) -> None:
    code, out, _ = run(capsys, "user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", "--database", database_url, stdin="секрет-123\n")
    assert code == 0 and "olena" in out
    assert count(database_url, users) == 1


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        (("user", "add", "olena", "--role", "operator", "--office", "nowhere", "--password-stdin"), "password-1\n", "nowhere"),
        (("user", "add", "olena", "--role", "operator", "--password-stdin"), "password-1\n", "office"),
        (("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin"), "short\n", "password"),
        (("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin"), "", "no password"),
        (("user", "add", "Bad Name", "--role", "operator", "--office", "main", "--password-stdin"), "password-1\n", "user name"),
        (("user", "add", "olena", "--role", "operator", "--office", "main"), "", "--password-stdin"),
    ],
)
def test_bad_user_commands_write_nothing(capsys, database_url, argv, stdin, words) -> None:
    code, _, err = run(capsys, *argv, "--database", database_url, stdin=stdin)
    assert code == 2 and words in err
    assert count(database_url, users) == 0


def test_device_add_prints_the_token_last_and_revoke_works(capsys, database_url) -> None:
    code, out, _ = run(capsys, "device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", "--database", database_url)
    assert code == 0
    token = out.strip().splitlines()[-1]
    ctx = open_context(Settings.from_env({}, database_url=database_url))
    try:
        assert actor_for_token(ctx, token).role == "kiosk"
        code, out, _ = run(capsys, "device", "list", "--database", database_url)
        device_id = out.split()[0]
        assert run(capsys, "device", "revoke", device_id, "--database", database_url)[0] == 0
        assert actor_for_token(ctx, token) is None
    finally:
        ctx.engine.dispose()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("device", "add", "--kind", "kiosk", "--office", "nowhere", "--name", "k"), "nowhere"),
        (("device", "add", "--kind", "kiosk", "--office", "main", "--name", " "), "name"),
        (("device", "revoke", "42"), "42"),
    ],
)
def test_bad_device_commands(capsys, database_url, argv, words) -> None:
    code, _, err = run(capsys, *argv, "--database", database_url)
    assert code == 2 and words in err
    assert count(database_url, devices) == 0


def test_bad_settings_are_named(capsys, monkeypatch, database_url) -> None:
    monkeypatch.setenv("CHERGA_MAX_REPLAY", "lots")
    code, _, err = run(capsys, "device", "list", "--database", database_url)
    assert code == 2 and "CHERGA_MAX_REPLAY" in err and "lots" in err
    monkeypatch.delenv("CHERGA_MAX_REPLAY")
    code, _, err = run(capsys, "device", "list", "--database", "mysql://x")
    assert code == 2 and "CHERGA_DATABASE_URL" in err


def test_database_url_comes_from_the_environment(capsys, monkeypatch, database_url) -> None:
    monkeypatch.setenv("CHERGA_DATABASE_URL", database_url)
    code, _, _ = run(capsys, "device", "add", "--kind", "display", "--office", "main", "--name", "hall")
    assert code == 0 and count(database_url, devices) == 1


def test_config_check_refuses_a_broken_voice_clip(capsys, tmp_path) -> None:
    import shutil

    from queue_server.network_config import DEFAULT_CONFIG_DIR

    folder = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, folder)
    (folder / "voice" / "uk").mkdir(parents=True)
    (folder / "voice" / "uk" / "талон.wav").write_bytes(b"not a wav at all")
    code, _, err = run(capsys, "config", "check", "--config", str(folder))
    assert code == 2 and "voice/" in err and "талон" in err
