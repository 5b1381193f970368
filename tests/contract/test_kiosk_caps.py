"""A daily cap reached at the kiosk, in headless Chromium against a real server: the visitor is told, in both languages."""

from __future__ import annotations

import pytest
import requests

from browser import screenshot
from kiosk_helpers import add_kiosk, open_kiosk, queue, screen
from live_server import cherga

pytestmark = pytest.mark.contract


def supervisor_token(server) -> str:  # type: ignore[no-untyped-def]
    cherga("user", "add", "iryna", "--role", "supervisor", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
    answer = requests.post(server.url + "/api/v1/auth/login", json={"username": "iryna", "password": "password-1"}, timeout=10)
    return str(answer.json()["token"])


@pytest.mark.parametrize(
    ("lang", "words", "advice"),
    [("uk", "Талони на сьогодні закінчились", "Запишіться"), ("en", "No more tickets for this service today", "Book a visit")],
)
def test_a_cap_reached_at_the_kiosk_tells_the_visitor_and_issues_nothing(browser, server, lang, words, advice) -> None:
    token = add_kiosk(server)
    supervisor = supervisor_token(server)
    changed = requests.put(
        f"{server.url}/api/v1/offices/main/services/consultation/cap",
        json={"daily_cap": 0},
        headers={"Authorization": f"Bearer {supervisor}"},
        timeout=10,
    )
    assert changed.status_code == 200, changed.text
    page = open_kiosk(browser, server, token)
    try:
        if lang == "en":
            page.click("#language")
        page.fill("#search", "Консультація" if lang == "uk" else "Consultation")
        page.click("#tiles button >> nth=0")
        page.wait_for_selector("#screen-priority:not([hidden])")
        page.click("#priorities button >> nth=-1")  # the general queue
        page.wait_for_selector("#screen-hours:not([hidden])")
        title, detail = page.inner_text("#hours-title"), page.inner_text("#hours-when")
        assert words in title and advice in detail, (title, detail)
        refused = requests.post(
            f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False, "lang": lang}, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "sold_out"
        offers = refused.json()["error"]["details"]["offers"]  # the same offers as a refusal by the hours: a booking, another office
        assert page.is_visible("#hours-booking") == bool(offers["booking_url"])
        if offers["booking_url"]:
            assert page.inner_text("#hours-book-url") == offers["booking_url"]
        screenshot(page, f"kiosk-cap-reached-{lang}")
        assert screen(page) == "hours" and queue(server)["waiting"] == []
        assert page.errors == []
    finally:
        page.close()


def test_a_service_out_of_tickets_is_greyed_with_the_reason_before_it_is_chosen(browser, server) -> None:
    token = add_kiosk(server, "kiosk-greyed")
    supervisor = {"Authorization": f"Bearer {supervisor_token(server)}"}
    cap = f"{server.url}/api/v1/offices/main/services/consultation/cap"
    assert requests.put(cap, json={"daily_cap": 0}, headers=supervisor, timeout=10).status_code == 200
    page = open_kiosk(browser, server, token)
    try:
        page.fill("#search", "Консультація")
        tile = page.locator("#tiles button[data-service='consultation']")
        page.wait_for_selector("#tiles button[data-service='consultation'].sold-out")
        assert tile.locator(".sold-out-note").inner_text() == "Талони на сьогодні закінчились"
        screenshot(page, "kiosk-sold-out-tile")
        page.click("#language")
        page.wait_for_selector("#tiles button[data-service='consultation'] .sold-out-note:text-is('No tickets left today')")
        page.click("#language")
        page.fill("#search", "ID")
        others = page.locator("#tiles button.service")
        assert others.count() > 0 and page.locator("#tiles button.sold-out").count() == 0  # the others have their tickets
        assert requests.delete(cap, headers=supervisor, timeout=10).status_code == 200  # the configured caps hold again
        page.reload()  # the next visitor's start reads the caps again (as after each ticket and the idle minute)
        page.wait_for_selector("#screen-services:not([hidden])")
        page.fill("#search", "Консультація")
        page.wait_for_selector("#tiles button[data-service='consultation']:not(.sold-out)")
        tile.click()  # a tap goes on to the question as ever
        page.wait_for_selector("#screen-priority:not([hidden])")
        assert page.errors == []
    finally:
        page.close()
