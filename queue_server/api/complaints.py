"""The register of complaints over HTTP: the visitor files one from the ticket page; staff enter, assign, answer,
withdraw and list them; managers see the network's overdue ones (docs/complaints.md)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands import complaints as commands
from ..commands.access import OFFICE_OVERSEER, PUBLIC, OfficeFrom
from ..commands.context import Actor
from ..domain.complaints import Channel, Status
from ..views.complaints import ComplaintView, FiledComplaintView, complaint_json
from .actors import command_context
from .bodies import AnswerComplaint, AssignComplaint, StaffComplaint, VisitorComplaint
from .parameters import ComplaintsQuery
from .registry import operation

blueprint = Blueprint("complaints_api", __name__)
TAG = "complaints"
NETWORK_OVERSEER = OFFICE_OVERSEER.at(OfficeFrom.NONE)  # no office named: managers and admins
OVERSEER_REFUSAL = "Not a supervisor of this office, a manager or an admin"


def _listed(items: list[commands.Listed]) -> Any:
    return jsonify([complaint_json(ComplaintView.of(item.complaint, item.overdue)) for item in items])


def _one(record: Any) -> Any:
    return jsonify(complaint_json(ComplaintView.of(record, False)))  # just changed: answered, withdrawn or within its term


@operation(
    blueprint,
    "/tickets/<token>/complaint",
    "POST",
    summary="The visitor's complaint about their visit, from the ticket page: one open complaint per ticket",
    tag=TAG,
    auth=PUBLIC,
    body=VisitorComplaint,
    responses={201: "Received: its number and due date", 400: "Bad input", 404: "Unknown ticket", 409: "The ticket has an open complaint already"},
)
def file_from_ticket(token: str, body: VisitorComplaint) -> Any:
    record = commands.file_from_ticket_page(command_context(), token, text=body.text)
    return jsonify(complaint_json(FiledComplaintView.of(record))), 201


@operation(
    blueprint,
    "/offices/<office>/complaints",
    "POST",
    summary="Enter a complaint that came by the hotline or in writing (its supervisor, a manager or an admin)",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    body=StaffComplaint,
    responses={201: "Entered", 400: "Bad input (an unknown desk)", 401: "No token", 403: OVERSEER_REFUSAL, 404: "Unknown office"},
)
def enter(office: str, actor: Actor, body: StaffComplaint) -> Any:
    record = commands.enter_complaint(
        command_context(), office, actor=actor, channel=Channel(body.channel.value), text=body.text, desk=body.desk
    )
    return _one(record), 201


@operation(
    blueprint,
    "/offices/<office>/complaints",
    "GET",
    summary="The office's register of complaints, newest first (its supervisor, a manager or an admin)",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    query=ComplaintsQuery,
    responses={200: "OK", 400: "A malformed filter", 401: "No token", 403: OVERSEER_REFUSAL, 404: "Unknown office"},
)
def office_list(office: str, actor: Actor, query: ComplaintsQuery) -> Any:
    status = Status(query.status.value) if query.status is not None else None
    overdue = None if query.overdue is None else query.overdue == "true"
    return _listed(commands.office_complaints(command_context(), office, actor=actor, status=status, overdue=overdue))


@operation(
    blueprint,
    "/complaints/overdue",
    "GET",
    summary="The network's overdue complaints: neither answered nor withdrawn by the end of their due date (managers and admins)",
    tag=TAG,
    auth=NETWORK_OVERSEER,
    responses={200: "OK", 401: "No token", 403: "Not a manager or an admin"},
)
def network_overdue(actor: Actor) -> Any:
    return _listed(commands.network_overdue(command_context(), actor=actor))


@operation(
    blueprint,
    "/offices/<office>/complaints/<int:complaint_id>/assign",
    "POST",
    summary="Name the office's staff member who answers the complaint: it is in progress",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    body=AssignComplaint,
    responses={
        200: "Assigned", 400: "Not an active staff member of the office", 401: "No token", 403: OVERSEER_REFUSAL,
        404: "Unknown office, or no such complaint of it", 409: "Answered or withdrawn already",
    },  # fmt: skip
)
def assign(office: str, complaint_id: int, actor: Actor, body: AssignComplaint) -> Any:
    return _one(commands.assign(command_context(), office, complaint_id, actor=actor, assignee=body.assignee))


@operation(
    blueprint,
    "/offices/<office>/complaints/<int:complaint_id>/answer",
    "POST",
    summary="Record the answer given to the complaint: it is answered",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    body=AnswerComplaint,
    responses={
        200: "Answered", 400: "Bad input", 401: "No token", 403: OVERSEER_REFUSAL,
        404: "Unknown office, or no such complaint of it", 409: "Answered or withdrawn already",
    },  # fmt: skip
)
def answer(office: str, complaint_id: int, actor: Actor, body: AnswerComplaint) -> Any:
    return _one(commands.answer(command_context(), office, complaint_id, actor=actor, text=body.text))


@operation(
    blueprint,
    "/offices/<office>/complaints/<int:complaint_id>/withdraw",
    "POST",
    summary="The complainant withdrew the complaint: it stays in the register, closed",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    responses={
        200: "Withdrawn", 401: "No token", 403: OVERSEER_REFUSAL,
        404: "Unknown office, or no such complaint of it", 409: "Answered or withdrawn already",
    },  # fmt: skip
)
def withdraw(office: str, complaint_id: int, actor: Actor) -> Any:
    return _one(commands.withdraw(command_context(), office, complaint_id, actor=actor))
