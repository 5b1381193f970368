"""A visit of several steps at the desk console, in headless Chromium against a real server.

The services are chosen at run time from what the bundled network's desks
serve (the configuration changes; the console's behaviour must not depend
on one service's code).
"""

from __future__ import annotations

import time

import pytest
import requests

from browser import screenshot
from desk_pages import console, supervisor_page
from live_server import cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


@pytest.fixture
def office(server):
    """A kiosk, two operators and a supervisor of the main office; two of its desks and what they serve."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    for name, role in (("olena", "operator"), ("taras", "operator"), ("iryna", "supervisor")):
        cherga("user", "add", name, "--role", role, "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    supervisor = requests.post(server.url + "/api/v1/auth/login", json={"username": "iryna", "password": PASSWORD}, timeout=10).json()["token"]
    services = requests.get(f"{server.url}/api/v1/offices/main/services", timeout=10).json()
    plain = {service["code"] for service in services if not service["package"]}
    desks = requests.get(f"{server.url}/api/v1/offices/main/desks", timeout=10).json()
    # a desk that serves some of the office's services, and one that serves a service it does not
    narrow = min((d for d in desks if len(plain & set(d["services"])) >= 4), key=lambda d: len(d["services"]))
    wide = next(d for d in desks if set(d["services"]) & plain - set(narrow["services"]))
    here = [code for code in narrow["services"] if code in plain]
    elsewhere = [code for code in wide["services"] if code in plain and code not in narrow["services"]]
    names = {service["code"]: service["name"] for service in services}
    return {
        "kiosk": kiosk, "supervisor": supervisor, "here": here, "elsewhere": elsewhere, "names": names,
        "desk": narrow["name"], "other_desk": wide["name"], "services": services, "desks": desks,
    }


def issue(server, office, services: list[str]) -> dict:
    answer = requests.post(
        f"{server.url}/api/v1/offices/main/tickets",
        json={"services": services, "print": False},
        headers={"Authorization": f"Bearer {office['kiosk']}"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def ticket(server, issued: dict) -> dict:
    return requests.get(f"{server.url}/api/v1/tickets/{issued['token']}", timeout=10).json()


def statuses(server, issued: dict) -> list[str]:
    return [step["status"] for step in ticket(server, issued)["steps"]]


def wait_state(page, visitor: str = "") -> None:
    try:
        page.wait_for_selector(f"#console[data-status='open'][data-visitor='{visitor}'][data-busy='']", state="attached", timeout=5000)
    except Exception as error:
        shown = page.get_attribute("#console", "data-visitor"), page.inner_text("#message")
        raise AssertionError(f"wanted a visitor {visitor!r}, the console shows {shown}") from error


def serve_next(page, number: str) -> None:
    """Call the next visitor, who must be `number`, and start serving them."""
    page.click("#call-next")
    wait_state(page, "called")
    assert page.inner_text("#visitor-number") == number
    page.click("#start")
    wait_state(page, "serving")


def opened(browser, server, username: str, desk: str):
    page = console(browser, server, username, desk)
    page.click("#open")
    wait_state(page)
    return page


def test_a_visit_goes_on_at_the_desk_that_serves_its_next_step(browser, server, office) -> None:
    first, second, third = office["here"][:3]
    visit = issue(server, office, [first, second, third])
    page = opened(browser, server, "olena", office["desk"])
    try:
        serve_next(page, visit["number"])
        assert page.inner_text("#visit-position") == "Крок 1 з 3"
        assert [item.get_attribute("data-status") for item in page.query_selector_all("#visit-steps li")] == ["now", "ahead", "ahead"]
        assert page.is_visible("#finish-here") and page.is_visible("#finish-on") and not page.is_visible("#finish")
        assert page.inner_text("#finish-here-label") == f"Продовжити тут: {office['names'][second]}"
        screenshot(page, "desk-visit-go-on-here")

        page.dblclick("#finish-here")  # a double tap goes on once: the second step begins, it is not finished
        page.wait_for_selector("#visit-position:text-is('Крок 2 з 3')")
        wait_state(page, "serving")
        time.sleep(1.5)  # past the moment a second tap could land
        assert statuses(server, visit) == ["done", "serving", "waiting"]
        assert ticket(server, visit)["number"] == visit["number"]
        assert [item.get_attribute("data-status") for item in page.query_selector_all("#visit-steps li")] == ["done", "now", "ahead"]

        page.wait_for_selector("#finish-here:not([disabled])")
        page.keyboard.press("f")  # F goes on here where the console offers it
        page.wait_for_selector("#visit-position:text-is('Крок 3 з 3')")
        page.wait_for_selector("#finish:not([disabled])")
        assert page.is_hidden("#finish-here") and page.is_hidden("#finish-on") and page.is_hidden("#end-visit")
        assert page.inner_text("#finish-label") == "Завершити"
        screenshot(page, "desk-visit-last-step")
        page.keyboard.press("f")  # the last step: the visit is over
        wait_state(page)
        assert ticket(server, visit)["status"] == "done"
        assert statuses(server, visit) == ["done", "done", "done"]
        page.wait_for_selector("#served:text-is('3')", timeout=5000)  # the desk's figures count each step it did
        assert page.errors == []
    finally:
        page.context.close()


def test_a_visit_whose_next_step_is_another_desks_is_sent_on_to_it(browser, server, office) -> None:
    visit = issue(server, office, [office["here"][0], office["elsewhere"][0]])
    olena = opened(browser, server, "olena", office["desk"])
    taras = opened(browser, server, "taras", office["other_desk"])
    try:
        assert taras.locator("#waiting-list tr.in-visit").count() == 0  # not yet served anywhere: no mark
        serve_next(olena, visit["number"])
        assert olena.is_visible("#finish") and olena.is_hidden("#finish-here")
        assert olena.inner_text("#finish-label") == "Завершити крок"
        screenshot(olena, "desk-visit-send-on")
        olena.keyboard.press("f")
        wait_state(olena)
        assert ticket(server, visit)["status"] == "waiting"
        assert statuses(server, visit) == ["done", "waiting"]

        row = taras.wait_for_selector(f"#waiting-list tr.in-visit[data-ticket='{visit['id']}']", timeout=5000)
        assert row.query_selector(".visit-mark").inner_text() == "2/2"  # served once already
        screenshot(taras, "desk-visit-waiting-in-progress")
        supervisor = supervisor_page(browser, server)
        try:
            supervisor.click(".tabs [data-tab=queue]")
            mark = supervisor.wait_for_selector(f"#waiting tr[data-number='{visit['number']}'] .visit-mark", timeout=5000)
            assert mark.inner_text() == "2/2" and mark.get_attribute("title") == "Візит триває: крок 2 з 2"
            screenshot(supervisor, "supervisor-visit-in-progress")
            assert supervisor.errors == []
        finally:
            supervisor.close()
        serve_next(taras, visit["number"])
        assert taras.inner_text("#visit-position") == "Крок 2 з 2"
        taras.keyboard.press("f")
        wait_state(taras)
        assert ticket(server, visit)["status"] == "done"
        assert olena.errors == [] and taras.errors == []
    finally:
        olena.context.close()
        taras.context.close()


def test_a_step_skipped_and_added_and_a_visit_ended_with_reasons(browser, server, office) -> None:
    first, second, third, added = office["here"][:4]
    visit = issue(server, office, [first, second, third])
    page = opened(browser, server, "olena", office["desk"])
    try:
        serve_next(page, visit["number"])
        page.click("#skip-step")
        page.select_option("#skip-step-choice", "2")
        page.click("#skip-step-ok")  # no reason: refused on the form
        assert page.inner_text("#skip-step-error") == "Вкажіть причину"
        page.click("#skip-step-dialog [data-reason-preset]")
        assert page.input_value("#skip-step-reason") == "вже має довідку"
        screenshot(page, "desk-visit-skip")
        page.click("#skip-step-ok")
        page.wait_for_selector("#visit-steps li[data-step='2'][data-status='skipped']")

        page.click("#add-step")
        assert added in [option.get_attribute("value") for option in page.query_selector_all("#add-step-service option")]
        assert third not in [option.get_attribute("value") for option in page.query_selector_all("#add-step-service option")]
        page.select_option("#add-step-service", added)
        page.click("#add-step-ok")
        page.wait_for_selector("#visit-position:text-is('Крок 1 з 4')")

        page.click("#finish-on")  # «Направити далі»: the visitor waits for the next step although this desk does it
        wait_state(page)
        assert ticket(server, visit)["status"] == "waiting"
        row = page.wait_for_selector(f"#waiting-list tr.in-visit[data-ticket='{visit['id']}']")
        assert row.query_selector(".visit-mark").inner_text() == "3/4"
        serve_next(page, visit["number"])
        page.wait_for_selector("#finish-here:not([disabled])", timeout=3000)  # called again: a new sitting, nothing held back
        page.click("#end-visit")
        assert office["names"][added] in page.inner_text("#end-visit-left")
        page.fill("#end-visit-reason", "Відвідувач поспішає")
        screenshot(page, "desk-visit-end")
        page.click("#end-visit-ok")
        wait_state(page)
        assert ticket(server, visit)["status"] == "done"
        assert statuses(server, visit) == ["done", "skipped", "done", "skipped"]
        assert page.errors == []
    finally:
        page.context.close()

    entries = requests.get(
        f"{server.url}/api/v1/offices/main/audit", headers={"Authorization": f"Bearer {office['supervisor']}"}, timeout=10
    ).json()
    by_action = {entry["action"]: entry for entry in entries if entry["ticket_number"] == visit["number"]}
    assert by_action["skip_step"]["details"] == {"step": 2, "service": second, "reason": "вже має довідку"}
    assert by_action["add_step"]["details"] == {"step": 4, "service": added}
    assert by_action["end_visit"]["details"]["reason"] == "Відвідувач поспішає"
    assert by_action["end_visit"]["details"]["skipped"] == [added]
    assert {by_action[action]["actor"] for action in ("skip_step", "add_step", "end_visit")} == {"user:olena"}


def test_a_package_visit_shows_the_package_and_its_steps(browser, server, office) -> None:
    """The office's first package (whatever the configuration names it), at a desk that does its first step."""
    package = next(service for service in office["services"] if service["package"])
    desk = next(d for d in office["desks"] if package["includes"][0] in d["services"])
    visit = requests.post(
        f"{server.url}/api/v1/offices/main/tickets",
        json={"service": package["code"], "print": False},
        headers={"Authorization": f"Bearer {office['kiosk']}"},
        timeout=10,
    ).json()
    page = opened(browser, server, "olena", desk["name"])
    try:
        serve_next(page, visit["number"])
        steps = len(package["includes"])
        assert page.inner_text("#visit-position") == f"Крок 1 з {steps}"
        assert page.inner_text("#visit-package") == f"· пакет: {package['name']}"
        assert [item.get_attribute("data-service") for item in page.query_selector_all("#visit-steps li")] == package["includes"]
        assert page.inner_text("#visitor-service") == office["names"][package["includes"][0]]
        screenshot(page, "desk-visit-package")
        page.click("#language")  # the same in English
        page.wait_for_selector(f"#visit-position:text-is('Step 1 of {steps}')")
        assert page.is_visible("#end-visit") and page.inner_text("#end-visit") == "End the visit"
        assert page.errors == []
    finally:
        page.context.close()
