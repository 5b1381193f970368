"""The managers' dashboard over REST: every office in view at a glance, and one office in depth.

The page `/dashboard` reads these once, then again for an office whenever
that office's staff stream says something changed (and every half minute,
since a wait grows without any event).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from ..reads import dashboard
from ..commands.access import DASHBOARD_READER, OfficeFrom
from ..commands.context import Actor
from ..domain.alerts import board_grace
from ..domain.errors import InvalidRequest
from .actors import command_context
from . import parameters
from .registry import operation

blueprint = Blueprint("dashboard_api", __name__)
TAG = "dashboard"
RESPONSES = {
    200: "The figures of now and of the office's day, with the alerts",
    400: "An unknown query parameter",
    401: "No token",
    403: "Not a supervisor of the office, a manager or an admin",
    404: "Unknown office",
}
NETWORK_PARAMETERS = (parameters.code("office", "only this office (a supervisor sees only their own offices anyway)"),)


def grace() -> dt.timedelta:
    """How long a board may have no page before it counts as offline: four heartbeats."""
    return board_grace(current_app.config["CHERGA_SETTINGS"].heartbeat_seconds)


def _only(allowed: set[str]) -> None:
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        raise InvalidRequest(f"unknown parameter(s): {', '.join(unknown)}", parameters=unknown)


@operation(
    blueprint,
    "/dashboard",
    "GET",
    summary="Every office in view, one row each: waiting, waits, desks, targets, satisfaction of today, alerts",
    tag=TAG,
    auth=DASHBOARD_READER.at(OfficeFrom.QUERY),  # the right to read the office asked for comes first
    responses=RESPONSES,
    parameters=NETWORK_PARAMETERS,
)
def network_dashboard(actor: Actor) -> Any:
    office = request.args.get("office")
    if office is not None:
        command_context().office(office)  # a reader of every office learns that this one does not exist (404)
    _only({"office"})
    answer = dashboard.network_dashboard(command_context(), actor=actor, grace=grace(), office=request.args.get("office"))
    return jsonify(answer)


@operation(
    blueprint,
    "/dashboard/<office>",
    "GET",
    summary="One office in depth: its row, its queue per service, its desks, each administrator's day, boards and printers",
    tag=TAG,
    auth=DASHBOARD_READER,
    responses=RESPONSES,
)
def office_dashboard(office: str, actor: Actor) -> Any:
    _only(set())
    return jsonify(dashboard.office_dashboard(command_context(), office, actor=actor, grace=grace()))
