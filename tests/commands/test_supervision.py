"""The supervisor's commands: each one's events project the snapshot, each one is audited."""

from __future__ import annotations

import threading

import pytest

from projection_check import verify_action
from queue_server.commands import desk_state, desk_work, supervision
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.tickets import TicketStatus
from queue_server.reads import queries
from queue_server.store import tickets as ticket_store
from supervision_cases import audit, desk_of, issue

# call out of turn


def test_call_out_of_turn_takes_the_named_ticket_and_is_audited(ctx, kiosk, operator, clock) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    first = issue(ctx, kiosk, "passport")
    clock.advance(3)
    social = issue(ctx, kiosk, "social")  # desk 1 does not serve it: a supervisor decided it may
    called, sent = verify_action(
        ctx, "alpha", lambda: supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=social.id, reason="  повторний візит ")
    )
    assert called.id == social.id and called.status is TicketStatus.CALLED and called.desk == "alpha-1"
    assert [m["type"] for m in sent] == ["ticket.called"] and sent[0]["data"]["desk"] == "alpha-1"
    assert desk_of(queries.office_snapshot(ctx, "alpha"), "alpha-1")["ticket"] == social.number
    [entry] = audit(ctx, "call_out_of_turn")
    assert entry["actor"] == "user:olena" and entry["desk"] == "alpha-1" and entry["ticket"] == social.id
    assert entry["ticket_number"] == social.number and entry["details"]["reason"] == "повторний візит"
    # the one passed by keeps its place
    desk_work.finish(ctx, "alpha-1", actor=operator)
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == first.id


def test_call_out_of_turn_refusals_change_nothing(ctx, kiosk, operator) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    held = issue(ctx, kiosk)
    sent_on = issue(ctx, kiosk)
    waiting = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    desk_work.hold(ctx, "alpha-2", actor=operator)  # `held` is on hold at desk 2
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    desk_work.transfer(ctx, "alpha-2", actor=operator, to_desk="alpha-3")  # `sent_on` is desk 3's
    messages = len(ctx.publisher.messages)
    cases = [
        (held.id, InvalidTransition, "on hold at desk alpha-2"),
        (sent_on.id, InvalidTransition, "sent to desk alpha-3"),
        (999, NotFound, "no ticket 999"),
    ]
    for ticket_id, error, words in cases:
        with pytest.raises(error, match=words):
            supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=ticket_id, reason="r")
    called = supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=waiting.id, reason="r")
    messages = len(ctx.publisher.messages)
    with pytest.raises(InvalidTransition, match="still has a visitor"):  # desk 1 is busy now
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=sent_on.id, reason="r")
    with pytest.raises(InvalidTransition, match="called, not waiting"):  # desk 1 has it already
        supervision.call_ticket(ctx, "alpha-2", actor=operator, ticket=called.id, reason="r")
    with pytest.raises(InvalidRequest, match="reason"):
        supervision.call_ticket(ctx, "alpha-2", actor=operator, ticket=sent_on.id, reason="   ")
    with pytest.raises(InvalidRequest, match="reason"):
        supervision.call_ticket(ctx, "alpha-2", actor=operator, ticket=sent_on.id, reason="x" * 201)
    assert len(ctx.publisher.messages) == messages
    assert len(audit(ctx, "call_out_of_turn")) == 1


def test_a_held_ticket_of_this_desk_comes_back_by_return(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    held = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.hold(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="return"):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=held.id, reason="r")


def test_a_closed_or_paused_desk_cannot_call_out_of_turn(ctx, kiosk, operator) -> None:
    waiting = issue(ctx, kiosk)
    with pytest.raises(InvalidTransition, match="closed"):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=waiting.id, reason="r")
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.pause_desk(ctx, "alpha-1", actor=operator, reason="lunch")
    with pytest.raises(InvalidTransition, match="paused"):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=waiting.id, reason="r")


def test_a_ticket_of_another_office_is_not_found(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    beta_kiosk = kiosk.__class__(kind="device", name="kiosk-b", role="kiosk", offices=("beta",), device_id=2)
    other = issue_ticket(ctx, "beta", "passport", actor=beta_kiosk).ticket
    with pytest.raises(NotFound):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=other.id, reason="r")


@pytest.mark.parametrize("round_", range(5))
def test_call_out_of_turn_racing_call_next_never_calls_twice(ctx, kiosk, operator, round_) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    only = issue(ctx, kiosk)
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def out_of_turn() -> None:
        start.wait()
        try:
            results["alpha-1"] = supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=only.id, reason="r")
        except InvalidTransition as error:
            results["alpha-1"] = error

    def next_one() -> None:
        start.wait()
        results["alpha-2"] = desk_work.call_next(ctx, "alpha-2", actor=operator)

    threads = [threading.Thread(target=out_of_turn), threading.Thread(target=next_one)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [desk for desk, result in results.items() if getattr(result, "id", None) == only.id]
    assert len(winners) == 1
    loser = "alpha-2" if winners == ["alpha-1"] else "alpha-1"
    assert results[loser] is None or isinstance(results[loser], InvalidTransition)
    calls = queries.office_snapshot(ctx, "alpha")["calls"]
    assert [call["id"] for call in calls] == [only.id] and calls[0]["desk"] == winners[0]
    called_events = [m for m in ctx.publisher.messages if m["type"] == "ticket.called"]
    assert len(called_events) == 1


# cancel


def test_cancel_a_waiting_or_held_ticket(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    held = issue(ctx, kiosk)
    waiting = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.hold(ctx, "alpha-1", actor=operator)
    for ticket in (waiting, held):
        cancelled, sent = verify_action(
            ctx, "alpha", lambda ticket=ticket: supervision.cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="пішов")
        )
        assert cancelled.status is TicketStatus.CANCELLED and cancelled.held_by is None
        assert [m["type"] for m in sent] == ["ticket.cancelled"]
    assert queries.office_snapshot(ctx, "alpha")["waiting"] == []
    entries = audit(ctx, "cancel")
    assert [e["ticket"] for e in entries] == [held.id, waiting.id]  # newest first
    assert entries[0]["details"] == {"reason": "пішов", "service": "passport", "held_by": "alpha-1"}
    assert entries[0]["actor"] == "user:iryna" and entries[0]["role"] == "supervisor"


def test_cancel_refuses_a_ticket_at_a_desk_or_already_over(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    ticket = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="at desk alpha-1; the desk finishes it or marks a no-show"):
        supervision.cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="r")
    desk_work.finish(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="already done"):
        supervision.cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="r")
    with pytest.raises(NotFound):
        supervision.cancel_ticket(ctx, "beta", ticket.id, actor=supervisor, reason="r")
    assert audit(ctx, "cancel") == []


# move


def test_move_to_another_service_keeps_the_place(ctx, kiosk, operator, supervisor, clock) -> None:
    early = issue(ctx, kiosk, "passport")
    clock.advance(5)
    social = issue(ctx, kiosk, "social")
    moved, sent = verify_action(
        ctx, "alpha", lambda: supervision.move_ticket(ctx, "alpha", early.id, actor=supervisor, service="social", desk=None, reason="не та послуга")
    )
    assert moved.service == "social" and moved.issued_at == early.issued_at and moved.transfers == 0
    assert [m["type"] for m in sent] == ["ticket.moved"] and sent[0]["data"]["service"] == "social"
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    assert desk_work.call_next(ctx, "alpha-3", actor=operator).id == early.id  # issued before `social`
    [entry] = audit(ctx, "move")
    assert entry["details"] == {
        "reason": "не та послуга", "from_service": "passport", "to_service": "social", "from_desk": None, "to_desk": None
    }
    assert social.id != early.id


def test_move_to_a_desk_then_back_to_any_desk(ctx, kiosk, operator, supervisor) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    ticket = issue(ctx, kiosk)
    moved, _ = verify_action(
        ctx, "alpha", lambda: supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service=None, desk="alpha-2", reason="r")
    )
    assert moved.target_desk == "alpha-2" and moved.service == "passport"
    assert desk_work.call_next(ctx, "alpha-1", actor=operator) is None  # it is desk 2's now
    back, _ = verify_action(
        ctx, "alpha", lambda: supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service=None, desk=None, reason="r")
    )
    assert back.target_desk is None
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == ticket.id


def test_move_refusals(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    ticket = issue(ctx, kiosk)
    with pytest.raises(NotFound, match="nothing"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="nothing", desk=None, reason="r")
    with pytest.raises(NotFound, match="beta-1"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service=None, desk="beta-1", reason="r")
    with pytest.raises(InvalidTransition, match="already waits"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="passport", desk=None, reason="r")
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="only a waiting ticket"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="social", desk=None, reason="r")
    desk_work.hold(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="on hold"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="social", desk=None, reason="r")
    assert audit(ctx, "move") == []


# force close


@pytest.mark.parametrize("serving", [False, True])
def test_force_close_puts_the_visitor_back_in_place(ctx, kiosk, operator, supervisor, clock, serving) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    first = issue(ctx, kiosk)
    clock.advance(2)
    second = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)  # `first`, at desk 1
    if serving:
        desk_work.start(ctx, "alpha-1", actor=operator)
    clock.advance(10)
    result, sent = verify_action(
        ctx, "alpha", lambda: supervision.force_close_desk(ctx, "alpha-1", actor=supervisor, reason="оператор пішов")
    )
    assert [m["type"] for m in sent] == ["ticket.requeued", "desk.closed"]
    assert result.desk.status == "closed" and result.desk.ticket is None
    assert [t.id for t in result.requeued] == [first.id]
    snapshot = queries.office_snapshot(ctx, "alpha")
    assert [t["id"] for t in snapshot["waiting"]] == [first.id, second.id]  # still first in line
    assert snapshot["calls"] == []
    with ctx.reading() as conn:
        back = ticket_store.by_id(conn, first.id)
    assert back.status is TicketStatus.WAITING and back.issued_at == first.issued_at
    assert back.called_at is None and back.started_at is None and back.target_desk is None
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == first.id
    [entry] = audit(ctx, "force_close")
    assert entry["desk"] == "alpha-1" and entry["ticket"] == first.id
    assert entry["details"] == {"reason": "оператор пішов", "status": "open", "operator": "olena", "requeued": [first.number]}


def test_force_close_a_paused_desk_releases_what_it_held(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    held = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.hold(ctx, "alpha-1", actor=operator)
    desk_state.pause_desk(ctx, "alpha-1", actor=operator, reason="lunch")
    result, sent = verify_action(ctx, "alpha", lambda: supervision.force_close_desk(ctx, "alpha-1", actor=supervisor, reason="r"))
    assert [m["type"] for m in sent] == ["ticket.requeued", "desk.closed"]
    assert result.requeued[0].held is False
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == held.id  # any desk may call it now


def test_force_close_of_a_closed_desk_is_refused(ctx, supervisor) -> None:
    with pytest.raises(InvalidTransition, match="closed"):
        supervision.force_close_desk(ctx, "alpha-1", actor=supervisor, reason="r")
    assert audit(ctx, "force_close") == []


def test_force_close_of_a_free_desk(ctx, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    result, sent = verify_action(ctx, "alpha", lambda: supervision.force_close_desk(ctx, "alpha-3", actor=supervisor, reason="r"))
    assert [m["type"] for m in sent] == ["desk.closed"] and result.requeued == ()
