"""Ratings: once per ticket, after the service, with a clear refusal otherwise."""

from __future__ import annotations

import pytest

from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.visitors import rate_ticket
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound


def served_ticket(ctx, kiosk, operator):
    ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    return ticket


def test_rating_once_after_service(ctx, kiosk, operator) -> None:
    ticket = served_ticket(ctx, kiosk, operator)
    _, sent = verify_action(ctx, "alpha", lambda: rate_ticket(ctx, ticket.token, score=5, comment="Дякую!"))
    assert sent[0]["type"] == "ticket.rated" and sent[0]["data"]["score"] == 5
    with pytest.raises(InvalidTransition):
        rate_ticket(ctx, ticket.token, score=4)


def test_rating_before_service_is_refused(ctx, kiosk) -> None:
    ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    with pytest.raises(InvalidTransition):
        rate_ticket(ctx, ticket.token, score=5)


@pytest.mark.parametrize("score", [0, 6, -1, True, "5", 4.5, None])
def test_bad_scores(ctx, kiosk, operator, score) -> None:
    ticket = served_ticket(ctx, kiosk, operator)
    with pytest.raises(InvalidRequest):
        rate_ticket(ctx, ticket.token, score=score)
    rate_ticket(ctx, ticket.token, score=3)  # nothing was recorded by the refusal


def test_long_comment_and_unknown_token(ctx, kiosk, operator) -> None:
    ticket = served_ticket(ctx, kiosk, operator)
    with pytest.raises(InvalidRequest):
        rate_ticket(ctx, ticket.token, score=3, comment="x" * 1001)
    with pytest.raises(NotFound):
        rate_ticket(ctx, "no-such-token", score=3)
