"""A desk's figures for the office's day, read from the day's events.

The events are the exact history: a ticket row only remembers the last desk
it was at, so a visitor called at desk 1 and transferred to desk 3 would be
lost to desk 1's figures. Folding the day's events keeps every call where it
happened.

- `called`: calls to the desk (`ticket.called`, out-of-turn calls included;
  recalls and calls back from a hold are the same visit);
- `served` and `no_shows`: visits (or steps of a visit) the desk finished,
  or marked (or recalled past the limit) as a no-show;
- service time: from start (or the call, when finished without a start) to
  finish, or from the start of a step continued at the desk to its end;
- wait: from the moment the ticket last began to wait for a desk — its issue,
  its transfer or return to the queue from another desk, or the end of the
  visit's step before — to the call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .model import DeskId

STARTS_WAITING = frozenset({"ticket.transferred", "ticket.requeued", "ticket.routed"})
STEP_DONE = frozenset({"ticket.finished", "ticket.routed", "ticket.continued"})
COUNTED = frozenset({"ticket.called", "ticket.started", "ticket.no_show"}) | STARTS_WAITING | STEP_DONE


@dataclass(frozen=True)
class DayEvent:
    type: str
    at: dt.datetime
    data: Mapping[str, Any]


@dataclass(frozen=True)
class DeskDay:
    called: int
    served: int
    no_shows: int
    average_service_minutes: float | None
    average_wait_minutes: float | None
    longest_wait_minutes: float | None


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _minutes(spans: list[dt.timedelta]) -> float | None:
    if not spans:
        return None
    return round(sum(span.total_seconds() for span in spans) / len(spans) / 60, 1)


def desk_day(events: Iterable[DayEvent], desk: DeskId, *, day_starts: dt.datetime) -> DeskDay:
    """Fold the office's events of one day (in `seq` order) into `desk`'s figures.

    Events about tickets issued before `day_starts` are left out: they are
    the night's closing of an earlier day, not work of this one.
    """
    waiting_since: dict[int, dt.datetime] = {}
    begun: dict[int, dt.datetime] = {}  # when the service now at a desk began
    called = served = no_shows = 0
    services: list[dt.timedelta] = []
    waits: list[dt.timedelta] = []
    for event in events:
        data = event.data
        issued_at = _moment(data.get("issued_at"))
        if issued_at is None or issued_at < day_starts:
            continue
        ticket = int(data["id"])
        # the desk a step ended at: the event's data is the ticket after the change,
        # and a routed ticket waits with the desk it was last at
        at_desk = data.get("desk") == desk
        if event.type in STEP_DONE and at_desk:
            served += 1
            started_at = _moment(data.get("started_at")) if event.type == "ticket.finished" else None
            began = started_at or begun.get(ticket, event.at)
            services.append(max(event.at - began, dt.timedelta(0)))
        if event.type in STARTS_WAITING:
            waiting_since[ticket] = event.at
            continue
        if event.type == "ticket.continued":
            begun[ticket] = event.at
        if not at_desk:
            continue
        if event.type == "ticket.called":
            called += 1
            begun[ticket] = event.at
            waits.append(max(event.at - waiting_since.get(ticket, issued_at), dt.timedelta(0)))
        elif event.type == "ticket.started":
            begun[ticket] = _moment(data.get("started_at")) or event.at
        elif event.type == "ticket.no_show":
            no_shows += 1
    return DeskDay(
        called=called,
        served=served,
        no_shows=no_shows,
        average_service_minutes=_minutes(services),
        average_wait_minutes=_minutes(waits),
        longest_wait_minutes=round(max(waits).total_seconds() / 60, 1) if waits else None,
    )
