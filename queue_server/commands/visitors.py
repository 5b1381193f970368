"""What a visitor does with their ticket besides waiting: rate the service (the questionnaire, commands/survey.py)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import survey as rule
from ..domain.survey import MAX_COMMENT
from ..domain.tickets import Ticket
from .context import CommandContext
from .survey import Answered, answer_on_ticket_page

__all__ = ["MAX_COMMENT", "answer_ticket", "rate_ticket"]


def answer_ticket(
    ctx: CommandContext,
    token: str,
    *,
    score: int,
    comment: str | None = None,
    recommend: int | None = None,
    reasons: Iterable[str] = (),
    complaint: bool = False,
) -> Answered:
    """The questionnaire from the ticket's page, once per ticket and only after the whole visit."""
    answer = rule.answer(score, recommend=recommend, reasons=reasons, comment=comment, complaint=complaint)
    return answer_on_ticket_page(ctx, token, answer)


def rate_ticket(ctx: CommandContext, token: str, *, score: int, comment: str | None = None) -> Ticket:
    """Record the visitor's rating (the questionnaire's score and comment alone), once per ticket and only after the service."""
    return answer_ticket(ctx, token, score=score, comment=comment).ticket
