"""How the keys of a grouping are shown and ordered: office and service names, dates, hours, weekdays, months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..domain.errors import InvalidRequest
from ..domain.model import Network
from .visits import EPOCH, GROUPS

WEEKDAY_NAMES = (
    ("понеділок", "Monday"), ("вівторок", "Tuesday"), ("середа", "Wednesday"), ("четвер", "Thursday"),
    ("пʼятниця", "Friday"), ("субота", "Saturday"), ("неділя", "Sunday"),
)  # fmt: skip
MONTH_NAMES = (
    ("січень", "January"), ("лютий", "February"), ("березень", "March"), ("квітень", "April"),
    ("травень", "May"), ("червень", "June"), ("липень", "July"), ("серпень", "August"),
    ("вересень", "September"), ("жовтень", "October"), ("листопад", "November"), ("грудень", "December"),
)  # fmt: skip


def sort_keys(group: str, keys: Iterable[Any], network: Network) -> list[Any]:
    """Offices and services in the configuration's order, administrators by name (not called last), time in order."""
    if group in ("office", "service"):
        order = {code: i for i, code in enumerate(network.offices if group == "office" else network.services)}
        return sorted(keys, key=lambda key: (order.get(key, len(order)), str(key)))
    if group == "operator":
        return sorted(keys, key=lambda key: (key is None, str(key or "")))
    return sorted(keys)


def describe(group: str, key: Any, network: Network) -> tuple[Any, str, str]:
    """A group's key as JSON shows it, and its label in Ukrainian and English."""
    if group == "office":
        office = network.offices.get(key)
        return key, office.name.uk if office else str(key), office.name.en if office else str(key)
    if group == "service":
        service = network.services.get(key)
        return key, service.name.uk if service else str(key), service.name.en if service else str(key)
    if group == "operator":
        return (key, "не викликано", "not called") if key is None else (key, str(key), str(key))
    if group == "day":
        date = (EPOCH + dt.timedelta(days=key)).isoformat()
        return date, date, date
    if group == "hour":
        text = f"{key:02d}:00–{(key + 1) % 24:02d}:00"
        return key, text, text
    if group == "weekday":
        uk, en = WEEKDAY_NAMES[key - 1]
        return key, uk, en
    if group == "month":
        year, month = divmod(key, 100)
        uk, en = MONTH_NAMES[month - 1]
        return f"{year:04d}-{month:02d}", f"{uk} {year}", f"{en} {year}"
    raise InvalidRequest(f"group must be one of {', '.join(GROUPS)}, not {group!r}", field="group")
