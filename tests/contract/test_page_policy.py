"""Every public page runs under the server's Content-Security-Policy without a single violation."""

from __future__ import annotations

import pytest
import requests

from live_server import cherga

pytestmark = pytest.mark.contract

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def kiosk_token(server) -> str:
    return cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]


def visit(browser, url: str, ready: str, act=None) -> list[str]:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(WATCH_VIOLATIONS)
    try:
        answer = page.goto(url)
        assert answer is not None and "script-src 'self'" in answer.headers["content-security-policy"]
        page.wait_for_selector(ready, timeout=10000)
        if act is not None:
            act(page)
        page.wait_for_timeout(1000)  # the live connection and its first snapshot
        return problems + page.evaluate("() => window.__violations")
    finally:
        page.close()


def test_the_kiosk_board_desk_display_and_ticket_pages_break_no_rule(browser, server, kiosk_token) -> None:
    def pair_and_issue(page) -> None:  # type: ignore[no-untyped-def]
        page.fill("#pair-token", kiosk_token)
        page.click("#pair-form button")
        page.wait_for_selector("#screen-services:not([hidden])", timeout=10000)

    assert visit(browser, f"{server.url}/kiosk/main", "#pair-form", pair_and_issue) == []
    ticket = requests.post(
        f"{server.url}/api/v1/offices/main/tickets",
        json={"service": "consultation", "print": False},
        headers={"Authorization": f"Bearer {kiosk_token}"},
        timeout=10,
    ).json()
    assert visit(browser, ticket["status_url"], "#number") == []
    assert visit(browser, f"{server.url}/display/main", "#board") == []
    assert visit(browser, f"{server.url}/display/desk/main-34", "body") == []


def test_the_booking_pages_break_no_rule(browser, server) -> None:
    def choose(page) -> None:  # type: ignore[no-untyped-def]
        page.click("#office-list button[data-office=main]")
        page.click("#service-list button[data-service=id-card-exchange]")
        page.wait_for_selector("#day-list button[data-date]", timeout=10000)

    assert visit(browser, f"{server.url}/book", "#book[data-ready=yes]", choose) == []
    days = requests.get(f"{server.url}/api/v1/offices/main/services/id-card-exchange/days", timeout=10).json()
    slots = requests.get(f"{server.url}/api/v1/offices/main/services/id-card-exchange/slots", params={"date": days[-1]["date"]}, timeout=10).json()
    body = {"office": "main", "service": "id-card-exchange", "start": slots[0]["start"], "name": "Олена", "phone": "+380671234567"}
    booked = requests.post(f"{server.url}/api/v1/appointments", json=body, timeout=10).json()
    assert visit(browser, booked["manage_url"], "#manage[data-ready=yes]", lambda page: page.click("#cancel")) == []
