"""The programme's four indicators, against a recomputation from the rows this test writes itself.

One Friday (20 November 2026) at two offices: tickets served, missed and
cancelled, outcomes on time and late, ratings, a complaint of the register,
and each administrator's desk opened and closed. The expected figures are
counted below from those rows by hand, not by the code under test; the
programme's targets make some indicators met and some not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import openpyxl
import pytest
import sqlalchemy as sa

from factories import small_network
from queue_server.commands.complaints import enter_complaint
from queue_server.commands.context import Actor, ActorKind
from queue_server.commands.outcomes import record_outcome
from queue_server.domain.complaints import Channel
from queue_server.domain.errors import AccessDenied, InvalidRequest
from queue_server.domain.model import LocalizedText, Network, ServiceCode, StatutoryTerm
from queue_server.domain.programme import Better, Indicator, Programme, Target, Verdict
from queue_server.reporting.exports.kpi_table import KPI_COLUMNS
from queue_server.reporting.kpi_report import kpi_report
from queue_server.reporting.period import period
from queue_server.store.schema import audit_log, ratings, tickets
from web import bearer

UTC = dt.timezone.utc
DAY = dt.date(2026, 11, 20)  # a Friday; the clock's today is 24 November
TERM_DAYS = 3  # passport: 3 calendar days, so the deadline is 23 November
MANAGER = Actor(kind=ActorKind.STAFF, name="maria", role="manager", offices=())
SUPERVISOR = Actor(kind=ActorKind.STAFF, name="iryna", role="supervisor", offices=("alpha",))
PROGRAMME = Programme(
    targets={
        Indicator.DEADLINES: Target(at_most=1.0),
        Indicator.COMPLAINTS: Target(at_most=1.0),
        Indicator.SATISFACTION: Target(at_least=80.0),
        Indicator.LOAD: Target(at_least=60.0, at_most=85.0),
    },
    benchmark={Indicator.SATISFACTION: 94.8},
    benchmark_name=LocalizedText("Україна, 2024", "Ukraine, 2024"),
)


@pytest.fixture
def network() -> Network:
    network = small_network()
    services = dict(network.services)
    services[ServiceCode("passport")] = replace(services[ServiceCode("passport")], term=StatutoryTerm(TERM_DAYS))
    return replace(network, services=services, programme=PROGRAMME)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), UTC)


# office, administrator, status, service start and finish (UTC), outcome, score
VISITS = [
    ("alpha", "olena", "done", at(8, 0), at(8, 20), dt.date(2026, 11, 22), 5),  # on time
    ("alpha", "olena", "done", at(8, 30), at(8, 50), dt.date(2026, 11, 24), 4),  # late
    ("alpha", "olena", "done", at(9, 0), at(9, 10), None, 2),  # no outcome, deadline passed: violated
    ("alpha", "petro", "done", at(8, 0), at(8, 30), dt.date(2026, 11, 23), 5),  # on the deadline: on time
    ("alpha", None, "no_show", None, None, None, None),
    ("alpha", None, "cancelled", None, None, None, None),
    ("beta", "anna", "done", at(8, 0), at(8, 15), dt.date(2026, 11, 21), 5),
    ("beta", "anna", "done", at(8, 20), at(8, 35), dt.date(2026, 11, 23), 5),
    ("alpha", "olena", "done", at(8, 0, DAY + dt.timedelta(days=1)), at(9, 0, DAY + dt.timedelta(days=1)), None, 1),  # the next day
]
# administrator, office, desk, open, close
DESKS = [
    ("olena", "alpha", "alpha-1", at(8, 0), at(10, 0)),
    ("petro", "alpha", "alpha-2", at(8, 0), at(9, 0)),
    ("anna", "beta", "beta-1", at(8, 0), at(8, 40)),
    ("olena", "alpha", "alpha-1", at(7, 0, DAY + dt.timedelta(days=1)), at(12, 0, DAY + dt.timedelta(days=1))),
]
COMPLAINTS = [("alpha", at(10, 0)), ("alpha", at(10, 0, DAY + dt.timedelta(days=1)))]


def write_rows(ctx, clock) -> None:
    with ctx.engine.begin() as conn:
        for index, (office, person, status, start, finish, _, score) in enumerate(VISITS, start=1):
            issued = (start or at(8, 0)) - dt.timedelta(minutes=5)
            ticket = conn.execute(
                sa.insert(tickets).values(
                    office=office, token=f"t{index}", number=f"П{index:03d}", prefix="П", day=issued.date(), sequence=index,
                    service="passport", status=status, issued_by="kiosk", issued_at=issued,
                    called_at=start or (issued + dt.timedelta(minutes=3) if status == "no_show" else None),
                    started_at=start, finished_at=finish, served_by=person, desk=f"{office}-1" if person else None,
                )
            ).inserted_primary_key[0]  # fmt: skip
            if score is not None:
                conn.execute(sa.insert(ratings).values(ticket_id=ticket, office=office, service="passport", score=score,
                                                       comment="Довго" if score <= 2 else None, rated_at=finish))  # fmt: skip
        for person, office, desk, opened, closed in DESKS:
            for moment, action in ((opened, "open"), (closed, "close")):
                conn.execute(sa.insert(audit_log).values(at=moment, actor=f"user:{person}", role="operator", action=action, office=office, desk=desk))
    for index, (_, _, status, _, _, outcome, _) in enumerate(VISITS, start=1):
        if status == "done" and outcome is not None:
            record_outcome(ctx, index, outcome, actor=MANAGER)
    for office, moment in COMPLAINTS:
        clock.now = moment
        enter_complaint(ctx, office, actor=MANAGER, channel=Channel.HOTLINE, text="Скарга")
    clock.now = dt.datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def expected(office: str | None) -> dict[str, float | None]:
    """The four counted from the rows above: this office's (or every office's) on DAY."""
    mine = [row for row in VISITS if (office is None or row[0] == office) and (row[3] or at(8, 0)).date() == DAY]
    served = [row for row in mine if row[2] == "done"]
    deadline = DAY + dt.timedelta(days=TERM_DAYS)
    today = dt.date(2026, 11, 24)
    violated = sum(1 for row in served if (row[5] is not None and row[5] > deadline) or (row[5] is None and today > deadline))
    complaints = sum(1 for where, moment in COMPLAINTS if (office is None or where == office) and moment.date() == DAY)
    scores = [row[6] for row in mine if row[6] is not None]
    serving = sum((row[4] - row[3]).total_seconds() / 60 for row in served)
    logged_in = sum((closed - opened).total_seconds() / 60 for _, where, _, opened, closed in DESKS
                    if (office is None or where == office) and opened.date() == DAY)  # fmt: skip
    return {
        "deadlines": round(100 * violated / len(served), 1) if served else None,
        "complaints": round(1000 * complaints / len(mine), 2) if mine else None,
        "satisfaction": round(100 * sum(1 for score in scores if score >= 4) / len(scores), 2) if scores else None,
        "load": round(100 * serving / logged_in, 1) if logged_in else None,
    }


def values(scope: dict) -> dict[str, float | None]:
    return {item["indicator"]: item["value"] for item in scope["indicators"]}


def verdicts(scope: dict) -> dict[str, str]:
    return {item["indicator"]: item["verdict"] for item in scope["indicators"]}


def test_each_figure_against_the_rows_counted_by_hand(ctx, clock) -> None:
    write_rows(ctx, clock)
    report = kpi_report(ctx, None, period(DAY, DAY), actor=MANAGER)
    assert values(report["total"]) == expected(None) == {"deadlines": 33.3, "complaints": 125.0, "satisfaction": 83.33, "load": 50.0}
    by_office = {row["office"]: row for row in report["by_office"]}
    assert values(by_office["alpha"]) == expected("alpha") == {"deadlines": 50.0, "complaints": 166.67, "satisfaction": 75.0, "load": 44.4}
    assert values(by_office["beta"]) == expected("beta") == {"deadlines": 0.0, "complaints": 0.0, "satisfaction": 100.0, "load": 75.0}
    assert verdicts(by_office["alpha"]) == {"deadlines": "not_met", "complaints": "not_met", "satisfaction": "not_met", "load": "below_band"}
    assert verdicts(by_office["beta"]) == {"deadlines": "met", "complaints": "met", "satisfaction": "met", "load": "met"}
    assert verdicts(report["total"]) == {"deadlines": "not_met", "complaints": "not_met", "satisfaction": "met", "load": "below_band"}
    satisfaction = report["total"]["indicators"][2]
    assert satisfaction | {"value": None} == {
        "indicator": "satisfaction", "value": None, "unit": "percent", "better": "higher", "target_min": 80.0, "target_max": None,
        "benchmark": 94.8, "verdict": "met", "numerator": None, "denominator": 6,
    }  # fmt: skip
    assert report["total"]["indicators"][0]["numerator"] == 2 and report["total"]["indicators"][0]["denominator"] == 6
    assert report["total"]["indicators"][3]["numerator"] == 110.0 and report["total"]["indicators"][3]["denominator"] == 220.0
    assert report["benchmark"] == {"name": "Україна, 2024", "name_en": "Ukraine, 2024"}
    # one office: the same figures as its row of the network's report
    own = kpi_report(ctx, "alpha", period(DAY, DAY), actor=SUPERVISOR)
    assert own["total"]["indicators"] == by_office["alpha"]["indicators"] and [row["office"] for row in own["by_office"]] == ["alpha"]


def test_an_empty_period_has_no_data_and_who_may_read(ctx) -> None:
    empty = kpi_report(ctx, "beta", period(dt.date(2026, 1, 5), dt.date(2026, 1, 5)), actor=MANAGER)
    assert verdicts(empty["total"]) == dict.fromkeys(("deadlines", "complaints", "satisfaction", "load"), "no_data")
    with pytest.raises(AccessDenied):
        kpi_report(ctx, None, period(DAY, DAY), actor=SUPERVISOR)
    with pytest.raises(AccessDenied):
        kpi_report(ctx, "beta", period(DAY, DAY), actor=SUPERVISOR)
    with pytest.raises(InvalidRequest):
        kpi_report(ctx, "gamma", period(DAY, DAY), actor=MANAGER)


@pytest.mark.parametrize(
    ("target", "better", "value", "verdict"),
    [
        (Target(at_most=1.0), Better.LOWER, 1.0, Verdict.MET),  # on the ceiling: met
        (Target(at_most=1.0), Better.LOWER, 1.1, Verdict.NOT_MET),
        (Target(at_least=94.8), Better.HIGHER, 94.8, Verdict.MET),
        (Target(at_least=94.8), Better.HIGHER, 94.79, Verdict.NOT_MET),
        (Target(60.0, 85.0), Better.BAND, 59.9, Verdict.BELOW_BAND),
        (Target(60.0, 85.0), Better.BAND, 85.1, Verdict.ABOVE_BAND),
        (Target(60.0, 85.0), Better.BAND, 60.0, Verdict.MET),
        (Target(), Better.LOWER, 5.0, Verdict.NO_TARGET),
        (Target(at_most=1.0), Better.LOWER, None, Verdict.NO_DATA),
    ],
)
def test_the_verdict_of_each_direction(target, better, value, verdict) -> None:
    assert target.verdict(value, better) is verdict


def test_the_api_and_its_files_say_the_same(app_ctx, client, tokens, clock) -> None:
    write_rows(app_ctx, clock)
    manager = bearer(tokens["manager"])
    query = "from=2026-11-20&to=2026-11-20"
    answer = client.get(f"/api/v1/reports/kpis?{query}", headers=manager)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    report = answer.get_json()
    assert values(report["total"]) == expected(None) and [row["office"] for row in report["by_office"]] == ["alpha", "beta"]
    shown = [(scope["office"] or "network", item["indicator"], item["value"], item["verdict"])
             for scope in (report["total"], *report["by_office"]) for item in scope["indicators"]]  # fmt: skip

    content = client.get(f"/api/v1/reports/kpis.csv?{query}", headers=manager)
    assert content.headers["Content-Disposition"] == 'attachment; filename="cherga-kpis-network-2026-11-20-2026-11-20.csv"'
    rows = list(csv.DictReader(io.StringIO(content.get_data().decode("utf-8-sig"))))
    assert [(row["office"], row["indicator"], float(row["value"]), row["verdict"]) for row in rows] == shown
    assert rows[2]["benchmark"] == "94.8" and rows[2]["benchmark_name"] == "Ukraine, 2024" and rows[0]["benchmark_name"] == ""
    assert rows[3]["target_min"] == "60.0" and rows[3]["target_max"] == "85.0" and rows[0]["scope"] == "total"

    workbook = client.get(f"/api/v1/reports/kpis.xlsx?{query}", headers=manager)
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.get_data()))["Programme indicators"]
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0] == KPI_COLUMNS
    assert [(row[3], row[6], row[7], row[14]) for row in cells[1:]] == shown

    for path, status in [
        ("/api/v1/reports/kpis?from=2026-11-21&to=2026-11-20", 400),
        ("/api/v1/reports/kpis?from=2026-11-20&to=2026-11-20&office=nowhere", 400),
        ("/api/v1/reports/kpis.csv?from=2026-11-20", 400),
    ]:
        assert client.get(path, headers=manager).status_code == status, path
    assert client.get(f"/api/v1/reports/kpis?{query}", headers=bearer(tokens["supervisor"])).status_code == 403
    assert client.get(f"/api/v1/reports/kpis.xlsx?{query}&office=beta", headers=bearer(tokens["supervisor"])).status_code == 403
    own = client.get(f"/api/v1/reports/kpis?{query}&office=alpha", headers=bearer(tokens["supervisor"])).get_json()
    assert values(own["total"]) == expected("alpha")
