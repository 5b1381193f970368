"""Booking for someone else over HTTP: the office for a caller, a partner for its person; the office's cancel by code.

A token is optional on `POST /appointments`, and only a bearer token counts:
a member of staff whose browser holds a session books on the public page
as the public. Every refusal is a 4xx JSON with nothing stored.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from booking_cases import TOMORROW, booking_network
from queue_server.commands.accounts import add_device
from queue_server.settings import Settings
from queue_server.store.schema import appointments, audit_log
from web import PASSWORD, bearer

VISITOR = {"office": "alpha", "service": "passport", "name": "Олена Коваль", "phone": "067 123 45 67"}
TEN = "2026-11-25T10:00:00+02:00"
PERSON = "3f9a1c07-5b2e-4d8a-9c61-0e7d2b4a8f15"


@pytest.fixture
def network():
    return booking_network(places=3)


@pytest.fixture
def settings(database_url, tmp_path):
    """Five booking attempts from one address in ten minutes: what a partner's and the office's bookings are not counted in."""
    return Settings.from_env({}, database_url=database_url, voice_cache_dir=tmp_path / "voice-cache", login_address_limit=5)


@pytest.fixture
def partner(app_ctx) -> str:
    _, token = add_device(app_ctx, "partner", "alpha", "city-portal")
    return token


def _rows(app) -> list[dict]:
    with app.extensions["cherga"].engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.select(appointments).order_by(appointments.c.id))]


def _book(client, token=None, **changes):
    headers = bearer(token) if token else {}
    return client.post("/api/v1/appointments", json={**VISITOR, "start": TEN, **changes}, headers=headers)


def _day(client, token) -> list[dict]:
    return client.get(f"/api/v1/offices/alpha/appointments?date={TOMORROW}", headers=bearer(token)).get_json()


def test_a_supervisor_books_for_a_caller_and_the_day_names_them(client, tokens) -> None:
    answer = _book(client, tokens["supervisor"])
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["status"] == "booked"
    [seen] = _day(client, tokens["supervisor"])
    assert seen["booked_by"] == "user:iryna" and seen["phone"] == "+380671234567"


def test_a_manager_books_for_a_caller_at_any_office(client, tokens) -> None:
    assert _book(client, tokens["manager"]).status_code == 201


@pytest.mark.parametrize(("caller", "status"), [("operator", 403), ("kiosk", 403), ("display", 403), ("supervisor_beta", 403)])
def test_who_may_not_book_for_others_is_refused_and_nothing_is_stored(client, app, tokens, caller, status) -> None:
    answer = _book(client, tokens[caller])
    assert answer.status_code == status and answer.get_json()["error"]["code"] == "forbidden"
    assert _rows(app) == []


def test_a_token_that_is_not_valid_is_401_not_a_public_booking(client, app) -> None:
    answer = _book(client, "not-a-token")
    assert answer.status_code == 401 and answer.get_json()["error"]["code"]
    assert _rows(app) == []


def test_a_staff_session_on_the_public_page_books_as_the_public(client, app, tokens) -> None:
    assert client.post("/api/v1/auth/login", json={"username": "iryna", "password": PASSWORD}).status_code == 200
    answer = _book(client)  # the cookie goes with it, with no CSRF header: as the booking page sends it
    assert answer.status_code == 201, answer.get_json()
    assert [row["booked_by"] for row in _rows(app)] == ["public"]


def test_a_partner_books_with_a_person_key_and_no_phone(client, app, partner, tokens) -> None:
    answer = _book(client, partner, phone=None, person=PERSON)
    assert answer.status_code == 201, answer.get_json()
    [row] = _rows(app)
    assert row["booked_by"] == "partner:city-portal" and row["phone"] == "" and PERSON not in row.values()
    [seen] = _day(client, tokens["supervisor"])
    assert seen["booked_by"] == "partner:city-portal"


@pytest.mark.parametrize(
    ("token", "changes", "field"),
    [
        (None, {"phone": None}, "phone"),
        (None, {"person": PERSON}, "person"),
        ("partner", {"phone": None}, "phone"),
        ("partner", {"phone": None, "person": "short"}, "person"),
        ("partner", {"phone": None, "person": "with spaces in it"}, "person"),
        ("supervisor", {"person": PERSON}, "person"),
    ],
)
def test_a_missing_phone_or_a_bad_person_key_is_400_and_nothing_is_stored(client, app, tokens, partner, token, changes, field) -> None:
    body = {key: value for key, value in {**VISITOR, "start": TEN, **changes}.items() if value is not None}
    headers = bearer(partner if token == "partner" else tokens[token]) if token else {}
    answer = client.post("/api/v1/appointments", json=body, headers=headers)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["details"]["field"] == field
    assert _rows(app) == []


def test_a_partner_is_not_counted_in_the_attempts_of_an_address(client, partner) -> None:
    for number in range(8):  # the address allows five
        answer = _book(client, partner, phone=None, person=f"person-key-{number:04d}", start="2026-11-25T11:00:00+02:00")
        assert answer.status_code in (201, 409), answer.get_json()
    assert _book(client, phone="+380670000020").status_code == 201


def test_the_office_cancels_by_code_and_it_is_audited(client, app, tokens) -> None:
    booked = _book(client).get_json()
    answer = client.post(f"/api/v1/offices/alpha/appointments/{booked['code'].lower()}/cancel", headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["status"] == "cancelled"
    with app.extensions["cherga"].engine.connect() as conn:
        actions = [row.action for row in conn.execute(sa.select(audit_log.c.action))]
    assert "cancel_booking" in actions
    again = client.post(f"/api/v1/offices/alpha/appointments/{booked['code']}/cancel", headers=bearer(tokens["supervisor"]))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "cancelled"


@pytest.mark.parametrize(
    ("path", "caller", "status"),
    [
        ("/api/v1/offices/alpha/appointments/{code}/cancel", "operator", 403),
        ("/api/v1/offices/alpha/appointments/{code}/cancel", "supervisor_beta", 403),
        ("/api/v1/offices/alpha/appointments/{code}/cancel", "kiosk", 403),
        ("/api/v1/offices/beta/appointments/{code}/cancel", "manager", 404),  # the code is alpha's
        ("/api/v1/offices/alpha/appointments/ZZZZZZ/cancel", "supervisor", 404),
        ("/api/v1/offices/nowhere/appointments/{code}/cancel", "manager", 404),
    ],
)
def test_the_office_s_cancel_refusals_change_nothing(client, app, tokens, path, caller, status) -> None:
    booked = _book(client).get_json()
    answer = client.post(path.format(code=booked["code"]), headers=bearer(tokens[caller]))
    assert answer.status_code == status and answer.get_json()["error"]["code"]
    assert [row["status"] for row in _rows(app)] == ["booked"]
