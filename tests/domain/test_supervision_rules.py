"""The pure rules behind the supervisor's commands: out-of-turn calls, moves, requeues,
forced closes, a desk's services of the day, a desk's figures, the office's day."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import MINUTE, T0, small_network, ticket
from queue_server.domain import desks as desk_rules
from queue_server.domain import numbering
from queue_server.domain import tickets as rules
from queue_server.domain.desk_day import DayEvent, desk_day
from queue_server.domain.desks import DeskState, DeskStatus
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.events import public_view
from queue_server.domain.model import DeskId, DeskProfile, OfficeCode, ServiceCode, TicketId
from queue_server.domain.projection import apply_event, build_snapshot, public_snapshot
from queue_server.domain.tickets import TicketStatus
from queue_server.domain.views import DeskServicesView, DeskView, DeskWithServicesView, TicketView

NETWORK = small_network()
ALPHA = NETWORK.offices[OfficeCode("alpha")]
ONE, TWO = DeskId("alpha-1"), DeskId("alpha-2")


def test_out_of_turn_takes_any_waiting_ticket() -> None:
    social = ticket("social", issued_at=T0)
    called = rules.call_out_of_turn(social, ONE, T0 + MINUTE, by="olena")
    assert called.status is TicketStatus.CALLED and called.desk == ONE and called.served_by == "olena"
    assert called.issued_at == T0


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"held_by": TWO}, "on hold at desk alpha-2"),
        ({"held_by": ONE}, "return"),
        ({"target_desk": TWO}, "sent to desk alpha-2"),
        ({"status": TicketStatus.CALLED, "desk": TWO}, "not waiting"),
        ({"status": TicketStatus.DONE}, "not waiting"),
    ],
)
def test_out_of_turn_refusals(fields, words) -> None:
    with pytest.raises(InvalidTransition, match=words):
        rules.call_out_of_turn(ticket(**fields), ONE, T0)


def test_a_ticket_sent_to_this_desk_may_be_called_out_of_turn() -> None:
    assert rules.call_out_of_turn(ticket(target_desk=ONE), ONE, T0).target_desk is None


def test_move_keeps_the_place_and_the_transfers() -> None:
    waiting = ticket(issued_at=T0, transfers=1, note="довідка")
    moved = rules.move(waiting, service=ServiceCode("social"), target_desk=TWO)
    assert (moved.service, moved.target_desk, moved.issued_at, moved.transfers, moved.note) == ("social", TWO, T0, 1, "довідка")
    with pytest.raises(InvalidTransition, match="already waits"):
        rules.move(moved, service=ServiceCode("social"), target_desk=TWO)
    with pytest.raises(InvalidTransition, match="on hold"):
        rules.move(ticket(held_by=ONE), service=ServiceCode("social"), target_desk=None)
    with pytest.raises(InvalidTransition, match="only a waiting ticket"):
        rules.move(ticket(status=TicketStatus.SERVING, desk=ONE), service=ServiceCode("social"), target_desk=None)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": TicketStatus.CALLED, "desk": ONE, "called_at": T0, "recalls": 2},
        {"status": TicketStatus.SERVING, "desk": ONE, "called_at": T0, "started_at": T0},
        {"status": TicketStatus.WAITING, "desk": ONE, "held_by": ONE},
    ],
)
def test_requeue_puts_the_visitor_back_in_place(fields) -> None:
    back = rules.requeue(ticket(issued_at=T0 - MINUTE, **fields), ONE)
    assert back.status is TicketStatus.WAITING and back.is_callable and back.issued_at == T0 - MINUTE
    assert (back.called_at, back.started_at, back.recalls, back.target_desk) == (None, None, 0, None)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": TicketStatus.CALLED, "desk": TWO},
        {"status": TicketStatus.WAITING, "held_by": TWO},
        {"status": TicketStatus.WAITING},
        {"status": TicketStatus.DONE, "desk": ONE},
    ],
)
def test_requeue_only_what_the_desk_has(fields) -> None:
    with pytest.raises(InvalidTransition):
        rules.requeue(ticket(**fields), ONE)


@pytest.mark.parametrize("status", [DeskStatus.OPEN, DeskStatus.PAUSED])
def test_force_close_frees_and_closes(status) -> None:
    state = DeskState(desk=ONE, office=ALPHA.code, status=status, operator="olena", ticket=TicketId(5), reason="lunch")
    closed = desk_rules.force_close(state, T0)
    assert (closed.status, closed.operator, closed.ticket, closed.reason, closed.since) == (DeskStatus.CLOSED, None, None, None, T0)
    with pytest.raises(InvalidTransition, match="closed"):
        desk_rules.force_close(closed, T0)


def test_a_profile_of_the_day_is_checked_whole() -> None:
    desk = ALPHA.desk(ONE)
    profile = desk_rules.profile_of_the_day(desk, {"social": 2, "passport": 10}, ALPHA.services)
    assert list(profile.weights) == ["passport", "social"]  # the office's order
    assert profile.weights == {"passport": 10.0, "social": 2.0}
    with pytest.raises(NotFound, match="nothing"):
        desk_rules.profile_of_the_day(desk, {"passport": 1, "nothing": 1}, ALPHA.services)
    for weights in ({}, {"passport": 0}, {"passport": 10.01}, {"passport": None}, {"passport": float("inf")}):
        with pytest.raises(InvalidRequest):
            desk_rules.profile_of_the_day(desk, weights, ALPHA.services)


def test_a_desk_change_updates_only_the_fields_it_carries() -> None:
    """`desk.services_changed` carries the services; `desk.opened` after it leaves them."""
    today = {ONE: DeskProfile("today", {ServiceCode("social"): 2.0})}
    before = build_snapshot(ALPHA, 1, [], {})
    assert before["desks"][0]["services"] == ["passport", "residence"] and before["desks"][0]["services_changed"] is False
    desk = ALPHA.desk(ONE)
    closed = DeskState(desk=ONE, office=ALPHA.code)
    changed_view = DeskWithServicesView.joined(DeskView.of(desk, closed, None), DeskServicesView.of(ALPHA.services, today[ONE], True)).to_json()
    changed = apply_event(before, {"office": "alpha", "seq": 2, "type": "desk.services_changed", "at": "x", "data": changed_view})
    assert changed == build_snapshot(ALPHA, 2, [], {}, today)
    opened_state = desk_rules.open_desk(closed, T0, by="olena")
    opened = apply_event(changed, {"office": "alpha", "seq": 3, "type": "desk.opened", "at": "x", "data": DeskView.of(desk, opened_state, None).to_json()})
    assert opened == build_snapshot(ALPHA, 3, [], {ONE: opened_state}, today)
    assert opened["desks"][0]["services"] == ["social"] and opened["desks"][0]["weights"] == {"social": 2.0}
    assert "weights" not in public_snapshot(opened)["desks"][0] and "weights" not in public_view(changed_view)


def test_the_office_day_follows_the_change_of_clocks() -> None:
    start, end = numbering.day_bounds(dt.date(2026, 10, 25), "Europe/Kyiv")  # clocks go back: 25 hours
    assert start == dt.datetime(2026, 10, 24, 21, 0, tzinfo=dt.timezone.utc)
    assert end - start == dt.timedelta(hours=25)
    start, end = numbering.day_bounds(dt.date(2026, 11, 24), "Europe/Kyiv")
    assert (start, end - start) == (dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.timezone.utc), dt.timedelta(hours=24))


def _event(type_: str, at: dt.datetime, view: dict) -> DayEvent:
    return DayEvent(type_, at, view)


def test_desk_day_leaves_out_an_earlier_days_closing() -> None:
    yesterday = ticket(issued_at=T0 - dt.timedelta(days=1), status=TicketStatus.SERVING, desk=ONE, started_at=T0 - dt.timedelta(days=1))
    finished = rules.finish(yesterday, ONE, T0)
    today = rules.call(ticket(issued_at=T0), ONE, T0 + 3 * MINUTE)
    figures = desk_day(
        [_event("ticket.finished", T0, TicketView.of(finished).to_json()), _event("ticket.called", T0 + 3 * MINUTE, TicketView.of(today).to_json())],
        ONE,
        day_starts=T0 - MINUTE,
    )
    assert (figures.served, figures.called, figures.average_wait_minutes, figures.longest_wait_minutes) == (0, 1, 3.0, 3.0)
    assert figures.average_service_minutes is None


def test_desk_day_of_a_quiet_desk() -> None:
    figures = desk_day([], ONE, day_starts=T0)
    assert (figures.called, figures.served, figures.no_shows) == (0, 0, 0)
    assert figures.average_wait_minutes is None and figures.longest_wait_minutes is None
