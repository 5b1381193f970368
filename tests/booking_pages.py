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
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from factories import Clock, RecordingPublisher
from live_server import Server, cherga, round_the_clock_config
from queue_server.commands import booking
from queue_server.network_config import load_network
from queue_server.reads import appointments as reads
from queue_server.settings import Settings
from queue_server.wiring import open_context

KYIV = ZoneInfo("Europe/Kyiv")
SERVICE = "id-card-exchange"


def always_open_config(folder: Path) -> Path:
    """The bundled configuration with the offices open all day every day, no cut-off (bookings, remote tickets) and an hour's early check-in."""
    round_the_clock_config(folder)
    network = (folder / "network.toml").read_text(encoding="utf-8")
    before, booking = network.split("[booking]\n", 1)
    table, next_table, after = booking.partition("\n[")  # the [booking] table's keys only: others share their names
    for key, value in (("cutoff_minutes", "0"), ("early_minutes", "60")):
        table, found = re.subn(rf"^{key} = \d+$", f"{key} = {value}", table, flags=re.M)
        assert found == 1, key
    network = before + "[booking]\n" + table + next_table + after
    network, found = re.subn(r"(\[remote_tickets\]\n(?:(?:#.*|[a-z_]+ = .*)\n)*?)cutoff_minutes = \d+", r"\1cutoff_minutes = 0", network)
    assert found == 1, "remote_tickets.cutoff_minutes"
    (folder / "network.toml").write_text(network, encoding="utf-8")
    return folder


def start_server(tmp_path: Path) -> Server:
    folder = always_open_config(tmp_path / "config")
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
        slots = requests.get(f"{server.url}/api/v1/offices/main/services/{service}/slots", params={"date": day.isoformat()}, timeout=10).json()
        free = [slot for slot in slots if slot["free"] > 0]
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


def book_back_then(server: Server, minutes_ago: float, *, name: str = "Тарас Late", phone: str = "+380501112233") -> str:
    """Book a slot that started about `minutes_ago` minutes ago, as booked two hours before it; returns its code."""
    target = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)
    clock = Clock(target - dt.timedelta(hours=2))
    settings = Settings.from_env({}, database_url=server.database, config_dir=server.config_dir)  # type: ignore[attr-defined]
    ctx = open_context(settings, publisher=RecordingPublisher(), clock=clock, network=load_network(server.config_dir))  # type: ignore[attr-defined]
    try:
        _, slots = reads.open_slots(ctx, "main", SERVICE, target.astimezone(KYIV).date())
        started = [slot for slot in slots if slot.start <= target and slot.free > 0]
        assert started, f"no slot around {target:%H:%M} UTC"
        made = booking.book(ctx, "main", SERVICE, started[-1].start, name=name, phone=phone, key=b"tests")
        return made.code
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
