"""The visitor's booking pages on a phone-sized headless Chromium against a real server: /book end to end, and /a/<token>."""

from __future__ import annotations

import re

import pytest
import requests
import sqlalchemy as sa

from browser import screenshot
from ical_check import parse_calendar
from queue_server.store.schema import appointments

pytestmark = pytest.mark.contract

OFFICE, SERVICE = "main", "id-card-exchange"
PHONE_VIEWPORT = {"width": 390, "height": 844}


def phone_page(browser):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def slots_of(server, day: str) -> dict[str, int]:
    answer = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services/{SERVICE}/slots", params={"date": day}, timeout=10)
    return {slot["start"]: slot["free"] for slot in answer.json()}


def assert_fits(page, where: str) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"{where}: the page is {width}px wide on a {PHONE_VIEWPORT['width']}px phone"


def to_the_times(page, server) -> str:  # type: ignore[no-untyped-def]
    """Office, service and the first day with free times; returns that day."""
    page.goto(f"{server.url}/book")
    page.wait_for_selector("#book[data-ready=yes]")
    page.fill("#office-search", "Молодіжна")
    page.click(f"#office-list button[data-office={OFFICE}]")
    page.wait_for_selector("#screen-service:not([hidden])")
    page.click(f"#service-list button[data-service={SERVICE}]")
    page.wait_for_selector("#day-list button[data-date]")
    day = page.get_attribute("#day-list button[data-date]", "data-date")
    page.click(f"#day-list button[data-date='{day}']")
    page.wait_for_selector("#time-list button.time:not(.taken)")
    return str(day)


def first_free_time(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.get_attribute("#time-list button.time:not(.taken)", "data-start"))


def fill_details(page, name: str, phone: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#screen-details:not([hidden])")
    page.fill("#name", name)
    page.fill("#phone", phone)


def test_book_a_time_end_to_end_with_a_double_tap_booking_once(browser, server) -> None:
    page = phone_page(browser)
    try:
        page.goto(f"{server.url}/book")
        page.wait_for_selector("#book[data-ready=yes]")
        assert page.inner_text("h1") == "Запис на прийом" and page.get_attribute("html", "lang") == "uk"
        assert page.evaluate("document.activeElement.id") == "office-title"  # the screen's heading has the focus
        assert page.locator("label[for=office-search]").count() == 1
        screenshot(page, "book-phone-1-office")
        assert_fits(page, "offices")
        page.fill("#office-search", "Молодіжна")
        assert page.locator("#office-list li:not([hidden])").count() >= 1
        page.click(f"#office-list button[data-office={OFFICE}]")
        page.wait_for_selector("#screen-service:not([hidden])")
        offered = {service["code"] for service in requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services", timeout=10).json()}
        listed = set(page.eval_on_selector_all("#service-list button", "buttons => buttons.map((b) => b.dataset.service)"))
        assert listed and listed <= offered
        page.fill("#service-search", "ID")
        screenshot(page, "book-phone-2-service")
        assert_fits(page, "services")
        page.click(f"#service-list button[data-service={SERVICE}]")
        page.wait_for_selector("#day-list button[data-date]")
        assert page.get_attribute("#language", "href") == f"/book?lang=en&office={OFFICE}&service={SERVICE}"
        screenshot(page, "book-phone-3-day")
        assert_fits(page, "days")
        day = str(page.get_attribute("#day-list button[data-date]", "data-date"))
        page.click(f"#day-list button[data-date='{day}']")
        page.wait_for_selector("#time-list button.time:not(.taken)")
        screenshot(page, "book-phone-4-time")
        assert_fits(page, "times")
        start = first_free_time(page)
        free_before = slots_of(server, day)[start]
        page.click(f"#time-list button[data-start='{start}']")
        fill_details(page, "Олена Коваль", "bad")
        page.click("#book-button")
        assert "+380" in page.inner_text("#phone-error")  # said in words, next to the field
        assert page.get_attribute("#phone", "aria-invalid") == "true"
        page.fill("#phone", "067 123 45 67")
        screenshot(page, "book-phone-5-details")
        page.dblclick("#book-button")  # a double tap
        page.wait_for_selector("#screen-done:not([hidden])")
        page.wait_for_function("() => document.getElementById('done-qr').naturalWidth > 0")
        screenshot(page, "book-phone-6-done")
        assert_fits(page, "the confirmation")
        code = page.inner_text("#done-code")
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code)
        token = page.get_attribute("#book", "data-token")
        booked = requests.get(f"{server.url}/api/v1/appointments/{token}", timeout=10).json()
        assert booked["code"] == code and booked["start"] == start and booked["status"] == "booked"
        assert slots_of(server, day)[start] == free_before - 1  # booked once, whatever the double tap
        assert "Молодіжна" in page.inner_text("#done-address")
        assert page.get_attribute("#done-manage", "href") == booked["manage_url"]
        assert page.get_attribute("#language", "href") == booked["manage_url"] + "?lang=en"  # English: the booking, not a new start
        page.go_back()  # once booked, back stays on the confirmation: the form is not there to send again
        page.wait_for_timeout(300)
        assert page.is_visible("#screen-done") and not page.is_visible("#screen-details")
        ics = requests.get(server.url + str(page.get_attribute("#done-ics", "href")), timeout=10)
        event = parse_calendar(ics.content)
        assert event["URL"] == booked["manage_url"] and code in event["DESCRIPTION"]
        assert page.errors == []
    finally:
        page.close()


def test_a_time_taken_meanwhile_sends_the_visitor_back_to_the_times_with_the_message(browser, server) -> None:
    page = phone_page(browser)
    try:
        day = to_the_times(page, server)
        start = first_free_time(page)
        page.click(f"#time-list button[data-start='{start}']")
        fill_details(page, "Тарас Шевчук", "+380501112233")
        for number in range(slots_of(server, day)[start]):  # others take every place meanwhile
            body = {"office": OFFICE, "service": SERVICE, "start": start, "name": "Інший", "phone": f"+3806711100{number:02d}"}
            assert requests.post(f"{server.url}/api/v1/appointments", json=body, timeout=10).status_code == 201
        page.click("#book-button")
        page.wait_for_selector("#screen-time:not([hidden])")
        page.wait_for_selector(f"#time-list button.taken[data-start='{start}']")
        assert page.inner_text("#time-message").startswith("Цей час щойно зайняли")
        assert page.is_disabled(f"#time-list button[data-start='{start}']")
        screenshot(page, "book-phone-slot-taken")
        assert page.errors == []
    finally:
        page.close()


def test_the_english_switch(browser, server) -> None:
    page = phone_page(browser)
    try:
        page.goto(f"{server.url}/book")
        assert page.inner_text("#language") == "English"
        page.click("#language")
        page.wait_for_url("**/book?lang=en")
        page.wait_for_selector("#book[data-ready=yes]")
        assert page.inner_text("h1") == "Book a visit" and page.get_attribute("html", "lang") == "en"
        assert "Molodizhna" in page.inner_text(f"#office-list button[data-office={OFFICE}]")
        page.click(f"#office-list button[data-office={OFFICE}]")
        page.click(f"#service-list button[data-service={SERVICE}]")
        page.wait_for_selector("#day-list button[data-date]")
        assert re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d+ [A-Z][a-z]+", page.inner_text("#day-list"))
        assert re.search(r"\d+ free places?", page.inner_text("#day-list"))
        screenshot(page, "book-phone-english")
        assert page.inner_text("#language") == "Українська"
        page.go_back()  # the phone's back button: a step back, not off the page
        page.wait_for_selector("#screen-service:not([hidden])")
        page.go_back()
        page.wait_for_selector("#screen-office:not([hidden])")
        assert page.url.endswith("/book?lang=en")
        page.go_forward()
        page.wait_for_selector("#screen-service:not([hidden])")
        assert page.errors == []
    finally:
        page.close()


def _book_by_api(server, phone: str = "0671234567") -> dict:
    days = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services/{SERVICE}/days", timeout=10).json()
    day = days[-1]["date"]
    start = next(start for start, free in slots_of(server, day).items() if free > 0)
    body = {"office": OFFICE, "service": SERVICE, "start": start, "name": "Марія Іваненко", "phone": phone}
    answer = requests.post(f"{server.url}/api/v1/appointments", json=body, timeout=10)
    assert answer.status_code == 201
    return answer.json()


def test_cancel_from_the_manage_page_frees_the_time(browser, server) -> None:
    booked = _book_by_api(server)
    day, start = booked["start"][:10], booked["start"]
    free = slots_of(server, day)[start]
    page = phone_page(browser)
    try:
        page.goto(booked["manage_url"])
        page.wait_for_selector("#manage[data-ready=yes]")
        assert page.inner_text("#status") == "Запис чинний" and page.inner_text("#code") == booked["code"]
        page.wait_for_function("() => document.getElementById('qr').naturalWidth > 0")
        screenshot(page, "booking-manage-phone")
        assert_fits(page, "the manage page")
        page.click("#cancel")
        page.wait_for_selector("#confirm:not([hidden])")
        assert page.evaluate("document.activeElement.id") == "confirm-question"
        screenshot(page, "booking-manage-confirm")
        page.click("#confirm-no")
        assert slots_of(server, day)[start] == free  # «no» changed nothing
        page.click("#cancel")
        page.click("#confirm-yes")
        page.wait_for_selector("#manage[data-status=cancelled]")
        assert page.inner_text("#status") == "Запис скасовано"
        assert page.locator("#cancel").count() == 0 and page.locator("#qr").count() == 0
        screenshot(page, "booking-manage-cancelled")
        assert slots_of(server, day)[start] == free + 1
        assert requests.get(f"{server.url}/api/v1/appointments/{booked['token']}", timeout=10).json()["status"] == "cancelled"
        page.click("#book-again")
        page.wait_for_selector("#screen-day:not([hidden])")  # the office and the service already chosen
        assert page.errors == []
    finally:
        page.close()


def test_rebook_cancels_and_opens_the_booking_page_at_the_days(browser, server) -> None:
    booked = _book_by_api(server)
    page = phone_page(browser)
    try:
        page.goto(booked["manage_url"] + "?lang=en")
        page.wait_for_selector("#manage[data-ready=yes]")
        assert page.inner_text("#status") == "Booked"
        page.click("#rebook")
        page.click("#confirm-yes")
        page.wait_for_url(f"**/book?office={OFFICE}&service={SERVICE}&lang=en")
        page.wait_for_selector("#day-list button[data-date]")
        assert page.inner_text("#day-title") == "Choose a day"
        assert requests.get(f"{server.url}/api/v1/appointments/{booked['token']}", timeout=10).json()["status"] == "cancelled"
        screenshot(page, "book-phone-rebook")
        assert page.errors == []
    finally:
        page.close()


def test_an_unknown_booking_is_a_friendly_page(browser, server) -> None:
    page = phone_page(browser)
    try:
        answer = page.goto(f"{server.url}/a/no-such-booking")
        assert answer is not None and answer.status == 404
        assert page.inner_text("h1") == "Запис не знайдено"
        assert page.locator("a[href='/book']").count() == 1
        screenshot(page, "booking-not-found")
    finally:
        page.close()


def test_without_a_mouse_and_the_monthly_limit_said_in_words(browser, server) -> None:
    phone = "+380931234567"
    for _ in range(4):  # the month's limit (network.toml: monthly_limit = 4) reached by cancelled bookings
        booked = _book_by_api(server, phone)
        assert requests.post(f"{server.url}/api/v1/appointments/{booked['token']}/cancel", timeout=10).status_code == 200
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # a computer with a keyboard, no mouse used
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        page.goto(f"{server.url}/book")
        page.wait_for_selector("#book[data-ready=yes]")
        page.wait_for_selector("#book[data-settling=no]")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "office-search"
        page.keyboard.type("Молодіжна")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.office") == OFFICE
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-service:not([hidden])")
        assert page.evaluate("document.activeElement.id") == "service-title"
        page.wait_for_selector("#book[data-settling=no]")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.service") is not None
        page.keyboard.press("Enter")
        page.wait_for_selector("#day-list button[data-date]")
        page.wait_for_selector("#book[data-settling=no]")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector("#time-list button.time:not(.taken)")
        page.wait_for_selector("#book[data-settling=no]")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-details:not([hidden])")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "name"
        page.keyboard.type("Олена Коваль")
        page.keyboard.press("Tab")
        page.keyboard.type(phone)
        page.wait_for_selector("#book[data-settling=no]")  # a screen's buttons, the form's too, wait out a double tap
        page.keyboard.press("Enter")  # the form's implicit submission
        page.wait_for_function("() => document.getElementById('details-message').textContent.length > 0")
        assert "найбільшу дозволену кількість записів" in page.inner_text("#details-message")
        assert "409" not in page.inner_text("#details-message")
        screenshot(page, "book-desktop-monthly-limit")
        assert page.errors == []
    finally:
        page.close()


def test_a_blocked_phone_and_too_many_attempts_are_said_in_words(browser, server) -> None:
    phone = "+380661112233"
    missed = [_book_by_api(server, phone)["code"] for _ in range(3)]  # network.toml: three no-shows block
    engine = sa.create_engine(server.database)
    with engine.begin() as conn:  # as the heartbeat marks them at the end of their day
        conn.execute(sa.update(appointments).where(appointments.c.code.in_(missed)).values(status="missed", missed_at=sa.func.current_timestamp()))
    engine.dispose()
    page = phone_page(browser)
    try:
        to_the_times(page, server)
        page.click(f"#time-list button[data-start='{first_free_time(page)}']")
        fill_details(page, "Петро Сидоренко", phone)
        page.click("#book-button")
        page.wait_for_function("() => document.getElementById('details-message').textContent.length > 0")
        assert "адміністратора офісу" in page.inner_text("#details-message")
        screenshot(page, "book-phone-blocked")
        start = str(first_free_time_of(server))
        attempts = 0
        while requests.post(
            f"{server.url}/api/v1/appointments",
            json={"office": OFFICE, "service": SERVICE, "start": start, "name": "Інший", "phone": phone},
            timeout=10,
        ).status_code != 429:  # the address's attempts spent
            attempts += 1
            assert attempts < 100
        page.fill("#phone", "+380671234000")
        page.click("#book-button")
        page.wait_for_function("() => document.getElementById('details-message').textContent.startsWith('Забагато спроб')")
        assert re.search(r"через \d+ хв", page.inner_text("#details-message"))
        assert "429" not in page.inner_text("#details-message")
        screenshot(page, "book-phone-too-many-attempts")
        assert page.errors == []
    finally:
        page.close()


def first_free_time_of(server) -> str:  # type: ignore[no-untyped-def]
    days = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services/{SERVICE}/days", timeout=10).json()
    return next(start for start, free in slots_of(server, days[-1]["date"]).items() if free > 0)
