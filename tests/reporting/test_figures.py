"""Every figure of the reports API against the same figure recomputed from the synthetic history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reporting.expected import FIRST, KYIV, LAST, TARGETS, VisitStep, all_steps, figures, grouped, in_period, step_key
from reporting.synthetic import Visit
from reporting.synthetic_store import insert
from web import bearer

GROUPS = ("office", "service", "operator", "day", "hour", "weekday", "month", "package")


def get(client, tokens, path: str, who: str = "manager") -> Any:
    answer = client.get(path, headers=bearer(tokens[who]))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_json()


def period_visits(history, first: dt.date = FIRST, last: dt.date = LAST, **where: Any) -> list[Visit]:
    """The period's visits of an office, service (their first step's) and administrator (their ticket's)."""
    return [
        v for v in history.visits
        if in_period(v, first, last) and all(KEYS_OF_VISITS[name](v) == value for name, value in where.items())
    ]  # fmt: skip


def period_steps(history, first: dt.date = FIRST, last: dt.date = LAST, **where: Any) -> list[VisitStep]:
    """The steps of the period's visits, each of its own service and administrator."""
    steps = all_steps(v for v in history.visits if in_period(v, first, last))
    return [(v, i) for v, i in steps if all(step_key(name, v, i) == value for name, value in where.items())]


KEYS_OF_VISITS = {
    "office": lambda v: v.office,
    "service": lambda v: v.steps[0].service if v.steps else v.service,
    "operator": lambda v: v.operator,
}


def expected(history, first: dt.date = FIRST, last: dt.date = LAST, **where: Any) -> dict[str, Any]:
    return figures(period_visits(history, first, last, **where), TARGETS, period_steps(history, first, last, **where))


def only_figures(answer: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value for name, value in answer.items()
        if name not in ("office", "from", "to", "service", "operator", "hour", "weekday", "bookings", "by_step", "alert_hours", "turned_away")
    }  # fmt: skip


def test_the_network_summary_is_every_visit_of_the_period(reader, shared_tokens, shared_loaded) -> None:
    answer = get(reader, shared_tokens, "/api/v1/reports/summary?from=2026-01-01&to=2026-03-31")
    assert answer["office"] is None and answer["from"] == "2026-01-01" and answer["to"] == "2026-03-31"
    assert only_figures(answer) == figures(period_visits(shared_loaded), TARGETS)
    assert answer["issued"] == len(shared_loaded.visits) > 3000


@pytest.mark.parametrize("office", ["alpha", "beta"])
def test_an_office_summary_is_its_own_visits(reader, shared_tokens, shared_loaded, office) -> None:
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?office={office}&from=2026-02-01&to=2026-02-28")
    first, last = dt.date(2026, 2, 1), dt.date(2026, 2, 28)
    assert only_figures(answer) == expected(shared_loaded, first, last, office=office)
    assert answer["office"] == office


@pytest.mark.parametrize("group", GROUPS)
def test_figures_by_each_grouping(reader, shared_tokens, shared_loaded, group) -> None:
    rows = get(reader, shared_tokens, f"/api/v1/reports/figures?from=2026-01-01&to=2026-03-31&group={group}")
    want = grouped(period_visits(shared_loaded), group, TARGETS)
    assert {row["key"] for row in rows} == set(want)
    for row in rows:
        assert {k: v for k, v in row.items() if k not in ("key", "label", "label_en", "bookings", "by_step", "alert_hours", "turned_away")} == want[row["key"]], row["key"]
    assert sum(row["issued"] for row in rows) == len(period_visits(shared_loaded))


def test_groups_are_in_order_with_their_labels(reader, shared_tokens, shared_loaded) -> None:
    offices = get(reader, shared_tokens, "/api/v1/reports/figures?from=2026-01-01&to=2026-03-31&group=office")
    assert [(row["key"], row["label"], row["label_en"]) for row in offices] == [("alpha", "Альфа", "Alpha"), ("beta", "Бета", "Beta")]
    weekdays = get(reader, shared_tokens, "/api/v1/reports/figures?from=2026-01-01&to=2026-03-31&group=weekday")
    assert [row["key"] for row in weekdays] == [1, 2, 3, 4, 5, 6, 7]
    assert (weekdays[0]["label"], weekdays[0]["label_en"]) == ("понеділок", "Monday")
    hours = get(reader, shared_tokens, "/api/v1/reports/figures?from=2026-01-01&to=2026-03-31&group=hour")
    assert [row["key"] for row in hours] == sorted(row["key"] for row in hours)
    assert next(row for row in hours if row["key"] == 9)["label"] == "09:00–10:00"
    operators = get(reader, shared_tokens, "/api/v1/reports/figures?from=2026-01-01&to=2026-03-31&group=operator")
    assert operators[-1]["key"] is None and operators[-1]["label_en"] == "not called"  # the cancelled tickets


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("office=alpha&service=residence", {"office": "alpha", "service": "residence"}),
        ("operator=alpha-3-b", {"operator": "alpha-3-b"}),
        ("office=beta&operator=beta-1-a", {"office": "beta", "operator": "beta-1-a"}),
    ],
)
def test_filters_by_service_and_administrator(reader, shared_tokens, shared_loaded, query, where) -> None:
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?from=2026-01-01&to=2026-03-31&{query}")
    assert only_figures(answer) == expected(shared_loaded, **where)
    assert all(answer[name] == value for name, value in where.items())


@pytest.mark.parametrize(("hour", "weekday"), [(9, None), (None, 6), (14, 3), (8, 7)])
def test_filters_by_local_hour_and_weekday(reader, shared_tokens, shared_loaded, hour, weekday) -> None:
    query = "&".join(f"{name}={value}" for name, value in (("hour", hour), ("weekday", weekday)) if value is not None)
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?from=2026-01-01&to=2026-03-31&{query}")
    visits = [
        v for v in period_visits(shared_loaded)
        if (hour is None or v.issued_at.astimezone(KYIV).hour == hour)
        and (weekday is None or v.issued_at.astimezone(KYIV).isoweekday() == weekday)
    ]  # fmt: skip
    assert visits and only_figures(answer) == figures(visits, TARGETS)


def test_a_filter_applies_to_every_group(reader, shared_tokens, shared_loaded) -> None:
    rows = get(reader, shared_tokens, "/api/v1/reports/figures?office=alpha&from=2026-03-01&to=2026-03-31&service=passport&group=day")
    first, last = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    visits = period_visits(shared_loaded, first, last, office="alpha", service="passport")
    steps = period_steps(shared_loaded, first, last, office="alpha", service="passport")
    days = {step_key("day", v, i) for v, i in steps} | {step_key("day", v, 0) for v in visits}
    want = {
        day: figures([v for v in visits if step_key("day", v, 0) == day], TARGETS, [(v, i) for v, i in steps if step_key("day", v, i) == day])
        for day in days
    }
    assert [row["key"] for row in rows] == sorted(want)
    assert all({k: v for k, v in row.items() if k not in ("key", "label", "label_en", "bookings", "turned_away")} == want[row["key"]] for row in rows)


def test_the_days_of_a_period_are_the_office_s_own(app_ctx, client, tokens, history) -> None:
    """23:30 in Kyiv on the last day is in (21:30 UTC); 00:30 the next day is out (22:30 UTC the same UTC day)."""
    last = dt.date(2026, 2, 10)
    base = max(v.ticket for v in history.visits) + 1

    def visit(ticket: int, local_time: dt.datetime) -> Visit:
        issued = local_time.replace(tzinfo=KYIV).astimezone(dt.timezone.utc)
        called = issued + dt.timedelta(minutes=5)
        return Visit(ticket, "alpha", "passport", "alpha-1", "late", "done", issued, called, called, called + dt.timedelta(minutes=7))

    late = visit(base, dt.datetime(2026, 2, 10, 23, 30))
    early = visit(base + 1, dt.datetime(2026, 2, 11, 0, 30))
    first_minute = visit(base + 2, dt.datetime(2026, 2, 10, 0, 0))
    before = visit(base + 3, dt.datetime(2026, 2, 9, 23, 59, 59))
    assert late.issued_at.date() == early.issued_at.date() == last  # the same UTC day
    extra = type(history)(visits=[late, early, first_minute, before])
    insert(app_ctx.engine, app_ctx.network, extra)
    answer = get(client, tokens, "/api/v1/reports/summary?office=alpha&from=2026-02-10&to=2026-02-10&operator=late")
    assert answer["served"] == 2  # 23:30 and 00:00 of the 10th
    days = get(client, tokens, "/api/v1/reports/figures?office=alpha&from=2026-02-09&to=2026-02-11&operator=late&group=day")
    assert [(row["key"], row["served"]) for row in days] == [("2026-02-09", 1), ("2026-02-10", 2), ("2026-02-11", 1)]
    hours = get(client, tokens, "/api/v1/reports/figures?office=alpha&from=2026-02-09&to=2026-02-11&operator=late&group=hour")
    assert {row["key"]: row["served"] for row in hours} == {23: 2, 0: 2}


def test_the_change_to_summer_time_keeps_local_hours(reader, shared_tokens, shared_loaded) -> None:
    """29 March 2026: Kyiv moves from UTC+2 to UTC+3; the 08:00 local hour stays 08:00 on both sides."""
    for day in ("2026-03-28", "2026-03-30"):
        rows = get(reader, shared_tokens, f"/api/v1/reports/figures?from={day}&to={day}&group=hour")
        visits = period_visits(shared_loaded, dt.date.fromisoformat(day), dt.date.fromisoformat(day))
        want = grouped(visits, "hour", TARGETS)
        assert {row["key"]: row["issued"] for row in rows} == {key: value["issued"] for key, value in want.items()}


def test_an_empty_period_has_zero_counts_and_no_measures(reader, shared_tokens, shared_loaded) -> None:
    answer = get(reader, shared_tokens, "/api/v1/reports/summary?from=2025-06-01&to=2025-06-30")
    assert (answer["issued"], answer["served"], answer["ratings"], answer["complaints"]) == (0, 0, 0, 0)
    assert answer["wait_p50_minutes"] is None and answer["average_rating"] is None and answer["no_show_share"] is None
    assert get(reader, shared_tokens, "/api/v1/reports/figures?from=2025-06-01&to=2025-06-30&group=office") == []


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning")  # call-next's (version 14)
def test_the_reports_index_is_there(app_ctx) -> None:
    import sqlalchemy as sa

    indexes = {index["name"]: index["column_names"] for index in sa.inspect(app_ctx.engine).get_indexes("tickets")}
    assert indexes["ix_tickets_office_issued"] == ["office", "issued_at"]
