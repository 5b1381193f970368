"""The days with free times (what the booking page's day list shows), the booking's QR code and its calendar file."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from booking_cases import KEY, TOMORROW, booking_network
from ical_check import parse_calendar
from queue_server.commands import booking
from queue_server.domain.appointments import AppointmentStatus
from queue_server.i18n import translate

VISITOR = {"office": "alpha", "service": "passport", "name": "Олена Коваль, «Віза»; тест", "phone": "067 123 45 67"}
DAYS = "/api/v1/offices/alpha/services/passport/days"


@pytest.fixture
def network():
    return booking_network(places=1)


def test_the_days_are_the_horizons_with_free_times_and_a_full_day_drops_out(client, app) -> None:
    days = client.get(DAYS).get_json()
    assert days[0]["date"] == "2026-11-24"  # today, past the cut-off: from 11:00
    assert [day["date"] for day in days][:2] == ["2026-11-24", TOMORROW.isoformat()]
    assert all(day["free"] >= day["times"] >= 1 for day in days)
    slots = client.get(f"/api/v1/offices/alpha/services/passport/slots?date={TOMORROW}").get_json()
    assert days[1] == {"date": TOMORROW.isoformat(), "free": sum(slot["free"] for slot in slots), "times": len(slots)}
    ctx = app.extensions["cherga"]
    for number, slot in enumerate(slots):  # every place of tomorrow booked (by the command: the API counts attempts per address)
        start = dt.datetime.fromisoformat(slot["start"])
        booking.book(ctx, "alpha", "passport", start, name="Олена", phone=f"+38067000{number:04d}", key=KEY)
    assert TOMORROW.isoformat() not in [day["date"] for day in client.get(DAYS).get_json()]


@pytest.mark.parametrize("path", ["/api/v1/offices/nowhere/services/passport/days", "/api/v1/offices/beta/services/social/days"])
def test_an_unknown_office_or_a_service_it_does_not_give_is_404_json(client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"


def _booked(client) -> dict:
    slots = client.get(f"/api/v1/offices/alpha/services/passport/slots?date={TOMORROW}").get_json()
    answer = client.post("/api/v1/appointments", json={**VISITOR, "start": slots[0]["start"]})
    assert answer.status_code == 201
    return answer.get_json()


def test_the_qr_code_and_the_calendar_file_of_a_booking(client) -> None:
    booked = _booked(client)
    qr = client.get(f"/a/{booked['token']}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    ics = client.get(f"/a/{booked['token']}/booking.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert "attachment" in ics.headers["Content-Disposition"]
    event = parse_calendar(ics.data)
    assert event["DTSTART"] == "20261125T060000Z" and event["DTEND"] == "20261125T061000Z"  # 08:00 in Kyiv, ten minutes
    assert event["URL"] == booked["manage_url"]
    assert booked["code"] in event["DESCRIPTION"]
    assert re.fullmatch(r"[0-9a-f]{32}@cherga", event["UID"])
    assert booked["token"] not in event["UID"]  # the file may be shared; the token it names only in the link
    assert event["STATUS"] == "CONFIRMED"
    for path in ("/a/unknown-token/qr.svg", "/a/unknown-token/booking.ics"):
        assert client.get(path).status_code == 404


def test_the_manage_page_words_the_status_and_an_unknown_token_is_a_friendly_404(client) -> None:
    booked = _booked(client)
    page = client.get(f"/a/{booked['token']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert booked["code"] in html and "Запис чинний" in html and "середа, 25 листопада 2026, 08:00" in html
    client.post(f"/api/v1/appointments/{booked['token']}/cancel")
    html = client.get(f"/a/{booked['token']}?lang=en").get_data(as_text=True)
    assert "The booking is cancelled" in html and 'id="cancel"' not in html and "Wednesday, 25 November 2026, 08:00" in html
    missing = client.get("/a/no-such-token")
    assert missing.status_code == 404
    assert "Запис не знайдено" in missing.get_data(as_text=True) and "Booking not found" in missing.get_data(as_text=True)


def test_the_booking_page_lists_only_offices_with_bookable_services(client) -> None:
    html = client.get("/book").get_data(as_text=True)
    assert 'data-office="alpha"' in html
    assert "Запис на прийом" in html
    assert "Book a visit" in client.get("/book?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("status", list(AppointmentStatus))
def test_every_status_is_said_in_words_in_both_languages(status: AppointmentStatus) -> None:
    for lang in ("uk", "en"):
        assert translate(f"booking.status.{status.value}", lang)
