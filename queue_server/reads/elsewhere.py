"""Where else a visitor may get a service a kiosk cannot give now: a booking, or the quietest other office.

One answer for every refusal that sends a visitor elsewhere (a wait past
closing, `not_today`; a daily cap reached): the booking page for the service
at this office, when it may be booked, and the other office open now that
gives it with the shortest wait a ticket taken there now would face
(`network_waits.quietest_office`, the rule of the /waits page).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import estimates, opening_hours
from ..domain.model import Office, ServiceCode
from .network_waits import offices_now, quietest_office

BOOK_PATH = "/book"  # the booking page (links.BOOK_PATH); the API gives its full address


def booking_url(ctx: CommandContext, office: Office, service: ServiceCode, lang: str, book: str = BOOK_PATH) -> str | None:
    """The booking page opened at this office and service, or None when the service is not booked ahead here."""
    entry = ctx.network.services[service]
    if not (office.booking.bookable and entry.bookable):  # the office's terms already hold the network's
        return None
    return f"{book}?{urlencode({'office': office.code, 'service': service, 'lang': lang})}"


def offers(ctx: CommandContext, conn: sa.Connection, office: Office, service: ServiceCode, lang: str, book: str = BOOK_PATH) -> dict[str, Any]:
    """`{booking_url, offices: [{office, name, wait_minutes}]}`: at most one other office, open now and giving the service now."""
    now = ctx.clock()
    found = offices_now(ctx, conn, now)
    entry = ctx.network.services[service]
    candidates = [
        other
        for code, other in found.items()
        if code != office.code
        and service in other.office.services
        and opening_hours.is_open(opening_hours.service_schedule(other.office, entry), now.astimezone(ZoneInfo(other.office.timezone)))
    ]
    best = quietest_office(candidates, service)
    others = []
    if best is not None:
        other = found[best]
        others.append({"office": best, "name": other.office.name.get(lang), "wait_minutes": estimates.minutes(other.waits[service].wait)})
    return {"booking_url": booking_url(ctx, office, service, lang, book), "offices": others}
