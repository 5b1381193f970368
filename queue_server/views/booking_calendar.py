"""The days a visitor may still book a service at an office, as the booking page's day list shows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.views import JSON, render
from .fields import meta


@dataclass(frozen=True)
class OpenDayView:
    """A day of the booking horizon with at least one free time."""

    date: str = field(metadata=meta("the office's local day, YYYY-MM-DD; GET …/slots?date= lists its times"))
    free: int = field(metadata=meta("free places over the day's times", minimum=1))
    times: int = field(metadata=meta("the day's times with a free place", minimum=1))


def open_days_json(views: Sequence[OpenDayView]) -> list[JSON]:
    return [render(view) for view in views]
