"""A desk and its tickets: what the desk console and the supervisor's page get back.

The ticket after a desk's action and the desk after a change are the
domain's `TicketView` and `DeskView` (the events carry the same); the
supervisor's reads add the desks' state of the office and a desk's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..domain.desks import DeskStatus
from ..domain.model import Desk, ServiceCode
from ..domain.tickets import TicketStatus
from ..domain.views import JSON, DeskView, TicketView, render


@dataclass(frozen=True)
class ForceClosed:
    """A desk a supervisor closed, and its visitors who wait again in their place."""

    desk: DeskView
    requeued: tuple[TicketView, ...]


@dataclass(frozen=True)
class DeskStateView:
    """A desk as the supervisor's page shows it: state, holder, visitor, services of today and who changed them."""

    id: str
    number: int
    name: str
    name_en: str
    kind: str
    status: DeskStatus
    operator: str | None
    since: dt.datetime | None
    ticket: str | None
    ticket_id: int | None
    reason: str | None
    services: tuple[ServiceCode, ...]
    weights: Mapping[ServiceCode, float]
    services_changed: bool
    services_changed_by: str | None
    services_changed_at: dt.datetime | None


@dataclass(frozen=True)
class DeskTodayView:
    """A desk's figures for the office's local day, and how many tickets wait now that it may call."""

    desk: str
    day: dt.date
    called: int
    served: int
    no_shows: int
    average_service_minutes: float | None
    average_wait_minutes: float | None
    longest_wait_minutes: float | None
    waiting_for_desk: int


@dataclass(frozen=True)
class DashboardDeskView:
    """A desk as the managers' dashboard shows it: its state, who holds it, the visitor's number and status."""

    id: str
    number: int
    name: str
    name_en: str
    kind: str
    status: DeskStatus
    operator: str | None
    ticket: str | None
    ticket_status: TicketStatus | None
    reason: str | None
    since: dt.datetime | None


@dataclass(frozen=True)
class DeskNameView:
    """A desk as the desk console's chooser lists it: which one, by number and name."""

    id: str
    number: int
    name: str
    name_en: str

    @classmethod
    def of(cls, desk: Desk) -> DeskNameView:
        return cls(desk.id, desk.number, desk.name.uk, desk.name.en)


def ticket_json(view: TicketView) -> JSON:
    return view.to_json()


def desk_json(view: DeskView) -> JSON:
    """A desk after a change (with its services of today when the view is a `DeskWithServicesView`)."""
    return view.to_json()


def force_closed_json(view: ForceClosed) -> JSON:
    return render(view)


def desks_state_json(views: Iterable[DeskStateView]) -> list[JSON]:
    return [render(view) for view in views]


def desk_today_json(view: DeskTodayView) -> JSON:
    return render(view)


def dashboard_desk_json(view: DashboardDeskView) -> JSON:
    return render(view)


def desk_names_json(desks: Iterable[Desk]) -> list[JSON]:
    return [render(DeskNameView.of(desk)) for desk in desks]
