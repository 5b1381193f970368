"""Twenty visitors book the same time of a real server at once: exactly its free places succeed, the others hear 409 full."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from live_server import Server

pytestmark = pytest.mark.contract
VISITORS = 20


def _a_day_with_slots(server: Server, office: str, service: str) -> list[dict[str, object]]:
    today = dt.date.today()
    for offset in range(2, 9):  # past today's cut-off, within any horizon; one of the days is a working day
        day = today + dt.timedelta(days=offset)
        slots = requests.get(f"{server.url}/api/v1/offices/{office}/services/{service}/slots", params={"date": day.isoformat()}, timeout=10).json()
        if slots:
            return slots  # type: ignore[no-any-return]
    raise AssertionError("no bookable day in the coming week")


def test_concurrent_bookings_never_overfill_a_slot(server: Server) -> None:
    office, service = "main", "id-card-exchange"
    slot = _a_day_with_slots(server, office, service)[0]
    places = int(slot["free"])  # type: ignore[call-overload]
    assert 0 < places < VISITORS

    def book(number: int) -> requests.Response:
        body = {"office": office, "service": service, "start": slot["start"], "name": f"Відвідувач {number}", "phone": f"+3806700000{number:02d}"}
        return requests.post(server.url + "/api/v1/appointments", json=body, timeout=30)

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        answers = list(pool.map(book, range(VISITORS)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * places + [409] * (VISITORS - places), server.log()
    assert {answer.json()["error"]["code"] for answer in answers if answer.status_code == 409} == {"full"}
    codes = {answer.json()["code"] for answer in answers if answer.status_code == 201}
    assert len(codes) == places
    again = requests.get(f"{server.url}/api/v1/offices/{office}/services/{service}/slots", params={"date": slot["start"][:10]}, timeout=10).json()  # type: ignore[index]
    assert next(item for item in again if item["start"] == slot["start"])["free"] == 0
