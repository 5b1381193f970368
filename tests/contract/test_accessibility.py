"""axe-core over every page of the server, and the ticket page's live regions checked by hand.

One server for the module, one browser: the walk visits each page route of
the app in the states a visitor or a member of staff meets it, and fails on
any serious or critical finding (tests/accessibility.py). The list is the
visits below (`@visit(route, state, viewer)`, tests/page_walk.py): a new page route of the app that no
visit names fails `test_every_page_route_is_walked`, so a page cannot be
added without being checked. What a checker cannot hear (a call spoken
assertively, the state in a polite region) is read from the page after a
real call by a desk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from accessibility import assert_focus_ring_stands_out, axe_findings, describe
from booking_pages import always_open_config, book_next
from live_server import Server, cherga
from page_walk import PHONE, VISITS, Viewers, html_page_rules, look, visit

pytestmark = pytest.mark.contract
PASSWORD = "password-1"

# Page routes whose axe-core check lives with the page's own tests, and where.
CHECKED_ELSEWHERE = {
    "/kiosk/<office>": "the kiosk's own tests (tests/contract/test_kiosk_*.py), with a paired kiosk",
    # with the overdue complaint and the rejected rows those tests make
    "/complaints": "tests/contract/test_complaints_pages.py, as a manager and as a supervisor",
    "/outcomes": "tests/contract/test_complaints_pages.py, after an import with a rejected row",
    "/survey/<desk_id>": "tests/contract/test_survey_pages.py, with a visit to answer",
    "/supervisor/survey-stickers": "tests/contract/test_survey_pages.py, the stickers of the office's desks",
}

# A board that must be paired with a display token: its pairing screen is a page state of its own.
PAIRED_BOARD = """
[boards.main-office-tv]
office = "main"
name = "Службовий телевізор"
name_en = "Staff room TV"
paired = true
muted = true
"""


# The site: one server, its people, devices, tickets and a booking


@dataclass
class Site:
    server: Server
    tokens: dict[str, str] = field(default_factory=dict)
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)
    booking: dict[str, str] = field(default_factory=dict)

    def api(self, method: str, path: str, who: str | None = None, body: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        answer = requests.request(method, f"{self.server.url}/api/v1{path}", json=body, headers=headers, timeout=10)
        assert answer.status_code in (200, 201, 204), f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.status_code != 204 else None

    def issue(self, kiosk: str, office: str, service: str = "consultation") -> dict[str, Any]:
        return self.api("POST", f"/offices/{office}/tickets", kiosk, {"service": service, "print": False})  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("accessibility")
    config = always_open_config(folder / "config")  # open around the clock, bookable up to the minute
    with open(config / "boards.toml", "a", encoding="utf-8") as boards:
        boards.write(PAIRED_BOARD)
    server = Server(database=f"sqlite:///{folder / 'cherga.sqlite3'}", log_path=folder / "server.log", environment={"CHERGA_CONFIG_DIR": str(config)})
    server.start()
    try:
        yield _people_and_tickets(server)
    finally:
        server.kill()


def _people_and_tickets(server: Server) -> Site:
    site = Site(server)

    def device(kind: str, office: str, name: str) -> str:
        return cherga("device", "add", "--kind", kind, "--office", office, "--name", name, database=server.database).splitlines()[-1]

    def user(name: str, role: str, *offices: str, api: bool = False) -> None:
        chosen = ["--office", *offices] if offices else []
        cherga("user", "add", name, "--role", role, *chosen, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
        if api:  # a token for the API; the others log in through the pages' form
            answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
            site.tokens[name] = answer.json()["token"]

    site.tokens["kiosk"] = device("kiosk", "main", "kiosk-1")
    site.tokens["kiosk_dovh"] = device("kiosk", "dovh-1", "kiosk-dovh")
    site.tokens["display"] = device("display", "main", "office-tv")
    user("head", "manager")
    user("olena", "operator", "main")
    user("taras", "operator", "main", api=True)
    user("petro", "operator", "dovh-1", api=True)
    user("vasyl", "operator", "main", api=True)  # at room 28 (land services), which no other visit calls
    # a ticket served, one called to a desk, one waiting behind it
    for state in ("done", "called", "waiting"):
        site.tickets[state] = site.issue("kiosk", "main")
    site.api("POST", "/desks/main-34/open", "taras")
    site.api("POST", "/desks/main-34/call-next", "taras")
    site.api("POST", "/desks/main-34/finish", "taras")
    assert site.api("POST", "/desks/main-34/call-next", "taras")["number"] == site.tickets["called"]["number"]
    site.booking = book_next(server)
    return site


# The visits, in the order walked


def ticket_state(page: Any, site: Site, state: str) -> None:
    page.goto(site.tickets[state]["status_url"])
    page.wait_for_selector(f"#ticket[data-status={state}]", state="attached")
    page.wait_for_function("() => document.getElementById('status').textContent.trim() !== ''")


@visit("/t/<token>", "waiting")
def _ticket_waiting(page: Any, site: Site) -> None:
    ticket_state(page, site, "waiting")


@visit("/t/<token>", "called")
def _ticket_called(page: Any, site: Site) -> None:
    ticket_state(page, site, "called")


@visit("/t/<token>", "done")
def _ticket_done(page: Any, site: Site) -> None:
    ticket_state(page, site, "done")


@visit("/t/<token>", "not found")
def _ticket_not_found(page: Any, site: Site) -> None:
    assert page.goto(f"{site.server.url}/t/no-such-ticket").status == 404


@visit("/waits", "every office")
def _waits(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/waits")
    page.wait_for_selector("#waits[data-live=online]")


@visit("/door/<office>", "no remote ticket on the phone")
def _door(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/door/main?key=abc")
    page.wait_for_selector("#door-help:not([hidden])")


@visit("/book", "offices")
def _book_offices(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/book")
    page.wait_for_selector("#book[data-ready=yes]")


@visit("/book", "times")
def _book_times(page: Any, site: Site) -> None:
    page.fill("#office-search", "Молодіжна")
    page.click("#office-list button[data-office=main]")
    page.wait_for_selector("#screen-service:not([hidden])")
    page.click("#service-list button[data-service=id-card-exchange]")
    page.wait_for_selector("#day-list button[data-date]")
    page.click("#day-list button[data-date] >> nth=0")
    page.wait_for_selector("#time-list button.time")


@visit("/a/<token>", "a booking")
def _booking(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/a/{site.booking['token']}")
    page.wait_for_selector("#manage[data-ready=yes]")


@visit("/a/<token>", "not found")
def _booking_not_found(page: Any, site: Site) -> None:
    assert page.goto(f"{site.server.url}/a/no-such-booking").status == 404


@visit("/display/<office>", "a call on the hall board", "tv")
def _board(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/display/main")
    page.wait_for_selector("#board[data-live=yes]", state="attached")
    page.wait_for_selector("#calls:not([hidden])")


@visit("/display/<office>/<board>", "asking to be paired", "tv")
def _board_pairing(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/display/main/main-office-tv")
    page.wait_for_selector("#pair:not([hidden])")


@visit("/display/desk/<desk>", "a visitor called", "tv")
def _desk_display(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/display/desk/main-34")
    page.wait_for_selector(f"#ticket:text-is('{site.tickets['called']['number']}')")


@visit("/desk", "the staff login form", "screen")
def _login(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/desk")
    page.wait_for_function("() => document.querySelector('label[for=username]').textContent !== ''")


@visit("/desk", "the console at a desk", "olena")
def _desk_console(page: Any, site: Site) -> None:
    pass  # logged in and at its desk when opened (desk_pages.console)


@visit("/supervisor", "the office's desks and queue", "head")
def _supervisor(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/supervisor")
    page.wait_for_selector("#supervisor[data-ready=true]", state="attached")
    page.wait_for_selector("#desks tbody tr[data-desk]", state="attached")


@visit("/dashboard", "every office", "head")
def _dashboard(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/dashboard")
    page.wait_for_selector("#dashboard[data-ready=true]", state="attached")


@visit("/dashboard/<office>", "one office", "head")
def _dashboard_office(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/dashboard/main")
    page.wait_for_selector("#dashboard[data-ready=true]", state="attached")


@visit("/reports", "the month's figures and charts", "head")
def _reports(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/reports")
    page.wait_for_selector("#reports[data-state=ready]", state="attached", timeout=30000)


@visit("/reports/annual", "the year's summary", "head")
def _annual(page: Any, site: Site) -> None:
    page.goto(f"{site.server.url}/reports/annual")
    page.wait_for_selector("#annual")


# The tests


def test_every_page_route_is_walked(shared_app: Any) -> None:
    walked = {item.route for item in VISITS}
    assert not walked & set(CHECKED_ELSEWHERE), "a page is either walked here or checked elsewhere"
    missing = html_page_rules(shared_app) - walked - set(CHECKED_ELSEWHERE)
    assert not missing, f"page routes no visit of tests/contract/test_accessibility.py names: {sorted(missing)}"
    stale = (walked | set(CHECKED_ELSEWHERE)) - html_page_rules(shared_app)
    assert not stale, f"visits of routes the app no longer has: {sorted(stale)}"


def test_every_page_has_no_serious_or_critical_axe_finding(browser: Any, site: Site) -> None:
    viewers = Viewers(browser, site.server, operators=("olena",))
    found: dict[str, list[dict[str, Any]]] = {}
    errors: dict[str, list[str]] = {}
    try:
        for item in VISITS:
            page = viewers.page(item.viewer)
            item.go(page, site)
            where = f"{item.route} ({item.state})"
            look(page, "axe-" + re.sub(r"[^a-z0-9]+", "-", f"{item.route} {item.state}".lower()).strip("-"))
            found[where] = axe_findings(page)
            errors[where] = list(page.errors)
            page.errors.clear()
    finally:
        viewers.close()
    failing = {where: findings for where, findings in found.items() if findings}
    assert not failing, "\n\n".join(f"axe-core on {where}:\n{describe(findings)}" for where, findings in failing.items())
    assert not any(errors.values()), {where: said for where, said in errors.items() if said}


# By hand: what a checker cannot hear or see


def test_the_ticket_page_says_the_call_and_the_focus_ring_stands_out(browser: Any, site: Site) -> None:
    ticket = site.issue("kiosk_dovh", "dovh-1")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="uk-UA")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(ticket["status_url"])
        page.wait_for_function("() => document.getElementById('status').textContent.trim() !== ''")
        # the number is the page's heading; the state is a polite live region, the call an assertive one, the banner an alert
        assert page.get_by_role("heading", level=1).inner_text() == ticket["number"]
        assert page.get_attribute("#status", "aria-live") == "polite"
        assert page.get_attribute("#call-news", "aria-live") == "assertive"
        assert page.get_attribute("#offline", "role") == "alert"
        assert page.inner_text("#status") == "Ви наступні — підготуйте документи"
        assert page.text_content("#call-news") == ""

        site.api("POST", "/desks/dovh-1-1/open", "petro")
        assert site.api("POST", "/desks/dovh-1-1/call-next", "petro")["number"] == ticket["number"]
        page.wait_for_function(
            "(words) => document.getElementById('call-news').textContent === words",
            arg=f"Ваш номер {ticket['number']} викликано до вікна 1",
            timeout=10000,
        )
        assert page.inner_text("#status") == "Вас викликано!"
        assert page.inner_text("#go-to") == "Підійдіть до: Вікно 1"
        look(page, "access-ticket-called")

        site.api("POST", "/desks/dovh-1-1/finish", "petro")
        page.wait_for_selector("#status:text-is('Обслуговування завершено. Дякуємо!')", timeout=10000)
        assert page.text_content("#call-news") == ""  # a call said once is not left for a reader to stumble on

        # a room is said as the boards say it: «до кабінету 28»
        land = site.issue("kiosk", "main", "land-cadastre-extract")
        page.goto(land["status_url"])
        page.wait_for_function("() => document.getElementById('status').textContent.trim() !== ''")
        site.api("POST", "/desks/main-28/open", "vasyl")
        assert site.api("POST", "/desks/main-28/call-next", "vasyl")["number"] == land["number"]
        page.wait_for_function(
            "(words) => document.getElementById('call-news').textContent === words",
            arg=f"Ваш номер {land['number']} викликано до кабінету 28",
            timeout=10000,
        )
        assert errors == []

        # the keyboard's focus, on a public page, a staff page and a board's dark ground
        for path, ready, target in (
            ("/book", "#book[data-ready=yes]", "#office-search"),
            ("/desk", "#login-form", "#username"),
            ("/display/main/main-office-tv", "#pair:not([hidden])", "#pair-token"),
        ):
            page.goto(site.server.url + path)
            page.wait_for_selector(ready)
            page.keyboard.press("Shift")  # the keyboard in hand: a focus now is a keyboard's focus (:focus-visible)
            page.focus(target)
            assert_focus_ring_stands_out(page, f"{path} {target}")
        look(page, "access-focus-ring-board")
    finally:
        context.close()
