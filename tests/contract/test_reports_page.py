"""The reports page and the printable annual summary in headless Chromium against a real server.

Accounts are made with the real CLI, today's visits through the REST API
(a kiosk issues, an operator calls, starts and finishes, a visitor rates),
and the weeks before today are a synthetic history written into the same
database, so the charts have a month to draw. Every figure the page shows
is checked against the reports API and the downloaded workbook.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import requests
import sqlalchemy as sa

from browser import ARTIFACTS, screenshot
from live_server import cherga
from queue_server.network_config import load_network
from reporting.expected import steps_of
from reporting.synthetic import generate
from reporting.synthetic_store import insert

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
KYIV = ZoneInfo("Europe/Kyiv")
CHARTS = ("chart-served", "chart-waits", "chart-days", "chart-hours", "chart-weekdays")


def call(server, method: str, path: str, token: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{server.url}/api/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def ok(answer: requests.Response):  # type: ignore[no-untyped-def]
    assert answer.status_code in (200, 201, 204), f"{answer.status_code} {answer.text[:500]}"
    return answer.json() if answer.status_code != 204 else None


def add_user(server, name: str, role: str, *offices: str) -> str:
    office_args = ("--office", *offices) if offices else ()
    cherga("user", "add", name, "--role", role, *office_args, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
    return answer.json()["token"]


def today() -> dt.date:
    return dt.datetime.now(KYIV).date()


def this_month() -> tuple[str, str]:
    first = today().replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first.isoformat(), (following - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def people(server) -> dict[str, str]:
    """A kiosk and an operator (olena) of the main office, a manager (head) and main's supervisor (iryna)."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    return {
        "kiosk": kiosk,
        "olena": add_user(server, "olena", "operator", "main"),
        "head": add_user(server, "head", "manager"),
        "iryna": add_user(server, "iryna", "supervisor", "main"),
    }


@pytest.fixture
def visits(server, people) -> dict[str, int]:
    """Today at main: three visitors, two served (one rates 5, one complains) and one who did not come."""
    kiosk, olena = people["kiosk"], people["olena"]
    ok(call(server, "POST", "/desks/main-3/open", olena))
    tickets = [ok(call(server, "POST", "/offices/main/tickets", kiosk, {"service": "consultation", "print": False})) for _ in range(3)]
    for ticket in tickets[:2]:
        assert ok(call(server, "POST", "/desks/main-3/call-next", olena))["number"] == ticket["number"]
        ok(call(server, "POST", "/desks/main-3/start", olena, {}))
        ok(call(server, "POST", "/desks/main-3/finish", olena, {}))
    ok(call(server, "POST", "/desks/main-3/call-next", olena))
    ok(call(server, "POST", "/desks/main-3/no-show", olena, {}))
    rate = f"{server.url}/api/v1/tickets/{{}}/rating"
    ok(requests.post(rate.format(tickets[0]["token"]), json={"score": 5, "comment": "Дякую, швидко"}, timeout=10))
    ok(requests.post(rate.format(tickets[1]["token"]), json={"score": 1, "comment": "Не пояснили, яких документів бракує"}, timeout=10))
    return {"issued": 3, "served": 2, "no_show": 1, "complaints": 1}


@pytest.fixture
def history(server):  # type: ignore[no-untyped-def]
    """The weeks before today for every office, and the year's earlier months for a few, written into the server's database."""
    network = load_network()
    month = generate(network, today().replace(day=1), today() - dt.timedelta(days=1), seed=11, first_ticket=1_000_000)
    earlier = generate(
        network, dt.date(today().year, 1, 1), today().replace(day=1) - dt.timedelta(days=1), seed=12,
        visits_per_desk_day=(2, 5), offices=["dovh-1", "pass-1", "vet", "tern-2", "mob-1"], first_ticket=2_000_000,
    )  # fmt: skip
    engine = sa.create_engine(server.database)
    try:
        insert(engine, network, month)
        insert(engine, network, earlier)
    finally:
        engine.dispose()
    return month, earlier


def logged_in(browser, server, username: str, path: str, width: int = 1440, height: int = 1000):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="uk-UA", timezone_id="Europe/Kyiv", accept_downloads=True)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # a script's console error counts; a refused fetch (which the tests make on purpose) or the favicon does not
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.goto(server.url + path)
    page.wait_for_selector("#login-form")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    return page


def wait_ready(page, contains: str = "", exact: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Until the figures of the query asked for are drawn (the page keeps the loaded query in `data-query`)."""
    selector = "#reports[data-state=ready]" + (f"[data-query*='{contains}']" if contains else "")
    if exact is not None:
        selector += f"[data-query='{exact}']"
    page.wait_for_selector(selector, timeout=30000)


def tile(page, figure: str) -> str:  # type: ignore[no-untyped-def]
    return page.get_attribute(f".tile[data-figure={figure}]", "data-value")


def booking_tile(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.get_attribute(f".tile[data-booking={name}]", "data-value")


def summary(server, token: str, **query: str) -> dict:
    first, last = this_month()
    return ok(requests.get(f"{server.url}/api/v1/reports/summary", params={"from": first, "to": last, **query},
                           headers={"Authorization": f"Bearer {token}"}, timeout=60))  # fmt: skip


def charts_drawn(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """(ids) => Object.fromEntries(ids.map((id) => {
            const canvas = document.getElementById(id);
            const chart = window.Chart.getChart(canvas);
            return [id, {width: canvas.width, height: canvas.height, chart: Boolean(chart),
                         points: chart ? chart.data.datasets.reduce((n, set) => n + set.data.filter((v) => v).length, 0) : 0}];
        }))""",
        list(CHARTS),
    )


def test_the_manager_reads_the_month_filters_to_an_office_and_downloads_the_same_figures(browser, server, people, visits, history) -> None:
    month, _ = history
    first, last = this_month()
    in_month = [v for v in month.visits if first <= v.issued_at.astimezone(KYIV).date().isoformat() <= last]
    page = logged_in(browser, server, "head", "/reports")
    try:
        wait_ready(page)
        page.click("[data-period=this-month]")
        wait_ready(page, exact=f"from={first}&to={last}")
        assert page.get_attribute("[data-period=this-month]", "aria-pressed") == "true"
        assert page.inner_text("#scope-title") == "Центр надання адміністративних послуг «Віза» («Центр Дії») м. Кривого Рогу"

        network = summary(server, people["head"])
        served = sum(v.status == "done" for v in in_month) + visits["served"]
        assert int(tile(page, "served")) == network["served"] == served
        assert int(tile(page, "issued")) == network["issued"] == len(in_month) + visits["issued"]
        assert float(tile(page, "within_target_share")) == network["within_target_share"]
        assert page.inner_text(".tile[data-figure=served] .tile-value") == f"{served:,}".replace(",", "\u00a0")
        given = sum(step.status == "done" for v in in_month for step in steps_of(v)) + visits["served"]  # today's: one service each
        assert int(tile(page, "services_provided")) == network["services_provided"] == given
        assert int(tile(page, "packages")) == network["packages"] == sum(v.package is not None for v in in_month)
        assert float(tile(page, "visit_p50_minutes")) == network["visit_p50_minutes"]
        booked = network["bookings"]
        assert booked["made"] == int(booking_tile(page, "made")) > 0
        for name in ("kept", "late", "cancelled", "missed", "kept_share", "lead_p50_hours", "lead_p90_hours", "called_within_5_minutes_share"):
            shown = booking_tile(page, name)
            assert (float(shown) if shown else None) == booked[name], name
        lead = page.inner_text(".tile[data-booking=lead_p90_hours] .tile-value")
        assert lead.endswith("дн." if booked["lead_p90_hours"] >= 24 else "год"), lead

        drawn = charts_drawn(page)
        for name, state in drawn.items():
            assert state["chart"] and state["width"] > 100 and state["height"] > 100, (name, state)
            assert state["points"] > 0, (name, state)
        assert page.locator("#table-offices tbody tr").count() == 39
        screenshot(page, "reports-month")
        administrators = len(ok(call(server, "GET", f"/reports/operators?from={first}&to={last}", people["head"])))
        assert page.locator("#table-operators tbody tr").count() == 20 < administrators  # the busiest first, the rest on request
        page.click("[data-more=table-operators]")
        page.wait_for_selector("#table-operators tbody tr[data-operator=olena]")
        assert page.locator("#table-operators tbody tr").count() == administrators
        assert page.is_hidden("[data-more=table-operators]")

        page.select_option("#office", "main")
        wait_ready(page, "office=main")
        main = summary(server, people["head"], office="main")
        assert int(tile(page, "served")) == main["served"] < network["served"]
        assert page.is_hidden("#offices-card")
        assert page.inner_text("#chart-served-title") == "Обслуговано відвідувачів за послугами (найчастіші 15)"
        screenshot(page, "reports-office")

        for kind in ("csv", "xlsx", "sqlite"):  # every file of the same query
            assert page.get_attribute(f"#download-{kind}", "href") == f"/api/v1/reports/export.{kind}?office=main&from={first}&to={last}"
        with page.expect_download() as download_info:
            page.click("#download-xlsx")
        download = download_info.value
        assert download.suggested_filename == f"cherga-main-{first}-{last}.xlsx"
        saved = ARTIFACTS / "reports-main.xlsx"
        download.save_as(saved)
        sheet = openpyxl.load_workbook(saved, read_only=True)["Summary"]
        header, values = [row for row in sheet.iter_rows(values_only=True)][:2]
        workbook = dict(zip(header, values))
        assert workbook["office"] == "main" and workbook["served"] == int(tile(page, "served"))
        assert workbook["wait_p90_minutes"] == float(tile(page, "wait_p90_minutes"))

        # today's real visits, through every layer: olena's two served visitors and the complaint
        page.select_option("#operator", "olena")
        wait_ready(page, "operator=olena")
        assert int(tile(page, "served")) == visits["served"]
        assert "скарг: 1" in page.inner_text(".tile[data-figure=complaints_per_1000]")
        assert float(tile(page, "average_rating")) == 3.0
        assert "Адміністратор: olena" in page.inner_text("#scope-filters")
        page.click("#clear")
        wait_ready(page, exact=f"office=main&from={first}&to={last}")  # the office stays; the rest is cleared
        assert page.input_value("#operator") == ""

        page.click("#language")
        page.wait_for_selector(".tile[data-figure=served] .tile-label:text-is('Served')")
        assert page.inner_text("#booking-tiles-title") == "Bookings"
        assert page.inner_text(".tile[data-booking=kept] .tile-label") == "Kept"
        assert page.inner_text("#chart-waits-title") == "Waits per service: median and 90%"
        page.click("#language")
        page.wait_for_selector(".tile[data-figure=served] .tile-label:text-is('Обслуговано')")

        page.reload()  # the query is in the address: the same figures come back
        wait_ready(page, "office=main")
        assert page.input_value("#office") == "main"
        assert page.errors == []
    finally:
        page.close()


def test_a_supervisor_sees_only_their_office(browser, server, people, visits) -> None:
    first, last = this_month()
    page = logged_in(browser, server, "iryna", "/reports?office=dovh-1")
    try:
        wait_ready(page, "office=main")
        assert "dovh-1" in page.inner_text("#refused-office")
        assert page.locator("#office option").evaluate_all("(options) => options.map((o) => o.value)") == ["main"]
        assert page.is_disabled("#office")
        assert int(tile(page, "served")) == visits["served"] == summary(server, people["iryna"], office="main")["served"]
        statuses = page.evaluate(
            """async (query) => Promise.all([query, query + '&office=dovh-1'].map(
                async (q) => (await fetch('/api/v1/reports/summary?' + q)).status))""",
            f"from={first}&to={last}",
        )
        assert statuses == [403, 403]  # the network and another office: the API refuses, whatever the page offers
        refused = requests.get(f"{server.url}/reports/annual?office=dovh-1", cookies={c["name"]: c["value"] for c in page.context.cookies()}, timeout=10)
        assert refused.status_code == 403
        assert page.errors == []
    finally:
        page.close()


def test_an_operator_is_refused(browser, server, people) -> None:
    page = logged_in(browser, server, "olena", "/reports")
    try:
        page.wait_for_selector("#refused")
        assert page.inner_text("#refused h2") == "Звіти — для керівників залу, керівників і адміністраторів системи"
        assert page.locator("#reports").count() == 0
        answer = page.goto(server.url + "/reports/annual")
        assert answer is not None and answer.status == 403
        assert page.locator("#refused").count() == 1
    finally:
        page.close()


def test_the_annual_summary_prints_the_year_with_its_totals(browser, server, people, visits, history) -> None:
    year = today().year
    annual = ok(call(server, "GET", f"/reports/annual?year={year}", people["head"]))
    page = logged_in(browser, server, "head", f"/reports/annual?year={year}", width=1200)
    try:
        page.wait_for_selector("#annual")
        assert page.inner_text("#annual-year") == f"за {year} рік"
        figures = page.locator("#key-figures [data-figure=served] dd").inner_text()
        assert figures == f"{annual['totals']['served']:,}".replace(",", "\u202f")
        assert annual["totals"]["served"] == sum(v.status == "done" for part in history for v in part.visits if v.issued_at.astimezone(KYIV).year == year) + 2
        november = page.locator(f"#months tr[data-month='{year}-{today().month:02d}'] td").nth(1).inner_text()
        assert november == f"{annual['months'][today().month - 1]['served']:,}".replace(",", "\u202f")
        assert page.locator("#offices tbody tr").count() == 39
        assert page.locator("#top-services tbody tr").count() == 10
        screenshot(page, "reports-annual")

        page.emulate_media(media="print")
        assert page.is_hidden("#toolbar")
        assert page.is_visible("#key-figures")
        page.pdf(path=str(ARTIFACTS / "annual-report.pdf"), format="A4", print_background=True, prefer_css_page_size=True)
        pdf = (ARTIFACTS / "annual-report.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3
        page.emulate_media(media="screen")

        page.goto(f"{server.url}/reports/annual?year={year}&office=main&lang=en")
        page.wait_for_selector("#annual")
        assert page.inner_text("#annual-subject") == "«Viza» main office"
        assert page.inner_text("#annual-year") == f"for the year {year}"
        main = ok(call(server, "GET", f"/reports/annual?year={year}&office=main", people["head"]))
        assert page.locator("#key-figures [data-figure=served] dd").inner_text() == f"{main['totals']['served']:,}"
        assert page.locator("#offices").count() == 0
        assert page.errors == []
    finally:
        page.close()


def test_an_offices_alert_hours_show_on_the_page_in_the_table_and_in_the_annual_summary(browser, server, people, visits) -> None:
    """An alert of 2.5 hours at main yesterday (written as the alert's row, as the history is): the tile, the
    offices' table and the annual summary show it as the API gives it."""
    yesterday = today() - dt.timedelta(days=1)
    started = dt.datetime.combine(yesterday, dt.time(10, 0), tzinfo=KYIV).astimezone(dt.timezone.utc)
    engine = sa.create_engine(server.database)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("INSERT INTO air_raids (office, started_at, started_by, ended_at, ended_by) VALUES ('main', :start, 'iryna', :end, 'iryna')"),
                {"start": started.replace(tzinfo=None), "end": (started + dt.timedelta(hours=2, minutes=30)).replace(tzinfo=None)},
            )
    finally:
        engine.dispose()
    first, last = yesterday.isoformat(), today().isoformat()
    answer = ok(requests.get(f"{server.url}/api/v1/reports/summary", params={"from": first, "to": last},
                             headers={"Authorization": f"Bearer {people['head']}"}, timeout=60))  # fmt: skip
    assert answer["alert_hours"] == 2.5
    page = logged_in(browser, server, "head", f"/reports?from={first}&to={last}")
    try:
        wait_ready(page, first)
        assert tile(page, "alert_hours") == "2.5"
        assert page.inner_text(".tile[data-figure=alert_hours] .tile-value") == "2,5\u00a0год"
        assert "офісів із тривогами: 1" in page.inner_text(".tile[data-figure=alert_hours] .tile-hint")
        row = page.locator("#table-offices tbody tr[data-key=main] td")
        assert row.last.inner_text() == "2,5\u00a0год"
        screenshot(page, "reports-alert-hours")
        page.click("#language")
        page.wait_for_function("() => document.querySelector('.tile[data-figure=alert_hours] .tile-value').textContent === '2.5\u00a0h'")
        screenshot(page, "reports-alert-hours-en")
        assert page.errors == []
    finally:
        page.close()
    if yesterday.year == today().year:
        year = today().year
        annual = ok(call(server, "GET", f"/reports/annual?year={year}", people["head"]))
        assert annual["alert_hours"] == 2.5 and next(o for o in annual["offices"] if o["office"] == "main")["alert_hours"] == 2.5
        page = logged_in(browser, server, "head", f"/reports/annual?year={year}", width=1200)
        try:
            page.wait_for_selector("#annual")
            assert page.inner_text("#key-figures [data-figure=alert_hours] dd") == "2,5\u00a0год"
            assert page.inner_text("#offices tr[data-office=main] [data-figure=alert_hours]") == "2,5"
            screenshot(page, "reports-annual-alert-hours")
        finally:
            page.close()
