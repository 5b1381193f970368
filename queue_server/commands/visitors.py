"""What a visitor does with their ticket besides waiting: rate the service."""

from __future__ import annotations

from ..domain.errors import InvalidRequest, InvalidTransition, NotFound
from ..domain.events import TicketRated
from ..domain.tickets import Ticket, TicketStatus
from ..domain.views import TicketView
from ..store import ratings as rating_store
from ..store import tickets as ticket_store
from .context import CommandContext

MAX_COMMENT = 1000


def rate_ticket(ctx: CommandContext, token: str, *, score: int, comment: str | None = None) -> Ticket:
    """Record the visitor's rating, once per ticket and only after the service."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidRequest("score must be a whole number from 1 to 5", field="score")
    if comment is not None:
        comment = comment.strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise InvalidRequest(f"comment must be at most {MAX_COMMENT} characters", field="comment")
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
            raise InvalidTransition(f"ticket {ticket.number} has already been rated")
        rating_store.add(tx.connection, ticket, score, comment, tx.now)
        tx.emit(ticket.office, TicketRated(TicketView.of(ticket), score=score, comment=comment))
        return ticket
