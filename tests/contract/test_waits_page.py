"""The public page /waits on a phone-sized headless Chromium: every office, live, in two languages."""

from __future__ import annotations

import re

import pytest
import requests

from browser import screenshot
from live_server import cherga

pytestmark = pytest.mark.contract

RESIDENCE_AT_MAIN = "#office-main tr[data-group='residence'] [data-field=waiting]"
MAIN_TOTAL = "#office-main .total [data-field=waiting]"
DAYS = "сьогодні|завтра|понеділок|вівторок|середа|четвер|пʼятниця|субота|неділя"
OPENING = rf"Відчинено до \d\d:\d\d|Зачинено · відкриється: ({DAYS}), \d\d:\d\d"


def issue(server, kiosk: str, service: str) -> dict:
    answer = requests.post(
        f"{server.url}/api/v1/offices/main/tickets", json={"service": service, "print": False}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def kiosk(server) -> str:
    return cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).strip().splitlines()[-1]


def wait_for_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => { const found = document.querySelector(selector); return found && found.textContent.trim() === text; }",
        arg=[selector, text],
        timeout=10000,
    )


def test_every_office_and_a_ticket_changes_its_figure_without_reload(browser, server, kiosk) -> None:
    offices = requests.get(f"{server.url}/api/v1/offices", timeout=10).json()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server.url}/waits")
        assert page.inner_text("h1") == "Черги в офісах зараз"
        assert page.get_attribute("html", "lang") == "uk"
        assert page.locator("article.office").count() == len(offices) == 39
        assert [page.inner_text(f"#office-{office['code']} h3") for office in offices] == [office["name"] for office in offices]
        assert page.locator("article.office table th[scope=row]").count() > 39  # the groups of each office, as row headers
        waits = requests.get(f"{server.url}/api/v1/waits", timeout=10).json()
        most = max(waits["quietest"], key=lambda item: item["offices"])
        assert page.input_value("#quietest-service") == most["service"]  # first asked: the service the most offices give
        page.wait_for_selector("#waits[data-live=online]", timeout=15000)
        assert page.text_content(RESIDENCE_AT_MAIN) == "0" and page.inner_text(MAIN_TOTAL) == "0"
        loaded_at = page.evaluate("performance.timeOrigin")
        screenshot(page, "waits-phone")

        html = requests.get(f"{server.url}/waits", timeout=10).text  # as the server words it, before any script
        rendered = re.search(r'id="office-main".*?data-field="opening">([^<]*)<', html, re.S).group(1)
        assert re.fullmatch(OPENING, rendered), rendered

        issue(server, kiosk, "residence-register")
        wait_for_text(page, RESIDENCE_AT_MAIN, "1")  # followed from main's stream, read again from the API
        assert page.inner_text("#office-main [data-field=opening]") == rendered  # the script words it as the server did
        wait_for_text(page, MAIN_TOTAL, "1")
        issue(server, kiosk, "residence-deregister")
        wait_for_text(page, RESIDENCE_AT_MAIN, "2")
        assert page.evaluate("performance.timeOrigin") == loaded_at  # no reload
        page.select_option("#quietest-service", "residence-register")
        residence = next(item for item in waits["quietest"] if item["service"] == "residence-register")
        expected = "Зараз не працює жоден офіс, що надає цю послугу" if residence["office"] is None else residence["office_name"]
        assert expected in page.inner_text("#quietest")  # no desk is open in this test: no office is suggested
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px phone"
        cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
        operator = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "olena", "password": "password-1"}, timeout=10).json()["token"]
        opened = requests.post(f"{server.url}/api/v1/desks/main-1/open", headers={"Authorization": f"Bearer {operator}"}, timeout=10)
        assert opened.status_code == 200
        residence = "#office-main tr[data-group='residence']"
        page.wait_for_selector(f"{residence}[data-estimate=estimated]", state="attached", timeout=10000)  # a desk for it is open now
        assert "хв" in page.text_content(f"{residence} [data-field=wait]")
        page.evaluate("document.querySelectorAll('details.groups').forEach((found) => { found.open = true; })")
        overflowing = page.evaluate(
            "Array.from(document.querySelectorAll('article.office')).filter((found) => found.scrollWidth > found.clientWidth).map((found) => found.id)"
        )
        assert overflowing == [], "tables wider than their office's card"
        page.locator("#office-main").screenshot(path=str(screenshot(page, "waits-phone-after-two-tickets").with_name("waits-phone-main-office.png")))
        assert errors == []
    finally:
        page.close()


def test_the_english_switch(browser, server) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page.goto(f"{server.url}/waits")
        assert page.inner_text("#language") == "English"
        page.click("#language")
        page.wait_for_url("**/waits?lang=en")
        assert page.inner_text("h1") == "Queues at the offices now"
        assert page.get_attribute("html", "lang") == "en"
        assert "Molodizhna" in page.inner_text("#office-main .address")
        assert page.text_content("#office-main thead th").strip() == "Services"  # folded while the office is closed: text, not rendering
        assert page.inner_text("#office-main summary").startswith("Queues by group of services")
        page.wait_for_selector("#waits[data-live=online]", timeout=15000)
        page.wait_for_function("document.getElementById('updated').textContent.startsWith('Updated at')")
        screenshot(page, "waits-phone-english")
        assert page.inner_text("#language") == "Українська"
    finally:
        page.close()


def test_the_page_says_when_it_lost_the_server_and_recovers(browser, server, kiosk) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{server.url}/waits")
        page.wait_for_selector("#waits[data-live=online]", timeout=15000)
        server.kill()
        page.wait_for_selector("#offline:not([hidden])", timeout=15000)
        assert "Немає зв'язку" in page.inner_text("#offline")
        screenshot(page, "waits-offline")
        server.start()
        page.wait_for_selector("#offline", state="hidden", timeout=30000)
        issue(server, kiosk, "residence-register")
        wait_for_text(page, RESIDENCE_AT_MAIN, "1")
    finally:
        page.close()
