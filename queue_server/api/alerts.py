"""The air-raid alert over several offices at once: the managers' network form, and which offices are in alert now.

One office's alert is `/offices/<office>/alert` (api/supervision.py), for
its supervisor too; switching several offices, or the whole network, is for
a manager or an admin. Each office still changes in its own transaction with
its own event and audit entry (commands/air_raid.set_air_raids).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands.access import OFFICE_OVERSEER, PUBLIC, OfficeFrom
from ..commands.air_raid import set_air_raids
from ..commands.context import Actor
from ..reads.alerts import offices_in_alert
from ..views.office import AirRaidChangeView, air_raid_change_json, air_raid_json
from .actors import command_context
from .bodies import NetworkAirRaidSwitch
from .registry import operation

blueprint = Blueprint("alerts_api", __name__)
TAG = "supervision"


@operation(
    blueprint,
    "/alerts",
    "POST",
    summary="Begin or end the air-raid pause in several offices, or the whole network (each office audited, on its own stream)",
    tag=TAG,
    body=NetworkAirRaidSwitch,
    auth=OFFICE_OVERSEER.at(OfficeFrom.NONE),
    responses={
        200: "Each office named, its state now, and whether this request changed it",
        400: "Bad input or an unknown office code (nothing changed)",
        401: "No token",
        403: "Not a manager or an admin",
    },
)
def switch_alerts(actor: Actor, body: NetworkAirRaidSwitch) -> Any:
    changes = set_air_raids(command_context(), body.offices, body.active, actor=actor)
    return jsonify({
        "offices": [air_raid_change_json(AirRaidChangeView.of(change.office, change.alert, change.changed)) for change in changes]
    })


@operation(
    blueprint,
    "/alerts",
    "GET",
    summary="The offices of the network paused for an air-raid alert now, and since when",
    tag=TAG,
    auth=PUBLIC,
    responses={200: "The offices in alert now (none: an empty list)"},
)
def alerts_now() -> Any:
    return jsonify({"offices": [air_raid_json(view) for view in offices_in_alert(command_context())]})
