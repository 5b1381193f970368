"""Desk commands: each one's events project the snapshot before onto the one after."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.tickets import TicketStatus
from queue_server.store.schema import events

DESK = "alpha-1"


@pytest.fixture
def open_desk(ctx, operator):
    desk_state.open_desk(ctx, DESK, actor=operator)
    return DESK


def issue(ctx, kiosk, service="passport", **kwargs):
    return issue_ticket(ctx, "alpha", service, actor=kiosk, **kwargs).ticket


def test_open_pause_resume_close_each_emit_one_desk_event(ctx, operator) -> None:
    for action, expected in (
        (lambda: desk_state.open_desk(ctx, DESK, actor=operator), "desk.opened"),
        (lambda: desk_state.pause_desk(ctx, DESK, actor=operator, reason="lunch"), "desk.paused"),
        (lambda: desk_state.resume_desk(ctx, DESK, actor=operator), "desk.resumed"),
        (lambda: desk_state.close_desk(ctx, DESK, actor=operator), "desk.closed"),
    ):
        view, sent = verify_action(ctx, "alpha", action)
        assert [m["type"] for m in sent] == [expected]
        assert sent[0]["data"] == view.to_json()


def test_the_whole_visit(ctx, kiosk, operator, open_desk, clock) -> None:
    issued = issue(ctx, kiosk)
    called, sent = verify_action(ctx, "alpha", lambda: desk_work.call_next(ctx, DESK, actor=operator))
    assert called.id == issued.id and called.status is TicketStatus.CALLED
    assert sent[0]["type"] == "ticket.called" and sent[0]["data"]["desk"] == DESK
    clock.advance(1)
    recalled, sent = verify_action(ctx, "alpha", lambda: desk_work.recall(ctx, DESK, actor=operator))
    assert recalled.recalls == 1 and sent[0]["type"] == "ticket.recalled"
    started, sent = verify_action(ctx, "alpha", lambda: desk_work.start(ctx, DESK, actor=operator))
    assert started.status is TicketStatus.SERVING and sent[0]["type"] == "ticket.started"
    clock.advance(7)
    done, sent = verify_action(ctx, "alpha", lambda: desk_work.finish(ctx, DESK, actor=operator))
    assert done.status is TicketStatus.DONE and sent[0]["type"] == "ticket.finished"
    assert done.finished_at - done.started_at == (clock.now - started.started_at)


def test_call_next_on_an_empty_queue_returns_none_and_emits_nothing(ctx, operator, open_desk) -> None:
    result, sent = verify_action(ctx, "alpha", lambda: desk_work.call_next(ctx, DESK, actor=operator))
    assert result is None and sent == []


def test_call_next_skips_services_the_desk_does_not_serve(ctx, kiosk, operator, open_desk) -> None:
    issue(ctx, kiosk, "social")  # desk 1 serves passport and residence only
    assert desk_work.call_next(ctx, DESK, actor=operator) is None


def test_a_closed_or_paused_desk_cannot_call(ctx, kiosk, operator) -> None:
    issue(ctx, kiosk)
    with pytest.raises(InvalidTransition):
        desk_work.call_next(ctx, DESK, actor=operator)
    desk_state.open_desk(ctx, DESK, actor=operator)
    desk_state.pause_desk(ctx, DESK, actor=operator, reason="training")
    with pytest.raises(InvalidTransition):
        desk_work.call_next(ctx, DESK, actor=operator)


def test_a_desk_with_a_visitor_must_finish_first(ctx, kiosk, operator, open_desk) -> None:
    issue(ctx, kiosk)
    issue(ctx, kiosk)
    desk_work.call_next(ctx, DESK, actor=operator)
    seq_before = len(ctx.publisher.messages)
    for action in (
        lambda: desk_work.call_next(ctx, DESK, actor=operator),
        lambda: desk_state.pause_desk(ctx, DESK, actor=operator, reason="lunch"),
        lambda: desk_state.close_desk(ctx, DESK, actor=operator),
    ):
        with pytest.raises(InvalidTransition):
            action()
    assert len(ctx.publisher.messages) == seq_before


def test_recall_past_the_limit_is_a_no_show(ctx, kiosk, operator, open_desk) -> None:
    issue(ctx, kiosk)
    desk_work.call_next(ctx, DESK, actor=operator)
    for _ in range(ctx.network.rules.recall_limit):
        desk_work.recall(ctx, DESK, actor=operator)
    missed, sent = verify_action(ctx, "alpha", lambda: desk_work.recall(ctx, DESK, actor=operator))
    assert missed.status is TicketStatus.NO_SHOW and sent[0]["type"] == "ticket.no_show"


def test_no_show_frees_the_desk(ctx, kiosk, operator, open_desk) -> None:
    issue(ctx, kiosk)
    issue(ctx, kiosk)
    desk_work.call_next(ctx, DESK, actor=operator)
    missed, sent = verify_action(ctx, "alpha", lambda: desk_work.mark_no_show(ctx, DESK, actor=operator))
    assert missed.status is TicketStatus.NO_SHOW
    assert desk_work.call_next(ctx, DESK, actor=operator) is not None


def test_transfer_to_a_service_keeps_the_place(ctx, kiosk, operator, clock) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    first = issue(ctx, kiosk, "passport")
    clock.advance(5)
    later_social = issue(ctx, kiosk, "social")
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    moved, sent = verify_action(
        ctx, "alpha", lambda: desk_work.transfer(ctx, "alpha-1", actor=operator, to_service="social", note="довідка")
    )
    assert moved.status is TicketStatus.WAITING and moved.service == "social" and sent[0]["type"] == "ticket.transferred"
    # issued earlier than the social ticket, so desk 3 takes it first
    assert desk_work.call_next(ctx, "alpha-3", actor=operator).id == first.id
    assert later_social.id != first.id


def test_transfer_to_a_desk_only_that_desk_calls_it(ctx, kiosk, operator) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.transfer(ctx, "alpha-1", actor=operator, to_desk="alpha-2")
    assert desk_work.call_next(ctx, "alpha-1", actor=operator) is None
    assert desk_work.call_next(ctx, "alpha-2", actor=operator) is not None


def test_transfer_refuses_unknown_targets(ctx, kiosk, operator, open_desk) -> None:
    issue(ctx, kiosk)
    desk_work.call_next(ctx, DESK, actor=operator)
    with pytest.raises(NotFound):
        desk_work.transfer(ctx, DESK, actor=operator, to_service="nothing")
    with pytest.raises(NotFound):
        desk_work.transfer(ctx, DESK, actor=operator, to_desk="beta-1")  # another office
    with pytest.raises(InvalidTransition):
        desk_work.transfer(ctx, DESK, actor=operator)


def test_hold_and_return(ctx, kiosk, operator, open_desk) -> None:
    held_ticket = issue(ctx, kiosk)
    other = issue(ctx, kiosk)
    desk_work.call_next(ctx, DESK, actor=operator)
    held, sent = verify_action(ctx, "alpha", lambda: desk_work.hold(ctx, DESK, actor=operator))
    assert held.held_by == DESK and sent[0]["type"] == "ticket.held"
    # the desk is free: it serves the next visitor while the first one is away
    assert desk_work.call_next(ctx, DESK, actor=operator).id == other.id
    desk_work.finish(ctx, DESK, actor=operator)
    back, sent = verify_action(ctx, "alpha", lambda: desk_work.return_held(ctx, DESK, actor=operator, ticket=held_ticket.id))
    assert back.status is TicketStatus.CALLED and sent[0]["type"] == "ticket.returned"


def test_a_stale_console_is_refused(ctx, kiosk, operator, open_desk) -> None:
    first = issue(ctx, kiosk)
    second = issue(ctx, kiosk)
    desk_work.call_next(ctx, DESK, actor=operator)
    with pytest.raises(InvalidTransition):
        desk_work.finish(ctx, DESK, actor=operator, ticket=second.id)
    assert desk_work.finish(ctx, DESK, actor=operator, ticket=first.id).status is TicketStatus.DONE


def test_pause_needs_a_known_reason(ctx, operator, open_desk) -> None:
    with pytest.raises(InvalidRequest):
        desk_state.pause_desk(ctx, DESK, actor=operator, reason="nap")


def test_unknown_desk(ctx, operator) -> None:
    with pytest.raises(NotFound):
        desk_work.call_next(ctx, "alpha-99", actor=operator)


def test_two_desks_draining_one_queue_from_threads_never_share_a_ticket(ctx, kiosk, operator) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    issued = {issue(ctx, kiosk).id for _ in range(40)}
    taken: dict[str, list[int]] = {"alpha-1": [], "alpha-2": []}

    def work(desk: str) -> None:
        while True:
            ticket = desk_work.call_next(ctx, desk, actor=operator)
            if ticket is None:
                return
            taken[desk].append(ticket.id)
            desk_work.finish(ctx, desk, actor=operator)

    threads = [threading.Thread(target=work, args=(desk,)) for desk in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    together = taken["alpha-1"] + taken["alpha-2"]
    assert sorted(together) == sorted(issued)
    assert len(set(together)) == len(together)
    with ctx.engine.connect() as conn:
        seqs = [row.seq for row in conn.execute(sa.select(events.c.seq).where(events.c.office == "alpha").order_by(events.c.seq))]
    assert seqs == list(range(1, len(seqs) + 1))
