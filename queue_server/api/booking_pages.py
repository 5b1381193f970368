"""What the booking page needs besides the booking contract: the days of the horizon that still have a free time.

Public, like the slots: the city's portal may show the same day list.
See docs/booking.md.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands.access import PUBLIC
from ..reads.booking_calendar import open_days
from ..views.booking_calendar import OpenDayView, open_days_json
from .actors import command_context
from .registry import operation

blueprint = Blueprint("booking_pages_api", __name__)


@operation(
    blueprint,
    "/offices/<office>/services/<service>/days",
    "GET",
    summary="The days of the booking horizon that still have a free time for a service at an office ([] when none)",
    tag="appointments",
    auth=PUBLIC,
    responses={200: "OK", 404: "Unknown office, or a service it does not give"},
)
def free_days(office: str, service: str) -> Any:
    days = open_days(command_context(), office, service)
    return jsonify(open_days_json([OpenDayView(day.date.isoformat(), day.free, day.times) for day in days]))
