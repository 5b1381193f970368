"""The supervisor's bookings tab closes a day for bookings, opens it again and lifts a no-show block, in headless Chromium."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from booking_pages import SERVICE, add_staff, book_next, start_server, today
from browser import screenshot
from desk_pages import PASSWORD
from live_server import Server
from queue_server.domain.appointments import AppointmentStatus
from queue_server.store import appointments as store

pytestmark = pytest.mark.contract
BLOCKED_PHONE = "+380671119001"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(Path(tmp_path_factory.mktemp("closures")))
    add_staff(running, "iryna", "supervisor")
    yield running
    running.kill()


def supervisor_page(browser, server: Server):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 1100}, locale="uk-UA")
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + "/supervisor#bookings")
    page.fill("#username", "iryna")
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#supervisor[data-ready=true]")
    page.wait_for_selector("#tab-bookings:not([hidden])")
    return page


def free_slots(server: Server, day: dt.date) -> int:
    slots = requests.get(f"{server.url}/api/v1/offices/main/services/{SERVICE}/slots", params={"date": day.isoformat()}, timeout=10).json()
    return sum(slot["free"] for slot in slots)


def test_a_day_closed_and_opened_again(browser, server) -> None:
    day = today() + dt.timedelta(days=2)
    assert free_slots(server, day) > 0
    page = supervisor_page(browser, server)
    try:
        page.wait_for_selector("#closures-none:not([hidden])")
        page.fill("#closure-date", day.isoformat())
        page.fill("#closure-reason", "Санітарний день")
        page.click("#closure-submit")
        page.wait_for_selector("#closures tbody tr")
        cells = page.locator("#closures tbody tr").first.locator("td").all_inner_texts()
        assert cells[:3] == [f"{day:%d.%m.%Y}, увесь день", "Увесь офіс", "Санітарний день"]
        assert page.inner_text("#notice").startswith("Запис закрито")
        assert free_slots(server, day) == 0
        screenshot(page, "supervisor-closure-listed")
        page.click("#closures tbody tr button")
        page.wait_for_selector("#closures-none:not([hidden])")
        assert free_slots(server, day) > 0
        assert page.errors == []
    finally:
        page.close()


def block(server: Server, phone: str) -> None:
    """Three missed bookings of the person with this phone in the past week: the API refuses them a booking until the block is lifted."""
    made = book_next(server, "Петро Неявка", phone, day=today() + dt.timedelta(days=1))
    assert requests.post(f"{server.url}/api/v1/appointments/{made['token']}/cancel", timeout=10).status_code == 200
    engine = sa.create_engine(server.database)
    try:
        with engine.begin() as connection:
            template = store.by_code(connection, made["code"])
            assert template is not None
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            for days in (6, 4, 2):
                start = now - dt.timedelta(days=days)
                store.insert(
                    connection,
                    dataclasses.replace(
                        template, id=0, start=start, code=f"MSD{days}{days}{days}", token=f"missed-{days}", status=AppointmentStatus.MISSED,
                        booked_at=start - dt.timedelta(days=20), missed_at=start + dt.timedelta(hours=1), cancelled_at=None, reminder_id=None,
                    ),
                )
    finally:
        engine.dispose()


def test_a_block_lifted_by_phone_lets_the_person_book(browser, server) -> None:
    block(server, BLOCKED_PHONE)
    with pytest.raises(AssertionError, match="blocked"):
        book_next(server, "Петро Неявка", BLOCKED_PHONE)
    page = supervisor_page(browser, server)
    try:
        page.fill("#lift-code", "K7M3QX")
        page.fill("#lift-phone", BLOCKED_PHONE)
        page.click("#lift-submit")
        assert page.inner_text("#lift-error") == "Вкажіть код запису або телефон — одне з двох"
        page.fill("#lift-code", "")
        page.click("#lift-submit")
        page.wait_for_function("() => document.getElementById('notice').textContent.length > 0")
        assert page.inner_text("#notice") == "Блокування знято: людина знову може записатися"
        screenshot(page, "supervisor-block-lifted")
        assert book_next(server, "Петро Неявка", BLOCKED_PHONE)["code"]
        page.fill("#lift-phone", BLOCKED_PHONE)
        page.click("#lift-submit")
        page.wait_for_function("() => document.getElementById('lift-error').textContent.length > 0")
        assert page.inner_text("#lift-error") == "Цю людину не заблоковано"
        assert page.errors == []
    finally:
        page.close()


def test_one_desk_closed_for_some_hours_is_listed_with_them(browser, server) -> None:
    day = today() + dt.timedelta(days=3)
    page = supervisor_page(browser, server)
    try:
        page.wait_for_function("() => document.querySelectorAll('#closure-desk option').length > 1")
        desk = page.locator("#closure-desk option").nth(1)
        desk_id, desk_name = desk.get_attribute("value"), desk.inner_text()
        page.fill("#closure-date", day.isoformat())
        page.select_option("#closure-desk", desk_id)
        page.fill("#closure-start", "10:00")
        page.fill("#closure-end", "12:00")
        page.click("#closure-submit")
        page.wait_for_selector("#closures tbody tr")
        cells = page.locator("#closures tbody tr").first.locator("td").all_inner_texts()
        assert cells[:2] == [f"{day:%d.%m.%Y}, 10:00–12:00", desk_name]
        listed = requests.get(f"{server.url}/api/v1/offices/main/booking-closures", cookies={cookie["name"]: cookie["value"] for cookie in page.context.cookies()}, timeout=10)
        assert listed.status_code == 200 and [closure["desk"] for closure in listed.json()] == [desk_id]
        page.click("#closures tbody tr button")
        page.wait_for_selector("#closures-none:not([hidden])")
        assert page.errors == []
    finally:
        page.close()
