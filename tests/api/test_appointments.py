"""The booking contract over HTTP: slots, booking, the booking by token, cancel, check-in, the office's day; every bad input a 4xx JSON with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from booking_cases import PHONE, TOMORROW, booking_network
from queue_server.settings import Settings
from queue_server.store.schema import appointments, tickets
from web import bearer, login_token

VISITOR = {"office": "alpha", "service": "passport", "name": "Олена Коваль", "phone": "067 123 45 67"}
TOMORROW_10_LOCAL = "2026-11-25T10:00:00+02:00"


@pytest.fixture
def network():
    return booking_network(places=3)


def _count(app, table) -> int:
    with app.extensions["cherga"].engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


def _book(client, **changes):
    return client.post("/api/v1/appointments", json={**VISITOR, "start": TOMORROW_10_LOCAL, **changes})


def test_slots_of_a_day_are_in_the_offices_time_with_their_free_places(client) -> None:
    answer = client.get(f"/api/v1/offices/alpha/services/passport/slots?date={TOMORROW.isoformat()}")
    assert answer.status_code == 200
    slots = answer.get_json()
    assert slots[0] == {"start": "2026-11-25T08:00:00+02:00", "end": "2026-11-25T08:10:00+02:00", "free": 3}
    assert slots[-1]["end"] == "2026-11-25T20:00:00+02:00"
    _book(client)
    again = {slot["start"]: slot["free"] for slot in client.get(f"/api/v1/offices/alpha/services/passport/slots?date={TOMORROW}").get_json()}
    assert again[TOMORROW_10_LOCAL] == 2


def test_today_lists_only_times_past_the_cut_off_and_a_day_not_open_lists_none(client) -> None:
    today = client.get("/api/v1/offices/alpha/services/passport/slots?date=2026-11-24").get_json()
    assert today[0]["start"] == "2026-11-24T11:00:00+02:00"  # it is 10:00, the cut-off an hour
    for day in ("2026-11-23", "2026-12-31"):
        assert client.get(f"/api/v1/offices/alpha/services/passport/slots?date={day}").get_json() == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/offices/alpha/services/passport/slots", 400),
        ("/api/v1/offices/alpha/services/passport/slots?date=25.11.2026", 400),
        ("/api/v1/offices/alpha/services/passport/slots?date=2026-02-30", 400),
        ("/api/v1/offices/alpha/services/passport/slots?date=2026-11-25&x=1", 400),
        ("/api/v1/offices/nowhere/services/passport/slots?date=2026-11-25", 404),
        ("/api/v1/offices/beta/services/social/slots?date=2026-11-25", 404),
    ],
)
def test_bad_slot_queries_are_json_errors(client, path, status) -> None:
    answer = client.get(path)
    assert answer.status_code == status and "error" in answer.get_json()


def test_booking_answers_the_code_the_token_and_the_manage_page(client, app) -> None:
    answer = _book(client)
    assert answer.status_code == 201
    booked = answer.get_json()
    assert set(booked) == {"code", "token", "manage_url", "office", "service", "start", "status"}
    assert booked["status"] == "booked" and booked["start"] == TOMORROW_10_LOCAL
    assert booked["manage_url"].endswith("/a/" + booked["token"])
    shown = client.get(f"/api/v1/appointments/{booked['token']}").get_json()
    assert shown == booked
    with app.extensions["cherga"].engine.connect() as conn:
        row = conn.execute(sa.select(appointments)).one()
    assert row.phone == PHONE and row.person != PHONE and row.name == "Олена Коваль"


def test_a_full_slot_is_409_full_and_cancel_frees_it(client, app) -> None:
    made = [_book(client, phone=f"+38067000000{number}").get_json() for number in range(3)]
    full = _book(client, phone="+380670000009")
    assert full.status_code == 409 and full.get_json()["error"]["code"] == "full"
    cancelled = client.post(f"/api/v1/appointments/{made[0]['token']}/cancel")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert client.get(f"/api/v1/appointments/{made[0]['token']}").get_json()["status"] == "cancelled"
    assert _book(client, phone="+380670000009").status_code == 201
    again = client.post(f"/api/v1/appointments/{made[0]['token']}/cancel")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "cancelled"
    assert client.post("/api/v1/appointments/nothing-like-it/cancel").status_code == 404
    assert client.get("/api/v1/appointments/nothing-like-it").status_code == 404


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"start": "2026-11-25T10:05:00+02:00"}, 400, "start"),  # misaligned
        ({"start": "2026-11-25T22:00:00+02:00"}, 400, "start"),  # closed
        ({"start": "2026-11-20T10:00:00+02:00"}, 400, "start"),  # past
        ({"start": "2027-01-25T10:00:00+02:00"}, 400, "start"),  # beyond the horizon
        ({"start": "tomorrow"}, 400, "start"),
        ({"start": None}, 400, "start"),
        ({"name": ""}, 400, "name"),
        ({"name": "   "}, 400, "name"),
        ({"name": "x" * 101}, 400, "name"),
        ({"phone": "12345"}, 400, "phone"),
        ({"phone": "call me"}, 400, "phone"),
        ({"phone": "067123456"}, 400, "phone"),
        ({"office": "nowhere"}, 404, None),
        ({"service": "social", "office": "beta"}, 404, None),
        ({"extra": 1}, 400, None),
    ],
)
def test_bad_bookings_are_json_errors_and_store_nothing(client, app, changes, status, field) -> None:
    answer = _book(client, **changes)
    assert answer.status_code == status, answer.get_json()
    error = answer.get_json()["error"]
    if field is not None:
        assert error["details"]["field"] == field
    assert _count(app, appointments) == 0


def test_a_body_that_is_not_json_is_400(client, app) -> None:
    assert client.post("/api/v1/appointments", data="office=alpha", content_type="text/plain").status_code == 400
    assert client.post("/api/v1/appointments", json=[1, 2]).status_code == 400
    assert _count(app, appointments) == 0


@pytest.fixture
def settings(database_url, tmp_path):
    """Booking attempts from one address: five in ten minutes (the login's address limit)."""
    return Settings.from_env({}, database_url=database_url, voice_cache_dir=tmp_path / "voice-cache", login_address_limit=5)


def test_too_many_attempts_from_one_address_is_429_and_the_window_passes(client, clock) -> None:
    for number in range(5):
        assert _book(client, phone=f"+38067000001{number}", start="2026-11-25T11:00:00+02:00").status_code in (201, 409)
    refused = _book(client, phone="+380670000020")
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) > 0
    clock.advance(11)
    assert _book(client, phone="+380670000020").status_code == 201


def test_check_in_in_time_answers_the_ticket_with_appointment_at(client, app, clock, tokens) -> None:
    booked = _book(client).get_json()
    clock.now = dt.datetime(2026, 11, 25, 7, 55, tzinfo=dt.timezone.utc)  # 09:55 in Kyiv
    answer = client.post("/api/v1/offices/alpha/check-ins", json={"code": booked["code"].lower()}, headers=bearer(tokens["kiosk"]))
    assert answer.status_code == 201, answer.get_json()
    ticket = answer.get_json()
    assert ticket["appointment_at"] == "2026-11-25T08:00:00Z" and ticket["joined_as"] == "appointment"
    assert ticket["number"].startswith("П") and ticket["status_url"].endswith(ticket["token"])
    assert client.get(f"/api/v1/appointments/{booked['token']}").get_json()["status"] == "checked_in"
    again = client.post("/api/v1/offices/alpha/check-ins", json={"code": booked["code"]}, headers=bearer(tokens["kiosk"]))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_checked_in"
    operator = login_token(app.extensions["cherga"], "taras", "operator", ["alpha"])  # the fixture's sessions are a day old
    day = client.get("/api/v1/offices/alpha/appointments?date=2026-11-25", headers=bearer(operator)).get_json()
    assert [(item["code"], item["status"], item["checked_in_by"], item["ticket_number"]) for item in day] == [
        (booked["code"], "checked_in", "device:1", ticket["number"])
    ]


def test_a_late_check_in_joins_as_a_walk_in(client, clock, tokens) -> None:
    booked = _book(client).get_json()
    clock.now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)  # 11:00, an hour late
    ticket = client.post("/api/v1/offices/alpha/check-ins", json={"code": booked["code"]}, headers=bearer(tokens["kiosk"])).get_json()
    assert ticket["appointment_at"] is None and ticket["joined_as"] == "walk_in"


@pytest.mark.parametrize(
    ("moment", "office", "caller", "status", "code"),
    [
        (dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.timezone.utc), "alpha", "kiosk", 409, "too_early"),
        (dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc), "alpha", "kiosk", 409, "too_late"),
        (dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc), "beta", "kiosk_beta", 409, "other_office"),
        (dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc), "beta", "kiosk", 403, "forbidden"),
    ],
)
def test_check_in_refusals_are_409_with_a_code_for_the_kiosk_and_issue_nothing(client, app, clock, tokens, moment, office, caller, status, code) -> None:
    booked = _book(client).get_json()
    clock.now = moment
    answer = client.post(f"/api/v1/offices/{office}/check-ins", json={"code": booked["code"]}, headers=bearer(tokens[caller]))
    assert answer.status_code == status
    assert answer.get_json()["error"]["code"] == code and answer.get_json()["error"]["message"]
    assert _count(app, tickets) == 0


@pytest.mark.parametrize("body", [{"code": "ZZZZZZ"}, {"code": ""}, {"code": "K7M3QX!"}, {}, {"code": "K7M3QX", "lang": "de"}])
def test_check_in_with_an_unknown_or_malformed_code(client, app, tokens, body) -> None:
    answer = client.post("/api/v1/offices/alpha/check-ins", json=body, headers=bearer(tokens["kiosk"]))
    assert answer.status_code == (404 if body == {"code": "ZZZZZZ"} else 400)
    assert "error" in answer.get_json()
    assert _count(app, tickets) == 0


def test_the_office_day_is_for_its_staff_only(client, tokens) -> None:
    path = "/api/v1/offices/alpha/appointments?date=2026-11-25"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=bearer(tokens["operator_beta"])).status_code == 403
    assert client.get(path, headers=bearer(tokens["kiosk"])).status_code == 403
    assert client.get(path, headers=bearer(tokens["manager"])).status_code == 200
    assert client.get("/api/v1/offices/alpha/appointments", headers=bearer(tokens["operator"])).status_code == 400
