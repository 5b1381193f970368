"""The questionnaire after a visit: answered on the ticket's page or by the QR code at the desk, once per visit.

One answer per visit holds by the ratings' primary key (the ticket); the
checks of an answer and the choice of the visit a desk's code rates are
the domain's (`domain/survey.py`). A visitor who marks a low score's
comment as a complaint has it filed in the register by `file_from_survey`,
after the answer is saved: a complaint refused (one already open about the
visit) leaves the answer standing. A visitor is not an audited actor; the
row records the answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..domain import survey as rule
from ..domain.errors import InvalidTransition, NotFound
from ..domain.events import TicketRated
from ..domain.model import Desk, Office
from ..domain.survey import Answer, Channel, DeskVisit
from ..domain.tickets import Ticket, TicketStatus
from ..domain.views import TicketView
from ..store import ratings as rating_store
from ..store import tickets as ticket_store
from .complaints import file_from_survey
from .context import CommandContext

# A serving visit was called within this long before the scan (the query's bound, so it reads the desk's index)
LONGEST_SITTING = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Answered:
    """The saved answer's visit, and the complaint it filed (None: none asked, or one was already open)."""

    ticket: Ticket
    answer: Answer
    complaint: int | None = None


@dataclass(frozen=True)
class DeskSurvey:
    """What the desk's survey page shows: the visit it would rate now, or why there is none."""

    office: Office
    desk: Desk
    visit: DeskVisit | None
    answered: bool  # the visit the scan finds has its answer already: no form
    window: dt.timedelta


def _complaint(ctx: CommandContext, ticket: Ticket, answer: Answer) -> int | None:
    if not answer.complaint or answer.comment is None:
        return None
    try:
        return file_from_survey(ctx, ticket.token, text=answer.comment).id
    except InvalidTransition:
        return None  # one is open about this visit already: the answer stands, the page says so


def answer_on_ticket_page(ctx: CommandContext, token: str, answer: Answer) -> Answered:
    """The visitor's answer from their ticket's page: after the whole visit, once."""
    with ctx.reading() as conn:  # a ticket never changes office: its office is known before the lock
        found = ticket_store.by_token(conn, token)
    if found is None:
        raise NotFound("no such ticket")
    with ctx.transaction(office=found.office) as tx:
        ticket = ticket_store.by_token(tx.connection, token)
        if ticket is None:  # tickets are never deleted; say so plainly if one were
            raise NotFound("no such ticket")
        if ticket.status is not TicketStatus.DONE:
            raise InvalidTransition(
                f"ticket {ticket.number} can be rated after the service; it is {ticket.status.value}",
                status=ticket.status.value,
            )
        if rating_store.exists(tx.connection, ticket.id):
            raise InvalidTransition(f"ticket {ticket.number} has already been rated", reason="already_answered")
        rating_store.add(tx.connection, ticket, answer.score, answer.comment, tx.now, answer=answer, channel=Channel.TICKET_PAGE)
        tx.emit(ticket.office, TicketRated(TicketView.of(ticket), score=answer.score, comment=answer.comment))
    return Answered(ticket, answer, _complaint(ctx, ticket, answer))


def _desk_visit(ctx: CommandContext, conn: sa.Connection, desk: Desk, now: dt.datetime, number: str | None) -> DeskVisit | None:
    window = ctx.network.rules.desk_survey_window
    visits = rating_store.desk_visits(conn, desk.id, now - max(window, LONGEST_SITTING))
    return rule.desk_visit(visits, now, window, number)


def desk_survey(ctx: CommandContext, desk_id: str) -> DeskSurvey:
    """The visit a scan of the desk's code would rate now, and whether it is answered already (the page's read)."""
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    with ctx.reading() as conn:
        visit = _desk_visit(ctx, conn, desk, ctx.clock(), None)
        answered = visit is not None and rating_store.exists(conn, visit.ticket_id)
    return DeskSurvey(office, desk, visit, answered, ctx.network.rules.desk_survey_window)


def answer_at_desk(ctx: CommandContext, desk_id: str, answer: Answer, *, number: str | None = None) -> Answered:
    """The answer by the desk's QR code: the visit `number` the page showed, if it may still be rated, else the desk's newest.

    Refused (409) when the desk has no visit being served or finished within
    the window, and when the visit has its answer already, from either page.
    """
    desk = ctx.desk(desk_id)
    with ctx.transaction(office=desk.office) as tx:
        visit = _desk_visit(ctx, tx.connection, desk, tx.now, number)
        if visit is None:
            minutes = int(ctx.network.rules.desk_survey_window.total_seconds() // 60)
            raise InvalidTransition(
                f"desk {desk.id} has no visit being served or finished in the last {minutes} minutes"
                + (f" numbered {number}" if number else ""),
                reason="no_visit",
            )
        ticket = ticket_store.by_id(tx.connection, visit.ticket_id)
        assert ticket is not None  # tickets are never deleted
        if rating_store.exists(tx.connection, ticket.id):
            raise InvalidTransition(f"the visit of ticket {ticket.number} has already been rated", reason="already_answered")
        rating_store.add(tx.connection, ticket, answer.score, answer.comment, tx.now, answer=answer, channel=Channel.DESK_QR, desk=desk.id)
        tx.emit(ticket.office, TicketRated(TicketView.of(ticket), score=answer.score, comment=answer.comment))
    return Answered(ticket, answer, _complaint(ctx, ticket, answer))
