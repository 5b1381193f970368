"""«Покличте працівника до мене» over REST: a kiosk calls, staff see the open calls and answer one.

docs/kiosk.md tells the story; the commands are in commands/help_requests.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands.access import KIOSK_OR_STAFF, STAFF_OF_OFFICE, OfficeFrom
from ..commands.context import Actor
from ..commands.help_requests import answer_help, ask_for_help, open_calls
from .actors import command_context
from .bodies import Empty
from .registry import operation

blueprint = Blueprint("help_requests_api", __name__)
TAG = "supervision"
OFFICE_STAFF = STAFF_OF_OFFICE.at(OfficeFrom.PATH)


@operation(
    blueprint,
    "/offices/<office>/help-requests",
    "POST",
    summary="A kiosk calls a member of staff to it for a visitor; a second call while one is open is the same",
    tag=TAG,
    body=Empty,
    auth=KIOSK_OR_STAFF,
    responses={200: "The kiosk's open call", 400: "Bad input", 401: "No token", 403: "Not a kiosk or staff of this office", 404: "Unknown office"},
)
def ask(office: str, actor: Actor, body: Empty) -> Any:
    return jsonify(ask_for_help(command_context(), office, actor=actor).to_json())


@operation(
    blueprint,
    "/offices/<office>/help-requests",
    "GET",
    summary="The office's calls for help from its kiosks that nobody has answered yet, oldest first",
    tag=TAG,
    auth=OFFICE_STAFF,
    responses={200: "OK", 401: "No token", 403: "Not staff of this office", 404: "Unknown office"},
)
def list_open(office: str, actor: Actor) -> Any:
    return jsonify([call.to_json() for call in open_calls(command_context(), office, actor=actor)])


@operation(
    blueprint,
    "/offices/<office>/help-requests/<int:call_id>/handled",
    "POST",
    summary="A member of staff is going to the kiosk: the call leaves every staff page (audited)",
    tag=TAG,
    body=Empty,
    auth=OFFICE_STAFF,
    responses={
        200: "The call, answered",
        400: "Bad input",
        401: "No token",
        403: "Not staff of this office",
        404: "Unknown office or call",
        409: "Someone answered it already",
    },
)
def handled(office: str, call_id: int, actor: Actor, body: Empty) -> Any:
    return jsonify(answer_help(command_context(), office, call_id, actor=actor).to_json())
