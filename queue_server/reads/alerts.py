"""Which offices of the network are paused for an air-raid alert now (`GET /api/v1/alerts`, the managers' form)."""

from __future__ import annotations

from ..commands.context import CommandContext
from ..store import air_raids as store
from ..views.office import AirRaidView


def offices_in_alert(ctx: CommandContext) -> list[AirRaidView]:
    """The offices in alert now, in the network's order (an alert of an office no longer configured is left out)."""
    with ctx.reading() as conn:
        alerts = store.on_now(conn)
    return [AirRaidView.of(code, alerts[code]) for code in ctx.network.offices if code in alerts]
