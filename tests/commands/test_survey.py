"""The questionnaire once per visit, from the ticket's page and the desk's QR code in either order; the desk's window."""

from __future__ import annotations

import pytest

from queue_server.commands import desk_state, desk_work
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.survey import answer_at_desk, desk_survey
from queue_server.commands.visitors import answer_ticket
from queue_server.domain import survey as rule
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.store import complaints as complaint_store
from queue_server.store.schema import ratings

FIVE = rule.answer(5, recommend=10, reasons=["politeness", "result"])


def serve(ctx, kiosk, operator, desk="alpha-1", *, finish=True, opened=False):
    ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    if not opened:
        desk_state.open_desk(ctx, desk, actor=operator)
    desk_work.call_next(ctx, desk, actor=operator)
    desk_work.start(ctx, desk, actor=operator)
    if finish:
        desk_work.finish(ctx, desk, actor=operator)
    return ticket


def stored(ctx):
    with ctx.reading() as conn:
        return [dict(row._mapping) for row in conn.execute(ratings.select().order_by(ratings.c.ticket_id))]


def test_the_ticket_page_then_the_desk_code_one_answer(ctx, kiosk, operator) -> None:
    ticket = serve(ctx, kiosk, operator)
    answered = answer_ticket(ctx, ticket.token, score=4, recommend=9, reasons=["result", "waiting", "result"], comment="  ")
    assert answered.answer.reasons == (rule.Reason.WAITING, rule.Reason.RESULT)  # the list's order, each once
    assert desk_survey(ctx, "alpha-1").answered  # the desk's page shows no form for it
    with pytest.raises(InvalidTransition) as refused:
        answer_at_desk(ctx, "alpha-1", FIVE)
    assert refused.value.details["reason"] == "already_answered"
    [row] = stored(ctx)
    assert (row["score"], row["recommend"], row["reasons"], row["channel"], row["comment"]) == (4, 9, "waiting result", "ticket_page", None)


def test_the_desk_code_then_the_ticket_page_one_answer(ctx, kiosk, operator) -> None:
    ticket = serve(ctx, kiosk, operator)
    answered = answer_at_desk(ctx, "alpha-1", FIVE, number=ticket.number)
    assert answered.ticket.id == ticket.id
    with pytest.raises(InvalidTransition, match="already been rated"):
        answer_ticket(ctx, ticket.token, score=1)
    with pytest.raises(InvalidTransition, match="already been rated"):  # a second scan, a reload's resend
        answer_at_desk(ctx, "alpha-1", FIVE)
    [row] = stored(ctx)
    assert (row["channel"], row["desk"], row["served_by"], row["recommend"]) == ("desk_qr", "alpha-1", "olena", 10)


def test_the_visit_being_served_is_rated_at_its_desk_and_not_at_another(ctx, kiosk, operator) -> None:
    ticket = serve(ctx, kiosk, operator, finish=False)
    found = desk_survey(ctx, "alpha-1")
    assert found.visit is not None and found.visit.number == ticket.number and found.visit.serving and not found.answered
    assert desk_survey(ctx, "alpha-2").visit is None
    with pytest.raises(InvalidTransition) as refused:
        answer_at_desk(ctx, "alpha-2", FIVE)
    assert refused.value.details["reason"] == "no_visit"
    answer_at_desk(ctx, "alpha-1", FIVE)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="already been rated"):  # the served visit is done now: still one answer
        answer_ticket(ctx, ticket.token, score=3)


def test_the_window_after_the_visit(ctx, clock, kiosk, operator) -> None:
    window = ctx.network.rules.desk_survey_window
    assert window.total_seconds() == 15 * 60  # the default of [rules] desk_survey_minutes
    ticket = serve(ctx, kiosk, operator)
    clock.now += window  # exactly the window after: still the visit's
    assert desk_survey(ctx, "alpha-1").visit.number == ticket.number
    clock.advance(minutes=0.5)
    assert desk_survey(ctx, "alpha-1").visit is None
    with pytest.raises(InvalidTransition, match="no visit being served or finished in the last 15 minutes"):
        answer_at_desk(ctx, "alpha-1", FIVE)
    answer_ticket(ctx, ticket.token, score=5)  # the ticket's page has no window
    assert len(stored(ctx)) == 1


def test_the_page_s_visit_not_the_next_one(ctx, clock, kiosk, operator) -> None:
    """The page named visit A; the desk started serving B meanwhile: the answer is A's, and B's page is B's."""
    first = serve(ctx, kiosk, operator)
    clock.advance(minutes=2)
    second = serve(ctx, kiosk, operator, finish=False, opened=True)
    assert desk_survey(ctx, "alpha-1").visit.number == second.number  # the visit at the desk now comes first
    answer_at_desk(ctx, "alpha-1", FIVE, number=first.number)
    assert [row["ticket_id"] for row in stored(ctx)] == [first.id]
    clock.advance(minutes=20)
    with pytest.raises(InvalidTransition, match=f"numbered {first.number}"):  # out of the window: refused, not another's
        answer_at_desk(ctx, "alpha-1", FIVE, number=first.number)
    answer_at_desk(ctx, "alpha-1", FIVE)  # the one being served still may be rated
    assert [row["ticket_id"] for row in stored(ctx)] == [first.id, second.id]


def test_a_complaint_from_the_survey(ctx, kiosk, operator) -> None:
    ticket = serve(ctx, kiosk, operator)
    low = rule.answer(1, comment="Нагрубили", complaint=True, reasons=["politeness"])
    answered = answer_at_desk(ctx, "alpha-1", low)
    with ctx.reading() as conn:
        filed = complaint_store.by_id(conn, answered.complaint)
    assert filed is not None and filed.channel.value == "survey" and filed.ticket_id == ticket.id and filed.text == "Нагрубили"
    assert filed.desk == "alpha-1"


def test_refusals_change_nothing(ctx, kiosk, operator) -> None:
    ticket = serve(ctx, kiosk, operator)
    for wrong in (
        {"score": 0}, {"score": 6}, {"score": True}, {"score": "5"}, {"score": None}, {"score": 4, "recommend": 11},
        {"score": 4, "recommend": -1}, {"score": 4, "recommend": 7.5}, {"score": 4, "reasons": ["weather"]},
        {"score": 4, "reasons": [3]}, {"score": 4, "comment": "x" * 1001}, {"score": 1, "complaint": True},
        {"score": 3, "comment": "довго", "complaint": True},
    ):
        with pytest.raises(InvalidRequest):
            answer_ticket(ctx, ticket.token, **wrong)
    with pytest.raises(NotFound):
        answer_at_desk(ctx, "alpha-9", FIVE)
    with pytest.raises(NotFound):
        answer_ticket(ctx, "no-such-token", score=3)
    waiting = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    with pytest.raises(InvalidTransition):
        answer_ticket(ctx, waiting.token, score=5)  # not served yet
    assert stored(ctx) == []


def test_the_answer_travels_from_an_office_node_whole(ctx, kiosk, operator) -> None:
    """The centre writes a node's ratings rows from their JSON images (store/node_rows.py): the new columns go too."""
    from queue_server.store import node_rows

    serve(ctx, kiosk, operator)
    answer_at_desk(ctx, "alpha-1", FIVE)
    with ctx.reading() as conn:
        row = conn.execute(ratings.select()).one()
    image = node_rows.row_json(row, ratings)
    assert (image["recommend"], image["reasons"], image["channel"]) == (10, "politeness result", "desk_qr")
    parsed = node_rows.parse_row(ratings, image)
    assert (parsed["recommend"], parsed["reasons"], parsed["channel"]) == (10, "politeness result", "desk_qr")
