"""The kiosk's «Я записаний(а)» in headless Chromium against a real server: a booking's code typed or scanned gives a ticket."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from booking_pages import KYIV, add_staff, book_back_then, book_next, staff_queue, start_server, today
from browser import screenshot
from kiosk_helpers import add_kiosk, open_kiosk, queue
from live_server import Server

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(Path(tmp_path_factory.mktemp("checkin")))
    yield running
    running.kill()


@pytest.fixture(scope="module")
def kiosk_token(server: Server) -> str:
    return add_kiosk(server, "kiosk-checkin")


@pytest.fixture(scope="module")
def supervisor(server: Server) -> str:
    return add_staff(server, "iryna", "supervisor")


def phone(number: int) -> str:
    return f"+3806711100{number:02d}"


def open_check_in(browser, server, token, **options):  # type: ignore[no-untyped-def]
    page = open_kiosk(browser, server, token, **options)
    page.wait_for_timeout(500)  # the start screen's buttons settle
    page.click("#checkin-open")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    page.wait_for_timeout(500)  # and the check-in's keys
    return page


def type_code(page, code: str) -> None:  # type: ignore[no-untyped-def]
    for sign in code:
        page.click(f"#checkin-keys button[data-key='{sign}']")


def refusal(page) -> str:  # type: ignore[no-untyped-def]
    page.wait_for_function("() => document.getElementById('checkin-error').textContent.length > 0")
    return page.inner_text("#checkin-error")


def hhmm(start: str, early: int = 0) -> str:
    """A time on the office's clock; `early` minutes before it (the booking pages' server opens check-in 60 minutes early)."""
    return (dt.datetime.fromisoformat(start) - dt.timedelta(minutes=early)).astimezone(KYIV).strftime("%H:%M")


def test_a_typed_code_gives_a_ticket_called_as_the_appointment(browser, server, kiosk_token, supervisor) -> None:
    booked = book_next(server, phone=phone(1))
    page = open_kiosk(browser, server, kiosk_token)
    try:
        assert page.inner_text("#checkin-open") == "Я записаний(а)"
        screenshot(page, "kiosk-checkin-start")
        page.wait_for_timeout(500)
        page.click("#checkin-open")
        page.wait_for_selector("#screen-checkin:not([hidden])")
        page.wait_for_timeout(500)
        keys = page.locator("#checkin-keys button").all_inner_texts()
        assert not {"0", "O", "1", "I"} & set(keys) and len(keys) == 33  # 32 signs (L for a phone ticket's code alone) and the eraser
        type_code(page, booked["code"][:3] + "Z")
        page.click("#checkin-keys button[data-key='erase']")
        type_code(page, booked["code"][3:])
        assert page.get_attribute("#checkin-code", "data-code") == booked["code"]
        screenshot(page, "kiosk-checkin-code")
        page.click("#checkin-submit")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        number = page.inner_text("#ticket-number")
        assert page.inner_text("#ticket-appointment") == f"Ваш запис на {hhmm(booked['start'])} — вас викличуть у свою чергу"
        page.wait_for_function("() => document.getElementById('ticket-qr').naturalWidth > 0")
        screenshot(page, "kiosk-checkin-ticket")
        waiting = [ticket for ticket in staff_queue(server, supervisor)["waiting"] if ticket["number"] == number]
        assert len(waiting) == 1 and dt.datetime.fromisoformat(waiting[0]["appointment_at"]) == dt.datetime.fromisoformat(booked["start"])
        status = requests.get(f"{server.url}/api/v1/appointments/{booked['token']}", timeout=10).json()["status"]
        assert status == "checked_in"
        assert page.errors == []
    finally:
        page.close()


def test_a_scanner_types_the_code_and_enter_without_a_focused_field(browser, server, kiosk_token) -> None:
    booked = book_next(server, phone=phone(2))
    page = open_check_in(browser, server, kiosk_token)
    try:
        code = booked["code"].lower()
        page.keyboard.type(code[:3] + "-" + code[3:])  # any case, with a dash, as a scanner may send it
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert page.inner_text("#ticket-appointment").startswith(f"Ваш запис на {hhmm(booked['start'])}")
        # a link that carries the code is a code as well
        other = book_next(server, phone=phone(3))
        page.wait_for_timeout(500)
        page.click("#screen-ticket button.home")
        page.wait_for_timeout(500)
        page.click("#language")  # and in English
        page.wait_for_selector("#checkin-open:text-is('I have a booking')")
        page.click("#accessible")
        page.click("#checkin-open")
        page.wait_for_selector("#screen-checkin:not([hidden])")
        assert page.inner_text("#screen-checkin h2") == "I have a booking"
        screenshot(page, "kiosk-checkin-accessible-en")
        page.keyboard.type(f"{server.url}/a/{other['token']}?code={other['code']}")
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert page.inner_text("#ticket-appointment") == f"Your booking is at {hhmm(other['start'])}: you will be called in your turn"
        assert requests.get(f"{server.url}/api/v1/appointments/{other['token']}", timeout=10).json()["status"] == "checked_in"
        assert page.errors == []
    finally:
        page.close()


def test_a_qr_held_to_the_scanner_on_the_start_screen_checks_in_at_once(browser, server, kiosk_token) -> None:
    booked = book_next(server, phone=phone(11))
    page = open_kiosk(browser, server, kiosk_token)
    try:
        page.keyboard.type(booked["code"].lower())
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert page.inner_text("#ticket-appointment").startswith(f"Ваш запис на {hhmm(booked['start'])}")
        page.click("#screen-ticket button.home", timeout=3000)
        page.wait_for_selector("#screen-services:not([hidden])")
        page.keyboard.type("no code at all")  # a stray scan is forgotten, and typing in the search box stays typing
        page.keyboard.press("Enter")
        page.fill("#search", "")
        page.type("#search", "ID")
        page.keyboard.press("Enter")
        assert page.get_attribute("#kiosk", "data-screen") == "services" and page.input_value("#search") == "ID"
        assert page.errors == []
    finally:
        page.close()


def test_a_late_visitor_joins_the_general_queue(browser, server, kiosk_token, supervisor) -> None:
    if dt.datetime.now(KYIV).hour < 1:
        pytest.skip("a slot forty minutes ago would be yesterday's")
    code = book_back_then(server, 40, phone=phone(4))
    page = open_check_in(browser, server, kiosk_token)
    try:
        type_code(page, code)
        page.click("#checkin-submit")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert page.inner_text("#ticket-appointment") == "Ви запізнилися — ви в загальній черзі"
        screenshot(page, "kiosk-checkin-late")
        number = page.inner_text("#ticket-number")
        ticket = next(ticket for ticket in staff_queue(server, supervisor)["waiting"] if ticket["number"] == number)
        assert ticket.get("appointment_at") is None
    finally:
        page.close()


def _a_day_with_slots(server: Server, office: str) -> dt.date:
    for offset in range(1, 9):
        day = today() + dt.timedelta(days=offset)
        if requests.get(f"{server.url}/api/v1/offices/{office}/services/id-card-exchange/slots", params={"date": day.isoformat()}, timeout=10).json():
            return day
    raise AssertionError(f"no bookable day at {office}")


def test_every_refusal_is_said_in_words(browser, server, kiosk_token) -> None:
    kiosk = {"Authorization": f"Bearer {kiosk_token}"}
    checked = book_next(server, phone=phone(5))
    assert requests.post(f"{server.url}/api/v1/offices/main/check-ins", json={"code": checked["code"], "print": False}, headers=kiosk, timeout=10).status_code == 201
    cancelled = book_next(server, phone=phone(6))
    assert requests.post(f"{server.url}/api/v1/appointments/{cancelled['token']}/cancel", timeout=10).status_code == 200
    later = book_next(server, phone=phone(7), day=today() + dt.timedelta(days=2))  # not tomorrow: its first slot opens for check-in at 23:00
    day = _a_day_with_slots(server, "pass-1")  # «Паспортний офіс №1 (Довгинцівський район)»: a name with brackets of its own
    slot = requests.get(f"{server.url}/api/v1/offices/pass-1/services/id-card-exchange/slots", params={"date": day.isoformat()}, timeout=10).json()[0]
    elsewhere = requests.post(
        f"{server.url}/api/v1/appointments",
        json={"office": "pass-1", "service": "id-card-exchange", "start": slot["start"], "name": "Інший Офіс", "phone": phone(8)},
        timeout=10,
    ).json()
    office_name = requests.get(f"{server.url}/api/v1/offices/pass-1", timeout=10).json()["name"]
    yesterday = book_back_then(server, 26 * 60, phone=phone(9))
    expected = [
        ("unknown", "ZZZZZZ", "Запису з таким кодом немає. Перевірте код і введіть його ще раз"),
        ("already", checked["code"], "За цим записом талон уже видано"),
        ("cancelled", cancelled["code"], "Цей запис скасовано. Візьміть талон у загальну чергу"),
        ("other-office", elsewhere["code"], f"Цей запис — до іншого офісу: {office_name}"),
        ("too-early", later["code"], f"Ще зарано: ваш запис на {hhmm(later['start'])}, зареєструватися можна з {hhmm(later['start'], early=60)}"),
        ("too-late", yesterday, "Час цього запису минув. Візьміть талон у загальну чергу"),
    ]
    page = open_check_in(browser, server, kiosk_token)
    try:
        before = len(queue(server)["waiting"])
        for reason, code, words in expected:
            type_code(page, code)
            page.click("#checkin-submit")
            assert refusal(page) == words, code
            screenshot(page, f"kiosk-checkin-refused-{reason}")
            for _ in code:
                page.click("#checkin-keys button[data-key='erase']")
        type_code(page, "ABC")
        page.click("#checkin-submit")
        assert refusal(page) == "Код запису має 6 знаків, код талона з телефона — 5 літер. Допишіть його"
        assert len(queue(server)["waiting"]) == before
        assert page.inner_text("#screen-checkin").count("ZZZ") == 0
    finally:
        page.close()


def test_a_double_tap_checks_in_once_and_an_idle_kiosk_goes_back(browser, server, kiosk_token) -> None:
    booked = book_next(server, phone=phone(10))
    page = open_check_in(browser, server, kiosk_token, idle=2)
    try:
        type_code(page, booked["code"])
        before = len(queue(server)["waiting"])
        page.dblclick("#checkin-submit")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        page.wait_for_timeout(700)
        assert len(queue(server)["waiting"]) == before + 1
        assert page.inner_text("#checkin-error") == ""
        page.wait_for_selector("#screen-services:not([hidden])", timeout=8000)  # the ticket's screen goes back by itself
        page.click("#checkin-open")
        page.wait_for_selector("#screen-checkin:not([hidden])")
        page.wait_for_selector("#screen-services:not([hidden])", timeout=5000)  # so does the check-in's
        assert page.errors == []
    finally:
        page.close()
