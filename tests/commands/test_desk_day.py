"""A desk's services of the day, and what the desk console reads: desks' state, the day's figures, the staff."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import round_the_clock, small_network
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work, supervision
from queue_server.commands.day_close import close_past_days
from queue_server.domain.errors import InvalidRequest, NotFound
from queue_server.domain.model import DeskId
from queue_server.domain.policy import choose_next
from queue_server.domain.views import render
from queue_server.reads import queries
from queue_server.store import desk_services as services_store
from queue_server.store import tickets as ticket_store
from supervision_cases import audit, desk_of, issue

# services of the day


def test_change_and_restore_a_desks_services(ctx, supervisor) -> None:
    view, sent = verify_action(
        ctx, "alpha", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 2, "passport": 0.5})
    )
    assert [m["type"] for m in sent] == ["desk.services_changed"]
    view = render(view)
    assert view["services"] == ["passport", "social"] and view["weights"] == {"passport": 0.5, "social": 2.0}
    assert view["services_changed"] is True and view["status"] == "closed"
    assert sent[0]["data"] == view
    desk = desk_of(queries.office_snapshot(ctx, "alpha"), "alpha-2")
    assert desk["services"] == ["passport", "social"] and desk["services_changed"] is True
    # the same change again is no change
    _, sent = verify_action(
        ctx, "alpha", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"passport": 0.5, "social": 2})
    )
    assert sent == []
    view, sent = verify_action(ctx, "alpha", lambda: supervision.restore_desk_services(ctx, "alpha-2", actor=supervisor))
    assert [m["type"] for m in sent] == ["desk.services_changed"]
    assert view.services == ("passport",) and view.services_changed is False
    _, sent = verify_action(ctx, "alpha", lambda: supervision.restore_desk_services(ctx, "alpha-2", actor=supervisor))
    assert sent == []
    [restored] = audit(ctx, "services_restored")
    [changed] = audit(ctx, "services_changed")
    assert changed["details"] == {"weights": {"passport": 0.5, "social": 2.0}, "before": {"passport": 1.0}}
    assert restored["details"] == {"before": {"passport": 0.5, "social": 2.0}, "weights": {"passport": 1.0}}


@pytest.mark.parametrize(
    ("weights", "error", "words"),
    [
        ({}, InvalidRequest, "at least one"),
        ({"nothing": 1}, NotFound, "nothing"),
        ({"passport": 0}, InvalidRequest, "above 0"),
        ({"passport": -1}, InvalidRequest, "above 0"),
        ({"passport": 10.5}, InvalidRequest, "at most 10"),
        ({"passport": True}, InvalidRequest, "number"),
        ({"passport": "2"}, InvalidRequest, "number"),
        ({"passport": float("nan")}, InvalidRequest, "number"),
    ],
)
def test_bad_services_change_nothing(ctx, supervisor, weights, error, words) -> None:
    with pytest.raises(error, match=words):
        supervision.change_desk_services(ctx, "alpha-1", actor=supervisor, weights=weights)
    with ctx.reading() as conn:
        assert services_store.for_office(conn, "alpha") == {}
    assert ctx.publisher.messages == [] and audit(ctx, "services_changed") == []


def test_a_desk_in_the_middle_of_a_visit_keeps_its_visitor(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    ticket = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    view, _ = verify_action(ctx, "alpha", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1}))
    assert view.ticket == ticket.number and view.status == "open"


def test_the_policy_chooses_by_the_services_of_the_day(ctx, kiosk, supervisor, clock) -> None:
    """What call_next gives the policy once it reads `effective_profile` (see the next test)."""
    issue(ctx, kiosk, "passport")
    clock.advance(1)
    social = issue(ctx, kiosk, "social")
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    desk = ctx.network.desk(DeskId("alpha-2"))
    with ctx.reading() as conn:
        profile = services_store.effective_profile(conn, desk)
        waiting = ticket_store.waiting(conn, "alpha")
    chosen = choose_next(profile, waiting, clock.now, desk=desk.id, services=ctx.network.services, rules=ctx.network.rules)
    assert chosen.id == social.id
    assert choose_next(desk.profile, waiting, clock.now, desk=desk.id, services=ctx.network.services, rules=ctx.network.rules).id != social.id


def test_call_next_uses_the_services_of_the_day(ctx, kiosk, operator, supervisor, clock) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    issue(ctx, kiosk, "passport")
    clock.advance(1)
    social = issue(ctx, kiosk, "social")
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == social.id
    desk_work.finish(ctx, "alpha-2", actor=operator)
    assert desk_work.call_next(ctx, "alpha-2", actor=operator) is None  # passport is not today's


def test_estimates_count_the_desks_by_their_services_of_the_day(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert queries.service_wait(ctx, "alpha", "social").open_desks == 0
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    assert queries.service_wait(ctx, "alpha", "social").open_desks == 1
    assert queries.service_wait(ctx, "alpha", "passport").open_desks == 0


def test_the_days_close_puts_the_configured_services_back(ctx, operator, supervisor, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)  # 17:00 in Kyiv
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    assert close_past_days(ctx, "alpha") == 0  # the same day: it stays
    clock.now = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.timezone.utc)  # 00:30 in Kyiv, next day
    closed, sent = verify_action(ctx, "alpha", lambda: close_past_days(ctx, "alpha"))
    assert closed == 1 and [m["type"] for m in sent] == ["desk.services_changed"]
    assert sent[0]["data"]["services"] == ["passport"] and sent[0]["data"]["services_changed"] is False
    with ctx.reading() as conn:
        assert services_store.for_office(conn, "alpha") == {}
    assert close_past_days(ctx, "alpha") == 0
    # a change made this morning stays for the day
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"residence": 1})
    assert close_past_days(ctx, "alpha") == 0


# what the console reads


def test_desks_state(ctx, kiosk, operator, supervisor, clock) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    ticket = issue(ctx, kiosk)
    clock.advance(4)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    supervision.change_desk_services(ctx, "alpha-3", actor=supervisor, weights={"social": 3})
    desks = {desk["id"]: desk for desk in map(render, queries.desks_state(ctx, "alpha"))}
    assert list(desks) == ["alpha-1", "alpha-2", "alpha-3"]
    one = desks["alpha-1"]
    assert one["status"] == "open" and one["operator"] == "olena" and one["since"] == "2026-11-24T08:00:00Z"
    assert one["ticket"] == ticket.number and one["ticket_id"] == ticket.id and one["reason"] is None
    assert one["services"] == ["passport", "residence"] and one["services_changed"] is False
    assert one["number"] == 1 and one["name"] == "Вікно 1" and one["name_en"] == "Window 1" and one["kind"] == "window"
    three = desks["alpha-3"]
    assert three["status"] == "closed" and three["since"] is None and three["ticket"] is None
    assert three["services"] == ["social"] and three["weights"] == {"social": 3.0} and three["services_changed"] is True
    assert three["services_changed_by"] == "user:iryna" and three["services_changed_at"] == "2026-11-24T08:04:00Z"


def test_desk_figures_of_the_day(ctx, kiosk, operator, supervisor, clock) -> None:
    """Hand-computed: desk 1 serves A (waited 2, served 6), misses B (waited 10), transfers C
    (waited 11) to desk 3, serves D out of turn (waited 16, served 4); E waits for desk 1."""
    clock.now = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.timezone.utc)  # 09:00 in Kyiv
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    a = issue(ctx, kiosk)  # 09:00
    clock.advance(1)
    b = issue(ctx, kiosk)  # 09:01
    c = issue(ctx, kiosk, "residence")  # 09:01
    d = issue(ctx, kiosk, "social")  # 09:01
    clock.advance(1)  # 09:02
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == a.id  # wait 2
    desk_work.start(ctx, "alpha-1", actor=operator)
    clock.advance(6)  # 09:08
    desk_work.finish(ctx, "alpha-1", actor=operator)  # served 6
    clock.advance(3)  # 09:11
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == b.id  # wait 10
    desk_work.recall(ctx, "alpha-1", actor=operator)
    desk_work.mark_no_show(ctx, "alpha-1", actor=operator)
    clock.advance(1)  # 09:12
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == c.id  # wait 11
    desk_work.transfer(ctx, "alpha-1", actor=operator, to_service="social")
    clock.advance(5)  # 09:17: desk 3 calls C (the transfer waited 5) before D
    assert desk_work.call_next(ctx, "alpha-3", actor=operator).id == c.id
    desk_work.finish(ctx, "alpha-3", actor=operator)
    supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=d.id, reason="r")  # wait 16
    desk_work.start(ctx, "alpha-1", actor=operator)
    clock.advance(4)  # 09:21
    desk_work.finish(ctx, "alpha-1", actor=operator)  # served 4
    e = issue(ctx, kiosk, "residence")  # waits for desk 1 (and desk 3)
    issue(ctx, kiosk, "social")  # desk 1 does not serve it
    today = render(queries.desk_today(ctx, "alpha-1"))
    assert today == {
        "desk": "alpha-1",
        "day": "2026-11-24",
        "called": 4,
        "served": 2,
        "no_shows": 1,
        "average_service_minutes": 5.0,  # (6 + 4) / 2
        "average_wait_minutes": 9.8,  # (2 + 10 + 11 + 16) / 4 = 9.75
        "longest_wait_minutes": 16.0,
        "waiting_for_desk": 1,
    }
    three = render(queries.desk_today(ctx, "alpha-3"))
    assert three["called"] == 1 and three["served"] == 1 and three["average_wait_minutes"] == 5.0  # since the transfer
    assert three["waiting_for_desk"] == 2  # E (residence) and the social ticket
    assert e.id


@pytest.mark.parametrize("network", [round_the_clock(small_network())], ids=["round-the-clock"])  # issues at night
def test_desk_figures_count_only_the_office_day(ctx, kiosk, operator, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 21, 50, tzinfo=dt.timezone.utc)  # 23:50 in Kyiv
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    assert queries.desk_today(ctx, "alpha-1").served == 1
    clock.now = dt.datetime(2026, 11, 24, 22, 10, tzinfo=dt.timezone.utc)  # 00:10, the next day
    today = render(queries.desk_today(ctx, "alpha-1"))
    assert today["day"] == "2026-11-25" and today["served"] == 0 and today["average_wait_minutes"] is None


def test_staff_of_the_office_and_their_desks(ctx, operator, clock) -> None:
    from queue_server.commands import accounts

    accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])
    accounts.add_user(ctx, "iryna", "password-1", "supervisor", ["alpha", "beta"])
    accounts.add_user(ctx, "petro", "password-1", "operator", ["beta"])
    accounts.add_user(ctx, "head", "password-1", "manager", [])
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    staff = queries.office_staff_list(ctx, "alpha")
    assert staff == [
        {"username": "iryna", "role": "supervisor", "active": True, "desk": None, "desk_number": None, "desk_status": None, "since": None},
        {"username": "olena", "role": "operator", "active": True, "desk": "alpha-2", "desk_number": 2, "desk_status": "open", "since": "2026-11-24T08:00:00Z"},
    ]
