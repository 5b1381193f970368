"""Daily caps and the stop-issuing cut-off: a service's own (services.toml), an office's changes (offices.toml).

In `[services.CODE]`: `daily_cap`, `hourly_cap`, `stop_issuing_minutes`.
In `[offices.CODE]`: `caps = { service-code = { daily_cap = …, … }, … }`,
each key changing the service's own for that office only (0 there: no cap,
or no cut-off, at this office). In `[rules]` of network.toml:
`cap_exempt_priorities`, the priority categories no cap refuses. What they
mean is in docs/queue-rules.md; the decision is `domain/caps.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..domain.model import CapRules, Office, OfficeCode, PriorityCategory, Service, ServiceCaps, ServiceCode
from .reader import Reader, path_of

CAP_KEYS = ("daily_cap", "hourly_cap", "stop_issuing_minutes")
DAILY_CAP = (0, 10_000)  # 0 in a service: no cap (the same as leaving it out)
HOURLY_CAP = (0, 1_000)
STOP_ISSUING_MINUTES = (0, 720)
EXEMPT_KEY = "cap_exempt_priorities"


def read_service_caps(reader: Reader, services_data: Any, services: Mapping[ServiceCode, Service]) -> dict[ServiceCode, ServiceCaps]:
    """Each valid service's own caps, from the keys of its `[services.CODE]` table."""
    found: dict[ServiceCode, ServiceCaps] = {}
    table = services_data.get("services") if isinstance(services_data, dict) else None
    if not isinstance(table, dict):
        return found
    for code, entry in table.items():
        if ServiceCode(code) not in services or not isinstance(entry, dict):
            continue
        caps = _caps(reader, entry, f"services.{code}", ServiceCaps())
        if caps is not None and caps.any:
            found[ServiceCode(code)] = caps
    return found


def read_office_caps(
    reader: Reader,
    offices_data: Any,
    offices: Mapping[OfficeCode, Office],
    services: Mapping[ServiceCode, ServiceCaps],
) -> dict[OfficeCode, dict[ServiceCode, ServiceCaps]]:
    """Each office's `caps = { service = { … } }`: the service's own caps with the office's keys changed."""
    found: dict[OfficeCode, dict[ServiceCode, ServiceCaps]] = {}
    table = offices_data.get("offices") if isinstance(offices_data, dict) else None
    if not isinstance(table, dict):
        return found
    for code, entry in table.items():
        if not isinstance(entry, dict) or "caps" not in entry:
            continue
        key = path_of(f"offices.{code}", "caps")
        own = entry["caps"]
        if not isinstance(own, dict):
            reader.problem(key, f'must be a table such as {{ passport-foreign-adult = {{ daily_cap = 60 }} }}, not {own!r}')
            continue
        office = offices.get(OfficeCode(code))
        changed: dict[ServiceCode, ServiceCaps] = {}
        for service, keys in own.items():
            where = path_of(key, service)
            if office is not None and ServiceCode(service) not in office.services:
                reader.problem(where, f"the office does not offer service {service!r}")
                continue
            if not reader.keys(keys, where, CAP_KEYS):
                continue
            caps = _caps(reader, keys, where, services.get(ServiceCode(service), ServiceCaps()))
            if caps is not None:
                changed[ServiceCode(service)] = caps
        if office is not None and changed:
            found[office.code] = changed
    return found


def read_exempt(reader: Reader, rules: Any, priorities: Mapping[str, PriorityCategory]) -> frozenset[str]:
    """`[rules] cap_exempt_priorities`: priority categories of network.toml that caps and the cut-off never refuse."""
    if not isinstance(rules, dict) or EXEMPT_KEY not in rules:
        return frozenset()
    codes = reader.code_list(rules, "rules", EXEMPT_KEY)
    for code in codes:
        if code not in priorities:
            reader.problem(path_of("rules", EXEMPT_KEY), f"unknown priority category {code!r} (see [priorities.CODE])")
    return frozenset(code for code in codes if code in priorities)


def cap_rules(
    services: Mapping[ServiceCode, ServiceCaps],
    offices: Mapping[OfficeCode, Mapping[ServiceCode, ServiceCaps]],
    exempt: frozenset[str],
) -> CapRules:
    return CapRules(dict(services), {office: dict(caps) for office, caps in offices.items()}, exempt)


def _caps(reader: Reader, table: dict[str, Any], key: str, defaults: ServiceCaps) -> ServiceCaps | None:
    """The caps written in `table`, a key left out keeping `defaults`' value, 0 meaning none; None after a problem."""
    before = len(reader.problems)
    daily = _whole(reader, table, key, "daily_cap", DAILY_CAP)
    hourly = _whole(reader, table, key, "hourly_cap", HOURLY_CAP)
    stop = _whole(reader, table, key, "stop_issuing_minutes", STOP_ISSUING_MINUTES)
    if len(reader.problems) != before:
        return None
    return ServiceCaps(
        daily=defaults.daily if daily is None else (daily or None),
        hourly=defaults.hourly if hourly is None else (hourly or None),
        stop_issuing=defaults.stop_issuing if stop is None else (dt.timedelta(minutes=stop) if stop else None),
    )


def _whole(reader: Reader, table: dict[str, Any], key: str, name: str, bounds: tuple[int, int]) -> int | None:
    """The whole number written, or None when it is left out (or wrong: then a problem names it)."""
    if name not in table:
        return None
    value = reader.get(table, key, name, int)
    low, high = bounds
    if value is not None and not low <= value <= high:
        reader.problem(path_of(key, name), f"must be from {low} to {high}, not {value}")
        return None
    return value
