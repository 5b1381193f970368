"""Paper-roll tickets over REST: a desk calls a paper number; an office's overseer switches its kiosks to the roll.

docs/paper-roll.md tells the story; the commands are in commands/paper_roll.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, jsonify

from protocol.fields import Message, limits
from protocol.limits import CODE_LENGTH

from ..commands.access import AUDIT_READER, DESK_WORKER, OFFICE_OVERSEER, PUBLIC, OfficeFrom
from ..commands.context import Actor
from ..commands.paper_roll import call_paper_ticket, set_paper_mode
from ..domain.views import TicketView
from ..reads import queries
from ..reporting.paper_tickets import paper_tickets
from ..reporting.period import period
from ..reporting.queries import ReportQuery
from ..views import desk as desk_views
from ..views.office import PaperModeView, paper_mode_json
from .actors import command_context
from .parameters import ReportPeriod
from .registry import operation

blueprint = Blueprint("paper_roll_api", __name__)
TYPED_LENGTH = 20  # «Р012», «ВА0150» and spaces around: more is not a number of a roll


@dataclass(frozen=True, kw_only=True)
class PaperTicket(Message):
    number: str = limits(min_length=1, max_length=TYPED_LENGTH, not_blank=True, doc="the number printed on the visitor's paper ticket (Р012, р12, P012 or 12)")
    service: str = limits(min_length=1, max_length=CODE_LENGTH, doc="the visitor's service, one the desk serves today")


@dataclass(frozen=True, kw_only=True)
class PaperModeSwitch(Message):
    active: bool = limits(doc="true: the kiosks show «take a paper ticket» and issue nothing; false: they issue again")


@operation(
    blueprint,
    "/desks/<desk_id>/paper-ticket",
    "POST",
    summary="Call a paper-roll ticket: the typed number becomes a ticket of the service (its issue time estimated) and is called here",
    tag="desks",
    body=PaperTicket,
    auth=DESK_WORKER,
    responses={
        200: "The ticket, called to the desk",
        400: "Bad input: not a number of the office's roll, or a service the desk does not serve",
        401: "No token",
        403: "Not an operator of this desk's office",
        404: "Unknown desk",
        409: "The number was already entered today (paper_number_used), the desk is not free, or an air-raid alert (air_raid)",
    },
)
def paper_ticket(desk_id: str, actor: Actor, body: PaperTicket) -> Any:
    called = call_paper_ticket(command_context(), desk_id, actor=actor, number=body.number, service=body.service)
    return jsonify(desk_views.ticket_json(TicketView.of(called)))


@operation(
    blueprint,
    "/offices/<office>/paper-mode",
    "POST",
    summary="Switch the office's kiosks to paper tickets or back (audited, on the office's stream)",
    tag="supervision",
    body=PaperModeSwitch,
    auth=OFFICE_OVERSEER,
    responses={
        200: "The office's paper mode now",
        400: "Bad input",
        401: "No token",
        403: "Not allowed in this office",
        404: "Unknown office",
        409: "The kiosks are already on paper tickets, or not on them",
    },
)
def switch_paper_mode(office: str, actor: Actor, body: PaperModeSwitch) -> Any:
    ctx = command_context()
    mode = set_paper_mode(ctx, office, body.active, actor=actor)
    return jsonify(paper_mode_json(PaperModeView.of(ctx.office(office).code, ctx.office(office).paper_roll, mode)))


@operation(
    blueprint,
    "/offices/<office>/paper-mode",
    "GET",
    summary="Whether the office's kiosks are on paper tickets, and its paper roll's series",
    tag="supervision",
    auth=PUBLIC,
    responses={200: "The office's paper mode", 404: "Unknown office"},
)
def paper_mode_state(office: str) -> Any:
    return jsonify(paper_mode_json(queries.paper_mode_state(command_context(), office)))


@operation(
    blueprint,
    "/reports/paper-tickets",
    "GET",
    summary="Paper-roll tickets of each office and day of the period (counted as tickets; their waits are not measured)",
    tag="reports",
    auth=AUDIT_READER.at(OfficeFrom.QUERY),
    responses={
        200: "OK",
        400: "A malformed or unknown parameter, `from` after `to`, a period too long, an unknown office",
        401: "No token",
        403: "Not a supervisor of the office, a manager or an admin",
    },
    query=ReportPeriod,
)
def paper_tickets_report(actor: Actor, query: ReportPeriod) -> Any:
    asked = ReportQuery(office=query.office, period=period(query.first, query.last))
    return jsonify(paper_tickets(command_context(), asked, actor=actor))
