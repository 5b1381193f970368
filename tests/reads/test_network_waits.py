"""The live waits of every office, against a recount by the one-office reads and by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from factories import small_network
from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.supervision import change_desk_services
from queue_server.domain.hours import OpeningHours, Weekday
from queue_server.domain.model import OfficeCode
from queue_server.reads import queries
from queue_server.reads.network_waits import network_waits, next_opening
from queue_server.store.accounts import UserRecord
from queue_server.views.waits import NetworkWaitsView, OfficeWaitsView
from queue_server.wiring import open_context

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def beta_operator() -> Actor:
    return staff_actor(UserRecord(3, "petro", "x", "operator", True, ("beta",)))


@pytest.fixture
def beta_kiosk() -> Actor:
    return Actor(kind="device", name="kiosk-2", role="kiosk", offices=("beta",), device_id=2)


def office(view: NetworkWaitsView, code: str) -> OfficeWaitsView:
    return next(found for found in view.offices if found.code == code)


def issue(ctx, office_code: str, service: str, kiosk: Actor, times: int) -> None:
    for _ in range(times):
        issue_ticket(ctx, office_code, service, actor=kiosk)


@pytest.fixture
def seeded(ctx, kiosk, operator, beta_kiosk, beta_operator):
    """alpha: 3 passport, 2 residence, 1 social waiting; desks 1 (passport, residence) and 3 (social, residence) open.
    beta: 2 passport waiting, its one desk open."""
    issue(ctx, "alpha", "passport", kiosk, 3)
    issue(ctx, "alpha", "residence", kiosk, 2)
    issue(ctx, "alpha", "social", kiosk, 1)
    issue(ctx, "beta", "passport", beta_kiosk, 2)
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    desk_state.open_desk(ctx, "beta-1", actor=beta_operator)
    return ctx


def test_the_figures_agree_with_a_recount_of_each_office(seeded) -> None:
    ctx = seeded
    view = network_waits(ctx, "uk")
    assert [found.code for found in view.offices] == ["alpha", "beta"]  # the configuration's order
    for found in view.offices:
        snapshot = queries.office_snapshot(ctx, found.code)
        assert found.waiting == len(snapshot["waiting"])  # every waiting ticket, counted from the office's own snapshot
        configured = ctx.network.offices[OfficeCode(found.code)]
        for group in found.groups:
            services = [code for code in configured.services if ctx.network.services[code].category == group.category]
            one_by_one = [queries.service_wait(ctx, found.code, code) for code in services]  # the kiosk's read, per service
            assert group.waiting == sum(wait.people_ahead for wait in one_by_one)
            known = [wait.estimated_wait_minutes for wait in one_by_one if wait.estimated_wait_minutes is not None]
            assert group.estimated_wait_minutes == (max(known) if known else None)

    alpha, beta = office(view, "alpha"), office(view, "beta")
    docs, social = alpha.groups
    # by hand, the desks played forward (10 minutes a visit, in order of issue): alpha-1 (passport, residence) calls
    # the three passport visitors at 0, 10 and 20; alpha-3 (social, residence) the two residence visitors at 0 and
    # 10 and the social one at 20. A new ticket of any of the three goes at 30. The old rule (a service's own queue
    # over its desks) said residence 10 and social 10: the visitors of the other services at the same desks were
    # left out.
    assert (docs.category, docs.name, docs.waiting, docs.estimated_wait_minutes, docs.estimate, docs.open_desks) == (
        "docs", "Документи", 5, 30, "estimated", 2
    )
    assert (social.waiting, social.estimated_wait_minutes, social.open_desks) == (1, 30, 1)
    assert (alpha.waiting, alpha.open_desks, alpha.open_now, alpha.opens_next) == (6, 2, True, None)
    assert alpha.hours_today == ("08:00", "20:00")
    assert beta.groups[0].estimated_wait_minutes == 20 and beta.waiting == 2

    # passport is given by both offices: beta's 20 minutes beat alpha's 30; residence only alpha gives
    assert [(item.service, item.offices, item.office, item.estimated_wait_minutes, item.waiting) for item in view.quietest] == [
        ("passport", 2, "beta", 20, 2)
    ]


def test_the_answer_follows_the_queue(seeded, operator) -> None:
    ctx = seeded
    desk_work.call_next(ctx, "alpha-1", actor=operator)  # a passport visitor leaves the queue
    desk_state.open_desk(ctx, "alpha-2", actor=operator)  # a second desk for passports
    view = network_waits(ctx, "uk")
    docs = office(view, "alpha").groups[0]
    assert docs.waiting == 4 and docs.open_desks == 3
    # alpha-2 takes the second passport visitor now, alpha-1 (busy until 10) the third at 10: a new passport ticket
    # goes at 10 (alpha-2, free again); residence: alpha-3 calls the two at 0 and 10, the social visitor at 20, and
    # alpha-1, free at 20, calls a new residence ticket then
    assert docs.estimated_wait_minutes == 20
    assert queries.service_wait(ctx, "alpha", "passport").estimated_wait_minutes == 10
    assert view.quietest[0].office == "alpha" and view.quietest[0].estimated_wait_minutes == 10  # beta still says 20


def test_with_no_desk_open_there_is_no_figure_and_no_suggestion(ctx, kiosk, beta_kiosk) -> None:
    issue(ctx, "alpha", "passport", kiosk, 2)
    issue(ctx, "beta", "passport", beta_kiosk, 1)
    view = network_waits(ctx, "en")
    docs = office(view, "alpha").groups[0]
    assert (docs.name, docs.waiting, docs.estimated_wait_minutes, docs.estimate, docs.open_desks) == ("Documents", 2, None, "no_desk_open", 0)
    assert view.quietest[0].office is None and view.quietest[0].estimated_wait_minutes is None
    assert view.quietest[0].name == "Service passport" and office(view, "alpha").address == "1 Test St"


def test_a_tie_goes_to_fewer_people_waiting_then_to_the_configurations_order(ctx, kiosk, operator, beta_kiosk, beta_operator) -> None:
    issue(ctx, "alpha", "passport", kiosk, 2)
    issue(ctx, "beta", "passport", beta_kiosk, 1)
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    desk_state.open_desk(ctx, "beta-1", actor=beta_operator)
    first = network_waits(ctx, "uk").quietest[0]
    assert (first.office, first.estimated_wait_minutes, first.waiting) == ("beta", 10, 1)  # 10 min both: beta has fewer waiting

    issue(ctx, "beta", "passport", beta_kiosk, 1)
    issue(ctx, "alpha", "passport", kiosk, 2)  # alpha: 4 people / 2 desks = 20; beta: 2 / 1 = 20, fewer waiting
    assert network_waits(ctx, "uk").quietest[0].office == "beta"
    desk_state.close_desk(ctx, "alpha-2", actor=operator)
    desk_state.open_desk(ctx, "alpha-3", actor=operator)  # alpha-3 serves no passport: alpha is at 40 now
    assert network_waits(ctx, "uk").quietest[0].office == "beta"


def test_an_exact_tie_goes_to_the_office_listed_first(ctx, kiosk, operator, beta_kiosk, beta_operator) -> None:
    issue(ctx, "alpha", "passport", kiosk, 1)
    issue(ctx, "beta", "passport", beta_kiosk, 1)
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    desk_state.open_desk(ctx, "beta-1", actor=beta_operator)
    assert network_waits(ctx, "uk").quietest[0].office == "alpha"


def test_a_supervisors_change_of_today_counts(seeded, supervisor) -> None:
    ctx = seeded
    change_desk_services(ctx, "alpha-3", actor=supervisor, weights={"passport": 1.0, "social": 1.0})  # alpha-3 takes passports today
    docs = office(network_waits(ctx, "uk"), "alpha").groups[0]
    # alpha-3 now serves passport and social: it takes passport visitors at 0 and the social one at 10, so alpha-1
    # (passport, residence) takes the first and third passport visitors at 0 and 10, then the two residence ones at
    # 20 and 30: a new residence ticket goes at 40 (the old rule said 20, as if alpha-1 served residence alone)
    assert docs.estimated_wait_minutes == 40
    assert docs.estimated_wait_minutes == queries.service_wait(ctx, "alpha", "residence").estimated_wait_minutes


@pytest.fixture
def supervisor() -> Actor:
    return staff_actor(UserRecord(2, "iryna", "x", "supervisor", True, ("alpha",)))


def test_at_a_closed_hour_of_the_offices_own_zone(seeded, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.timezone.utc)  # 20:30 in Kyiv (still open by UTC's 8–20)
    view = network_waits(seeded, "uk")
    alpha = office(view, "alpha")
    assert alpha.open_now is False and alpha.hours_today == ("08:00", "20:00")
    assert alpha.opens_next == dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.timezone.utc)  # 08:00 in Kyiv tomorrow
    assert alpha.groups[0].estimated_wait_minutes == 30  # desks still open after hours give a figure for those inside
    assert view.quietest[0].office is None  # but no closed office is suggested
    clock.now = dt.datetime(2026, 11, 24, 17, 59, tzinfo=dt.timezone.utc)  # 19:59 in Kyiv
    assert office(network_waits(seeded, "uk"), "alpha").open_now is True


def test_the_next_opening_across_the_summer_time_change() -> None:
    weekdays = OpeningHours({day: (dt.time(8), dt.time(17)) for day in (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)})
    saturday = dt.datetime(2026, 3, 28, 12, 0, tzinfo=KYIV)  # Kyiv moves to summer time on Sunday 29 March
    assert next_opening(weekdays, saturday) == dt.datetime(2026, 3, 30, 5, 0, tzinfo=dt.timezone.utc)  # 08:00 at UTC+3
    friday_evening = dt.datetime(2026, 10, 23, 18, 0, tzinfo=KYIV)  # back to winter time on Sunday 25 October
    assert next_opening(weekdays, friday_evening) == dt.datetime(2026, 10, 26, 6, 0, tzinfo=dt.timezone.utc)  # 08:00 at UTC+2
    before_opening = dt.datetime(2026, 10, 26, 7, 59, tzinfo=KYIV)
    assert next_opening(weekdays, before_opening) == dt.datetime(2026, 10, 26, 6, 0, tzinfo=dt.timezone.utc)
    assert next_opening(OpeningHours({}), saturday) is None


@pytest.fixture
def statements(ctx) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    sa.event.listen(ctx.engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(ctx.engine, "before_cursor_execute", record)


def selects(statements: list[str]) -> list[str]:
    return [statement for statement in statements if statement.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_a_fixed_number_of_queries_whatever_the_number_of_offices(seeded, statements, settings, tmp_path) -> None:
    network_waits(seeded, "uk")
    two_offices = len(selects(statements))
    assert two_offices == 7  # waiting counts, open desks, profiles of today, call candidates, the rest of the queue, desks' visitors, service times

    bundled = open_context(dataclasses.replace(settings, database_url=f"sqlite:///{tmp_path / 'bundled.sqlite3'}"))
    try:
        seen: list[str] = []
        sa.event.listen(bundled.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
        view = network_waits(bundled, "uk")
        assert len(view.offices) == len(bundled.network.offices) == 39
        assert len(selects(seen)) == two_offices
        residence = next(item for item in view.quietest if item.service == "residence-register")
        assert residence.offices >= 30  # the bundled network gives it nearly everywhere
    finally:
        bundled.engine.dispose()


def test_a_service_one_office_gives_has_no_suggestion() -> None:
    network = small_network()
    givers = [code for code, found in network.offices.items() if "residence" in found.services]
    assert givers == ["alpha"]  # the premise of the seeded tests: only passport is shared
