"""The supervisor's operations on an office's queue and desks, and what the desk console reads.

Who may do what: an operator (or supervisor) of the desk's office calls a
ticket out of turn; a supervisor of the office (or an admin) cancels or
moves tickets, closes a desk left open and changes a desk's services of the
day; any staff of the office reads the desks' state and a desk's figures; a
supervisor, a manager or an admin reads the office's staff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, jsonify

from ..commands import supervision
from ..reads import queries
from ..commands.access import AUDIT_READER, DESK_WORKER, STAFF_OF_OFFICE, SUPERVISOR, OfficeFrom
from ..commands.context import Actor
from ..domain.errors import InvalidRequest
from ..domain.desks import MAX_WEIGHT
from ..domain.views import TicketView
from ..views import desk as views
from .actors import command_context
from .bodies import CODE, MAX_ID, NOT_BLANK, Body, Field
from .registry import operation

blueprint = Blueprint("supervision_api", __name__)
TAG = "supervision"
MAX_REASON = supervision.MAX_REASON
MAX_SERVICES = 200


@dataclass(frozen=True)
class ReasonField(Field):
    """A reason for the audit log: required, 1 to `MAX_REASON` characters (spaces alone are refused too)."""

    def json_schema(self, catalogues: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        return {**super().json_schema(catalogues), "minLength": 1, "pattern": NOT_BLANK}


@dataclass(frozen=True)
class WeightsField(Field):
    """`{service: weight}`: the parser checks the shape, the command the services and the range."""

    def parse(self, value: Any) -> Any:
        if value is None:
            raise InvalidRequest(f"{self.name} must not be null", field=self.name)
        if not isinstance(value, dict):
            raise InvalidRequest(f"{self.name} must be an object of service codes and weights", field=self.name)
        if len(value) > MAX_SERVICES:
            raise InvalidRequest(f"{self.name} may name at most {MAX_SERVICES} services", field=self.name)
        for code, weight in value.items():
            if len(code) > CODE:
                raise InvalidRequest(f"a service code has at most {CODE} characters", field=self.name)
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise InvalidRequest(f"the weight of {code} must be a number", field=self.name, service=code)
        return value

    def json_schema(self, catalogues: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        return {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": MAX_WEIGHT},
            "description": self.description,
        }


def _reason(description: str) -> Field:
    return ReasonField("reason", str, required=True, max_length=MAX_REASON, description=description)


CALL_TICKET = Body(
    "CallTicket",
    (
        Field("ticket", int, required=True, minimum=1, maximum=MAX_ID, description="the id of the waiting ticket to call"),
        _reason("why this visitor goes out of turn (kept in the audit log)"),
    ),
)
CANCEL_TICKET = Body("CancelTicket", (_reason("why the ticket is withdrawn"),))
MOVE_TICKET = Body(
    "MoveTicket",
    (
        Field("service", str, nullable=True, max_length=CODE, description="the new service; null keeps the ticket's"),
        Field("desk", str, nullable=True, max_length=CODE, description="only this desk calls it; null: any desk of the service"),
        _reason("why the ticket moves"),
    ),
)
FORCE_CLOSE = Body("ForceClose", (_reason("why the desk is closed by a supervisor"),))
DESK_SERVICES = Body(
    "DeskServices",
    (
        WeightsField(
            "weights",
            dict,
            required=True,
            description=f"services of the office the desk serves today, each with a weight above 0 and at most {MAX_WEIGHT:g}",
        ),
    ),
)

ERRORS = {400: "Bad input", 401: "No token", 403: "Not allowed in this office", 404: "Unknown office, desk, ticket or service"}
CONFLICT = {409: "Not possible in the desk's or ticket's present state"}


@operation(
    blueprint,
    "/desks/<desk_id>/call-ticket",
    "POST",
    summary="Call this waiting ticket to the desk out of turn (any service of the office), with a reason",
    tag=TAG,
    body=CALL_TICKET,
    auth=DESK_WORKER,
    responses={200: "The called ticket", **ERRORS, **CONFLICT},
)
def call_ticket(desk_id: str, actor: Actor, body: dict[str, Any]) -> Any:
    called = supervision.call_ticket(command_context(), desk_id, actor=actor, ticket=body["ticket"], reason=body["reason"])
    return jsonify(views.ticket_json(TicketView.of(called)))


@operation(
    blueprint,
    "/offices/<office>/tickets/<int:ticket_id>/cancel",
    "POST",
    summary="Withdraw a waiting (or held) ticket; one at a desk is finished or marked a no-show there",
    tag=TAG,
    body=CANCEL_TICKET,
    auth=SUPERVISOR,
    responses={200: "The cancelled ticket", **ERRORS, **CONFLICT},
)
def cancel_ticket(office: str, ticket_id: int, actor: Actor, body: dict[str, Any]) -> Any:
    cancelled = supervision.cancel_ticket(command_context(), office, ticket_id, actor=actor, reason=body["reason"])
    return jsonify(views.ticket_json(TicketView.of(cancelled)))


@operation(
    blueprint,
    "/offices/<office>/tickets/<int:ticket_id>/move",
    "POST",
    summary="Send a waiting ticket to another service and/or a named desk, keeping its place",
    tag=TAG,
    body=MOVE_TICKET,
    auth=SUPERVISOR,
    responses={200: "The moved ticket", **ERRORS, **CONFLICT},
)
def move_ticket(office: str, ticket_id: int, actor: Actor, body: dict[str, Any]) -> Any:
    moved = supervision.move_ticket(
        command_context(), office, ticket_id, actor=actor, service=body["service"], desk=body["desk"], reason=body["reason"]
    )
    return jsonify(views.ticket_json(TicketView.of(moved)))


@operation(
    blueprint,
    "/desks/<desk_id>/force-close",
    "POST",
    summary="Close a desk left open or on a break; its visitors wait again in their place",
    tag=TAG,
    body=FORCE_CLOSE,
    auth=SUPERVISOR.at(OfficeFrom.DESK),
    responses={200: "The closed desk and the tickets put back in the queue", **ERRORS, **CONFLICT},
)
def force_close(desk_id: str, actor: Actor, body: dict[str, Any]) -> Any:
    return jsonify(views.force_closed_json(supervision.force_close_desk(command_context(), desk_id, actor=actor, reason=body["reason"])))


@operation(
    blueprint,
    "/desks/<desk_id>/services",
    "PUT",
    summary="The desk serves these services today instead of its configured profile (until the day closes)",
    tag=TAG,
    body=DESK_SERVICES,
    auth=SUPERVISOR.at(OfficeFrom.DESK),
    responses={200: "The desk with its services of today", **ERRORS},
)
def change_services(desk_id: str, actor: Actor, body: dict[str, Any]) -> Any:
    return jsonify(views.desk_json(supervision.change_desk_services(command_context(), desk_id, actor=actor, weights=body["weights"])))


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
