"""How the keys of a grouping are shown and ordered: office and service names, dates, hours, weekdays, months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from ..domain.errors import InvalidRequest
from ..domain.model import Network
from .visits import EPOCH, GROUPS

# A message of the catalogue by key, in Ukrainian and in English (queue_server.i18n.both):
# the names of weekdays and months are words of the catalogue, given to these pure functions.
Words = Callable[[str], tuple[str, str]]


def sort_keys(group: str, keys: Iterable[Any], network: Network) -> list[Any]:
    """Offices, services and packages in the configuration's order (no package last), administrators by name
    (not called last), time in order."""
    if group in ("office", "service", "package"):
        order = {code: i for i, code in enumerate(network.offices if group == "office" else network.services)}
        return sorted(keys, key=lambda key: (key is None, order.get(key, len(order)), str(key)))
    if group == "operator":
        return sorted(keys, key=lambda key: (key is None, str(key or "")))
    return sorted(keys)


def describe(group: str, key: Any, network: Network, *, words: Words) -> tuple[Any, str, str]:
    """A group's key as JSON shows it, and its label in Ukrainian and English (`words` names weekdays and months)."""
    if group == "office":
        office = network.offices.get(key)
        return key, office.name.uk if office else str(key), office.name.en if office else str(key)
    if group == "package" and key is None:
        return (key, *words("reports.row.no_package"))
    if group in ("service", "package"):
        service = network.services.get(key)
        return key, service.name.uk if service else str(key), service.name.en if service else str(key)
    if group == "operator":
        return (key, *words("reports.row.not_called")) if key is None else (key, str(key), str(key))
    if group == "day":
        date = (EPOCH + dt.timedelta(days=key)).isoformat()
        return date, date, date
    if group == "hour":
        text = f"{key:02d}:00–{(key + 1) % 24:02d}:00"
        return key, text, text
    if group == "weekday":
        return (key, *words(f"calendar.weekday.{key}"))
    if group == "month":
        year, month = divmod(key, 100)
        uk, en = words(f"calendar.month.{month}")
        return f"{year:04d}-{month:02d}", f"{uk} {year}", f"{en} {year}"
    raise InvalidRequest(f"group must be one of {', '.join(GROUPS)}, not {group!r}", field="group")
