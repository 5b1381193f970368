"""Bookings for the pages' tests: a server whose main office is open around the clock, and bookings made on it.

The server runs on the real clock, so the bundled configuration is changed
only where a test needs it to be: the main office open every day from
00:00 to 23:59, bookings taken up to their start (no cut-off) and a check-in
an hour before the booked time, so the next slot of today is due whatever
the hour the suite runs. A booking in the past (a late visitor, a missed
day) is made as the server would have made it then: by the same command,
on the same database, with the clock set back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from factories import Clock, RecordingPublisher
from live_server import Server, cherga, round_the_clock_config
from queue_server.commands import booking
from queue_server.commands.context import CommandContext
from queue_server.domain.appointments import Appointment
from queue_server.network_config import load_network
from queue_server.reads import appointments as reads
from queue_server.settings import Settings
from queue_server.wiring import open_context

KYIV = ZoneInfo("Europe/Kyiv")
SERVICE = "id-card-exchange"


def always_open_config(folder: Path, *, grace_minutes: int = 10) -> Path:
    """The bundled configuration with the offices open all day every day, no cut-off (bookings, remote tickets) and an hour's early check-in."""
    round_the_clock_config(folder)
    network = (folder / "network.toml").read_text(encoding="utf-8")
    before, booking = network.split("[booking]\n", 1)
    table, next_table, after = booking.partition("\n[")  # the [booking] table's keys only: others share their names
    for key, value in (("cutoff_minutes", "0"), ("early_minutes", "60"), ("grace_minutes", str(grace_minutes))):
        table, found = re.subn(rf"^{key} = \d+$", f"{key} = {value}", table, flags=re.M)
        assert found == 1, key
    network = before + "[booking]\n" + table + next_table + after
    network, found = re.subn(r"(\[remote_tickets\]\n(?:(?:#.*|[a-z_]+ = .*)\n)*?)cutoff_minutes = \d+", r"\1cutoff_minutes = 0", network)
    assert found == 1, "remote_tickets.cutoff_minutes"
    (folder / "network.toml").write_text(network, encoding="utf-8")
    return folder


def start_server(tmp_path: Path, *, grace_minutes: int = 10) -> Server:
    folder = always_open_config(tmp_path / "config", grace_minutes=grace_minutes)
    running = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", environment={"CHERGA_CONFIG_DIR": str(folder)})
    running.config_dir = folder  # type: ignore[attr-defined]
    running.start()
    return running


def today() -> dt.date:
    return dt.datetime.now(KYIV).date()


def book_next(
    server: Server, name: str = "Олена Коваль", phone: str = "+380671234567", *, day: dt.date | None = None, service: str = SERVICE
) -> dict[str, str]:
    """Book the first free slot of the day through the public API.

    Without a day: the next free slot from now, due within the hour — today's,
    or after today's last slot (late in the evening) tomorrow's first at 00:00,
    whose early check-in opens at 23:00.
    """
    days = [day] if day else [today(), today() + dt.timedelta(days=1)]
    free: list[dict[str, str]] = []
    for day in days:
        free = [slot for slot in _slots(server, service, day) if slot["free"] > 0]
        if free:
            break
    assert free, f"no free slot on {days}"
    answer = requests.post(
        f"{server.url}/api/v1/appointments",
        json={"office": "main", "service": service, "start": free[0]["start"], "name": name, "phone": phone},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def book_today(server: Server, name: str, phone: str, *, service: str = SERVICE) -> dict[str, str]:
    """A booking of today's list due about now: the next free slot of today, or after today's last one has begun, that slot booked back then.

    For the tests that read the day's list: late in the evening `book_next`
    would book tomorrow. A server whose grace covers a slot's length can
    check either in.
    """
    if any(slot["free"] > 0 for slot in _slots(server, service, today())):
        return book_next(server, name, phone, day=today(), service=service)
    made = _book_then(server, dt.datetime.now(dt.UTC), name=name, phone=phone, service=service)
    return {"code": made.code, "token": made.token, "start": made.start.isoformat()}


def cancel(server: Server, booked: dict[str, str]) -> None:
    """Cancel a booking as its visitor would; one whose time has begun (`book_today` late in the evening) as cancelled an hour before it."""
    start = dt.datetime.fromisoformat(booked["start"])
    if start > dt.datetime.now(dt.UTC):
        answer = requests.post(f"{server.url}/api/v1/appointments/{booked['token']}/cancel", timeout=10)
        assert answer.status_code == 200, answer.text
        return
    with _back_then(server, start - dt.timedelta(hours=1)) as ctx:
        booking.cancel(ctx, booked["token"])


def book_back_then(server: Server, minutes_ago: float, *, name: str = "Тарас Late", phone: str = "+380501112233") -> str:
    """Book a slot that started about `minutes_ago` minutes ago, as booked two hours before it; returns its code."""
    return _book_then(server, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago), name=name, phone=phone).code


def _slots(server: Server, service: str, day: dt.date) -> list[dict[str, Any]]:
    answer = requests.get(f"{server.url}/api/v1/offices/main/services/{service}/slots", params={"date": day.isoformat()}, timeout=10)
    return answer.json()  # type: ignore[no-any-return]


def _book_then(server: Server, target: dt.datetime, *, name: str, phone: str, service: str = SERVICE) -> Appointment:
    """Book the latest slot of `target`'s day begun by `target`, as booked two hours before it."""
    with _back_then(server, target - dt.timedelta(hours=2)) as ctx:
        _, slots = reads.open_slots(ctx, "main", service, target.astimezone(KYIV).date())
        started = [slot for slot in slots if slot.start <= target and slot.free > 0]
        assert started, f"no slot around {target:%H:%M} UTC"
        return booking.book(ctx, "main", service, started[-1].start, name=name, phone=phone, key=b"tests")


@contextmanager
def _back_then(server: Server, moment: dt.datetime) -> Iterator[CommandContext]:
    """The server's commands on its database, with the clock at `moment`."""
    settings = Settings.from_env({}, database_url=server.database, config_dir=server.config_dir)  # type: ignore[attr-defined]
    ctx = open_context(settings, publisher=RecordingPublisher(), clock=Clock(moment), network=load_network(server.config_dir))  # type: ignore[attr-defined]
    try:
        yield ctx
    finally:
        ctx.engine.dispose()


def add_staff(server: Server, name: str, role: str, password: str = "password-1") -> str:
    """A staff member of the main office, made with the real CLI; returns an API token of theirs."""
    cherga("user", "add", name, "--role", role, "--office", "main", "--password-stdin", database=server.database, stdin=password + "\n")
    answer = requests.post(server.url + "/api/v1/auth/login", json={"username": name, "password": password}, timeout=10)
    return answer.json()["token"]  # type: ignore[no-any-return]


def staff_queue(server: Server, token: str) -> dict:  # type: ignore[type-arg]
    """The office's snapshot as its staff see it: with each ticket's appointment time."""
    return requests.get(f"{server.url}/api/v1/offices/main/queue", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()  # type: ignore[no-any-return]
