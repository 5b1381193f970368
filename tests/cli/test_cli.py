"""The `cherga` command, run in-process with the bundled configuration."""

from __future__ import annotations

import io
import sys

import pytest
import sqlalchemy as sa

from queue_server.cli import main
from queue_server.commands.access import require_booker, require_issue_ticket
from queue_server.commands.accounts import MIN_PASSWORD, actor_for_token
from queue_server.domain.errors import AccessDenied
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
    assert code == 0 and "39 offices" in out and "(9 of them packages)" in out


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
        (("user", "add", "olena", "--role", "operator", "--office", "main"), "", "no password"),
        (("user", "add", "olena", "--role", "operator", "--office", "main"), "nine-char\n", f"{MIN_PASSWORD} to"),
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
        device_id = out.splitlines()[1].split()[0]
        assert run(capsys, "device", "revoke", device_id, "--database", database_url)[0] == 0
        assert actor_for_token(ctx, token) is None
    finally:
        ctx.engine.dispose()


def test_device_add_registers_a_partner_whose_token_books_and_does_nothing_else(capsys, database_url) -> None:
    argv = ("device", "add", "--kind", "partner", "--office", "main", "--name", "city-portal", "--database", database_url)
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "partner 'city-portal'" in out
    token = out.strip().splitlines()[-1]
    ctx = open_context(Settings.from_env({}, database_url=database_url))
    try:
        partner = actor_for_token(ctx, token)
        assert partner.role == "partner" and partner.is_device()
        assert require_booker(partner) is partner
        with pytest.raises(AccessDenied):
            require_issue_ticket(partner, "main")
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


# passwords: one rule, asked for in a terminal, read from a pipe without a flag


def test_user_add_reads_a_piped_password_without_the_flag(capsys, database_url) -> None:
    code, out, err = run(capsys, "user", "add", "olena", "--role", "operator", "--office", "main", "--database", database_url, stdin="a-long-password\n")
    assert code == 0 and "olena" in out, err
    assert count(database_url, users) == 1


def test_the_guides_say_the_passwords_rule_of_the_code() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    said = {path.name: path.read_text(encoding="utf-8") for path in sorted((root / "docs").glob("*.md"))}
    mentions = {name for name, text in said.items() if f"не менше {MIN_PASSWORD} символів" in text or f"at least {MIN_PASSWORD} characters" in text}
    assert {"guide-desk.md", "deploy.md"} <= mentions
    for name, text in said.items():  # no guide states another minimum
        for other in range(4, 30):
            if other != MIN_PASSWORD:
                assert f"не менше {other} символів" not in text and f"at least {other} characters" not in text, name
    page = (root / "queue_server" / "staff" / "templates" / "desk_console.html").read_text(encoding="utf-8")
    assert f'minlength="{MIN_PASSWORD}"' in page


def test_user_add_asks_for_the_password_in_a_terminal(database_url) -> None:
    import os
    import pty
    import time

    pid, terminal = pty.fork()
    if pid == 0:  # the child: the real command, its standard input a terminal
        os.execv(sys.executable, [sys.executable, "-m", "queue_server.cli", "user", "add", "olena", "--role", "operator", "--office", "main", "--database", database_url])
    seen = b""

    def wait_for(words: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while words not in seen:
            assert time.monotonic() < deadline, seen
            try:
                seen += os.read(terminal, 1024)
            except OSError:
                raise AssertionError(f"the command ended before asking {words!r}: {seen!r}") from None

    wait_for(b"Password")
    assert f"at least {MIN_PASSWORD}".encode() in seen
    os.write(terminal, b"a-long-password\n")
    wait_for(b"Repeat")
    os.write(terminal, b"a-long-password\n")
    wait_for(b"created")
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 0 and b"a-long-password" not in seen  # never echoed
    assert count(database_url, users) == 1


# devices: a header, and when each was last seen


def test_device_list_has_a_header_and_when_each_device_was_last_seen(capsys, database_url) -> None:
    tokens = []
    for name in ("kiosk-1", "kiosk-2"):
        _, out, _ = run(capsys, "device", "add", "--kind", "kiosk", "--office", "main", "--name", name, "--database", database_url)
        tokens.append(out.strip().splitlines()[-1])
    ctx = open_context(Settings.from_env({}, database_url=database_url))
    try:
        assert actor_for_token(ctx, tokens[0]) is not None  # kiosk-1 asks the server something
    finally:
        ctx.engine.dispose()
    code, out, _ = run(capsys, "device", "list", "--database", database_url)
    header, first, second = out.splitlines()
    assert header.split() == ["ID", "OFFICE", "KIND", "NAME", "STATE", "LAST", "SEEN", "(UTC)"]
    assert first.split()[3:5] == ["kiosk-1", "active"] and first.split()[-2].count("-") == 2  # a date and a time
    assert second.split()[3:] == ["kiosk-2", "active", "never"]
    assert header.index("LAST SEEN") == first.index(first.split()[-2])  # the columns line up


def test_a_revoked_devices_name_can_be_registered_again(capsys, database_url) -> None:
    argv = ("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", "--database", database_url)
    code, out, _ = run(capsys, *argv)
    leaked = out.strip().splitlines()[-1]
    assert run(capsys, *argv)[0] == 2  # taken while active
    device_id = out.split("registered as device ")[1].split(";")[0]
    assert run(capsys, "device", "revoke", device_id, "--database", database_url)[0] == 0
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    fresh = out.strip().splitlines()[-1]
    ctx = open_context(Settings.from_env({}, database_url=database_url))
    try:
        assert actor_for_token(ctx, leaked) is None and actor_for_token(ctx, fresh).name == "kiosk-1"
    finally:
        ctx.engine.dispose()


def test_user_unlock(capsys, database_url) -> None:
    run(capsys, "user", "add", "olena", "--role", "operator", "--office", "main", "--database", database_url, stdin="a-long-password\n")
    code, out, _ = run(capsys, "user", "unlock", "olena", "--database", database_url)
    assert code == 0 and "olena unlocked (0 failed login(s) forgotten)" in out
    code, _, err = run(capsys, "user", "unlock", "nobody", "--database", database_url)
    assert code == 2 and "nobody" in err


def test_door_qr_prints_the_posters_address_keeps_its_key_and_renews_it(capsys, database_url, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("CHERGA_PUBLIC_URL", raising=False)
    base = ("door-qr", "main", "--url", "https://cherga.kr.gov.ua/", "--database", database_url)
    code, out, _ = run(capsys, *base, "--png", str(tmp_path / "door.png"))
    first = out.strip().splitlines()[-1]
    assert code == 0 and first.startswith("https://cherga.kr.gov.ua/door/main?key=") and len(first.split("key=")[1]) >= 40
    assert (tmp_path / "door.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run(capsys, *base)[1].strip() == first  # the poster already printed stays valid
    renewed = run(capsys, *base, "--renew")[1].strip()
    assert renewed != first and run(capsys, *base)[1].strip() == renewed


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("door-qr", "nowhere", "--url", "https://cherga.kr.gov.ua"), "nowhere"),
        (("door-qr", "main"), "--url"),  # no public address known: the poster would point nowhere
    ],
)
def test_bad_door_qr_commands(capsys, database_url, monkeypatch, argv, words) -> None:
    monkeypatch.delenv("CHERGA_PUBLIC_URL", raising=False)
    code, _, err = run(capsys, *argv, "--database", database_url)
    assert code == 2 and words in err
