"""Tickets: issue (kiosk or staff), status (public by token), rating (public by token)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from ..commands.access import KIOSK_OR_STAFF
from ..commands.context import Actor, DeviceKind
from ..commands.issuing import IssuedTicket, PrintRequest, issue_ticket
from ..commands.opening_rules import WalkIn
from ..commands.survey import Answered
from ..commands.visitors import answer_ticket
from ..domain.errors import InvalidRequest
from ..domain.model import Office
from ..links import book_url, status_url
from ..reads import queries
from ..views import visitor as views
from .actors import command_context
from .bodies import IssueTicket, Rating
from .registry import operation

blueprint = Blueprint("tickets_api", __name__)
TAG = "tickets"
MAX_IDEMPOTENCY_KEY = 100


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY:
        raise InvalidRequest(f"Idempotency-Key must have 1 to {MAX_IDEMPOTENCY_KEY} characters")
    return key


def rated_view(answered: Answered) -> views.RatedView:
    """The answer to a questionnaire, from the ticket's page or the desk's code."""
    answer = answered.answer
    return views.RatedView(answered.ticket.number, answer.score, True, answer.recommend, tuple(answer.reasons), answered.complaint)


def print_outlook(office: str, kiosk: Actor, job: int | None) -> views.PrintOutlook | None:
    """`sent` to the kiosk's agent, or `no_agent` when none is connected: the kiosk says at once that nothing will print.

    The job stays pending all the same: an agent back within the jobs' age
    limit prints it, and the kiosk hears `print.result` then.
    """
    if job is None:
        return None
    connected = command_context().presence.agent_connected(office, kiosk.name)
    return views.PrintOutlook(views.PRINT_SENT if connected else views.PRINT_NO_AGENT)


def print_request(actor: Actor, asked: bool | None) -> PrintRequest | None:
    """Where a new ticket prints: on a kiosk's own agent, by default for a kiosk; anyone else may not print."""
    wants_print = asked if asked is not None else actor.is_device(DeviceKind.KIOSK)
    if wants_print and not actor.is_device(DeviceKind.KIOSK):
        raise InvalidRequest("only a kiosk prints tickets (send \"print\": false)", field="print")
    return PrintRequest(kiosk=actor.name, status_url=status_url) if wants_print else None


def issued_view(office: Office, actor: Actor, issued: IssuedTicket) -> views.IssuedTicketView:
    """The answer to a new ticket, whichever way it came (a kiosk's tap, a staff member, a booking's check-in)."""
    ticket = issued.ticket
    network = command_context().network
    return views.IssuedTicketView.of(
        ticket,
        office,
        network.services[ticket.service],
        network=network,
        visit_minutes=issued.visit_minutes,
        status_url=status_url(ticket.token),
        position=issued.position,
        estimated_wait_minutes=issued.estimated_wait_minutes,
        estimate=issued.estimate,
        print_job=issued.print_job,
        printing=print_outlook(office.code, actor, issued.print_job),
    )


@operation(
    blueprint,
    "/offices/<office>/tickets",
    "POST",
    summary="Issue a ticket (kiosk or staff token); Idempotency-Key makes a repeated tap return the same ticket",
    tag=TAG,
    body=IssueTicket,
    auth=KIOSK_OR_STAFF,
    responses={
        201: "Issued",
        200: "The ticket issued earlier with the same Idempotency-Key",
        400: "Bad input",
        401: "No token",
        403: "Not this office",
        404: "Unknown office or service",
        409: (
            "The office is paused for an air-raid alert (code air_raid): nobody is issued a ticket until it ends; "
            "or the office is closed (office_closed) or the service not given now (service_closed), with details.opens_at; "
            "or the wait would end after closing (not_today), with details.closes_at and details.offers; "
            "or the service's tickets for today are all given (sold_out) or it is past its stop-issuing time (stop_issuing), "
            "details naming the service and the office. Staff may send override: true to issue anyway (audited)"
        ),
    },
    headers=("Idempotency-Key",),
)
def issue(office: str, actor: Actor, body: IssueTicket) -> Any:
    ctx = command_context()
    found = ctx.office(office)
    if body.service is None and body.services is None:
        raise InvalidRequest("service is missing: give `service` (one) or `services` (several, in order)", field="service")
    if body.service is not None and body.services is not None:
        raise InvalidRequest("give `service` (one) or `services` (several, in order), not both", field="services")
    print_at = print_request(actor, body.print)
    issued = issue_ticket(
        ctx,
        found.code,
        body.service if body.service is not None else body.services or (),
        actor=actor,
        priority=body.priority,
        lang=body.lang or "uk",
        idempotency_key=_idempotency_key(),
        print_at=print_at,
        walk_in=WalkIn(override=bool(body.override), book=book_url()),
    )
    answer = issued_view(found, actor, issued)
    response = jsonify(views.issued_json(answer))
    response.status_code = 200 if issued.replayed else 201
    if issued.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@operation(
    blueprint,
    "/tickets/<token>",
    "GET",
    summary="A ticket's status by its token (what the QR code's page shows)",
    tag=TAG,
    responses={200: "OK", 404: "Unknown ticket"},
)
def status(token: str) -> Any:
    return jsonify(views.ticket_status_json(queries.ticket_status(command_context(), token)))


@operation(
    blueprint,
    "/tickets/<token>/rating",
    "POST",
    summary="Rate the service, once per ticket, after it is done",
    tag=TAG,
    body=Rating,
    responses={201: "Rated", 400: "Bad input", 404: "Unknown ticket", 409: "Not done yet, or already rated"},
)
def rate(token: str, body: Rating) -> Any:
    answered = answer_ticket(
        command_context(), token, score=body.score, comment=body.comment, recommend=body.recommend,
        reasons=body.reasons or (), complaint=bool(body.complaint),
    )  # fmt: skip
    return jsonify(views.rated_json(rated_view(answered))), 201
