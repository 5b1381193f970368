"""Starting and ending an office's air-raid pause: one event on the office's stream and one audit entry each."""

from __future__ import annotations

from ..domain import air_raid as rules
from ..domain.air_raid import AirRaid
from ..domain.events import OfficeAirRaid
from ..domain.projection import air_raid_view
from ..store import air_raids as store
from .context import Actor, CommandContext


def set_air_raid(ctx: CommandContext, office_code: str, active: bool, *, actor: Actor) -> AirRaid:
    """Begin (`active`) or end the office's alert; beginning one that is on, or ending none, is refused."""
    office = ctx.office(office_code)
    with ctx.transaction(office=office.code) as tx:
        current = store.current(tx.connection, office.code)
        if active:
            alert = store.begin(tx.connection, rules.begin(current, office.code, tx.now, actor.name))
        else:
            alert = rules.end(current, office.code, tx.now, actor.name)
            store.end(tx.connection, alert)
        tx.emit(office.code, OfficeAirRaid(air_raid_view(alert)))
        tx.audit(actor, "air_raid_start" if active else "air_raid_end", office=office.code, details={"alert": alert.id})
        return alert

