"""A visit's steps in the `tickets.steps` column, as JSON.

A visit of one service (nearly every ticket) stores nothing: the ticket row
already says all of it, and the domain makes its one step. A visit of
several stores its list, so a ticket is still read in one row; reports read
the same JSON (`from_column`) to count each step as a service given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.model import DeskId, ServiceCode
from ..domain.tickets import Step, StepStatus, Ticket

_TIMES = ("ready_at", "called_at", "started_at", "finished_at")


def _time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def to_column(ticket: Ticket) -> list[dict[str, Any]] | None:
    """The JSON to store, or None for a visit of one step."""
    if len(ticket.steps) == 1 and ticket.package is None:
        return None
    stored = []
    for step in ticket.steps:
        item: dict[str, Any] = {"service": step.service, "status": step.status.value}
        if step.profiles:
            item["profiles"] = list(step.profiles)
        if step.desk:
            item["desk"] = step.desk
        if step.served_by:
            item["served_by"] = step.served_by
        for name in _TIMES:
            moment = getattr(step, name)
            if moment is not None:
                item[name] = moment.astimezone(dt.timezone.utc).isoformat()
        stored.append(item)
    return stored


def from_column(value: Any) -> tuple[Step, ...]:
    """The steps of a stored visit; () for one stored as NULL (the ticket makes its step)."""
    if not value:
        return ()
    return tuple(step_of(item) for item in value)


def step_of(item: dict[str, Any]) -> Step:
    return Step(
        service=ServiceCode(item["service"]),
        status=StepStatus(item["status"]),
        profiles=tuple(item.get("profiles") or ()),
        desk=DeskId(item["desk"]) if item.get("desk") else None,
        served_by=item.get("served_by"),
        ready_at=_time(item.get("ready_at")),
        called_at=_time(item.get("called_at")),
        started_at=_time(item.get("started_at")),
        finished_at=_time(item.get("finished_at")),
    )

