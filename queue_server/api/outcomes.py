"""The outcome dates of requests (docs/deadlines.md): the desk's record, and a CSV file's import.

The desk's record is for the office's staff (operators, supervisors; a
manager or an admin anywhere): the visit must be of the office in the
path. The import is for managers and admins: a file names offices of its
own. Both answer a refusal with a 4xx that changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, jsonify

from protocol.fields import Message, limits
from protocol.limits import CODE_LENGTH

from ..commands import outcomes as commands
from ..commands.access import OFFICE_OVERSEER, STAFF_OF_OFFICE, OfficeFrom
from ..commands.context import Actor
from ..reads.served_requests import RECENT_DAYS, served_requests
from .actors import command_context
from .bodies import MAX_ID
from .registry import operation

blueprint = Blueprint("outcomes_api", __name__)
TAG = "deadlines"
MAX_CSV = 5_000_000  # characters: about 100 000 rows


@dataclass(frozen=True, kw_only=True)
class OutcomeBody(Message):
    ticket_id: int = limits(minimum=1, maximum=MAX_ID, doc="the visit's ticket id")
    outcome_date: dt.date = limits(
        pattern=r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        shape="a date YYYY-MM-DD",
        example="2026-11-25",
        doc="the day the result was ready (the decision made, the document issued): not before the visit, not after today",
    )
    service: str | None = limits(None, min_length=1, max_length=CODE_LENGTH, doc="the step's service; needed for a visit that served several")


@dataclass(frozen=True, kw_only=True)
class OutcomeFile(Message):
    csv: str = limits(min_length=1, max_length=MAX_CSV, doc="the CSV file's text: header office,day,ticket_number,service,outcome_date")


@operation(
    blueprint,
    "/offices/<office>/outcomes",
    "POST",
    summary="Record the outcome date of a request of a visit at the office (a changed date is audited)",
    tag=TAG,
    body=OutcomeBody,
    auth=STAFF_OF_OFFICE.at(OfficeFrom.PATH),
    responses={
        200: "The outcome as recorded: added, unchanged or changed",
        400: "A malformed body; a visit not served, a service not of the visit, a date before the visit or after today",
        401: "No token",
        403: "Not staff of the office",
        404: "No such ticket at the office",
    },
)
def record(office: str, actor: Actor, body: OutcomeBody) -> Any:
    ctx = command_context()
    ctx.office(office)  # an unknown office is a 404
    done = commands.record_outcome(ctx, body.ticket_id, body.outcome_date, service=body.service, office=office, actor=actor)
    return jsonify({
        "ticket_id": done.ticket_id, "ticket_number": done.ticket_number, "office": done.office, "service": done.service,
        "step": done.step, "outcome_date": done.outcome_date.isoformat(), "result": done.result,
    })  # fmt: skip


@operation(
    blueprint,
    "/offices/<office>/served-requests",
    "GET",
    summary=f"The caller's requests served at the office in the last {RECENT_DAYS} days whose service has a statutory term,"
    " newest first, with the deadline and the outcome date if recorded (the desk's list to record outcomes from)",
    tag=TAG,
    auth=STAFF_OF_OFFICE.at(OfficeFrom.PATH),
    responses={200: "OK", 401: "No token", 403: "Not staff of the office", 404: "Unknown office"},
)
def served(office: str, actor: Actor) -> Any:
    return jsonify([item.as_dict() for item in served_requests(command_context(), office, actor=actor)])


@operation(
    blueprint,
    "/outcomes/import",
    "POST",
    summary="Import outcome dates from a CSV file: the good rows in one transaction, each rejected row with its line and reason",
    tag=TAG,
    body=OutcomeFile,
    auth=OFFICE_OVERSEER.at(OfficeFrom.NONE),
    responses={200: "What was added, changed, already there, and the rejected rows", 401: "No token",
               400: "A malformed body, or a file without the header of the format", 403: "Not a manager or an admin"},  # fmt: skip
)
def import_file(actor: Actor, body: OutcomeFile) -> Any:
    return jsonify(commands.import_outcomes(command_context(), body.csv.encode("utf-8"), actor=actor).as_dict())
