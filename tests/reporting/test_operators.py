"""Administrators' utilisation and breaks: from the audit log's open, pause, resume and close."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from queue_server.commands import desk_state, desk_work, supervision
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.reporting import queries as reports
from queue_server.reporting.kpi_report import kpi_report
from queue_server.reporting.period import period
from queue_server.reporting.queries import ReportQuery
from queue_server.store.accounts import UserRecord
from reporting.expected import FIRST, KYIV, LAST, desk_time, steps_of
from reporting.synthetic import operators_of
from web import bearer, login_token

MANAGERS = itertools.count(1)


def get(client, tokens, path: str, who: str = "manager"):
    answer = client.get(path, headers=bearer(tokens[who]))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_json()


@pytest.mark.parametrize(("first", "last"), [(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), (dt.date(2026, 2, 3), dt.date(2026, 2, 17))])
def test_each_administrator_s_hours_match_their_sessions(reader, shared_tokens, shared_loaded, first, last) -> None:
    rows = get(reader, shared_tokens, f"/api/v1/reports/operators?from={first}&to={last}")
    start = dt.datetime.combine(first, dt.time(0), tzinfo=KYIV)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=KYIV)
    want = desk_time(shared_loaded.sessions, start, end)
    served = [step for v in shared_loaded.visits if start <= v.issued_at < end for step in steps_of(v) if step.status == "done"]
    assert [row["operator"] for row in rows] == sorted(want)
    assert any(s.closed_at is None for s in shared_loaded.sessions) and any(s.close_action == "force_close" for s in shared_loaded.sessions)
    for row in rows:
        mine = want[row["operator"]]
        theirs = [step for step in served if step.served_by == row["operator"]]  # each step done counts for whoever served it
        serving = sum((step.finished_at - step.started_at).total_seconds() for step in theirs)  # type: ignore[operator]
        assert row["served"] == len(theirs)
        assert row["serving_minutes"] == round(serving / 60, 1)
        assert row["logged_in_minutes"] == round(mine["logged_in"] / 60, 1)
        assert row["utilisation"] == round(serving / mine["logged_in"], 4)
        assert row["breaks"] == mine["breaks"]
        assert row["break_minutes"] == round(mine["break_seconds"] / 60, 1)
        assert row["breaks_by_reason"] == {
            reason: {"count": count, "minutes": round(seconds / 60, 1)} for reason, (count, seconds) in sorted(mine["by_reason"].items())
        }
        assert row["offices"] == [row["operator"].split("-")[0]]


def test_an_office_and_an_administrator_narrow_the_list(reader, shared_tokens, shared_loaded) -> None:
    alpha = get(reader, shared_tokens, "/api/v1/reports/operators?office=alpha&from=2026-01-01&to=2026-03-31")
    assert {row["operator"] for row in alpha} == {name for n in (1, 2, 3) for name in operators_of(f"alpha-{n}")}
    one = get(reader, shared_tokens, "/api/v1/reports/operators?office=beta&from=2026-01-01&to=2026-03-31&operator=beta-1-b")
    assert [row["operator"] for row in one] == ["beta-1-b"]


def report_now(app_ctx, client, path: str) -> dict[str, dict]:
    """Asked by a manager who logs in now (a token of the fixtures would have expired on the moved clock)."""
    token = login_token(app_ctx, f"head-{next(MANAGERS)}", "manager", [])
    return {row["operator"]: row for row in get(client, {"manager": token}, path)}


def _operator(name: str, role: str = "operator") -> Actor:
    return staff_actor(UserRecord(7, name, "x", role, True, ("alpha",)))


def test_a_break_and_a_desk_still_open_now(app_ctx, clock, client) -> None:
    """Real commands on the app's clock: open 09:00, serve, lunch 12:00–12:45, close 17:00;
    a second desk opened at 16:00 and still open when the report is asked at 18:00."""
    olena, petro, iryna = _operator("olena-u"), _operator("petro-u"), _operator("iryna-u", "supervisor")
    kiosk = Actor(kind="device", name="kiosk", role="kiosk", offices=("alpha",), device_id=1)
    day = dt.date(2026, 11, 24)
    clock.now = dt.datetime.combine(day, dt.time(9), tzinfo=KYIV).astimezone(dt.timezone.utc)
    desk_state.open_desk(app_ctx, "alpha-1", actor=olena)
    issue_ticket(app_ctx, "alpha", "passport", actor=kiosk)
    clock.advance(10)
    desk_work.call_next(app_ctx, "alpha-1", actor=olena)
    desk_work.start(app_ctx, "alpha-1", actor=olena)
    clock.advance(25)
    desk_work.finish(app_ctx, "alpha-1", actor=olena)  # 25 minutes of service
    clock.now = dt.datetime.combine(day, dt.time(12), tzinfo=KYIV).astimezone(dt.timezone.utc)
    desk_state.pause_desk(app_ctx, "alpha-1", actor=olena, reason="lunch")
    clock.advance(45)
    desk_state.resume_desk(app_ctx, "alpha-1", actor=olena)
    clock.now = dt.datetime.combine(day, dt.time(16), tzinfo=KYIV).astimezone(dt.timezone.utc)
    desk_state.open_desk(app_ctx, "alpha-2", actor=petro)
    desk_state.pause_desk(app_ctx, "alpha-2", actor=petro, reason="technical")  # still on the break at 18:00
    clock.now = dt.datetime.combine(day, dt.time(17), tzinfo=KYIV).astimezone(dt.timezone.utc)
    desk_state.close_desk(app_ctx, "alpha-1", actor=olena)
    clock.now = dt.datetime.combine(day, dt.time(18), tzinfo=KYIV).astimezone(dt.timezone.utc)
    rows = report_now(app_ctx, client, "/api/v1/reports/operators?office=alpha&from=2026-11-24&to=2026-11-24")
    assert rows["olena-u"] == {
        "operator": "olena-u", "offices": ["alpha"], "served": 1, "serving_minutes": 25.0, "logged_in_minutes": 480.0,
        "utilisation": round(25 / 480, 4), "breaks": 1, "break_minutes": 45.0, "breaks_by_reason": {"lunch": {"count": 1, "minutes": 45.0}},
    }  # fmt: skip
    assert rows["petro-u"]["logged_in_minutes"] == 120.0  # 16:00 to now
    assert rows["petro-u"]["breaks_by_reason"] == {"technical": {"count": 1, "minutes": 120.0}}
    assert rows["petro-u"]["utilisation"] == 0.0
    clock.now = dt.datetime.combine(day, dt.time(19), tzinfo=KYIV).astimezone(dt.timezone.utc)
    supervision.force_close_desk(app_ctx, "alpha-2", actor=iryna, reason="left on a break")  # a supervisor closes it
    clock.now = dt.datetime.combine(day + dt.timedelta(days=2), dt.time(9), tzinfo=KYIV).astimezone(dt.timezone.utc)
    rows = report_now(app_ctx, client, "/api/v1/reports/operators?office=alpha&from=2026-11-24&to=2026-11-25")
    assert rows["petro-u"]["logged_in_minutes"] == 180.0  # 16:00 to the force-close at 19:00, not to the supervisor
    assert "iryna-u" not in rows
    assert rows["olena-u"]["logged_in_minutes"] == 480.0


def test_a_desk_left_open_ends_at_the_office_s_midnight(app_ctx, clock, client) -> None:
    olena = _operator("olena-u")
    clock.now = dt.datetime(2026, 11, 24, 20, 0, tzinfo=KYIV).astimezone(dt.timezone.utc)
    desk_state.open_desk(app_ctx, "alpha-3", actor=olena)
    clock.now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=KYIV).astimezone(dt.timezone.utc)
    rows = report_now(app_ctx, client, "/api/v1/reports/operators?office=alpha&from=2026-11-20&to=2026-11-30")
    assert [(name, row["logged_in_minutes"]) for name, row in rows.items()] == [("olena-u", 240.0)]  # 20:00 to midnight


KPI_READER = Actor(kind="staff", name="maria", role="manager", offices=())


def test_the_programme_indicators_of_each_office_are_its_own_reports_figures(shared_app, shared_loaded) -> None:
    """The indicators read the visits once and split them by office (reporting/kpi_report.py); each office's
    load and satisfaction read the ordinary way, one office at a time, must be the same."""
    ctx = shared_app.extensions["cherga"]
    quarter = period(FIRST, LAST)
    report = kpi_report(ctx, None, quarter, actor=KPI_READER)
    assert [row["office"] for row in report["by_office"]] == list(ctx.network.offices)
    for row in [report["total"], *report["by_office"]]:
        query = ReportQuery(row["office"], quarter)
        people = reports.operators(ctx, query, actor=KPI_READER)
        serving = round(sum(person["serving_minutes"] for person in people), 1)
        logged_in = round(sum(person["logged_in_minutes"] for person in people), 1)
        shown = {item["indicator"]: item for item in row["indicators"]}
        assert (shown["load"]["numerator"], shown["load"]["denominator"]) == (serving, logged_in) and logged_in > 0
        assert shown["load"]["value"] == round(100 * serving / logged_in, 1)
        summary = reports.summary(ctx, query, actor=KPI_READER)
        assert shown["satisfaction"]["value"] == round(100 * summary["satisfaction_share"], 2)
        assert shown["satisfaction"]["denominator"] == summary["ratings"] > 0
