"""The supervisor's operations on an office's queue and desks, and what the desk console reads.

Who may do what: an operator (or supervisor) of the desk's office calls a
ticket out of turn; a supervisor of the office (or an admin) cancels or
moves tickets, closes a desk left open and changes a desk's services of the
day; any staff of the office reads the desks' state and a desk's figures; a
supervisor, a manager or an admin reads the office's staff.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands import supervision
from ..commands.access import (
    AUDIT_READER,
    DESK_WORKER,
    OFFICE_OVERSEER,
    PUBLIC,
    STAFF_OF_OFFICE,
    SUPERVISOR,
    OfficeFrom,
)
from ..commands.air_raid import set_air_raid
from ..commands.context import Actor
from ..commands.day_close import close_day
from ..domain.views import TicketView
from ..reads import queries
from ..views import desk as views
from ..views.office import AirRaidView, air_raid_json
from .actors import command_context
from .bodies import AirRaidSwitch, CallTicket, CancelTicket, DeskServices, ForceClose, MoveTicket
from .registry import operation

blueprint = Blueprint("supervision_api", __name__)
TAG = "supervision"
ERRORS = {400: "Bad input", 401: "No token", 403: "Not allowed in this office", 404: "Unknown office, desk, ticket or service"}
CONFLICT = {409: "Not possible in the desk's or ticket's present state"}


@operation(
    blueprint,
    "/desks/<desk_id>/call-ticket",
    "POST",
    summary="Call this waiting ticket to the desk out of turn (any service of the office), with a reason",
    tag=TAG,
    body=CallTicket,
    auth=DESK_WORKER,
    responses={200: "The called ticket", **ERRORS, **CONFLICT},
)
def call_ticket(desk_id: str, actor: Actor, body: CallTicket) -> Any:
    called = supervision.call_ticket(command_context(), desk_id, actor=actor, ticket=body.ticket, reason=body.reason)
    return jsonify(views.ticket_json(TicketView.of(called)))


@operation(
    blueprint,
    "/offices/<office>/tickets/<int:ticket_id>/cancel",
    "POST",
    summary="Withdraw a waiting (or held) ticket; one at a desk is finished or marked a no-show there",
    tag=TAG,
    body=CancelTicket,
    auth=SUPERVISOR,
    responses={200: "The cancelled ticket", **ERRORS, **CONFLICT},
)
def cancel_ticket(office: str, ticket_id: int, actor: Actor, body: CancelTicket) -> Any:
    cancelled = supervision.cancel_ticket(command_context(), office, ticket_id, actor=actor, reason=body.reason)
    return jsonify(views.ticket_json(TicketView.of(cancelled)))


@operation(
    blueprint,
    "/offices/<office>/tickets/<int:ticket_id>/move",
    "POST",
    summary="Send a waiting ticket to another service and/or a named desk, keeping its place",
    tag=TAG,
    body=MoveTicket,
    auth=SUPERVISOR,
    responses={200: "The moved ticket", **ERRORS, **CONFLICT},
)
def move_ticket(office: str, ticket_id: int, actor: Actor, body: MoveTicket) -> Any:
    moved = supervision.move_ticket(
        command_context(), office, ticket_id, actor=actor, service=body.service, desk=body.desk, reason=body.reason
    )
    return jsonify(views.ticket_json(TicketView.of(moved)))


@operation(
    blueprint,
    "/desks/<desk_id>/force-close",
    "POST",
    summary="Close a desk left open or on a break; its visitors wait again in their place",
    tag=TAG,
    body=ForceClose,
    auth=SUPERVISOR.at(OfficeFrom.DESK),
    responses={200: "The closed desk and the tickets put back in the queue", **ERRORS, **CONFLICT},
)
def force_close(desk_id: str, actor: Actor, body: ForceClose) -> Any:
    return jsonify(views.force_closed_json(supervision.force_close_desk(command_context(), desk_id, actor=actor, reason=body.reason)))


@operation(
    blueprint,
    "/desks/<desk_id>/services",
    "PUT",
    summary="The desk serves these services today instead of its configured profile (until the day closes)",
    tag=TAG,
    body=DeskServices,
    auth=SUPERVISOR.at(OfficeFrom.DESK),
    responses={200: "The desk with its services of today", **ERRORS},
)
def change_services(desk_id: str, actor: Actor, body: DeskServices) -> Any:
    return jsonify(views.desk_json(supervision.change_desk_services(command_context(), desk_id, actor=actor, weights=body.weights)))


@operation(
    blueprint,
    "/desks/<desk_id>/services",
    "DELETE",
    summary="The desk goes back to its configured profile",
    tag=TAG,
    auth=SUPERVISOR.at(OfficeFrom.DESK),
    responses={200: "The desk with its configured services", 401: "No token", 403: "Not allowed in this office", 404: "Unknown desk"},
)
def restore_services(desk_id: str, actor: Actor) -> Any:
    return jsonify(views.desk_json(supervision.restore_desk_services(command_context(), desk_id, actor=actor)))


@operation(
    blueprint,
    "/offices/<office>/desks/state",
    "GET",
    summary="Every desk of the office: state, operator, visitor, services of today",
    tag=TAG,
    auth=STAFF_OF_OFFICE.at(OfficeFrom.PATH),
    responses={200: "OK", 401: "No token", 403: "Not staff of this office", 404: "Unknown office"},
)
def desks_state(office: str, actor: Actor) -> Any:
    return jsonify(views.desks_state_json(queries.desks_state(command_context(), office)))


@operation(
    blueprint,
    "/desks/<desk_id>/today",
    "GET",
    summary="The desk's figures for the office's day, and who waits for it now",
    tag=TAG,
    auth=STAFF_OF_OFFICE.at(OfficeFrom.DESK),
    responses={200: "OK", 401: "No token", 403: "Not staff of this desk's office", 404: "Unknown desk"},
)
def desk_today(desk_id: str, actor: Actor) -> Any:
    return jsonify(views.desk_today_json(queries.desk_today(command_context(), desk_id)))


@operation(
    blueprint,
    "/offices/<office>/staff",
    "GET",
    summary="Staff with a role in the office, and the desk each works at now",
    tag=TAG,
    auth=AUDIT_READER,
    responses={200: "OK", 401: "No token", 403: "Not a supervisor of this office, a manager or an admin", 404: "Unknown office"},
)
def office_staff(office: str, actor: Actor) -> Any:
    return jsonify(queries.office_staff_list(command_context(), office))


@operation(
    blueprint,
    "/offices/<office>/alert",
    "POST",
    summary="Begin or end the office's air-raid pause (audited, on the office's stream)",
    tag=TAG,
    body=AirRaidSwitch,
    auth=OFFICE_OVERSEER,
    responses={200: "The office's air-raid state now", **ERRORS, 409: "The alert is already on, or not on"},
)
def set_alert(office: str, actor: Actor, body: AirRaidSwitch) -> Any:
    ctx = command_context()
    alert = set_air_raid(ctx, office, body.active, actor=actor)
    return jsonify(air_raid_json(AirRaidView.of(ctx.office(office).code, alert)))


@operation(
    blueprint,
    "/offices/<office>/alert",
    "GET",
    summary="The office's air-raid state: while active, nobody is issued a ticket or called",
    tag=TAG,
    auth=PUBLIC,
    responses={200: "The office's air-raid state", 404: "Unknown office"},
)
def alert_state(office: str) -> Any:
    return jsonify(air_raid_json(queries.air_raid_state(command_context(), office)))


@operation(
    blueprint,
    "/offices/<office>/day/close",
    "POST",
    summary="Close what an earlier day left open now (tickets, desks), an air-raid alert on or not (audited)",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    responses={200: "How many tickets, desks and desks' services of past days were closed (0: nothing was left)", **ERRORS},
)
def close_leftover_day(office: str, actor: Actor) -> Any:
    ctx = command_context()
    closed = close_day(ctx, office, actor=actor)
    return jsonify({"office": ctx.office(office).code, "closed": closed})
