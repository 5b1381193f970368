"""A visit of several steps end to end: one number and one token through three desks, live everywhere.

A real server with the bundled network's main office; the services and
desks are picked from the office's own desks at run time (the bundled
catalogue changes). Each call is seen on the hall board in Chromium and
heard as `ticket.called` by a Socket.IO subscriber of the office's public
stream; the visitor's ticket page, also in Chromium, follows every step.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import socketio
from markupsafe import escape

from browser import screenshot
from live_server import Server, cherga

pytestmark = pytest.mark.contract
OFFICE = "main"


def post(server: Server, path: str, token: str, body: dict | None = None) -> dict:
    answer = requests.post(f"{server.url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code in (200, 201), f"{path}: {answer.status_code} {answer.text}"
    return answer.json()


def status_of(server: Server, token: str) -> dict:
    answer = requests.get(f"{server.url}/api/v1/tickets/{token}", timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


@dataclass(frozen=True)
class Desk:
    id: str
    name: str
    name_en: str
    services: frozenset[str]


def office_desks(server: Server) -> list[Desk]:
    """The office's desks with the ordinary services they do (a package is never a step)."""
    offered = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services", timeout=10).json()
    ordinary = {service["code"] for service in offered if not service["package"]}
    listed = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/desks", timeout=10).json()
    return [Desk(desk["id"], desk["name"], desk["name_en"], frozenset(desk["services"]) & ordinary) for desk in listed]


def three_desks(desks: list[Desk]) -> tuple[list[Desk], list[str]]:
    """Three desks and a service for each, where no desk does the step after its own: the visitor is sent on each time."""
    for first in desks:
        for second in desks:
            for third in desks:
                if len({first.services, second.services, third.services}) < 3:
                    continue  # three different kinds of desk
                for service_a in sorted(first.services):
                    for service_b in sorted(second.services - first.services):
                        for service_c in sorted(third.services - second.services - {service_a, service_b}):
                            if service_b != service_a:
                                return [first, second, third], [service_a, service_b, service_c]
    raise AssertionError("the office has no three desks for a visit sent on twice")


def one_desk_for_two(desks: list[Desk]) -> tuple[Desk, list[str]]:
    """A desk doing two services, and a third service of the office: a visit that goes on at the desk, then skips its last step."""
    everything = sorted(set().union(*(desk.services for desk in desks)))
    for desk in desks:
        own = sorted(desk.services)
        if len(own) >= 2:
            other = [service for service in everything if service not in own[:2]]
            return desk, [own[0], own[1], other[0]]
    raise AssertionError("no desk of the office does two services")


class Subscriber:
    """A Socket.IO client of the office's public stream, keeping every event it hears in order."""

    def __init__(self, url: str) -> None:
        self.client = socketio.Client(reconnection=False)
        self.events: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.client.on("event", self._heard)
        self.client.connect(url, transports=["websocket"], wait_timeout=10)
        assert self.client.call("subscribe", {"office": OFFICE}, timeout=10)["ok"]

    def _heard(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.events.append(message)

    def of_ticket(self, ticket_id: int) -> list[dict[str, Any]]:
        with self.lock:
            return [event for event in self.events if event["type"].startswith("ticket.") and event["data"]["id"] == ticket_id]

    def wait_for(self, ticket_id: int, kind: str, count: int, timeout: float = 10) -> dict[str, Any]:
        """The `count`-th event of this type about the ticket, once heard."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            heard = [event for event in self.of_ticket(ticket_id) if event["type"] == kind]
            if len(heard) >= count:
                return heard[count - 1]
            time.sleep(0.02)
        raise AssertionError(f"{kind} #{count} not heard: {[event['type'] for event in self.of_ticket(ticket_id)]}")

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def subscriber(server: Server) -> Iterator[Subscriber]:
    listening = Subscriber(server.url)
    yield listening
    listening.close()


@pytest.fixture
def staff(server: Server) -> tuple[str, list[str]]:
    """A kiosk and three operators of the main office (one desk each)."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", OFFICE, "--name", "kiosk-1", database=server.database).splitlines()[-1]
    operators = []
    for name in ("olena", "taras", "iryna"):
        cherga("user", "add", name, "--role", "operator", "--office", OFFICE, "--password-stdin", database=server.database, stdin="password-1\n")
        answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": "password-1"}, timeout=10)
        operators.append(answer.json()["token"])
    return kiosk, operators


def open_pages(browser, server: Server, status_url: str):  # type: ignore[no-untyped-def]
    """The hall board of every desk of the office, and the visitor's ticket page on a phone."""
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    errors: list[str] = []
    for page in (board, phone):
        page.on("pageerror", lambda error: errors.append(str(error)))
    board.goto(server.url + f"/display/{OFFICE}")
    board.wait_for_selector("#board[data-live=yes]", state="attached", timeout=10000)
    phone.goto(status_url)
    phone.wait_for_function("() => window.ChergaI18n && document.getElementById('visit-step').textContent.trim() !== ''", timeout=10000)
    return board, phone, errors


# Counts the desk display's flashes: every `flash` class it adds.
FLASH_COUNTER = """
window.flashes = 0;
const add = DOMTokenList.prototype.add;
DOMTokenList.prototype.add = function (...names) { if (names.includes("flash")) window.flashes += 1; return add.apply(this, names); };
"""


def wait_text(page, selector: str, text: str, timeout: float = 10000) -> None:  # type: ignore[no-untyped-def]
    """Until the element's text is exactly `text` (service names hold quotes and apostrophes, which selectors do not take)."""
    page.wait_for_function(
        "([selector, text]) => { const found = document.querySelector(selector); return found !== null && found.textContent.trim() === text; }",
        arg=[selector, text], timeout=timeout,
    )


def step_states(phone) -> list[str]:  # type: ignore[no-untyped-def]
    return phone.eval_on_selector_all("#visit-steps li", "items => items.map(item => item.dataset.state)")


def test_a_visit_goes_through_three_desks_with_one_number_and_token(browser, server, staff, subscriber) -> None:
    kiosk, operators = staff
    desks, services = three_desks(office_desks(server))
    issued = post(server, f"/api/v1/offices/{OFFICE}/tickets", kiosk, {"services": services, "print": False})
    assert [step["service"] for step in issued["steps"]] == services and issued["step"] == 0
    number, token, ticket_id = issued["number"], issued["token"], issued["id"]
    names = [step["service_name"] for step in issued["steps"]]
    for desk, operator in zip(desks, operators, strict=True):
        post(server, f"/api/v1/desks/{desk.id}/open", operator)
    board, phone, errors = open_pages(browser, server, issued["status_url"])
    try:
        assert phone.inner_text("#visit-step") == f"Крок 1 з 3: {names[0]}"
        assert step_states(phone) == ["now", "later", "later"]
        assert phone.inner_text("#visit-left").startswith("щонайменше ") and phone.inner_text("#visit-left").endswith(" хв")
        screenshot(phone, "visit-phone-step-1-waiting")

        for index, (desk, operator) in enumerate(zip(desks, operators, strict=True)):
            called = post(server, f"/api/v1/desks/{desk.id}/call-next", operator)
            assert called["number"] == number and called["id"] == ticket_id
            heard = subscriber.wait_for(ticket_id, "ticket.called", index + 1)  # an ordinary call, for each step
            assert heard["data"]["desk"] == desk.id and heard["data"]["step"] == index and heard["data"]["service"] == services[index]
            assert "token" not in heard["data"]  # the public stream never carries it
            board.wait_for_selector(f"#newest-number:text-is('{number}')", timeout=5000)
            assert board.inner_text("#newest-desk") == desk.name
            wait_text(phone, "#visit-step", f"Крок {index + 1} з 3: {names[index]}, {desk.name}")
            assert phone.inner_text("#go-to") == f"Підійдіть до: {desk.name}"
            assert phone.is_hidden("#rating")
            screenshot(board, f"visit-board-step-{index + 1}-called")
            screenshot(phone, f"visit-phone-step-{index + 1}-called")
            current = status_of(server, token)
            assert (current["number"], current["id"], current["step"], current["status"]) == (number, ticket_id, index, "called")

            post(server, f"/api/v1/desks/{desk.id}/start", operator)
            post(server, f"/api/v1/desks/{desk.id}/finish", operator, {"ticket": ticket_id})  # go_on left out: this desk does not do the next step
            if index == 2:
                break
            routed = subscriber.wait_for(ticket_id, "ticket.routed", index + 1)
            assert routed["data"]["status"] == "waiting" and routed["data"]["step"] == index + 1
            assert [step["status"] for step in routed["data"]["steps"]][: index + 1] == ["done"] * (index + 1)
            board.wait_for_function(f"() => !document.getElementById('board').innerText.includes('{number}')", timeout=5000)  # the call is dropped
            wait_text(phone, "#visit-news", f"Крок {index + 1} виконано. Очікуйте виклику на крок {index + 2}: {names[index + 1]}")
            assert phone.inner_text("#visit-step") == f"Крок {index + 2} з 3: {names[index + 1]}"
            assert phone.inner_text("#go-to") == "" and phone.is_hidden("#rating")
            assert step_states(phone) == ["done"] * (index + 1) + ["now"] + ["later"] * (1 - index)
            assert phone.inner_text("#service-name") == names[index + 1]
            screenshot(phone, f"visit-phone-step-{index + 1}-done")
            if index == 0:  # the page as the server renders it says the same as the live one
                shown = [phone.inner_text(selector) for selector in ("#visit-step", "#visit-news", "#visit-steps", "#visit-left")]
                rendered = requests.get(issued["status_url"], timeout=10).text  # before any script runs
                assert str(escape(shown[0])) in rendered and str(escape(shown[1])) in rendered
                phone.reload()
                assert [phone.inner_text(selector) for selector in ("#visit-step", "#visit-news", "#visit-steps", "#visit-left")] == shown
                assert step_states(phone) == ["done", "now", "later"] and phone.is_hidden("#status") == (status_of(server, token)["people_ahead"] > 0)

        finished = subscriber.wait_for(ticket_id, "ticket.finished", 1)
        assert [step["status"] for step in finished["data"]["steps"]] == ["done", "done", "done"]
        assert [step["desk"] for step in finished["data"]["steps"]] == [desk.id for desk in desks]
        phone.wait_for_selector("#rating:not([hidden])", timeout=10000)  # the rating, only once the whole visit is over
        assert phone.is_hidden("#visit-step") and phone.is_hidden("#visit-news")
        assert step_states(phone) == ["done", "done", "done"]
        assert "виконано ✓" in phone.inner_text("#visit-steps")
        screenshot(phone, "visit-phone-finished")
        kinds = [event["type"] for event in subscriber.of_ticket(ticket_id)]
        assert kinds == ["ticket.issued"] + ["ticket.called", "ticket.started", "ticket.routed"] * 2 + ["ticket.called", "ticket.started", "ticket.finished"]
        board.wait_for_function(f"() => !document.getElementById('board').innerText.includes('{number}')", timeout=5000)
        assert errors == []
    finally:
        board.close()
        phone.close()


def test_a_visit_goes_on_at_the_same_desk_without_a_new_call_and_skips_a_step(browser, server, staff, subscriber) -> None:
    kiosk, (operator, *_) = staff
    desk, services = one_desk_for_two(office_desks(server))
    issued = post(server, f"/api/v1/offices/{OFFICE}/tickets", kiosk, {"services": services, "print": False, "lang": "en"})
    ticket_id, number = issued["id"], issued["number"]
    names = [step["service_name"] for step in issued["steps"]]
    post(server, f"/api/v1/desks/{desk.id}/open", operator)
    board, phone, errors = open_pages(browser, server, issued["status_url"])
    above_desk = browser.new_page(viewport={"width": 800, "height": 480})
    above_desk.add_init_script(FLASH_COUNTER)
    above_desk.goto(f"{server.url}/display/desk/{desk.id}")
    above_desk.wait_for_selector("#state-free:not([hidden])", timeout=10000)
    try:
        assert phone.inner_text("#visit-step") == f"Step 1 of 3: {names[0]}"
        post(server, f"/api/v1/desks/{desk.id}/call-next", operator)
        board.wait_for_selector(f"#newest-number:text-is('{number}')", timeout=5000)
        above_desk.wait_for_selector(f"#ticket:text-is('{number}')", timeout=5000)
        assert above_desk.evaluate("window.flashes") == 1
        flashes = board.get_attribute("#board", "data-flashes")
        wait_text(phone, "#visit-step", f"Step 1 of 3: {names[0]}, {desk.name_en}")
        post(server, f"/api/v1/desks/{desk.id}/start", operator)

        changed = post(server, f"/api/v1/desks/{desk.id}/skip-step", operator, {"ticket": ticket_id, "step": 3, "reason": "вже має довідку"})
        assert [step["status"] for step in changed["steps"]] == ["serving", "waiting", "skipped"]
        heard = subscriber.wait_for(ticket_id, "ticket.steps_changed", 1)
        assert heard["data"]["steps"][2]["status"] == "skipped"
        phone.wait_for_function("() => document.querySelectorAll('#visit-steps li')[2].dataset.state === 'skipped'", timeout=10000)
        assert "skipped" in phone.inner_text("#visit-steps li:nth-child(3)")

        went_on = post(server, f"/api/v1/desks/{desk.id}/finish", operator, {"ticket": ticket_id, "go_on": True})
        assert (went_on["status"], went_on["step"], went_on["desk"]) == ("serving", 1, desk.id)
        continued = subscriber.wait_for(ticket_id, "ticket.continued", 1)
        assert (continued["data"]["status"], continued["data"]["step"], continued["data"]["service"]) == ("serving", 1, services[1])
        wait_text(phone, "#visit-step", f"Step 2 of 3: {names[1]}, {desk.name_en}")
        assert step_states(phone) == ["done", "now", "skipped"] and phone.is_hidden("#rating") and phone.is_hidden("#visit-news")
        screenshot(phone, "visit-phone-continued-at-the-desk")
        assert board.inner_text("#newest-number") == number  # still at the desk: the board keeps it, without a new call
        assert board.get_attribute("#board", "data-flashes") == flashes
        assert above_desk.inner_text("#ticket") == number and above_desk.evaluate("window.flashes") == 1  # the same visitor, still here
        assert [event["type"] for event in subscriber.of_ticket(ticket_id)].count("ticket.called") == 1

        post(server, f"/api/v1/desks/{desk.id}/finish", operator, {"ticket": ticket_id})  # the last step left: the visit is over
        finished = subscriber.wait_for(ticket_id, "ticket.finished", 1)
        assert [step["status"] for step in finished["data"]["steps"]] == ["done", "done", "skipped"]
        phone.wait_for_selector("#rating:not([hidden])", timeout=10000)
        assert step_states(phone) == ["done", "done", "skipped"]
        screenshot(phone, "visit-phone-continued-finished")
        kinds = [event["type"] for event in subscriber.of_ticket(ticket_id)]
        assert kinds == ["ticket.issued", "ticket.called", "ticket.started", "ticket.steps_changed", "ticket.continued", "ticket.finished"]
        assert errors == []
    finally:
        board.close()
        phone.close()
        above_desk.close()


def test_a_step_skipped_at_the_desk_sends_the_visitor_on_and_a_visit_ended_early_may_be_rated(browser, server, staff, subscriber) -> None:
    kiosk, (olena, taras, _) = staff
    desks, services = three_desks(office_desks(server))
    issued = post(server, f"/api/v1/offices/{OFFICE}/tickets", kiosk, {"services": services, "print": False})
    ticket_id, names = issued["id"], [step["service_name"] for step in issued["steps"]]
    post(server, f"/api/v1/desks/{desks[0].id}/open", olena)
    post(server, f"/api/v1/desks/{desks[1].id}/open", taras)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        phone.goto(issued["status_url"])
        post(server, f"/api/v1/desks/{desks[0].id}/call-next", olena)
        wait_text(phone, "#visit-step", f"Крок 1 з 3: {names[0]}, {desks[0].name}")
        post(server, f"/api/v1/desks/{desks[0].id}/skip-step", olena, {"ticket": ticket_id, "step": 1, "reason": "вже має довідку"})
        assert subscriber.wait_for(ticket_id, "ticket.routed", 1)["data"]["step"] == 1  # the current step skipped: sent on
        wait_text(phone, "#visit-news", f"Крок 1 пропущено. Очікуйте виклику на крок 2: {names[1]}")
        assert step_states(phone) == ["skipped", "now", "later"] and phone.is_hidden("#rating")
        screenshot(phone, "visit-phone-step-skipped")

        assert post(server, f"/api/v1/desks/{desks[1].id}/call-next", taras)["id"] == ticket_id
        wait_text(phone, "#visit-step", f"Крок 2 з 3: {names[1]}, {desks[1].name}")
        post(server, f"/api/v1/desks/{desks[1].id}/end-visit", taras, {"ticket": ticket_id, "reason": "решту зробить онлайн"})
        finished = subscriber.wait_for(ticket_id, "ticket.finished", 1)
        assert [step["status"] for step in finished["data"]["steps"]] == ["skipped", "done", "skipped"]
        phone.wait_for_selector("#rating:not([hidden])", timeout=10000)
        assert step_states(phone) == ["skipped", "done", "skipped"] and phone.is_hidden("#visit-left-figure")
        assert phone.inner_text("#status") == "Обслуговування завершено. Дякуємо!"

        offered = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/services", timeout=10).json()
        package = next(service for service in offered if service["package"] and len(service["includes"]) > 1)  # whichever the catalogue has
        visit = post(server, f"/api/v1/offices/{OFFICE}/tickets", kiosk, {"service": package["code"], "print": False})
        phone.goto(visit["status_url"])
        wait_text(phone, "#visit-step", f"Крок 1 з {len(package['includes'])}: {visit['steps'][0]['service_name']}")
        assert phone.inner_text("#package-name") == visit["package_name"] and phone.is_visible("#package-name")
        assert phone.locator("#visit-steps li").all_inner_texts() == [
            f"{step['service_name']} — {'зараз' if index == 0 else 'далі'}" for index, step in enumerate(visit["steps"])
        ]
        screenshot(phone, "visit-phone-package")
    finally:
        phone.close()
