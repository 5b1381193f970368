"""A visitor's call for help at a kiosk, and the member of staff who answers it (docs/kiosk.md).

The kiosk asks in the visitor's name (the call carries the kiosk's name: that
is where staff go); staff answer on the supervisor's page or a desk console,
and the answer is audited. Both are events on the office's stream, so every
staff page adds or drops the call at once.
"""

from __future__ import annotations

from ..domain import help_requests as rules
from ..domain.errors import NotFound
from ..domain.events import HelpHandled, HelpRequested
from ..domain.help_requests import HelpRequest
from ..store import help_requests as store
from .access import require_issue_ticket, require_staff_of
from .context import Actor, CommandContext


def ask_for_help(ctx: CommandContext, office_code: str, *, actor: Actor) -> HelpRequest:
    """A kiosk of the office calls a member of staff to it; the kiosk's open call if it has one already."""
    office = ctx.office(office_code)
    require_issue_ticket(actor, office.code)
    with ctx.transaction(office=office.code) as tx:
        known = store.open_call_of(tx.connection, office.code, actor.name)
        call = rules.ask(known, office.code, actor.name, tx.now)
        if known is None:
            call = store.add(tx.connection, call)
            tx.emit(office.code, HelpRequested(call.to_json()))
        return call


def open_calls(ctx: CommandContext, office_code: str, *, actor: Actor) -> list[HelpRequest]:
    """The office's calls nobody has answered yet, oldest first."""
    office = ctx.office(office_code)
    require_staff_of(actor, office.code)
    with ctx.reading() as conn:
        return store.open_calls(conn, office.code)


def answer_help(ctx: CommandContext, office_code: str, call_id: int, *, actor: Actor) -> HelpRequest:
    """A member of staff of the office is going to the kiosk: the call is closed, for every page."""
    office = ctx.office(office_code)
    require_staff_of(actor, office.code)
    with ctx.transaction(office=office.code) as tx:
        call = store.find(tx.connection, office.code, call_id)
        if call is None:
            raise NotFound(f"no call for help {call_id} in office {office.code}")
        answered = rules.handle(call, actor.name, tx.now)
        store.mark_handled(tx.connection, answered)
        tx.emit(office.code, HelpHandled(answered.to_json()))
        tx.audit(actor, "help_handled", office=office.code, details={"help_request": call_id, "kiosk": call.kiosk})
        return answered
