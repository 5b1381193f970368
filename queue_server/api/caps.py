"""Daily caps of an office: what holds today with its use, and a supervisor's change for today.

A supervisor of the office, a manager or an admin changes (or restores) the
caps of a service for the rest of the office's day; any staff of the
office, and its kiosks, read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, jsonify

from protocol.fields import Message, limits

from ..commands import caps as commands
from ..commands.access import KIOSK_OR_STAFF, OFFICE_OVERSEER
from ..commands.context import Actor
from ..reads.caps import CapsToday, caps_today
from ..views.caps import OfficeCapsView, ServiceCapView, office_caps_json
from .actors import command_context
from .registry import operation

blueprint = Blueprint("caps_api", __name__)
TAG = "supervision"
ERRORS = {400: "Bad input", 401: "No token", 403: "Not a supervisor of this office, a manager or an admin", 404: "Unknown office or service"}


@dataclass(frozen=True, kw_only=True)
class CapChange(Message):
    daily_cap: int | None = limits(None, minimum=0, maximum=commands.MOST_DAILY, doc="tickets a day for the rest of today; null: no daily cap today")
    hourly_cap: int | None = limits(None, minimum=0, maximum=commands.MOST_HOURLY, doc="tickets in a clock hour for the rest of today; null: none")


def _view(ctx: Any, today: CapsToday, lang: str = "uk") -> OfficeCapsView:
    services = ctx.network.services
    return OfficeCapsView(
        office=today.office,
        day=today.day,
        services=tuple(
            ServiceCapView(
                service=row.service,
                name=services[row.service].name.get(lang),
                daily_cap=row.caps.daily,
                hourly_cap=row.caps.hourly,
                configured_daily_cap=row.configured.daily,
                configured_hourly_cap=row.configured.hourly,
                changed=row.changed,
                issued_today=row.issued.today,
                issued_this_hour=row.issued.this_hour,
                left=row.left,
                stops_at=row.stops_at,
            )
            for row in today.services
        ),
    )


@operation(
    blueprint,
    "/offices/<office>/caps",
    "GET",
    summary="The office's capped services today: the caps that hold, tickets used and left, the stop-issuing time",
    tag=TAG,
    auth=KIOSK_OR_STAFF,
    responses={200: "The office's caps of today", 401: "No token", 403: "Not this office", 404: "Unknown office"},
)
def office_caps(office: str, actor: Actor) -> Any:
    ctx = command_context()
    return jsonify(office_caps_json(_view(ctx, caps_today(ctx, office))))


@operation(
    blueprint,
    "/offices/<office>/services/<service>/cap",
    "PUT",
    summary="Change a service's daily and hourly caps at the office for the rest of today (audited)",
    tag=TAG,
    body=CapChange,
    auth=OFFICE_OVERSEER,
    responses={200: "The office's caps of today", **ERRORS},
)
def change_cap(office: str, service: str, actor: Actor, body: CapChange) -> Any:
    ctx = command_context()
    commands.change_cap(ctx, office, service, daily=body.daily_cap, hourly=body.hourly_cap, actor=actor)
    return jsonify(office_caps_json(_view(ctx, caps_today(ctx, office))))


@operation(
    blueprint,
    "/offices/<office>/services/<service>/cap",
    "DELETE",
    summary="The configured caps of the service hold again for the rest of today (audited)",
    tag=TAG,
    auth=OFFICE_OVERSEER,
    responses={200: "The office's caps of today", 401: "No token", 403: ERRORS[403], 404: "Unknown office or service, or no change today"},
)
def restore_cap(office: str, service: str, actor: Actor) -> Any:
    ctx = command_context()
    commands.restore_cap(ctx, office, service, actor=actor)
    return jsonify(office_caps_json(_view(ctx, caps_today(ctx, office))))
