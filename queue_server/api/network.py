"""The configured network and the live queue of an office (public reads)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, jsonify

from protocol.messages import PRINTER_STATES

from ..commands.access import may_watch_staff_stream
from ..commands.desk_state import PAUSE_REASONS
from ..domain.desks import DeskStatus
from ..domain.model import Office
from ..domain.projection import public_snapshot
from ..domain.tickets import AT_DESK_STATUSES, TicketStatus
from ..reads import queries
from ..views import office as views
from .actors import command_context, current_actor
from .registry import operation

blueprint = Blueprint("network_api", __name__)
TAG = "network"


@operation(blueprint, "/offices", "GET", summary="All offices of the network", tag=TAG)
def list_offices() -> Any:
    ctx = command_context()
    network, now = ctx.network, ctx.clock()
    most = network.rules.max_services
    return jsonify(
        [views.office_json(views.OfficeView.of(office, max_services=most, today=_today(office, now))) for office in network.offices.values()]
    )


@operation(
    blueprint, "/offices/<office>", "GET", summary="One office", tag=TAG, responses={200: "OK", 404: "Unknown office"}
)
def get_office(office: str) -> Any:
    ctx = command_context()
    found = ctx.office(office)
    return jsonify(views.office_json(views.OfficeView.of(found, max_services=ctx.network.rules.max_services, today=_today(found, ctx.clock()))))


def _today(office: Office, now: dt.datetime) -> dt.date:
    """The office's date now (its own time zone): its trips from this date on are published."""
    return now.astimezone(ZoneInfo(office.timezone)).date()


@operation(
    blueprint,
    "/offices/<office>/services",
    "GET",
    summary="Services offered by an office",
    tag=TAG,
    responses={200: "OK", 404: "Unknown office"},
)
def list_services(office: str) -> Any:
    ctx = command_context()
    found = ctx.office(office)
    return jsonify([views.service_json(views.ServiceView.of(ctx.network.services[code])) for code in found.services])


@operation(
    blueprint,
    "/offices/<office>/categories",
    "GET",
    summary="The service category tree (the kiosk menu) of an office",
    tag=TAG,
    responses={200: "OK", 404: "Unknown office"},
)
def list_categories(office: str) -> Any:
    ctx = command_context()
    found = ctx.office(office)
    used = {ctx.network.services[code].category for code in found.services}
    wanted = set()
    for code in used:
        category = ctx.network.categories.get(code)
        while category is not None and category.code not in wanted:
            wanted.add(category.code)
            category = ctx.network.categories.get(category.parent) if category.parent else None
    ordered = sorted((ctx.network.categories[c] for c in wanted), key=lambda c: (c.order, c.code))
    return jsonify([views.category_json(views.CategoryView.of(category)) for category in ordered])


@operation(
    blueprint,
    "/offices/<office>/desks",
    "GET",
    summary="Desks of an office with the services each serves",
    tag=TAG,
    responses={200: "OK", 404: "Unknown office"},
)
def list_desks(office: str) -> Any:
    return jsonify([views.configured_desk_json(views.ConfiguredDeskView.of(desk)) for desk in command_context().office(office).desks])


@operation(
    blueprint,
    "/offices/<office>/queue",
    "GET",
    summary="The live snapshot of an office's queue (the same as Socket.IO's)",
    tag=TAG,
    responses={200: "OK", 404: "Unknown office"},
)
def get_queue(office: str) -> Any:
    ctx = command_context()
    snapshot = queries.office_snapshot(ctx, office)
    if may_watch_staff_stream(current_actor(), snapshot["office"]):
        return jsonify(snapshot)
    return jsonify(public_snapshot(snapshot))


@operation(
    blueprint,
    "/offices/<office>/services/<service>/wait",
    "GET",
    summary="The wait a ticket taken now would face (the kiosk asks before issuing)",
    tag=TAG,
    responses={200: "OK", 404: "Unknown office or service"},
)
def service_wait(office: str, service: str) -> Any:
    return jsonify(views.service_wait_json(queries.service_wait(command_context(), office, service)))


@operation(
    blueprint,
    "/priorities",
    "GET",
    summary="Priority visitor categories that are switched on",
    tag=TAG,
)
def list_priorities() -> Any:
    priorities = command_context().network.priorities.values()
    return jsonify([views.priority_json(views.PriorityView.of(p)) for p in priorities if p.enabled])


def constants_json() -> dict[str, Any]:
    """The code's own fixed values, for the pages: they take them from here instead of keeping copies."""
    return {
        "pause_reasons": list(PAUSE_REASONS),
        "desk_states": [status.value for status in DeskStatus],
        "ticket_statuses": [status.value for status in TicketStatus],
        "at_desk_statuses": [status.value for status in TicketStatus if status in AT_DESK_STATUSES],
        "printer_states": list(PRINTER_STATES),
    }


@operation(
    blueprint,
    "/constants",
    "GET",
    summary="The fixed values pages show words for: pause reasons, desk states, ticket statuses, printer states",
    tag=TAG,
)
def list_constants() -> Any:
    return jsonify(constants_json())
