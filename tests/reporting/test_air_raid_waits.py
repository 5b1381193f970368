"""An air-raid alert in the middle of a day's waits: every wait figure leaves the alert's time out.

The day is made by the real commands (issue, call, finish, the alert's start
and end), and the figures the reports give are checked against a
recomputation here, in plain arithmetic over the same rows of the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pytest
import sqlalchemy as sa

from factories import T0
from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.air_raid import set_air_raid
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.reporting import queries
from queue_server.reporting.annual import annual_report
from queue_server.reporting.exports import csv_export
from queue_server.reporting.pauses import Pauses
from queue_server.reporting.period import period
from queue_server.reporting.queries import ReportQuery
from queue_server.reporting.visit_table import VISIT_TABLE
from queue_server.reporting.visits import MINUTE_MS, visits_from_rows
from queue_server.store.accounts import UserRecord
from queue_server.store.schema import air_raids, tickets

MINUTE = dt.timedelta(minutes=1)
DAY = T0.date()  # 10:00 in Kyiv: the same local day
TARGET_MINUTES = 20  # the test network's passport and residence


@pytest.fixture
def people() -> dict[str, Actor]:
    return {
        "kiosk": Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1),
        "operator": staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",))),
        "supervisor": staff_actor(UserRecord(2, "iryna", "x", "supervisor", True, ("alpha",))),
        "manager": staff_actor(UserRecord(3, "maria", "x", "manager", True, ())),
    }


def _day_with_an_alert(ctx, clock, people) -> None:
    """Six visitors; an alert from 08:10 to 08:40 UTC while five of them wait; the last comes after it."""
    kiosk, operator = people["kiosk"], people["operator"]
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    for _ in range(5):  # 08:00, 08:02, … 08:08
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
        clock.advance(2)
    clock.advance(-1)  # 08:09: the first is called before the alert (a wait it does not touch)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    clock.advance(1)  # 08:10
    set_air_raid(ctx, "alpha", True, actor=people["supervisor"])
    desk_work.finish(ctx, "alpha-1", actor=operator)
    clock.advance(30)  # 08:40
    set_air_raid(ctx, "alpha", False, actor=people["supervisor"])
    clock.advance(1)  # 08:41: a visitor who came after the alert
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    for minutes, no_show in ((1, False), (6, False), (3, True), (4, False), (1, False)):
        clock.advance(minutes)
        desk_work.call_next(ctx, "alpha-1", actor=operator)
        clock.advance(1)
        if no_show:
            desk_work.mark_no_show(ctx, "alpha-1", actor=operator)
        else:
            desk_work.finish(ctx, "alpha-1", actor=operator)


def _nearest_rank(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent * len(ordered) / 100)) - 1]


def _recomputed(ctx) -> dict[str, object]:
    """The figures from the rows, with arithmetic of their own: overlap of each wait with each alert."""
    with ctx.engine.connect() as conn:
        rows = conn.execute(sa.select(tickets.c.status, tickets.c.issued_at, tickets.c.called_at)).all()
        alerts = conn.execute(sa.select(air_raids.c.started_at, air_raids.c.ended_at)).all()
    assert len(alerts) == 1 and alerts[0].ended_at is not None
    waits, served_waits = [], []
    for row in rows:
        if row.status not in ("done", "no_show"):
            continue
        raw = (row.called_at - row.issued_at).total_seconds()
        overlap = max(0.0, (min(row.called_at, alerts[0].ended_at) - max(row.issued_at, alerts[0].started_at)).total_seconds())
        waits.append((raw - overlap) / 60)
        if row.status == "done":
            served_waits.append((raw - overlap) / 60)
    return {
        "wait_p50_minutes": round(_nearest_rank(waits, 50), 1),
        "wait_p90_minutes": round(_nearest_rank(waits, 90), 1),
        "wait_max_minutes": round(max(waits), 1),
        "within_target_share": round(sum(wait <= TARGET_MINUTES for wait in served_waits) / len(served_waits), 4),
        "step_wait_p50_minutes": round(_nearest_rank(waits, 50), 1),
        "step_wait_p90_minutes": round(_nearest_rank(waits, 90), 1),
    }


def test_the_wait_figures_leave_out_the_alert(ctx, clock, people) -> None:
    _day_with_an_alert(ctx, clock, people)
    query = ReportQuery("alpha", period(DAY, DAY))
    summary = queries.summary(ctx, query, actor=people["manager"])
    expected = _recomputed(ctx)
    assert {name: summary[name] for name in expected} == expected
    # the waits as measured would be over the target for most of them: the alert is what is left out
    assert summary["wait_max_minutes"] < 30 and summary["within_target_share"] == 1.0
    assert summary["alert_hours"] == 0.5
    by_office = {row["key"]: row for row in queries.figures(ctx, query, "office", actor=people["manager"])}
    assert by_office["alpha"]["wait_p90_minutes"] == expected["wait_p90_minutes"]
    assert by_office["alpha"]["alert_hours"] == 0.5
    network = queries.figures(ctx, ReportQuery(None, period(DAY, DAY)), "office", actor=people["manager"])
    assert {row["key"]: row["alert_hours"] for row in network} == {"alpha": 0.5}  # beta: no visit, no alert


def test_the_visit_table_and_the_files_show_the_paused_minutes_and_the_alert_hours(ctx, clock, people) -> None:
    _day_with_an_alert(ctx, clock, people)
    data = queries.export_data(ctx, ReportQuery("alpha", period(DAY, DAY)), actor=people["manager"], with_visits=True)
    rows = [dict(zip(VISIT_TABLE, row)) for row in data.visits]
    with ctx.engine.connect() as conn:
        measured = {
            row.id: (row.called_at - row.issued_at) / MINUTE
            for row in conn.execute(sa.select(tickets.c.id, tickets.c.issued_at, tickets.c.called_at))
        }
    paused = sorted((row["number"], row["paused_minutes"]) for row in rows)
    assert paused == [("П001", 0.0), ("П002", 30.0), ("П003", 30.0), ("П004", 30.0), ("П005", 30.0), ("П006", 0.0)]
    for row in rows:  # the wait shown and the time paused add up to the wait as measured
        assert row["wait_minutes"] + row["paused_minutes"] == pytest.approx(measured[row["ticket"]])
    table = list(csv.DictReader(io.StringIO(csv_export.render(data).decode("utf-8-sig"))))
    assert table[0]["group"] == "total" and table[0]["alert_hours"] == "0.5"
    office_rows = [row for row in table if row["group"] == "office"]
    assert [row["alert_hours"] for row in office_rows] == ["0.5"]
    assert all(row["alert_hours"] == "" for row in table if row["group"] == "service")


def test_an_alert_still_on_counts_up_to_now_and_the_annual_summary_has_the_hours(ctx, clock, people) -> None:
    clock.advance(60)
    set_air_raid(ctx, "beta", True, actor=staff_actor(UserRecord(4, "petro", "x", "supervisor", True, ("beta",))))
    clock.advance(90)
    annual = annual_report(ctx, None, DAY.year, actor=people["manager"])
    assert {row["office"]: row["alert_hours"] for row in annual["offices"]} == {"alpha": 0.0, "beta": 1.5}
    assert annual["alert_hours"] == 1.5
    rows = queries.figures(ctx, ReportQuery(None, period(DAY, DAY)), "office", actor=people["manager"])
    assert [(row["key"], row["issued"], row["alert_hours"]) for row in rows] == [("beta", 0, 1.5)]  # listed for its alert


def test_a_step_wait_leaves_out_the_alert_too() -> None:
    """A visit of two services: its second step waited from 100 to 160 min, an alert 110–130 in it."""
    start = 1_700_000_000_000
    minute = MINUTE_MS
    steps = (
        ("passport", "done", "olena", None, start + 10 * minute, start + 10 * minute, start + 20 * minute),
        ("social", "done", "olena", start + 100 * minute, start + 160 * minute, start + 160 * minute, start + 170 * minute),
    )
    row = (1, "alpha", "passport", "olena", "done", start, 10 * minute, None, None, None, 170 * minute, "move", steps)
    alert = (start + 110 * minute, start + 130 * minute)
    pauses = Pauses({"alpha": [alert]})
    visits = visits_from_rows([row], {"alpha": "Europe/Kyiv"}, pauses.within)
    assert list(visits.steps.wait_ms) == [10 * minute, 40 * minute]
    assert list(visits.wait_ms) == [10 * minute] and list(visits.paused_ms) == [0]
    plain = visits_from_rows([row], {"alpha": "Europe/Kyiv"})
    assert list(plain.steps.wait_ms) == [10 * minute, 60 * minute] and list(plain.paused_ms) == []


def test_pauses_merge_overlapping_alerts_and_match_the_domain_rule() -> None:
    from queue_server.domain import air_raid
    from queue_server.domain.air_raid import AirRaid
    from queue_server.domain.model import OfficeCode
    from queue_server.reporting.visits import epoch_ms

    office = OfficeCode("alpha")
    alerts = [
        AirRaid(office, T0 + 10 * MINUTE, "iryna", T0 + 30 * MINUTE, "iryna"),
        AirRaid(office, T0 + 50 * MINUTE, "iryna"),  # still on
    ]
    now = T0 + 70 * MINUTE
    pauses = Pauses.of(alerts, epoch_ms(now))
    for first, last in ((0, 60), (20, 40), (55, 90), (31, 49), (0, 200)):
        begin, end = T0 + first * MINUTE, T0 + last * MINUTE
        expected = air_raid.paused_within(alerts, begin, end, now)
        assert pauses.within("alpha", epoch_ms(begin), epoch_ms(end)) == expected / dt.timedelta(milliseconds=1)
    twice = Pauses.of([*alerts, AirRaid(office, T0 + 20 * MINUTE, "x", T0 + 35 * MINUTE, "x")], epoch_ms(now))
    assert twice.within("alpha", epoch_ms(T0), epoch_ms(T0 + 40 * MINUTE)) == 25 * MINUTE_MS
    assert pauses.hours("alpha", epoch_ms(T0), epoch_ms(now)) == 0.67
    assert pauses.within("beta", 0, epoch_ms(now)) == 0


def test_the_dashboards_average_wait_of_today_leaves_out_the_alert(ctx, clock, people) -> None:
    from queue_server.reads.dashboard import office_dashboard

    _day_with_an_alert(ctx, clock, people)
    expected = _recomputed(ctx)
    answer = office_dashboard(ctx, "alpha", actor=people["manager"], grace=dt.timedelta(minutes=1))
    with ctx.engine.connect() as conn:
        rows = conn.execute(sa.select(tickets.c.issued_at, tickets.c.called_at)).all()
    alert_start, alert_end = T0 + 10 * MINUTE, T0 + 40 * MINUTE
    waits = [
        (row.called_at - row.issued_at - max(dt.timedelta(0), min(row.called_at, alert_end) - max(row.issued_at, alert_start))) / MINUTE
        for row in rows
    ]
    assert answer["average_wait_today_minutes"] == round(sum(waits) / len(waits), 1) == 15.0
    assert expected["wait_max_minutes"] == 20.0


def test_a_booking_called_late_only_for_the_alert_counts_as_called_on_time() -> None:
    from queue_server.reporting.bookings import booking_figures, without_alerts

    start, minute = 1_700_000_000_000, MINUTE_MS
    rows = [  # office, service, status, start, booked, as appointment, called
        ("alpha", "passport", "checked_in", start, start - 60 * minute, 1, start + 34 * minute),  # 30 of the 34 in the alert
        ("alpha", "passport", "checked_in", start, start - 60 * minute, 1, start + 40 * minute),  # 10 outside it: late
        ("beta", "passport", "checked_in", start, start - 60 * minute, 1, start + 34 * minute),  # no alert at beta
        ("alpha", "passport", "cancelled", start, start - 60 * minute, 0, None),
    ]
    pauses = Pauses({"alpha": [(start + 2 * minute, start + 32 * minute)]})
    assert booking_figures(rows).called_within_5_minutes_share == 0.0
    assert booking_figures(without_alerts(rows, pauses.within)).called_within_5_minutes_share == round(1 / 3, 4)
    assert without_alerts(rows, None) == rows
