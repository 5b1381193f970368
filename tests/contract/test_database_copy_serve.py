"""A day worked on SQLite, copied by the real `cherga db copy`, goes on on PostgreSQL as if nothing had moved.

The «Віза» main office works a morning on a real server over SQLite (tickets
issued, one called, served and rated, a booking, a user, a device, the audit
entries all that writes); the server stops; the command copies the file into
a new PostgreSQL database; a real server starts on the copy (told not to
create anything) and the same staff log in with the same password, the next
ticket continues the day's numbering, a client replays the day's events by
`seq`, and the reports give the figures they gave on SQLite.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from contract.test_live_server import Watcher
from live_server import Server, cherga, staff_token
from postgres_databases import fresh_database

pytestmark = [pytest.mark.contract, pytest.mark.slow]  # two servers started, a copy made: about 25 s
PASSWORD = "password-1"
OFFICE = "main"
BOOKABLE = "id-card-exchange"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database("cherga_copy_serve") as url:
        yield url


def login(server: Server, username: str) -> str:
    return staff_token(server, username, PASSWORD)


def post(server: Server, path: str, token: str | None = None, body: dict | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(server.url + path, json=body, headers=headers, timeout=30)


def reports(server: Server, manager: str, year: str) -> dict[str, object]:
    period = f"from={year}-01-01&to={year}-12-31&office={OFFICE}"
    found = {}
    for name, query in (("summary", period), ("by service", period + "&group=service"), ("by operator", period + "&group=operator"), ("operators", period)):
        path = "/api/v1/reports/" + ("figures" if name.startswith("by ") else name) + "?" + query
        answer = requests.get(server.url + path, headers={"Authorization": f"Bearer {manager}"}, timeout=30)
        assert answer.status_code == 200, answer.text
        found[name] = answer.json()
    return found


def book(server: Server) -> dict:
    today = dt.date.today()
    for offset in range(8):
        day = (today + dt.timedelta(days=offset)).isoformat()
        slots = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services/{BOOKABLE}/slots", params={"date": day}, timeout=10).json()
        if slots:
            body = {"office": OFFICE, "service": BOOKABLE, "start": slots[0]["start"], "name": "Олена Коваль", "phone": "+380671234567"}
            answer = post(server, "/api/v1/appointments", body=body)
            assert answer.status_code == 201, answer.text
            return answer.json()  # type: ignore[no-any-return]
    raise AssertionError("no bookable day in the coming week")


def work_a_morning(server: Server) -> tuple[str, list[dict]]:
    """A kiosk, an operator and a manager made by the CLI; three tickets, one served and rated; a booking."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", OFFICE, "--name", "kiosk-1", database=server.database).strip().splitlines()[-1]
    cherga("user", "add", "olena", "--role", "operator", "--office", OFFICE, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    cherga("user", "add", "head", "--role", "manager", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    operator = login(server, "olena")
    desk = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/desks", timeout=10).json()[0]
    service = desk["services"][0]
    issued = []
    for _ in range(3):
        answer = post(server, f"/api/v1/offices/{OFFICE}/tickets", kiosk, {"service": service})
        assert answer.status_code == 201, answer.text
        issued.append(answer.json())
    at = f"/api/v1/desks/{desk['id']}"
    assert post(server, at + "/open", operator).status_code == 200
    called = post(server, at + "/call-next", operator).json()
    assert called["id"] == issued[0]["id"], "the longest waiting is called first"
    assert post(server, at + "/start", operator, {"ticket": called["id"]}).status_code == 200
    assert post(server, at + "/finish", operator, {"ticket": called["id"]}).status_code == 200
    assert post(server, f"/api/v1/tickets/{issued[0]['token']}/rating", body={"score": 5}).status_code in (200, 201)
    assert post(server, at + "/close", operator).status_code == 200  # an open desk's minutes grow with the clock
    book(server)
    return kiosk, issued


def test_a_day_copied_to_postgresql_goes_on_there(tmp_path: Path, postgres_url: str) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    original = Server(database=sqlite_url, log_path=tmp_path / "sqlite.log")
    original.start()
    try:
        kiosk, issued = work_a_morning(original)
        year = issued[0]["issued_at"][:4]
        before = reports(original, login(original, "head"), year)
        seq = requests.get(f"{original.url}/api/v1/offices/{OFFICE}/queue", timeout=10).json()["seq"]
    except AssertionError:
        print(f"----- server log (SQLite) -----\n{original.log()}")
        raise
    finally:
        original.kill(signal.SIGTERM)

    copied = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "db", "copy", "--from", sqlite_url, "--to", postgres_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stderr
    assert copied.stderr == ""
    assert copied.stdout.splitlines()[-1].endswith("verified the rows of every table and each office's event seq (offices: 1)"), copied.stdout

    copy = Server(database=postgres_url, log_path=tmp_path / "postgresql.log", create_database=False)
    copy.start()
    watcher = None
    try:
        manager = login(copy, "head")  # the same password: the hashes came over as they were
        assert reports(copy, manager, year) == before
        watcher = Watcher(copy.url)
        ack = watcher.subscribe(since=1)
        assert ack["replayed"] == seq - 1
        assert [event["seq"] for event in watcher.wait_for(seq - 1)] == list(range(2, seq + 1))
        answer = post(copy, f"/api/v1/offices/{OFFICE}/tickets", kiosk, {"service": issued[0]["service"]})
        assert answer.status_code == 201, answer.text + copy.log()
        last = issued[-1]["number"]
        assert answer.json()["number"] == f"{last[:-3]}{int(last[-3:]) + 1:03d}"
        assert watcher.wait_for(seq)[-1]["seq"] == seq + 1
        at = "/api/v1/desks/" + requests.get(f"{copy.url}/api/v1/offices/{OFFICE}/desks", timeout=10).json()[0]["id"]
        operator = login(copy, "olena")
        assert post(copy, at + "/open", operator).status_code == 200
        assert post(copy, at + "/call-next", operator).json()["id"] == issued[1]["id"], "the queue goes on where it was"
    except AssertionError:
        print(f"----- server log -----\n{copy.log()}")
        raise
    finally:
        if watcher is not None:
            watcher.close()
        copy.kill(signal.SIGTERM)
