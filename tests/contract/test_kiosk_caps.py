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
