"""Starting and ending an office's air-raid pause: one event on the office's stream and one audit entry each.

A manager may switch several offices (or the whole network) at once:
each office still gets its own transaction, event and audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import air_raid as rules
from ..domain.air_raid import AirRaid
from ..domain.errors import InvalidRequest, InvalidTransition
from ..domain.events import OfficeAirRaid
from ..domain.model import OfficeCode
from ..domain.projection import air_raid_view
from ..store import air_raids as store
from .access import require_overseer
from .context import Actor, CommandContext

ALL_OFFICES = "all"  # what the network form sends for every office of the network
MAX_OFFICES = 500  # codes one switch may name: more than the network has


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



@dataclass(frozen=True)
class AlertChange:
    """One office's alert after a network-wide switch, and whether the switch changed it."""

    office: OfficeCode
    alert: AirRaid | None  # the alert on now, or the one this switch ended; None where none is on
    changed: bool

    @property
    def active(self) -> bool:
        return self.alert is not None and self.alert.active


def offices_named(ctx: CommandContext, offices: Sequence[str] | str) -> list[OfficeCode]:
    """The offices a network switch names: `"all"` is the whole network; an unknown code refuses them all (400)."""
    if offices == ALL_OFFICES:
        return list(ctx.network.offices)
    if not isinstance(offices, list | tuple) or not offices or not all(isinstance(code, str) for code in offices):
        raise InvalidRequest('offices must be "all" or a non-empty list of office codes', field="offices")
    if len(offices) > MAX_OFFICES:
        raise InvalidRequest(f"offices: at most {MAX_OFFICES} codes; send \"all\" for the whole network", field="offices")
    unknown = sorted({code for code in offices if code not in ctx.network.offices})
    if unknown:
        raise InvalidRequest(f"unknown offices: {', '.join(unknown)[:200]}; nothing was changed", field="offices", unknown=unknown[:20])
    return [OfficeCode(code) for code in dict.fromkeys(offices)]


def set_air_raids(ctx: CommandContext, offices: Sequence[str] | str, active: bool, *, actor: Actor) -> list[AlertChange]:
    """Begin or end the alert in several offices at once (a manager's or an admin's network form).

    Every office named must exist before any is touched. Each office then
    changes in its own transaction, with its own event and audit entry, as
    `set_air_raid` does it; an office already in the asked state is left as
    it is and reported `changed: False` (two managers pressing together is
    not an error).
    """
    require_overseer(actor, None, "only a manager or an admin may start or end an alert in several offices at once")
    changes = []
    for code in offices_named(ctx, offices):
        with ctx.reading() as conn:
            current = store.current(conn, code)
        if (current is not None and current.active) == active:
            changes.append(AlertChange(code, current, changed=False))
            continue
        try:
            changes.append(AlertChange(code, set_air_raid(ctx, code, active, actor=actor), changed=True))
        except InvalidTransition:  # another hand switched it between the look and the change
            with ctx.reading() as conn:
                changes.append(AlertChange(code, store.current(conn, code), changed=False))
    return changes
