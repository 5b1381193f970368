"""«Додати ще послугу» and a package's contents at the kiosk, in headless Chromium against a real server.

The services and the package are taken from what the office offers at run
time (the bundled configuration changes), and the limit from the office's
own answer (`max_services`): the page must stop where the server stops.
"""

from __future__ import annotations

import re

import pytest
import requests

from browser import screenshot
from kiosk_helpers import add_kiosk, double_tap, open_kiosk, queue, screen

pytestmark = pytest.mark.contract


@pytest.fixture
def kiosk_token(server):
    return add_kiosk(server)


def offered(server) -> tuple[dict, list[dict]]:  # type: ignore[no-untyped-def]
    """The main office's answer and its services."""
    office = requests.get(f"{server.url}/api/v1/offices/main", timeout=10).json()
    services = requests.get(f"{server.url}/api/v1/offices/main/services", timeout=10).json()
    return office, services


def plain_services(services: list[dict], count: int) -> list[dict]:
    """`count` ordinary services of different categories where it can (a visitor's usual mix)."""
    plain = [service for service in services if not service["package"]]
    by_category: dict[str, dict] = {}
    for service in plain:
        by_category.setdefault(service["category"], service)
    picked = list(by_category.values())[:count]
    picked += [service for service in plain if service not in picked][: count - len(picked)]
    assert len(picked) == count, "the office offers too few services for the test"
    return picked


def pick(page, service: dict) -> None:  # type: ignore[no-untyped-def]
    """Find the service by its name in the search box and tap its tile."""
    page.fill("#search", service["name"])
    page.click(f'#tiles button[data-service="{service["code"]}"]')


def chosen(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("#chosen > li", "items => items.map(item => item.dataset.service)")


def issued_requests(page) -> list[dict]:  # type: ignore[no-untyped-def]
    bodies: list[dict] = []
    page.on("request", lambda request: bodies.append(request.post_data_json) if request.method == "POST" and request.url.endswith("/offices/main/tickets") else None)
    return bodies


def test_a_visitor_adds_services_up_to_the_limit_removes_one_and_takes_one_ticket_for_the_rest(browser, server, kiosk_token) -> None:
    office, services = offered(server)
    most = office["max_services"]
    assert most >= 2, office
    first, second, *more = plain_services(services, most)
    page = open_kiosk(browser, server, kiosk_token)
    bodies = issued_requests(page)
    try:
        pick(page, first)
        page.wait_for_selector("#screen-priority:not([hidden])")
        assert chosen(page) == [first["code"]] and page.locator("#chosen button.remove").count() == 0
        assert page.is_visible("#add-service") and page.inner_text("#add-service") == "+ Додати ще послугу"

        page.click("#add-service")
        page.wait_for_selector("#screen-services:not([hidden])")
        assert page.is_visible("#adding") and page.is_hidden("#checkin-open")
        page.fill("#search", first["name"])
        taken = page.locator(f'#tiles button[data-service="{first["code"]}"]')
        assert taken.is_disabled() and taken.inner_text().startswith("✓")
        screenshot(page, "kiosk-visit-adding")
        page.click("#adding-cancel")  # changed their mind: the list stays as it was
        page.wait_for_selector("#screen-priority:not([hidden])")
        assert chosen(page) == [first["code"]]

        for service in (second, *more):
            page.click("#add-service")
            pick(page, service)
            page.wait_for_selector("#screen-priority:not([hidden])")
        assert chosen(page) == [service["code"] for service in (first, second, *more)]
        assert page.is_hidden("#add-service") and page.inner_text("#add-limit") == f"На один талон — не більше {most} послуг"
        assert page.locator("#chosen button.remove").count() == most
        screenshot(page, "kiosk-visit-chosen")

        page.click(f'#chosen li[data-service="{second["code"]}"] button.remove')
        kept = [first, *more]
        assert chosen(page) == [service["code"] for service in kept] and page.is_visible("#add-service")
        page.wait_for_timeout(600)  # the redrawn list's buttons settle, as for a visitor's next tap
        with page.expect_response(lambda answer: answer.request.method == "POST" and answer.url.endswith("/offices/main/tickets")) as answered:
            page.click("#priorities >> text=Ні, звичайна черга")
        ticket = answered.value.json()
        page.wait_for_selector("#screen-ticket:not([hidden])")

        codes = [service["code"] for service in kept]
        if len(kept) > 1:
            assert bodies == [{"services": codes, "priority": None, "lang": "uk"}]
            assert [step["service"] for step in ticket["steps"]] == codes and ticket["step"] == 0
            assert page.locator("#ticket-steps li").all_inner_texts() == [service["name"] for service in kept]
            assert page.is_visible("#ticket-visit") and page.is_hidden("#ticket-service")
        else:
            assert bodies == [{"service": codes[0], "priority": None, "lang": "uk"}]
        screenshot(page, "kiosk-visit-ticket")
        assert [waiting["number"] for waiting in queue(server)["waiting"]] == [ticket["number"]]
        assert page.errors == []
    finally:
        page.close()


def open_desk_for(server, operator: str, service: str) -> None:  # type: ignore[no-untyped-def]
    """An operator opens a desk that does `service`: the wait, and so the visit's time, has a figure."""
    desks = requests.get(f"{server.url}/api/v1/offices/main/desks", timeout=10).json()
    desk = next(desk for desk in desks if service in desk["services"])
    answer = requests.post(f"{server.url}/api/v1/desks/{desk['id']}/open", headers={"Authorization": f"Bearer {operator}"}, timeout=10)
    assert answer.ok, answer.text


@pytest.mark.parametrize("desk_open", [True, False], ids=["a-desk-open", "no-desk-open"])
def test_a_package_shows_its_steps_and_the_whole_visits_time_before_the_ticket_is_taken(browser, server, credentials, desk_open) -> None:
    kiosk_token = credentials.kiosk
    office, services = offered(server)
    packages = [service for service in services if service["package"] and len(service["includes"]) > 1]
    if not packages:
        pytest.skip("the office offers no package of several steps")
    package = packages[0]
    if desk_open:
        open_desk_for(server, credentials.operators[0], package["includes"][0])
    names = {service["code"]: service["name"] for service in services}
    page = open_kiosk(browser, server, kiosk_token)
    bodies = issued_requests(page)
    try:
        pick(page, package)
        page.wait_for_selector("#screen-priority:not([hidden])")
        box = f'#chosen .package[data-package="{package["code"]}"]'
        assert page.locator(f"{box} .package-steps li").all_inner_texts() == [names.get(code, code) for code in package["includes"]]
        page.wait_for_function(f"() => document.querySelector('{box} .visit-time').textContent !== ''")
        wait = requests.get(f"{server.url}/api/v1/offices/main/services/{package['code']}/wait", timeout=10).json()
        time_said = page.inner_text(f"{box} .visit-time")
        if desk_open:
            assert wait["visit_minutes"] is not None and time_said == f"Увесь візит — щонайменше ~{wait['visit_minutes']} хв"
        else:
            assert wait["visit_minutes"] is None and time_said == "Час візиту невідомий: зараз жодне вікно не працює"
        screenshot(page, f"kiosk-visit-package-{'desk-open' if desk_open else 'no-desk'}")
        assert bodies == [], "nothing is issued before the visitor answers"

        if len(packages) > 1 and office["max_services"] > 1:  # a second package is not offered for the same ticket
            page.click("#add-service")
            page.fill("#search", packages[1]["name"])
            assert page.locator(f'#tiles button[data-service="{packages[1]["code"]}"]').is_disabled()
            page.click("#adding-cancel")
            page.wait_for_selector("#screen-priority:not([hidden])")
            page.wait_for_timeout(600)

        page.click("#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert bodies == [{"service": package["code"], "priority": None, "lang": "uk"}]
        assert page.inner_text("#ticket-service") == package["name"]
        assert page.locator("#ticket-steps li").all_inner_texts() == [names.get(code, code) for code in package["includes"]]
        said = page.inner_text("#ticket-visit-time")
        assert re.fullmatch(r"Увесь візит — щонайменше ~\d+ хв", said) if desk_open else said == "", said
        if desk_open:
            screenshot(page, "kiosk-visit-package-ticket")
        assert page.errors == []
    finally:
        page.close()


def test_a_double_tap_adds_a_service_once_removes_one_once_and_takes_one_ticket(browser, server, kiosk_token) -> None:
    office, services = offered(server)
    first, second, *_ = plain_services(services, max(office["max_services"], 2))
    if office["max_services"] < 3:
        pytest.skip("the limit leaves no room to remove one of three")
    third = plain_services(services, 3)[2]
    page = open_kiosk(browser, server, kiosk_token)
    bodies = issued_requests(page)
    try:
        pick(page, first)
        page.wait_for_selector("#screen-priority:not([hidden])")
        double_tap(page, "#add-service")  # the second touch lands on the menu, which is settling
        assert screen(page) == "services" and page.is_visible("#adding")
        page.fill("#search", second["name"])
        double_tap(page, f'#tiles button[data-service="{second["code"]}"]')
        assert screen(page) == "priority" and chosen(page) == [first["code"], second["code"]], "the second touch answered the priority question"
        assert bodies == []
        page.click("#add-service")
        pick(page, third)
        page.wait_for_selector("#screen-priority:not([hidden])")
        double_tap(page, f'#chosen li[data-service="{first["code"]}"] button.remove')
        assert chosen(page) == [second["code"], third["code"]], "one bounce removed two services"
        double_tap(page, "#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        assert bodies and all(body == {"services": [second["code"], third["code"]], "priority": None, "lang": "uk"} for body in bodies)
        assert len(queue(server)["waiting"]) == 1
        assert page.errors == []
    finally:
        page.close()


def test_in_english_on_a_landscape_screen_the_list_and_the_limit_are_in_english_too(browser, server, kiosk_token) -> None:
    office, services = offered(server)
    most = office["max_services"]
    picked = plain_services(services, most)
    page = open_kiosk(browser, server, kiosk_token, width=1920, height=1080)
    try:
        pick(page, picked[0])
        page.wait_for_selector("#screen-priority:not([hidden])")
        for service in picked[1:]:
            page.wait_for_timeout(600)
            page.click("#add-service")
            pick(page, service)
            page.wait_for_selector("#screen-priority:not([hidden])")
        page.wait_for_timeout(600)
        page.click("#language")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        names = page.locator("#chosen .chosen-name").all_inner_texts()
        assert names == [service["name_en"] for service in picked]
        assert page.inner_text("#add-limit") == f"One ticket carries at most {most} services"
        assert page.locator("#chosen button.remove").first.inner_text() == "✕ Remove"
        assert page.locator("#priorities button").first.inner_text() == "No, the regular queue"
        screenshot(page, "kiosk-visit-chosen-en-1920x1080")
        box = page.locator("#screen-priority .home").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080, box  # «Back» stays on the glass
        assert page.errors == []
    finally:
        page.close()
