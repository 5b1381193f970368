"""A desk open by one member of staff is theirs: others are refused until they take it over."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from projection_check import verify_action
from queue_server.commands import desk_state, desk_work, supervision
from queue_server.commands.accounts import staff_actor
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.desks import DeskTaken
from queue_server.domain.errors import InvalidTransition
from queue_server.domain.tickets import TicketStatus
from queue_server.store import desks as desk_store
from queue_server.store.accounts import UserRecord
from queue_server.store.schema import audit_log

DESK = "alpha-1"


@pytest.fixture
def colleague():
    return staff_actor(UserRecord(3, "taras", "x", "operator", True, ("alpha",)))


@pytest.fixture
def called(ctx, kiosk, operator):
    """Desk 1 open by olena, with a visitor called."""
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    desk_state.open_desk(ctx, DESK, actor=operator)
    return desk_work.call_next(ctx, DESK, actor=operator)


def audit_entries(ctx) -> list[dict]:
    with ctx.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id))]


def desk_now(ctx):
    with ctx.engine.connect() as conn:
        return desk_store.get(conn, DESK, "alpha")


WORK = {
    "recall": lambda ctx, actor, ticket: desk_work.recall(ctx, DESK, actor=actor, ticket=ticket.id),
    "start": lambda ctx, actor, ticket: desk_work.start(ctx, DESK, actor=actor, ticket=ticket.id),
    "finish": lambda ctx, actor, ticket: desk_work.finish(ctx, DESK, actor=actor, ticket=ticket.id),
    "no_show": lambda ctx, actor, ticket: desk_work.mark_no_show(ctx, DESK, actor=actor, ticket=ticket.id),
    "hold": lambda ctx, actor, ticket: desk_work.hold(ctx, DESK, actor=actor, ticket=ticket.id),
    "transfer": lambda ctx, actor, ticket: desk_work.transfer(ctx, DESK, actor=actor, to_service="residence", ticket=ticket.id),
    "open": lambda ctx, actor, ticket: desk_state.open_desk(ctx, DESK, actor=actor),
    "close": lambda ctx, actor, ticket: desk_state.close_desk(ctx, DESK, actor=actor),
    "pause": lambda ctx, actor, ticket: desk_state.pause_desk(ctx, DESK, actor=actor, reason="lunch"),
}


@pytest.mark.parametrize("action", sorted(WORK))
def test_a_second_operator_cannot_work_a_desk_open_by_another(ctx, operator, colleague, called, action) -> None:
    mark = len(audit_entries(ctx))
    seq = ctx.publisher.messages[-1]["seq"]
    with pytest.raises(DeskTaken) as refused:
        WORK[action](ctx, colleague, called)
    assert refused.value.code == "desk_taken"
    assert refused.value.details["operator"] == "olena"
    assert "olena" in refused.value.message
    assert desk_now(ctx).operator == "olena" and desk_now(ctx).ticket == called.id  # nothing changed
    assert len(audit_entries(ctx)) == mark and ctx.publisher.messages[-1]["seq"] == seq


def test_nor_call_next_nor_an_out_of_turn_call(ctx, kiosk, operator, colleague) -> None:
    issued = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    desk_state.open_desk(ctx, DESK, actor=operator)
    with pytest.raises(DeskTaken):
        desk_work.call_next(ctx, DESK, actor=colleague)
    with pytest.raises(DeskTaken):
        supervision.call_ticket(ctx, DESK, actor=colleague, ticket=issued.id, reason="urgent")
    desk_state.pause_desk(ctx, DESK, actor=operator, reason="break")
    with pytest.raises(DeskTaken):
        desk_state.resume_desk(ctx, DESK, actor=colleague)


def test_a_take_over_keeps_the_visitor_is_audited_and_announced(ctx, clock, operator, colleague, called) -> None:
    view, sent = verify_action(ctx, "alpha", lambda: desk_state.take_over_desk(ctx, DESK, actor=colleague))
    assert [m["type"] for m in sent] == ["desk.taken_over"]
    assert sent[0]["data"] == view.to_json()
    assert view.operator == "taras" and view.status == "open" and view.ticket == called.number
    entry = audit_entries(ctx)[-1]
    assert (entry["actor"], entry["action"], entry["desk"], entry["details"]) == ("user:taras", "take_over", DESK, {"from": "olena"})
    assert entry["at"] == clock.now

    assert (entry["ticket"], entry["ticket_number"]) == (called.id, called.number)
    started = desk_work.start(ctx, DESK, actor=colleague, ticket=called.id)  # the visitor is now taras's
    assert started.status is TicketStatus.SERVING and started.served_by == "taras"  # the day's figures credit him
    with pytest.raises(DeskTaken) as refused:  # and olena is the one refused now
        desk_work.finish(ctx, DESK, actor=operator, ticket=called.id)
    assert refused.value.details["operator"] == "taras"


def test_a_supervisor_takes_over_too_and_nobody_takes_what_is_theirs_or_closed(ctx, operator, supervisor, called) -> None:
    with pytest.raises(InvalidTransition, match="already yours"):
        desk_state.take_over_desk(ctx, DESK, actor=operator)
    desk_state.take_over_desk(ctx, DESK, actor=supervisor)
    assert desk_now(ctx).operator == "iryna"
    desk_work.mark_no_show(ctx, DESK, actor=supervisor, ticket=called.id)
    desk_state.close_desk(ctx, DESK, actor=supervisor)
    with pytest.raises(InvalidTransition, match="open it instead"):
        desk_state.take_over_desk(ctx, DESK, actor=operator)


def test_a_desk_closed_by_its_holder_is_free_for_anyone(ctx, operator, colleague) -> None:
    desk_state.open_desk(ctx, DESK, actor=operator)
    desk_state.close_desk(ctx, DESK, actor=operator)
    desk_state.open_desk(ctx, DESK, actor=colleague)
    assert desk_now(ctx).operator == "taras"
