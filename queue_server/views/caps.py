"""The answers about daily caps: each capped service of an office today, with what is used and left."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.views import JSON, render
from .fields import meta


@dataclass(frozen=True)
class ServiceCapView:
    """One service's caps at the office today (a supervisor's change or the configured ones) and their use."""

    service: str
    name: str
    daily_cap: int | None = field(metadata=meta("tickets a day that hold today; null: no daily cap", minimum=0))
    hourly_cap: int | None = field(metadata=meta("tickets in a clock hour that hold today; null: no hourly cap", minimum=0))
    configured_daily_cap: int | None = field(metadata=meta("the daily cap of the configuration", minimum=0))
    configured_hourly_cap: int | None = field(metadata=meta("the hourly cap of the configuration", minimum=0))
    changed: bool = field(metadata=meta("a supervisor changed the caps for today"))
    issued_today: int = field(metadata=meta("tickets counted against the caps today (a visit counts for each of its steps)", minimum=0))
    issued_this_hour: int = field(metadata=meta("of them, in the present clock hour of the office", minimum=0))
    left: int | None = field(metadata=meta("tickets still to give now under the daily and the hourly cap; null: no cap", minimum=0))
    stops_at: dt.datetime | None = field(metadata=meta("no ticket of the service from then on today (the stop-issuing time); null: none"))


@dataclass(frozen=True)
class OfficeCapsView:
    """The office's capped services today, in the order the office offers them."""

    office: str
    day: dt.date
    services: tuple[ServiceCapView, ...]


def office_caps_json(view: OfficeCapsView) -> JSON:
    return render(view)
