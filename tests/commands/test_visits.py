"""A visit of several steps through the commands: one ticket, desk after desk, every change projected and audited."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from booking_cases import KEY, PHONE, TOMORROW_10
from factories import visit_network
from projection_check import verify_action
from queue_server.commands import booking, desk_state, desk_work
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.model import BookingTerms
from queue_server.domain.tickets import TicketStatus
from queue_server.reads import queries
from queue_server.store import audit as audit_store
from queue_server.store import tickets as ticket_store


@pytest.fixture
def network():
    return visit_network()


@pytest.fixture
def desks(ctx, operator):
    for desk in ("alpha-1", "alpha-2", "alpha-3"):
        desk_state.open_desk(ctx, desk, actor=operator)


def step_statuses(view: dict) -> list[str]:
    return [step["status"] for step in view["steps"]]


def audited(ctx, action: str) -> list[dict]:
    with ctx.reading() as conn:
        return audit_store.entries(conn, "alpha", action=action)


def test_a_package_travels_desk_to_desk_under_one_number(ctx, kiosk, operator, desks, clock) -> None:
    issued, sent = verify_action(ctx, "alpha", lambda: issue_ticket(ctx, "alpha", "package-move", actor=kiosk))
    ticket = issued.ticket
    assert ticket.number.startswith("К") and ticket.package == "package-move" and ticket.service == "residence"
    assert sent[0]["data"]["steps"] == [{"service": "residence", "status": "waiting", "desk": None}, {"service": "social", "status": "waiting", "desk": None}]
    assert issued.visit_minutes == issued.estimated_wait_minutes + 10 + 10  # the typical durations of both steps

    called, _ = verify_action(ctx, "alpha", lambda: desk_work.call_next(ctx, "alpha-1", actor=operator))
    assert called.id == ticket.id
    clock.advance(5)
    routed, sent = verify_action(ctx, "alpha", lambda: desk_work.finish(ctx, "alpha-1", actor=operator, ticket=ticket.id))
    assert [m["type"] for m in sent] == ["ticket.routed"]  # desk 1 does not do social: the visitor is sent on
    assert routed.status is TicketStatus.WAITING and routed.service == "social" and routed.number == ticket.number
    assert step_statuses(sent[0]["data"]) == ["done", "waiting"] and sent[0]["data"]["step"] == 1

    assert desk_work.call_next(ctx, "alpha-2", actor=operator) is None  # passport only
    again, sent = verify_action(ctx, "alpha", lambda: desk_work.call_next(ctx, "alpha-3", actor=operator))
    assert again.id == ticket.id and sent[0]["type"] == "ticket.called" and sent[0]["data"]["desk"] == "alpha-3"
    status = queries.ticket_status(ctx, ticket.token)
    assert status.step == 1 and [s.status for s in status.steps] == ["done", "called"] and status.steps[1].desk_number == 3
    clock.advance(4)
    done, sent = verify_action(ctx, "alpha", lambda: desk_work.finish(ctx, "alpha-3", actor=operator, ticket=ticket.id))
    assert done.status is TicketStatus.DONE and sent[0]["type"] == "ticket.finished"
    assert step_statuses(sent[0]["data"]) == ["done", "done"]
    with ctx.reading() as conn:
        stored = ticket_store.by_id(conn, ticket.id)
    assert [(s.desk, s.status.value) for s in stored.steps] == [("alpha-1", "done"), ("alpha-3", "done")]
    assert stored.steps[1].ready_at == routed.waiting_since
    finishes = audited(ctx, "finish")
    assert [entry["details"] for entry in reversed(finishes)] == [
        {"step": 1, "service": "residence", "then": "social"},
        {"step": 2, "service": "social"},
    ]


def test_a_desk_that_does_the_next_step_goes_on_and_a_second_tap_is_refused(ctx, kiosk, operator, desks) -> None:
    ticket = issue_ticket(ctx, "alpha", ["residence", "social"], actor=kiosk).ticket
    desk_work.call_next(ctx, "alpha-3", actor=operator)
    went_on, sent = verify_action(
        ctx, "alpha", lambda: desk_work.finish(ctx, "alpha-3", actor=operator, ticket=ticket.id, go_on=True, step=1)
    )
    assert [m["type"] for m in sent] == ["ticket.continued"] and went_on.status is TicketStatus.SERVING
    assert queries.office_snapshot(ctx, "alpha")["desks"][2]["ticket"] == ticket.number
    with pytest.raises(InvalidTransition, match="step 1 .* already over"):
        desk_work.finish(ctx, "alpha-3", actor=operator, ticket=ticket.id, go_on=True, step=1)
    assert queries.ticket_status(ctx, ticket.token).step == 1  # the second tap changed nothing


def test_going_on_where_the_desk_cannot_is_refused_and_changes_nothing(ctx, kiosk, operator, desks) -> None:
    ticket = issue_ticket(ctx, "alpha", ["passport", "social"], actor=kiosk).ticket
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    with pytest.raises(InvalidTransition, match="does not do the next step"):
        desk_work.finish(ctx, "alpha-2", actor=operator, ticket=ticket.id, go_on=True)
    assert queries.ticket_status(ctx, ticket.token).status is TicketStatus.CALLED


def test_skip_add_and_end_are_each_projected_and_audited_with_the_reason(ctx, kiosk, operator, desks) -> None:
    issue_ticket(ctx, "alpha", ["passport", "residence"], actor=kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    added, sent = verify_action(ctx, "alpha", lambda: desk_work.add_step(ctx, "alpha-1", actor=operator, service="social"))
    assert [m["type"] for m in sent] == ["ticket.steps_changed"] and [s.service for s in added.steps] == ["passport", "residence", "social"]
    skipped, sent = verify_action(
        ctx, "alpha", lambda: desk_work.skip_step(ctx, "alpha-1", actor=operator, step=2, reason="вже має довідку")
    )
    assert step_statuses(sent[0]["data"]) == ["called", "skipped", "waiting"]
    ended, sent = verify_action(ctx, "alpha", lambda: desk_work.end_visit(ctx, "alpha-1", actor=operator, reason="решта іншим разом"))
    assert ended.status is TicketStatus.DONE and step_statuses(sent[0]["data"]) == ["done", "skipped", "skipped"]
    assert audited(ctx, "add_step")[0]["details"] == {"step": 3, "service": "social"}
    assert audited(ctx, "skip_step")[0]["details"] == {"step": 2, "service": "residence", "reason": "вже має довідку"}
    assert audited(ctx, "end_visit")[0]["details"] == {"step": 1, "skipped": ["social"], "reason": "решта іншим разом"}


def test_a_step_added_must_be_an_office_service_and_no_package(ctx, kiosk, operator, desks) -> None:
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    with pytest.raises(NotFound):
        desk_work.add_step(ctx, "alpha-1", actor=operator, service="nothing")
    with pytest.raises(InvalidRequest, match="package"):
        desk_work.add_step(ctx, "alpha-1", actor=operator, service="package-move")


def test_a_no_show_at_step_two_ends_the_visit_with_step_one_kept(ctx, kiosk, operator, desks) -> None:
    ticket = issue_ticket(ctx, "alpha", ["passport", "social"], actor=kiosk).ticket
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    desk_work.call_next(ctx, "alpha-3", actor=operator)
    missed, sent = verify_action(ctx, "alpha", lambda: desk_work.mark_no_show(ctx, "alpha-3", actor=operator))
    assert missed.status is TicketStatus.NO_SHOW and step_statuses(sent[0]["data"]) == ["done", "called"]
    assert queries.ticket_status(ctx, ticket.token).can_rate is False


def test_a_kiosk_may_not_put_more_on_one_ticket_than_the_rules_allow(ctx, kiosk) -> None:
    with pytest.raises(InvalidRequest, match="at most 3"):
        issue_ticket(ctx, "alpha", ["passport", "residence", "social", "package-move"], actor=kiosk)
    with ctx.reading() as conn:
        assert ticket_store.live(conn, "alpha") == []


def test_a_booked_package_checks_in_as_its_whole_visit(ctx, clock, kiosk, network) -> None:
    alpha = dataclasses.replace(network.offices["alpha"], booking=BookingTerms(bookable_share=1.0))
    ctx.network = dataclasses.replace(network, offices={**network.offices, "alpha": alpha})
    made = booking.book(ctx, "alpha", "package-move", TOMORROW_10, name="Олена Коваль", phone=PHONE, key=KEY)
    clock.now = TOMORROW_10 - dt.timedelta(minutes=5)
    ticket = booking.check_in(ctx, "alpha", made.code, actor=kiosk).issued.ticket
    assert ticket.package == "package-move" and [s.service for s in ticket.steps] == ["residence", "social"]
    assert ticket.appointment_at == TOMORROW_10 and ticket.number.startswith("К")
