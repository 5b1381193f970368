"""The ticket life cycle: every allowed road, and every refused one."""

from __future__ import annotations

import pytest

from factories import MINUTE, T0, ticket
from queue_server.domain import tickets as rules
from queue_server.domain.errors import InvalidTransition
from queue_server.domain.model import DeskId, ServiceCode
from queue_server.domain.tickets import TicketStatus

DESK = DeskId("alpha-1")
OTHER = DeskId("alpha-2")


def called(**fields: object):
    return rules.call(ticket(**fields), DESK, T0 + MINUTE, by="olena")


def test_call_start_finish_keeps_times() -> None:
    at_desk = called()
    assert at_desk.status is TicketStatus.CALLED and at_desk.desk == DESK and at_desk.served_by == "olena"
    serving = rules.start(at_desk, DESK, T0 + 2 * MINUTE)
    done = rules.finish(serving, DESK, T0 + 9 * MINUTE)
    assert done.status is TicketStatus.DONE
    assert (done.called_at, done.started_at, done.finished_at) == (T0 + MINUTE, T0 + 2 * MINUTE, T0 + 9 * MINUTE)
    assert done.is_final


def test_finish_without_start_counts_service_from_finish() -> None:
    done = rules.finish(called(), DESK, T0 + 5 * MINUTE)
    assert done.started_at == done.finished_at == T0 + 5 * MINUTE


def test_recall_counts_and_becomes_no_show_past_the_limit() -> None:
    current = called()
    for count in (1, 2):
        current = rules.recall(current, DESK, T0 + count * MINUTE, limit=2)
        assert current.status is TicketStatus.CALLED and current.recalls == count
    missed = rules.recall(current, DESK, T0 + 5 * MINUTE, limit=2)
    assert missed.status is TicketStatus.NO_SHOW and missed.finished_at == T0 + 5 * MINUTE


def test_no_show_only_for_a_called_ticket() -> None:
    assert rules.mark_no_show(called(), DESK, T0).status is TicketStatus.NO_SHOW
    serving = rules.start(called(), DESK, T0)
    with pytest.raises(InvalidTransition):
        rules.mark_no_show(serving, DESK, T0)


def test_transfer_keeps_the_time_of_issue_and_clears_the_call() -> None:
    issued = T0 - 30 * MINUTE
    serving = rules.start(called(issued_at=issued), DESK, T0)
    moved = rules.transfer(serving, DESK, to_service=ServiceCode("residence"), note="потрібна довідка")
    assert moved.status is TicketStatus.WAITING and moved.issued_at == issued
    assert moved.service == "residence" and moved.transfers == 1 and moved.note == "потрібна довідка"
    assert moved.called_at is None and moved.target_desk is None


def test_transfer_to_a_desk_restricts_who_may_call() -> None:
    moved = rules.transfer(called(), DESK, to_desk=OTHER)
    with pytest.raises(InvalidTransition):
        rules.call(moved, DESK, T0)
    assert rules.call(moved, OTHER, T0).desk == OTHER


def test_transfer_needs_somewhere_else_to_go() -> None:
    with pytest.raises(InvalidTransition):
        rules.transfer(called(), DESK)
    with pytest.raises(InvalidTransition):
        rules.transfer(called(), DESK, to_desk=DESK)


def test_hold_frees_the_desk_and_only_that_desk_returns_it() -> None:
    held = rules.hold(called(), DESK)
    assert held.status is TicketStatus.WAITING and held.held_by == DESK and not held.is_callable
    with pytest.raises(InvalidTransition):
        rules.call(held, OTHER, T0)
    with pytest.raises(InvalidTransition):
        rules.return_held(held, OTHER, T0)
    back = rules.return_held(held, DESK, T0 + MINUTE)
    assert back.status is TicketStatus.CALLED and back.held_by is None and back.desk == DESK


def test_return_of_a_ticket_not_on_hold_is_refused() -> None:
    with pytest.raises(InvalidTransition):
        rules.return_held(ticket(), DESK, T0)


def test_actions_at_another_desk_are_refused() -> None:
    at_desk = called()
    for action in (
        lambda: rules.start(at_desk, OTHER, T0),
        lambda: rules.finish(at_desk, OTHER, T0),
        lambda: rules.recall(at_desk, OTHER, T0, limit=3),
        lambda: rules.hold(at_desk, OTHER),
        lambda: rules.transfer(at_desk, OTHER, to_service=ServiceCode("social")),
    ):
        with pytest.raises(InvalidTransition):
            action()


def test_a_called_ticket_cannot_be_called_again() -> None:
    with pytest.raises(InvalidTransition):
        rules.call(called(), OTHER, T0)


def test_final_tickets_refuse_everything() -> None:
    done = rules.finish(called(), DESK, T0)
    for action in (
        lambda: rules.call(done, DESK, T0),
        lambda: rules.start(done, DESK, T0),
        lambda: rules.finish(done, DESK, T0),
        lambda: rules.cancel(done, T0),
    ):
        with pytest.raises(InvalidTransition):
            action()


def test_cancel_only_while_waiting() -> None:
    cancelled = rules.cancel(ticket(), T0)
    assert cancelled.status is TicketStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        rules.cancel(called(), T0)
