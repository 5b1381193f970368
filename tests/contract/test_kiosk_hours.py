"""The kiosk at a closed hour and near closing, in headless Chromium against a real server whose hours are built from the present time.

`main` opens only on the weekday after tomorrow, so it is closed whenever the
test runs and the kiosk says when it opens; `dovh-1` closes within half an
hour of now, so a queue longer than that is refused with «not today» and the
offers: a booking QR and another office (`dovh-2`, with a desk open).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from browser import screenshot
from live_server import Server, cherga, round_the_clock_config

pytestmark = pytest.mark.contract

KYIV = ZoneInfo("Europe/Kyiv")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_UK = ("у понеділок", "у вівторок", "у середу", "у четвер", "у п'ятницю", "у суботу", "у неділю")
WEEKDAY_EN = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday")
HALF_AN_HOUR = dt.timedelta(minutes=30)


def closing_soon(now: dt.datetime) -> str:
    """Today's hours from an hour ago until half an hour from now (or midnight, whichever is first)."""
    opens = max(now - dt.timedelta(hours=1), now.replace(hour=0, minute=0))
    closes = now + HALF_AN_HOUR
    return f"{opens:%H:%M}-" + ("24:00" if closes.date() != now.date() else f"{closes:%H:%M}")


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    now = dt.datetime.now(KYIV)
    config = round_the_clock_config(tmp_path / "config")
    offices = (config / "offices.toml").read_text(encoding="utf-8")
    later = WEEKDAYS[(now.weekday() + 2) % 7]
    offices, found = re.subn(r"(\[offices\.main\]\n(?:.*\n)*?)hours = \"main\"", rf'\1hours = {{ {later} = "08:00-17:00" }}', offices, count=1)
    assert found == 1
    today = WEEKDAYS[now.weekday()]
    offices, found = re.subn(r"(\[offices\.dovh-1\]\n(?:.*\n)*?)hours = \"[a-z-]+\"", rf'\1hours = {{ {today} = "{closing_soon(now)}" }}', offices, count=1)
    assert found == 1
    (config / "offices.toml").write_text(offices, encoding="utf-8")
    running = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", environment={"CHERGA_CONFIG_DIR": str(config)})
    running.start()
    running.opens_on = (now.weekday() + 2) % 7  # type: ignore[attr-defined]
    yield running
    failed = getattr(request.node, "rep_call", None)
    running.kill()
    if failed is not None and failed.failed:
        print(f"\n----- server log -----\n{running.log()}")


def device(server: Server, office: str) -> str:
    return cherga("device", "add", "--kind", "kiosk", "--office", office, "--name", f"kiosk-{office}", database=server.database).splitlines()[-1]


def operator(server: Server, office: str) -> str:
    cherga("user", "add", f"op-{office}", "--role", "operator", "--office", office, "--password-stdin", database=server.database, stdin="password-1\n")
    answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": f"op-{office}", "password": "password-1"}, timeout=10)
    return str(answer.json()["token"])


def kiosk_page(browser, server: Server, office: str, token: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{server.url}/kiosk/{office}")
    page.fill("#pair-token", token)
    page.click("#pair-form button")
    page.wait_for_selector("#screen-services:not([hidden])")
    return page


def ask_for_consultation(page, english: bool = False) -> None:  # type: ignore[no-untyped-def]
    page.click("#tiles >> text=" + ("Consultations and collection of results" if english else "Консультації та видача результатів"))
    page.click("#tiles >> text=" + ("Consultation with an administrator" if english else "Консультація адміністратора"))
    page.wait_for_selector("#screen-priority:not([hidden])")
    page.click("#priorities >> text=" + ("No, the regular queue" if english else "Ні, звичайна черга"))
    page.wait_for_selector("#screen-hours:not([hidden]), #screen-confirm:not([hidden])")
    if page.is_visible("#screen-confirm"):  # a long wait asks first; the visitor takes it
        page.click("#confirm-yes")
    page.wait_for_selector("#screen-hours:not([hidden])")


def test_a_closed_office_refuses_at_the_kiosk_and_says_when_it_opens(browser, server) -> None:
    token = device(server, "main")
    refused = requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "office_closed"
    opens = dt.datetime.fromisoformat(refused.json()["error"]["details"]["opens_at"].replace("Z", "+00:00")).astimezone(KYIV)
    assert (opens.weekday(), opens.strftime("%H:%M")) == (server.opens_on, "08:00")
    page = kiosk_page(browser, server, "main", token)
    try:
        ask_for_consultation(page)
        assert page.inner_text("#hours-title") == "Відділ зараз зачинено"
        assert page.inner_text("#hours-when") == f"Відділ відкриється о 08:00 {WEEKDAY_UK[server.opens_on]}."
        assert page.is_hidden("#hours-booking") and page.is_hidden("#hours-elsewhere")
        screenshot(page, "kiosk-hours-closed-uk")
        page.click("#screen-hours .home")
        page.click("#language")
        ask_for_consultation(page, english=True)
        assert page.inner_text("#hours-title") == "The office is closed now"
        assert page.inner_text("#hours-when") == f"The office opens at 08:00 {WEEKDAY_EN[server.opens_on]}."
        screenshot(page, "kiosk-hours-closed-en")
        assert page.errors == []
    finally:
        page.close()


def test_a_wait_past_closing_is_refused_with_a_booking_qr_and_another_office(browser, server) -> None:
    token = device(server, "dovh-1")
    headers = {"Authorization": f"Bearer {token}"}
    opened = requests.post(f"{server.url}/api/v1/desks/dovh-1-1/open", headers={"Authorization": f"Bearer {operator(server, 'dovh-1')}"}, timeout=10)
    assert opened.status_code == 200, opened.text
    other = requests.post(f"{server.url}/api/v1/desks/dovh-2-1/open", headers={"Authorization": f"Bearer {operator(server, 'dovh-2')}"}, timeout=10)
    assert other.status_code == 200, other.text
    for _ in range(10):  # consultations of 7 minutes until the next would end after closing
        answer = requests.post(f"{server.url}/api/v1/offices/dovh-1/tickets", json={"service": "consultation", "print": False}, headers=headers, timeout=10)
        if answer.status_code == 409:
            break
        assert answer.status_code == 201, answer.text
    error = answer.json()["error"]
    assert error["code"] == "not_today"
    assert [office["office"] for office in error["details"]["offers"]["offices"]] == ["dovh-2"]
    assert error["details"]["offers"]["booking_url"].endswith("/book?office=dovh-1&service=consultation&lang=uk")
    page = kiosk_page(browser, server, "dovh-1", token)
    try:
        ask_for_consultation(page)
        assert page.inner_text("#hours-title") == "Сьогодні цю послугу вже не встигнуть надати"
        assert "Відділ сьогодні працює до" in page.inner_text("#hours-when")
        assert page.inner_text("#hours-book-url").endswith("/book?office=dovh-1&service=consultation&lang=uk")
        page.wait_for_function("() => document.getElementById('hours-qr').naturalWidth > 0")  # the booking page's QR code
        assert "Територіальний підрозділ «Віза» №2" in page.inner_text("#hours-elsewhere")
        screenshot(page, "kiosk-hours-not-today-uk")
        page.click("#screen-hours .home")
        page.click("#language")
        ask_for_consultation(page, english=True)
        assert page.inner_text("#hours-title") == "This service can no longer be given today"
        assert "«Viza» territorial unit 2" in page.inner_text("#hours-elsewhere")
        screenshot(page, "kiosk-hours-not-today-en")
        assert page.errors == []
    finally:
        page.close()
