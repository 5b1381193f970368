"""The managers' dashboard over REST: every office in view at a glance, and one office in depth.

The page `/dashboard` reads these once, then again for an office whenever
that office's staff stream says something changed (and every half minute,
since a wait grows without any event).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify

from ..commands.access import DASHBOARD_READER, OfficeFrom
from ..commands.context import Actor
from ..domain.alerts import board_grace
from ..domain.nodes import offline_after
from ..reads import dashboard
from .actors import command_context
from .parameters import NoParameters, OfficeFilter
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


def grace() -> dt.timedelta:
    """How long a board may have no page before it counts as offline: four heartbeats."""
    return board_grace(current_app.config["CHERGA_SETTINGS"].heartbeat_seconds)


def node_silence() -> dt.timedelta:
    """How long an office node may send nothing before its office shows offline: six of its sync periods."""
    return offline_after(current_app.config["CHERGA_SETTINGS"].node_sync_seconds)


@operation(
    blueprint,
    "/dashboard",
    "GET",
    summary="Every office in view, one row each: waiting, waits, desks, targets, satisfaction of today, alerts",
    tag=TAG,
    auth=DASHBOARD_READER.at(OfficeFrom.QUERY),  # the right to read the office asked for comes first
    responses=RESPONSES,
    query=OfficeFilter,
)
def network_dashboard(actor: Actor, query: OfficeFilter) -> Any:
    if query.office is not None:
        command_context().office(query.office)  # a reader of every office learns that this one does not exist (404)
    answer = dashboard.network_dashboard(command_context(), actor=actor, grace=grace(), offline_after=node_silence(), office=query.office)
    return jsonify(answer)


@operation(
    blueprint,
    "/dashboard/<office>",
    "GET",
    summary="One office in depth: its row, its queue per service, its desks, each administrator's day, boards and printers",
    tag=TAG,
    auth=DASHBOARD_READER,
    responses=RESPONSES,
    query=NoParameters,
)
def office_dashboard(office: str, actor: Actor, query: NoParameters) -> Any:
    return jsonify(dashboard.office_dashboard(command_context(), office, actor=actor, grace=grace(), offline_after=node_silence()))
