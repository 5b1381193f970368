"""The kiosk's «Я записаний(а)» takes a phone ticket's code of 5 letters too: it confirms the arrival, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from booking_pages import SERVICE, add_staff, staff_queue, start_server
from browser import screenshot
from kiosk_helpers import add_kiosk, open_kiosk, queue
from live_server import Server

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(Path(tmp_path_factory.mktemp("arrival")))
    yield running
    running.kill()


@pytest.fixture(scope="module")
def kiosk_token(server: Server) -> str:
    return add_kiosk(server, "kiosk-arrival")


@pytest.fixture(scope="module")
def supervisor(server: Server) -> str:
    return add_staff(server, "oksana", "supervisor")


def take_remote_ticket(server: Server, phone: str) -> dict[str, str]:
    """A ticket for today taken from the phone, through the public API: its number and the code for the kiosk."""
    answer = requests.post(f"{server.url}/api/v1/offices/main/remote-tickets", json={"service": SERVICE, "phone": phone}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def open_check_in(browser, server, token):  # type: ignore[no-untyped-def]
    page = open_kiosk(browser, server, token)
    page.wait_for_timeout(500)  # the start screen's buttons settle
    page.click("#checkin-open")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    page.wait_for_timeout(500)  # and the check-in's keys
    return page


def type_code(page, code: str) -> None:  # type: ignore[no-untyped-def]
    for sign in code:
        page.click(f"#checkin-keys button[data-key='{sign}']")


def erase(page, code: str) -> None:  # type: ignore[no-untyped-def]
    for _ in code:
        page.click("#checkin-keys button[data-key='erase']")


def refusal(page) -> str:  # type: ignore[no-untyped-def]
    page.wait_for_function("() => document.getElementById('checkin-error').textContent.length > 0")
    return page.inner_text("#checkin-error")


def waiting_ticket(server: Server, token: str, number: str) -> dict:  # type: ignore[type-arg]
    return next(ticket for ticket in staff_queue(server, token)["waiting"] if ticket["number"] == number)


def test_a_typed_remote_code_confirms_the_arrival(browser, server, kiosk_token, supervisor) -> None:
    taken = take_remote_ticket(server, "+380671110201")
    assert len(taken["code"]) == 5
    assert waiting_ticket(server, supervisor, taken["number"])["awaiting_arrival"] is True
    page = open_check_in(browser, server, kiosk_token)
    try:
        before = len(queue(server)["waiting"])
        type_code(page, taken["code"])
        assert page.get_attribute("#checkin-code", "data-code") == taken["code"]
        screenshot(page, "kiosk-arrival-code")
        page.click("#checkin-submit")
        page.wait_for_selector("#screen-arrived:not([hidden])")
        assert page.inner_text("#arrived-text") == f"Прибуття підтверджено — талон {taken['number']}, вас викличуть у свою чергу"
        assert page.inner_text("#arrived-number") == taken["number"]
        assert page.inner_text("#arrived-service") != ""
        screenshot(page, "kiosk-arrival-confirmed")
        assert waiting_ticket(server, supervisor, taken["number"])["awaiting_arrival"] is False  # desks may call it now
        assert len(queue(server)["waiting"]) == before  # the same ticket, no new one
        assert page.errors == []
    finally:
        page.close()


def test_a_scanned_remote_code_in_lower_case_confirms_the_arrival(browser, server, kiosk_token, supervisor) -> None:
    taken = take_remote_ticket(server, "+380671110202")
    page = open_check_in(browser, server, kiosk_token)
    try:
        page.keyboard.type(taken["code"].lower())
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-arrived:not([hidden])")
        assert taken["number"] in page.inner_text("#arrived-text")
        assert waiting_ticket(server, supervisor, taken["number"])["awaiting_arrival"] is False
        assert page.errors == []
    finally:
        page.close()


def test_every_arrival_refusal_is_said_in_words(browser, server, kiosk_token) -> None:
    kiosk = {"Authorization": f"Bearer {kiosk_token}"}
    confirmed = take_remote_ticket(server, "+380671110203")
    assert requests.post(f"{server.url}/api/v1/offices/main/arrivals", json={"code": confirmed["code"]}, headers=kiosk, timeout=10).status_code == 200
    unknown = "LLLLL" if confirmed["code"] != "LLLLL" else "LLLLA"
    expected = [
        ("unknown", unknown, "Талона з таким кодом у цьому офісі сьогодні немає. Перевірте код і введіть його ще раз"),
        ("not-a-code", "ZZZZZ", "Талона з таким кодом у цьому офісі сьогодні немає. Перевірте код і введіть його ще раз"),
        ("already", confirmed["code"], "Прибуття за цим талоном уже підтверджено — чекайте на виклик"),
        ("incomplete", "ACDE", "Код запису має 6 знаків, код талона з телефона — 5 літер. Допишіть його"),
    ]
    page = open_check_in(browser, server, kiosk_token)
    try:
        for reason, code, words in expected:
            type_code(page, code)
            page.click("#checkin-submit")
            assert refusal(page) == words, code
            screenshot(page, f"kiosk-arrival-refused-{reason}")
            erase(page, code)
        assert page.errors == []
    finally:
        page.close()
