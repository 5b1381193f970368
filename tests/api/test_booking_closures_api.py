"""Closures of bookings and lifting a no-show block over HTTP; every bad input a 4xx JSON with nothing changed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from booking_cases import TOMORROW, booking_network, missed_three_times
from factories import T0
from queue_server.store import messages as outbox
from queue_server.store.schema import booking_block_lifts, booking_closures
from web import bearer

VISITOR = {"office": "alpha", "service": "passport", "name": "Олена Коваль", "phone": "067 123 45 67"}
TEN = "2026-11-25T10:00:00+02:00"
CLOSURES = "/api/v1/offices/alpha/booking-closures"


@pytest.fixture
def network():
    return booking_network(places=3)


def _count(app, table) -> int:
    with app.extensions["cherga"].engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


def test_a_closed_afternoon_cancels_its_bookings_tells_them_with_the_booking_page_and_reopens(client, app, tokens) -> None:
    booked = client.post("/api/v1/appointments", json={**VISITOR, "start": TEN, "lang": "en"}).get_json()
    answer = client.post(CLOSURES, json={"date": str(TOMORROW), "start": "09:00", "end": "11:00", "reason": "a power cut"}, headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 201, answer.get_json()
    closed = answer.get_json()
    assert closed["cancelled"] == [booked["code"]] and closed["desk"] is None and closed["created_by"] == "user:iryna"
    assert closed["start"] == "2026-11-25T07:00:00Z" and closed["end"] == "2026-11-25T09:00:00Z"
    assert client.get(f"/api/v1/appointments/{booked['token']}").get_json()["status"] == "cancelled"
    with app.extensions["cherga"].reading() as conn:
        [told] = [message for message in outbox.all_messages(conn) if message.template == "booking_cancelled"]
    assert told.lang == "en" and "http://localhost/book" in told.text
    slots = client.get(f"/api/v1/offices/alpha/services/passport/slots?date={TOMORROW}").get_json()
    assert TEN not in {slot["start"] for slot in slots}
    listed = client.get(CLOSURES, headers=bearer(tokens["operator"])).get_json()
    assert [closure["id"] for closure in listed] == [closed["id"]] and listed[0]["cancelled"] == []
    reopened = client.post(f"{CLOSURES}/{closed['id']}/withdraw", headers=bearer(tokens["manager"]))
    assert reopened.status_code == 200 and reopened.get_json()["withdrawn_at"]
    assert TEN in {slot["start"] for slot in client.get(f"/api/v1/offices/alpha/services/passport/slots?date={TOMORROW}").get_json()}
    again = client.post(f"{CLOSURES}/{closed['id']}/withdraw", headers=bearer(tokens["manager"]))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "withdrawn"
    assert client.post(f"{CLOSURES}/999/withdraw", headers=bearer(tokens["manager"])).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"date": "25.11.2026"},
        {"date": str(TOMORROW), "start": "25:00", "end": "26:00"},
        {"date": str(TOMORROW), "start": "12:00"},
        {"date": str(TOMORROW), "start": "12:00", "end": "11:00"},
        {"date": str(TOMORROW), "desk": "alpha-99"},
        {"date": "2026-11-23"},
        {"date": str(TOMORROW), "colour": "red"},
        {"date": str(TOMORROW), "reason": "x" * 201},
    ],
)
def test_a_bad_closure_is_400_and_nothing_is_stored(client, app, tokens, body) -> None:
    answer = client.post(CLOSURES, json=body, headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["code"] == "invalid_request"
    assert _count(app, booking_closures) == 0


def test_a_supervisor_lifts_a_block_over_http(client, app, tokens) -> None:
    missed_three_times(app.extensions["cherga"], "alpha", code="MSSD22", now=T0)
    lift = "/api/v1/offices/alpha/booking-blocks/lift"
    for body in ({}, {"code": "MSSD22", "phone": "+380671234567"}):
        refused = client.post(lift, json=body, headers=bearer(tokens["supervisor"]))
        assert refused.status_code == 400, refused.get_json()
    assert client.post(lift, json={"code": "ZZZZZZ"}, headers=bearer(tokens["supervisor"])).status_code == 404
    assert client.post(lift, json={"code": "MSSD22"}, headers=bearer(tokens["operator"])).status_code == 403
    assert _count(app, booking_block_lifts) == 0
    answer = client.post(lift, json={"code": "mssd22"}, headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 200 and answer.get_json() == {"lifted": True, "lifted_at": "2026-11-24T08:00:00Z"}
    again = client.post(lift, json={"code": "MSSD22"}, headers=bearer(tokens["supervisor"]))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_blocked"
