"""The survey in headless Chromium: the desk display's QR code, the desk's survey page answered and refused,
the ticket page's questionnaire by the keyboard alone, and the stickers (screenshots in test-artifacts/)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import requests

from accessibility import assert_accessible
from browser import ARTIFACTS, screenshot
from live_server import cherga

pytestmark = pytest.mark.contract
KYIV = ZoneInfo("Europe/Kyiv")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def post(server, path: str, token: str | None = None, body: dict | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{server.url}{path}", json=body, headers=headers, timeout=10)


def cells(page, row: str) -> list[str]:
    """A table row's cells, without the spaces a locale may put in «50,0 %»."""
    return ["".join(cell.split()) for cell in page.inner_text(row).split("\t")]


def login(server, name: str, role: str) -> str:
    offices = [] if role == "manager" else ["--office", "main"]
    cherga("user", "add", name, "--role", role, *offices, "--password-stdin", database=server.database, stdin="password-1\n")
    return requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": "password-1"}, timeout=10).json()["token"]


def test_the_desk_code_the_survey_page_the_ticket_page_and_the_stickers(browser, server) -> None:
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    operator, supervisor = login(server, "olena", "operator"), login(server, "iryna", "supervisor")
    first, second = (post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False}).json() for _ in range(2))
    errors: list[str] = []
    display = browser.new_page(viewport={"width": 1280, "height": 720})
    phone = browser.new_page(**PHONE)
    stale = browser.new_page(**PHONE)
    for page in (display, phone, stale):
        page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # the desk display shows the code of the desk's survey page, made by the server
        display.goto(server.url + "/display/desk/main-34")
        display.wait_for_selector("#state-closed:not([hidden])")
        assert display.evaluate("document.querySelector('#survey-qr img').naturalWidth") > 0
        assert display.get_attribute("#survey-qr img", "src") == "/survey/main-34/qr.svg"
        post(server, "/api/v1/desks/main-34/open", operator)
        assert post(server, "/api/v1/desks/main-34/call-next", operator).json()["number"] == first["number"]
        post(server, "/api/v1/desks/main-34/start", operator)
        display.wait_for_selector(f"#ticket:text-is('{first['number']}')", timeout=5000)
        screenshot(display, "survey-desk-display")

        # the page the code opens: the visit being served, answered once; a second answer is refused
        phone.goto(server.url + "/survey/main-34")
        stale.goto(server.url + "/survey/main-34")
        assert phone.inner_text("#survey-visit") == f"Ваш візит: талон {first['number']}"
        assert phone.get_by_role("radio", name="Дуже незадоволений(-а)").count() == 1
        assert phone.get_by_role("radiogroup", name="Наскільки ймовірно, що ви порекомендуєте нас знайомим?").count() == 1
        phone.click("#survey-score label:has(input[value='2'])")
        phone.click("#survey-recommend label:has(input[value='3'])")
        phone.click("#survey-reasons label:has(input[value='waiting'])")
        phone.fill("#survey-comment", "Чекала годину, ніхто не пояснив чому")
        phone.click("#survey-complaint label")
        screenshot(phone, "survey-page-filled")
        assert_accessible(phone, "the desk's survey page")
        phone.click("#survey-send")
        phone.wait_for_selector("#survey-result:has-text('Дякуємо')")
        assert "Вашу скаргу зареєстровано за №" in phone.inner_text("#survey-result") and phone.is_hidden("#survey-form")
        assert phone.evaluate("document.activeElement.id") == "survey-result"
        screenshot(phone, "survey-page-answered")
        stale.click("#survey-score label:has(input[value='5'])")
        stale.click("#survey-send")
        stale.wait_for_selector("#survey-result:has-text('уже отримано')")
        assert stale.is_hidden("#survey-form")
        phone.reload()
        assert phone.inner_text("#survey-notice") == "Відповідь про цей візит уже отримано. Дякуємо!" and phone.locator("#survey-form").count() == 0
        assert post(server, f"/api/v1/tickets/{first['token']}/rating", body={"score": 5}).status_code == 409

        # the ticket page's questionnaire, by the keyboard alone: arrows choose, Tab moves, the ring shows, Enter sends
        post(server, "/api/v1/desks/main-34/finish", operator)
        post(server, "/api/v1/desks/main-34/call-next", operator)
        post(server, "/api/v1/desks/main-34/finish", operator)
        phone.goto(second["status_url"])
        phone.wait_for_selector("#rating:not([hidden])", timeout=10000)
        phone.locator("#survey-score input").first.focus()
        for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight"):
            phone.keyboard.press(key)
        assert phone.evaluate("document.activeElement.value") == "5"
        ring = phone.evaluate("(s => [s.outlineStyle, s.outlineWidth, s.outlineColor])(getComputedStyle(document.activeElement.closest('label')))")
        assert ring == ["solid", "3px", "rgb(11, 79, 156)"], ring  # #0b4f9c: 8.6:1 on white
        phone.keyboard.press("Tab")
        phone.keyboard.press("ArrowLeft")  # from 0 round to 10
        phone.keyboard.press("Tab")
        phone.keyboard.press("Space")  # the first reason
        screenshot(phone, "survey-ticket-page-keyboard")
        assert_accessible(phone, "the ticket page's questionnaire", context="#rating")
        phone.focus("#survey-send")
        phone.keyboard.press("Enter")
        phone.wait_for_selector("#survey-result:has-text('Дякуємо! Вашу відповідь збережено.')")
        assert phone.get_attribute("#survey-result", "role") == "status" and phone.is_hidden("#rating")
        days = {"from": dt.datetime.fromisoformat(first["issued_at"]).astimezone(KYIV).date().isoformat(), "to": dt.datetime.now(KYIV).date().isoformat()}
        report = requests.get(f"{server.url}/api/v1/reports/survey", params={"office": "main", **days}, headers={"Authorization": f"Bearer {supervisor}"}, timeout=10).json()
        assert (report["answers"], report["from_desk_qr"], report["promoters"], report["detractors"]) == (2, 1, 1, 1), report
        assert report["reasons"]["waiting"] == 2 and report["loyalty_index"] == 0.0

        # the stickers, one per desk of the office, to print
        sheet = browser.new_context(viewport={"width": 1024, "height": 1400}, extra_http_headers={"Authorization": f"Bearer {supervisor}"})
        stickers = sheet.new_page()
        stickers.goto(server.url + "/supervisor/survey-stickers?office=main")
        assert stickers.locator(".sticker").count() > 10
        assert stickers.locator(".sticker[data-desk='main-34'] img").evaluate("image => image.naturalWidth") > 0
        screenshot(stickers, "survey-stickers")
        assert_accessible(stickers, "the survey's stickers")
        sheet.close()

        # the manager's dashboard (today's survey per office) and the reports page's section
        manager = browser.new_context(viewport={"width": 1440, "height": 900}, extra_http_headers={"Authorization": f"Bearer {login(server, 'head', 'manager')}"})
        head = manager.new_page()
        head.on("pageerror", lambda error: errors.append(str(error)))
        head.goto(server.url + "/dashboard")
        head.wait_for_selector("#survey-today tr[data-office='main']", timeout=10000)
        assert cells(head, "#survey-today tr[data-office='main']")[1:] == ["2", "50,0%", "0,0"]
        screenshot(head, "survey-dashboard")
        head.goto(f"{server.url}/reports?office=main&from={days['from']}&to={days['to']}")
        head.wait_for_selector("#survey-report:not([hidden]) #survey-by-desk tbody tr", timeout=15000)
        assert cells(head, "#survey-by-desk tbody tr") == ["main-34", "2", "50,0%", "3,50", "0,0", "1"]
        head.locator("#survey-report").screenshot(path=str(ARTIFACTS / "survey-reports-section.png"))
        manager.close()
        assert errors == []
    finally:
        for page in (display, phone, stale):
            page.close()
