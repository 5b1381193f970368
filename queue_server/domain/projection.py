"""The snapshot of an office's live queue, and events applied to it.

`build_snapshot` makes the picture from the state a store loads;
`apply_event` moves a picture forward by one event. The two must agree:
applying a command's events to the snapshot before it gives the snapshot
after it (the test of every command checks exactly that). Both work on the
JSON form that clients receive, so a client's own projection can follow the
same rules.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from .air_raid import AirRaid
from .desks import DeskState
from .events import JSON, public_view, timestamp
from .model import DeskId, DeskProfile, Office, TicketId
from .paper_roll import PaperMode
from .tickets import AT_DESK_STATUSES, Ticket, TicketStatus
from .views import DeskServicesView, DeskView, DeskWithServicesView, TicketView


def _waiting_order(view: JSON) -> tuple[Any, ...]:
    return (view["issued_at"], view["id"])


def _calls_order(view: JSON) -> tuple[Any, ...]:
    # newest call first: the board shows the latest at the top
    return (view["called_at"] or "", view["id"])


def build_snapshot(
    office: Office,
    seq: int,
    tickets: Iterable[Ticket],
    desk_states: Mapping[DeskId, DeskState],
    services_of_the_day: Mapping[DeskId, DeskProfile] | None = None,
    air_raid: AirRaid | None = None,
    paper_mode: PaperMode | None = None,
) -> JSON:
    """The live picture of an office: waiting tickets, tickets at desks, desks.

    Each desk also says what it serves: its configured profile, or the one a
    supervisor gave it for today (`services_of_the_day`, by desk).
    """
    changed = services_of_the_day or {}
    live = [ticket for ticket in tickets if not ticket.is_final]
    numbers: dict[TicketId, str] = {ticket.id: ticket.number for ticket in live}
    waiting = sorted(
        (TicketView.of(t).to_json() for t in live if t.status is TicketStatus.WAITING), key=_waiting_order
    )
    calls = sorted(
        (TicketView.of(t).to_json() for t in live if t.status in AT_DESK_STATUSES),
        key=_calls_order,
        reverse=True,
    )
    desks = []
    for desk in office.desks:
        state = desk_states.get(desk.id) or DeskState(desk=desk.id, office=office.code)
        number = numbers.get(state.ticket) if state.ticket is not None else None
        profile = changed.get(desk.id)
        today = DeskServicesView.of(office.services, profile or desk.profile, profile is not None)
        desks.append(DeskWithServicesView.joined(DeskView.of(desk, state, number), today).to_json())
    return {
        "office": office.code, "seq": seq, "waiting": waiting, "calls": calls, "desks": desks,
        "air_raid": air_raid_view(air_raid),
        "paper_mode": paper_mode_view(paper_mode),
    }  # fmt: skip


def air_raid_view(alert: AirRaid | None) -> JSON:
    """The office's air-raid state as snapshots and `office.air_raid` events carry it."""
    active = alert is not None and alert.active
    return {"active": active, "since": timestamp(alert.started_at) if alert is not None and active else None}


def paper_mode_view(mode: PaperMode | None) -> JSON:
    """Whether the office's kiosks are on paper tickets, as snapshots and `office.paper_mode` events carry it."""
    active = mode is not None and mode.active
    return {"active": active, "since": timestamp(mode.started_at) if mode is not None and active else None}


def public_snapshot(snapshot: JSON) -> JSON:
    """The snapshot as the public stream carries it (no staff-only fields)."""
    result = dict(snapshot)
    for key in ("waiting", "calls", "desks"):
        result[key] = [public_view(item) for item in snapshot[key]]
    return result


def _apply_ticket(snapshot: JSON, view: JSON) -> None:
    ticket_id = view["id"]
    snapshot["waiting"] = [t for t in snapshot["waiting"] if t["id"] != ticket_id]
    snapshot["calls"] = [t for t in snapshot["calls"] if t["id"] != ticket_id]
    status = view["status"]
    if status == TicketStatus.WAITING:
        snapshot["waiting"] = sorted([*snapshot["waiting"], view], key=_waiting_order)
    elif status in AT_DESK_STATUSES:
        calls = [*snapshot["calls"], view]
        snapshot["calls"] = sorted(calls, key=_calls_order, reverse=True)
    at_desk = view["desk"] if status in AT_DESK_STATUSES else None
    for desk in snapshot["desks"]:
        if desk["id"] == at_desk:
            desk["ticket"] = view["number"]
        elif desk["ticket"] == view["number"]:
            desk["ticket"] = None


def _apply_desk(snapshot: JSON, view: JSON) -> None:
    # a desk event updates the fields it carries: most carry the desk's state,
    # `desk.services_changed` its services as well
    snapshot["desks"] = [desk | view if desk["id"] == view["id"] else desk for desk in snapshot["desks"]]


def apply_event(snapshot: JSON, event: JSON) -> JSON:
    """Return the snapshot moved forward by `event` (`{office, seq, type, at, data}`).

    An event whose `seq` is not the next one is refused: a client that sees
    a gap must resync, not guess.
    """
    if event["seq"] != snapshot["seq"] + 1:
        raise ValueError(f"event seq {event['seq']} does not follow snapshot seq {snapshot['seq']}")
    result = copy.deepcopy(snapshot)
    kind = event["type"]
    data = event["data"]
    if kind.startswith("ticket."):
        view = {key: value for key, value in data.items() if key not in ("score", "comment")}
        _apply_ticket(result, view)
    elif kind.startswith("desk."):
        _apply_desk(result, data)
    elif kind == "office.air_raid":
        result["air_raid"] = {"active": data["active"], "since": data["since"]}
    elif kind == "office.paper_mode":
        result["paper_mode"] = {"active": data["active"], "since": data["since"]}
    result["seq"] = event["seq"]
    return result
