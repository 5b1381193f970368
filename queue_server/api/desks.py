"""Desk commands for the administrator at the desk (an operator of its office)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify

from protocol.fields import Message, arguments

from ..commands import desk_state, desk_work
from ..commands.access import DESK_WORKER
from ..commands.context import Actor, CommandContext
from ..domain.tickets import Ticket
from ..domain.views import TicketView
from ..views import desk as views
from .actors import command_context
from .bodies import AddStep, DeskTicket, Empty, EndVisit, FinishStep, Pause, ReturnTicket, SkipStep, Transfer
from .registry import operation

blueprint = Blueprint("desks_api", __name__)
TAG = "desks"
DESK_ERRORS = {
    400: "Bad input",
    401: "No token",
    403: "Not an operator of this desk's office",
    404: "Unknown desk or ticket",
    409: "Not possible in the desk's or ticket's present state, or the desk is open by someone else (desk_taken)",
}


def _ticket_answer(ticket: Ticket) -> Response:
    return jsonify(views.ticket_json(TicketView.of(ticket)))


def _desk_state_route(rule: str, summary: str, change: Callable[..., Any], body: type[Message] = Empty) -> None:
    def view(desk_id: str, actor: Actor, body: Message) -> Any:
        return jsonify(views.desk_json(change(command_context(), desk_id, actor=actor, **arguments(body))))

    view.__name__ = "desk_" + rule.rsplit("/", 1)[-1].replace("-", "_")
    operation(blueprint, rule, "POST", summary=summary, tag=TAG, body=body, auth=DESK_WORKER, responses={200: "The desk after the change", **DESK_ERRORS})(view)


def _ticket_route(rule: str, summary: str, act: Callable[..., Ticket], body: type[Message] = DeskTicket) -> None:
    def view(desk_id: str, actor: Actor, body: Message) -> Any:
        return _ticket_answer(act(command_context(), desk_id, actor=actor, **arguments(body)))

    view.__name__ = "desk_" + rule.rsplit("/", 1)[-1].replace("-", "_")
    operation(blueprint, rule, "POST", summary=summary, tag=TAG, body=body, auth=DESK_WORKER, responses={200: "The ticket after the change", **DESK_ERRORS})(view)


_desk_state_route("/desks/<desk_id>/open", "Open the desk (the operator starts work)", desk_state.open_desk)
_desk_state_route(
    "/desks/<desk_id>/pause", "Take a break with a reason", desk_state.pause_desk, Pause
)
_desk_state_route("/desks/<desk_id>/resume", "Come back from a break", desk_state.resume_desk)
_desk_state_route("/desks/<desk_id>/close", "Close the desk", desk_state.close_desk)
_desk_state_route(
    "/desks/<desk_id>/take-over",
    "Take over a desk another member of staff has open (audited; their console is told)",
    desk_state.take_over_desk,
)


@operation(
    blueprint,
    "/desks/<desk_id>/call-next",
    "POST",
    summary="Call the next visitor the policy chooses for this desk",
    tag=TAG,
    body=Empty,
    auth=DESK_WORKER,
    responses={200: "The called ticket", 204: "Nobody waits for this desk", **DESK_ERRORS},
)
def call_next(desk_id: str, actor: Actor, body: Empty) -> Any:
    ticket = desk_work.call_next(command_context(), desk_id, actor=actor)
    if ticket is None:
        return Response(status=204)
    return _ticket_answer(ticket)


_ticket_route("/desks/<desk_id>/recall", "Call the same visitor again (a no-show past the limit)", desk_work.recall)
_ticket_route("/desks/<desk_id>/start", "The visitor came: service starts", desk_work.start)
_ticket_route(
    "/desks/<desk_id>/finish",
    "Service is over (for a visit of several steps: this step; the visit goes on here or waits for the next)",
    desk_work.finish,
    FinishStep,
)
_ticket_route(
    "/desks/<desk_id>/skip-step",
    "Skip a step of the visit at the desk, the current or a later one (the visitor already has the document; audited)",
    desk_work.skip_step,
    SkipStep,
)
_ticket_route("/desks/<desk_id>/add-step", "Add a service to the visit at the desk, as its last step (audited)", desk_work.add_step, AddStep)
_ticket_route(
    "/desks/<desk_id>/end-visit", "End the visit at the desk with this step; the steps left are skipped (audited)", desk_work.end_visit, EndVisit
)
_ticket_route("/desks/<desk_id>/no-show", "The called visitor did not come", desk_work.mark_no_show)
_ticket_route("/desks/<desk_id>/hold", "Set the visitor aside; the desk is free", desk_work.hold)
_ticket_route(
    "/desks/<desk_id>/return", "Call back a visitor this desk put on hold", desk_work.return_held, ReturnTicket
)


def _transfer(
    ctx: CommandContext, desk_id: str, *, actor: Actor, service: str | None, desk: str | None, note: str | None, ticket: int | None
) -> Ticket:
    return desk_work.transfer(ctx, desk_id, actor=actor, to_service=service, to_desk=desk, note=note, ticket=ticket)


_ticket_route(
    "/desks/<desk_id>/transfer",
    "Send the visitor to another service or desk, keeping their place",
    _transfer,
    Transfer,
)
