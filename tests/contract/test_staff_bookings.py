"""The day's bookings on the desk console and the supervisor's page, in headless Chromium against a real server.

Bookings are made through the public API on a configuration whose main
office is open around the clock (booking_pages.py); the visitor checks in
over the kiosk's API, as the kiosk page does, and the staff pages show it
without a reload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from booking_pages import KYIV, add_staff, book_today, cancel, start_server
from browser import screenshot
from desk_pages import PASSWORD, console
from kiosk_helpers import add_kiosk
from live_server import Server

pytestmark = pytest.mark.contract
ID_CARD = "Обмін паспорта-книжечки на ID-картку"
RESIDENCE = "Реєстрація місця проживання"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(Path(tmp_path_factory.mktemp("bookings")), grace_minutes=60)  # late in the evening the day's last slot may have begun
    yield running
    running.kill()


@pytest.fixture(scope="module")
def office(server: Server) -> dict[str, str]:
    """A kiosk, an operator (olena) and a supervisor (iryna) of the main office, and three bookings of today."""
    kiosk = add_kiosk(server, "kiosk-bookings")
    add_staff(server, "olena", "operator")
    add_staff(server, "iryna", "supervisor")
    first = book_today(server, "Олена Коваль", "+380671230001")
    second = book_today(server, "Петро Сидоренко", "+380671230002", service="residence-register")
    gone = book_today(server, "Марія Скасована", "+380671230003")
    cancel(server, gone)
    return {"kiosk": kiosk, "first": first["code"], "second": second["code"], "gone": gone["code"], "start": first["start"], "second_start": second["start"]}


def check_in(server: Server, kiosk: str, code: str) -> str:
    answer = requests.post(f"{server.url}/api/v1/offices/main/check-ins", json={"code": code, "print": False}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()["number"]  # type: ignore[no-any-return]


def row(page, code: str):  # type: ignore[no-untyped-def]
    return page.locator(f"tr.booking[data-code='{code}']")


def supervisor_page(browser, server: Server):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="uk-UA", timezone_id="America/New_York")  # the office's clock, not the browser's
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + "/supervisor#bookings")
    page.fill("#username", "iryna")
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#supervisor[data-ready=true]")
    return page


def test_the_desk_console_lists_the_day_and_shows_a_check_in_as_it_happens(browser, server, office) -> None:
    page = console(browser, server, "olena")
    try:
        page.wait_for_selector(f"tr.booking[data-code='{office['first']}']")
        first = row(page, office["first"])
        cells = first.locator("td").all_inner_texts()
        assert cells[0] == dt.datetime.fromisoformat(office["start"]).astimezone(KYIV).strftime("%H:%M")
        assert cells[1:] == [office["first"], ID_CARD, "Олена Коваль", "Очікується"]
        assert row(page, office["gone"]).locator(".booking-state").inner_text() == "Скасовано"
        number = check_in(server, office["kiosk"], office["first"])
        page.wait_for_selector(f"tr.booking[data-code='{office['first']}'][data-status='checked_in']", timeout=5000)  # the stream's event, not the minute
        assert first.locator(".booking-state").inner_text() == f"Прийшов(ла) · талон {number}"
        screenshot(page, "desk-console-bookings")
        assert page.errors == []
    finally:
        page.context.close()


def test_the_supervisor_lists_the_day_filters_by_service_and_shows_a_check_in(browser, server, office) -> None:
    page = supervisor_page(browser, server)
    try:
        page.wait_for_selector(f"#tab-bookings:not([hidden]) tr.booking[data-code='{office['second']}']")
        cells = row(page, office["second"]).locator("td").all_inner_texts()
        assert cells[0] == dt.datetime.fromisoformat(office["second_start"]).astimezone(KYIV).strftime("%H:%M")  # on the office's clock
        assert cells[1:4] == [office["second"], RESIDENCE, "Петро Сидоренко"]
        options = page.locator("#bookings-service option").all_inner_texts()
        assert options == ["Усі послуги", ID_CARD, RESIDENCE]
        page.select_option("#bookings-service", "residence-register")
        assert page.locator("tr.booking").count() == 1 and row(page, office["second"]).count() == 1
        screenshot(page, "supervisor-bookings-filtered")
        page.select_option("#bookings-service", "")
        assert page.locator("tr.booking").count() == 3
        number = check_in(server, office["kiosk"], office["second"])
        page.wait_for_selector(f"tr.booking[data-code='{office['second']}'][data-status='checked_in']", timeout=5000)
        assert row(page, office["second"]).locator(".booking-state").inner_text() == f"Прийшов(ла) · талон {number}"
        screenshot(page, "supervisor-bookings")
        page.click("#language")
        page.wait_for_selector("#tab-bookings th:text-is('Time')")
        assert row(page, office["second"]).locator(".booking-state").inner_text() == f"Checked in · ticket {number}"
        assert page.errors == []
    finally:
        page.close()
