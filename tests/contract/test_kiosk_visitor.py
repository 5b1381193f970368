"""What went wrong for visitors at the kiosk, in headless Chromium against a real server.

A double touch answering the next screen, a search that missed Ukrainian
word forms, the browser's own error text when the server is down, and the
wait promised when no desk is open.
"""

from __future__ import annotations

import time

import pytest
import requests

from browser import screenshot
from kiosk_helpers import BEYOND_A_DOUBLE_TAP, add_kiosk, double_tap, open_kiosk, queue, screen

pytestmark = pytest.mark.contract


@pytest.fixture
def kiosk_token(server):
    return add_kiosk(server)


def test_a_double_tap_on_every_step_answers_only_what_the_visitor_chose(browser, server, kiosk_token) -> None:
    headers = {"Authorization": f"Bearer {kiosk_token}"}
    for _ in range(4):  # people ahead: the kiosk asks before issuing
        requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False}, headers=headers, timeout=10)
    page = open_kiosk(browser, server, kiosk_token)
    issued: list[dict] = []
    page.on("request", lambda request: issued.append(request.post_data_json) if request.method == "POST" and request.url.endswith("/offices/main/tickets") else None)
    try:
        double_tap(page, "#tiles >> text=Життєві ситуації")  # the second touch must not pick a package
        assert screen(page) == "services" and page.is_visible("#tiles >> text=Втрата близької людини")
        page.click("#back")

        double_tap(page, "#tiles >> text=Консультації та видача результатів")
        assert screen(page) == "services" and page.is_visible("#tiles >> text=Консультація адміністратора")

        double_tap(page, "#tiles >> text=Консультація адміністратора")
        assert screen(page) == "priority", "the priority question was skipped"
        assert issued == [] and len(queue(server)["waiting"]) == 4

        double_tap(page, "#priorities >> text=Ветеран війни, учасник бойових дій")
        assert screen(page) == "confirm" and issued == []

        double_tap(page, "#confirm-yes")
        # the answer may take longer than a bounce on a loaded machine: whatever comes after the question must be the ticket
        page.wait_for_function("() => document.getElementById('kiosk').dataset.screen !== 'confirm'", timeout=15000)
        assert screen(page) == "ticket", "the ticket went away under the second touch"
        assert issued and all(body == {"service": "consultation", "priority": "veteran", "lang": "uk"} for body in issued)
        assert len(queue(server)["waiting"]) == 5
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("закордонний", "Оформлення закордонного паспорта"),
        ("Паспорт", "Оформлення закордонного паспорта"),
        ("довідку", "Довідка про взяття на облік внутрішньо переміщеної особи"),
        ("народження", "Допомога при народженні дитини"),
        ("закордонний паспорт", "Закордонний паспорт для дитини"),
    ],
)
def test_search_finds_ukrainian_word_forms(browser, server, kiosk_token, query, title) -> None:
    page = open_kiosk(browser, server, kiosk_token)
    try:
        page.fill("#search", query)
        titles = page.locator("#tiles button").all_inner_texts()
        assert title in titles, titles
        assert page.is_hidden("#no-results")
    finally:
        page.close()


def test_search_still_finds_nothing_for_nonsense_and_stays_by_the_word(browser, server, kiosk_token) -> None:
    page = open_kiosk(browser, server, kiosk_token)
    try:
        page.fill("#search", "жжжж")
        assert page.is_visible("#no-results")
        page.fill("#search", "закордонний")
        titles = page.locator("#tiles button").all_inner_texts()
        assert titles and all("акордон" in title for title in titles), titles
    finally:
        page.close()


@pytest.mark.parametrize(("width", "height"), [(1080, 1920), (1920, 1080)])
def test_with_the_server_down_the_visitor_reads_a_plain_message_and_the_button_stays_on_screen(browser, server, kiosk_token, width, height) -> None:
    page = open_kiosk(browser, server, kiosk_token, width=width, height=height)
    try:
        page.click("#tiles >> text=Консультації та видача результатів")
        page.click("#tiles >> text=Консультація адміністратора")
        page.wait_for_selector("#screen-priority:not([hidden])")
        server.kill()
        page.wait_for_selector("#offline:not([hidden])", timeout=15000)  # the banner takes its line first
        page.click("#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#screen-error:not([hidden])", timeout=15000)
        text = page.inner_text("#screen-error")
        assert "Failed" not in text and "fetch" not in text
        assert "Немає зв'язку з сервером" in page.inner_text("#error-detail")
        screenshot(page, f"kiosk-server-down-{width}x{height}")
        box = page.locator("#screen-error .home").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width, box
        time.sleep(BEYOND_A_DOUBLE_TAP)
        page.click("#screen-error .home")
        page.wait_for_selector("#screen-services:not([hidden])")
    finally:
        page.close()


def test_with_no_desk_open_the_ticket_says_the_wait_is_unknown(browser, server, kiosk_token) -> None:
    page = open_kiosk(browser, server, kiosk_token)
    try:
        page.click("#tiles >> text=Консультації та видача результатів")
        page.click("#tiles >> text=Консультація адміністратора")
        page.click("#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert page.inner_text("#ticket-wait") == "Зараз жодне вікно не працює — час очікування невідомий"
        assert "null" not in page.inner_text("#screen-ticket")
    finally:
        page.close()


def test_in_an_air_raid_alert_the_kiosk_says_so_in_the_visitors_words(browser, server, kiosk_token) -> None:
    from live_server import cherga

    cherga("user", "add", "iryna", "--role", "supervisor", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
    login = requests.post(server.url + "/api/v1/auth/login", json={"username": "iryna", "password": "password-1"}, timeout=10)
    supervisor = {"Authorization": f"Bearer {login.json()['token']}"}
    page = open_kiosk(browser, server, kiosk_token)

    def alert_begins_on_the_way(route) -> None:  # type: ignore[no-untyped-def]
        """The visitor's tap was on its way when the supervisor started the alert."""
        alert = requests.post(f"{server.url}/api/v1/offices/main/alert", json={"active": True}, headers=supervisor, timeout=10)
        assert alert.status_code == 200 and alert.json()["active"] is True
        route.continue_()

    try:
        page.route("**/api/v1/offices/main/tickets", alert_begins_on_the_way)
        page.click("#tiles >> text=Консультації та видача результатів")
        page.click("#tiles >> text=Консультація адміністратора")
        page.click("#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#screen-error:not([hidden])", timeout=15000)
        assert "Повітряна тривога" in page.inner_text("#error-detail")
        screenshot(page, "kiosk-air-raid")
        assert queue(server)["waiting"] == []  # nothing was issued
        page.click("#screen-error .home")  # and then the kiosk's own shelter screen, not its menu
        page.wait_for_selector("#screen-alert:not([hidden])", timeout=5000)
    finally:
        page.close()
        requests.post(f"{server.url}/api/v1/offices/main/alert", json={"active": False}, headers=supervisor, timeout=10)
