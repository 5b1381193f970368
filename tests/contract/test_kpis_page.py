"""The programme's four indicators in headless Chromium against a real server: the dashboard's panel and the annual summary.

Today's visits go through the REST API (a kiosk issues, an operator serves,
visitors rate), and an hour the operator spent at a desk earlier today is
written into the audit log, so the load has time to count. One server, one
browser, every check of the feature in one test: the suite is at its time
limit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import requests
import sqlalchemy as sa

from accessibility import assert_accessible
from browser import screenshot
from live_server import cherga
from queue_server.store.schema import audit_log

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
KYIV = ZoneInfo("Europe/Kyiv")
INDICATORS = ["deadlines", "complaints", "satisfaction", "load"]


def add_user(server, name: str, role: str, *offices: str) -> str:
    office_args = ("--office", *offices) if offices else ()
    cherga("user", "add", name, "--role", role, *office_args, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
    return answer.json()["token"]


def ok(answer: requests.Response):  # type: ignore[no-untyped-def]
    assert answer.status_code in (200, 201, 204), f"{answer.status_code} {answer.text[:500]}"
    return answer.json() if answer.status_code != 204 else None


def serve_today(server) -> dict:
    """Two visitors served at main today, rated 5 and 4; an earlier hour of olena's at main-3."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    olena = add_user(server, "olena", "operator", "main")
    now = dt.datetime.now(dt.timezone.utc)
    midnight = dt.datetime.combine(now.astimezone(KYIV).date(), dt.time(0), KYIV).astimezone(dt.timezone.utc)
    opened = max(midnight, now - dt.timedelta(hours=2))
    engine = sa.create_engine(server.database)
    try:
        with engine.begin() as conn:
            for moment, action in ((opened, "open"), (opened + (now - opened) / 2, "close")):
                conn.execute(sa.insert(audit_log).values(at=moment, actor="user:olena", role="operator", action=action, office="main", desk="main-3"))
    finally:
        engine.dispose()

    def desk(action: str) -> dict:
        return ok(requests.post(f"{server.url}/api/v1/desks/main-3/{action}", json={}, headers={"Authorization": f"Bearer {olena}"}, timeout=30))

    desk("open")
    for score in (5, 4):
        ticket = ok(requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False},
                                  headers={"Authorization": f"Bearer {kiosk}"}, timeout=30))  # fmt: skip
        desk("call-next")
        desk("start")
        desk("finish")
        ok(requests.post(f"{server.url}/api/v1/tickets/{ticket['token']}/rating", json={"score": score}, timeout=30))
    return {"head": add_user(server, "head", "manager")}


def cards(page) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Each card as the reader sees it: its verdict (attribute), heading, value, target, verdict in words."""
    return page.eval_on_selector_all(
        "#kpi-cards .kpi",
        """cards => Object.fromEntries(cards.map(card => [card.dataset.indicator, {
            verdict: card.dataset.verdict, title: card.querySelector('h4').textContent,
            value: card.querySelector('.kpi-value').textContent,
            target: card.querySelector('[data-role=target]').textContent,
            words: card.querySelector('.kpi-verdict').textContent.trim()}]))""",
    )


def test_the_four_on_the_dashboard_and_in_the_annual_summary(server, browser) -> None:
    people = serve_today(server)
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="uk-UA", timezone_id="Europe/Kyiv")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + "/dashboard")
    page.fill("#username", "head")
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#kpis[data-ready=today] #kpi-cards .kpi")
    page.wait_for_selector("#dashboard[data-ready=true]", state="attached", timeout=15000)

    # the network today, in Ukrainian: the four side by side, each verdict in words (and a mark), not colour alone
    shown = cards(page)
    assert list(shown) == INDICATORS
    assert shown["satisfaction"] == {"verdict": "met", "title": "Задоволеність відвідувачів", "value": "100 %",
                                     "target": "не менше 94,8 %", "words": "✓ Досягнуто"}  # fmt: skip
    assert shown["complaints"]["value"] == "0 на 1000" and shown["complaints"]["words"] == "✓ Досягнуто"
    assert shown["deadlines"]["verdict"] == "no_data" and shown["deadlines"]["words"] == "– Немає даних"  # no deadline has passed today
    assert shown["load"]["verdict"] == "below_band" and shown["load"]["words"] == "▼ Нижче норми"
    assert shown["load"]["target"] == "від 60 % до 85 %"
    assert page.text_content("#kpis-scope") == "Уся мережа · Сьогодні · Орієнтир: Україна, 2024"
    day = dt.datetime.now(KYIV).date().isoformat()
    api = ok(requests.get(f"{server.url}/api/v1/reports/kpis", params={"from": day, "to": day}, headers={"Authorization": f"Bearer {people['head']}"}, timeout=60))
    assert [item["verdict"] for item in api["total"]["indicators"]] == [shown[name]["verdict"] for name in INDICATORS]
    page.click("#kpis-offices summary")
    assert page.get_attribute("#kpis-table tr[data-office=main] td[data-indicator=satisfaction]", "data-verdict") == "met"
    assert page.locator("#kpis-table tbody tr").count() == 39
    assert_accessible(page, "dashboard indicators", context="#kpis")
    screenshot(page, "kpis-dashboard-uk")

    # this month, then a second tap on it changes nothing; the files follow the period shown
    page.click("#kpis-month")
    page.click("#kpis-month")
    page.wait_for_selector("#kpis[data-ready=month]")
    assert page.get_attribute("#kpis-month", "aria-pressed") == "true" and page.get_attribute("#kpis-today", "aria-pressed") == "false"
    assert cards(page)["satisfaction"]["value"] == "100 %"
    assert "-01&to=" in page.get_attribute("#kpis-csv", "href")
    first = page.get_attribute("#kpis-csv", "href").split("from=")[1][:10]
    csv_file = requests.get(server.url + page.get_attribute("#kpis-csv", "href"), headers={"Authorization": f"Bearer {people['head']}"}, timeout=60)
    rows = list(csv.DictReader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert first.endswith("-01") and rows[0]["from"] == first and rows[2]["indicator"] == "satisfaction" and rows[2]["verdict"] == "met"

    # English, then a reload: today again, still in English
    page.click("#language")
    page.wait_for_selector("#kpi-cards .kpi[data-indicator=satisfaction] h4:text-is('Visitor satisfaction')")
    shown = cards(page)
    assert shown["satisfaction"]["words"] == "✓ Met" and shown["satisfaction"]["target"] == "at least 94.8%"
    assert shown["load"]["words"] == "▼ Below the band" and page.text_content("#kpis-title") == "Programme indicators"
    assert_accessible(page, "dashboard indicators", context="#kpis")
    screenshot(page, "kpis-dashboard-en")
    page.reload()
    page.wait_for_selector("#kpis[data-ready=today] #kpi-cards .kpi")
    page.wait_for_selector("#kpis-title:text-is('Programme indicators')")
    assert page.get_attribute("#kpis-today", "aria-pressed") == "true"

    # one office's page: that office only, no table by office
    page.goto(server.url + "/dashboard/main")
    page.wait_for_selector("#kpis[data-ready=today] #kpi-cards .kpi")
    assert "main" in page.get_attribute("#kpis-csv", "href") and page.is_hidden("#kpis-offices")
    assert cards(page)["satisfaction"]["verdict"] == "met"

    # the annual summary: the four for the year, with the targets and the benchmark, and its files
    page.goto(server.url + "/reports/annual")
    page.wait_for_selector("#kpis")
    rows = page.eval_on_selector_all("#kpis tbody tr[data-indicator]", "rows => rows.map(row => [row.dataset.indicator, row.dataset.verdict, row.querySelector('[data-role=verdict]').textContent.trim()])")
    assert [row[0] for row in rows] == INDICATORS
    assert rows[2] == ["satisfaction", "met", "✓ Досягнуто"] and page.text_content("#kpis tr[data-indicator=satisfaction] [data-role=benchmark]") == "94,80 %"
    assert "Орієнтир: Україна, 2024" in page.text_content("#kpis thead")
    assert page.locator("#kpis-by-office tbody tr").count() == 39
    assert page.get_attribute("#kpis-xlsx", "href").endswith("-12-31")
    assert_accessible(page, "annual summary indicators", context="#kpis")
    assert_accessible(page, "annual summary indicators by office", context="#kpis-offices")
    screenshot(page, "kpis-annual-uk")
    assert errors == []
    context.close()
