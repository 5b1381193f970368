"""Remote tickets for today: take one from the phone (public), confirm arrival at the kiosk or at the door."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from ..commands.access import KIOSK_OR_STAFF
from ..commands.context import Actor, ActorKind, VisitorRole
from ..commands.remote_tickets import confirm_arrival_by_code, confirm_arrival_by_door, take_remote_ticket
from ..links import status_url
from ..views import visitor as views
from .actors import command_context
from .address_limit import AddressLimit
from .bodies import Arrival, DoorArrival, RemoteTicket
from .registry import operation

blueprint = Blueprint("remote_tickets_api", __name__)
TAG = "remote tickets"
ATTEMPTS_PER_ADDRESS = 10  # a family takes a few; a script trying phones is stopped
ATTEMPTS_WINDOW = dt.timedelta(minutes=10)
LIMIT = "cherga.remote_ticket_limit"  # the app's extension holding its AddressLimit


def _limit() -> AddressLimit:
    limit = current_app.extensions.get(LIMIT)
    if limit is None:
        limit = current_app.extensions[LIMIT] = AddressLimit(ATTEMPTS_PER_ADDRESS, ATTEMPTS_WINDOW)
    return limit  # type: ignore[no-any-return]


@operation(
    blueprint,
    "/offices/<office>/remote-tickets",
    "POST",
    summary="Take a ticket for today from the phone (public, limited per address); confirm arrival at the office later",
    tag=TAG,
    body=RemoteTicket,
    responses={
        201: "Issued: the ticket, remote, arrival not_confirmed, and the code to type at the kiosk",
        400: "Bad input (a phone that is no phone number)",
        404: "Unknown office or service",
        409: "Refused (details.reason): remote tickets off, the office closed now, past the cut-off, today's cap reached, the phone holds a live ticket",
        429: "Too many attempts from this address (Retry-After)",
    },
)
def take(office: str, body: RemoteTicket) -> Any:
    ctx = command_context()
    found = ctx.office(office)
    _limit().take(request.remote_addr or "", ctx.clock())
    visitor = Actor(ActorKind.VISITOR, "phone", VisitorRole.VISITOR, offices=(), address=request.remote_addr)
    taken = take_remote_ticket(
        ctx, found.code, body.service, phone=body.phone, lang=body.lang or "uk", actor=visitor, status_url=status_url
    )
    issued, ticket = taken.issued, taken.issued.ticket
    answer = views.IssuedTicketView.of(
        ticket,
        found,
        ctx.network.services[ticket.service],
        network=ctx.network,
        visit_minutes=issued.visit_minutes,
        status_url=status_url(ticket.token),
        position=issued.position,
        estimated_wait_minutes=issued.estimated_wait_minutes,
        estimate=issued.estimate,
        print_job=None,
        printing=None,
    )
    return jsonify(views.issued_json(views.RemoteIssuedTicketView.remote_of(answer, ticket, taken.code))), 201


@operation(
    blueprint,
    "/offices/<office>/arrivals",
    "POST",
    summary="Confirm a remote ticket's arrival by the code the visitor types at the kiosk (kiosk or staff token)",
    tag=TAG,
    body=Arrival,
    auth=KIOSK_OR_STAFF,
    responses={
        200: "Confirmed: desks call the ticket in its place",
        400: "Bad input",
        401: "No token",
        403: "Not this office",
        404: "Unknown office, or no live remote ticket of this office has the code",
        409: "Already confirmed",
    },
)
def arrive_at_kiosk(office: str, actor: Actor, body: Arrival) -> Any:
    ctx = command_context()
    ticket = confirm_arrival_by_code(ctx, ctx.office(office).code, body.code, actor=actor)
    return jsonify(views.arrival_json(views.ArrivalView(ticket.number, ticket.service, views.ARRIVAL_CONFIRMED)))


@operation(
    blueprint,
    "/tickets/<token>/arrival",
    "POST",
    summary="Confirm a remote ticket's arrival with the key of its office's door QR code (the ticket's page sends it)",
    tag=TAG,
    body=DoorArrival,
    responses={
        200: "Confirmed: desks call the ticket in its place",
        400: "Bad input",
        404: "Unknown ticket",
        409: "Not the door key of the ticket's office, a ticket taken at the office, or already confirmed",
    },
)
def arrive_at_door(token: str, body: DoorArrival) -> Any:
    ticket = confirm_arrival_by_door(command_context(), token, body.door)
    return jsonify(views.arrival_json(views.ArrivalView(ticket.number, ticket.service, views.ARRIVAL_CONFIRMED)))
