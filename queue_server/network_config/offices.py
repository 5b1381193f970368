"""Desk profiles and offices: which services each office offers, and its desks."""

from __future__ import annotations

import re
from typing import Any

from ..domain.model import (
    CategoryCode,
    Desk,
    DeskId,
    DeskProfile,
    LocalizedText,
    Office,
    OfficeCode,
    OfficeKind,
    OpeningHours,
    Service,
    ServiceCategory,
    ServiceCode,
    Weekday,
)
from .catalogue import localized, services_under, valid_timezone
from .reader import Reader

PROFILES_FILE = "profiles.toml"
OFFICES_FILE = "offices.toml"
DESK_RANGE = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?$")
DESK_KINDS = {"window": ("Вікно", "Window"), "room": ("Кабінет", "Room")}
OFFICE_KEYS = ("kind", "name", "name_en", "address", "address_en", "timezone", "hours", "categories", "services", "desks")


def read_profiles(
    reader: Reader,
    table: Any,
    categories: dict[CategoryCode, ServiceCategory],
    services: dict[ServiceCode, Service],
) -> dict[str, dict[ServiceCode, float]]:
    """Named weight tables; a category's weight goes to each of its services, a service's own wins."""
    profiles: dict[str, dict[ServiceCode, float]] = {}
    for code, key, entry in reader.entries(table, "profiles", ("categories", "services")):
        weights: dict[ServiceCode, float] = {}
        for part in ("categories", "services"):
            values = entry.get(part, {})
            if not reader.keys(values, f"{key}.{part}", values.keys() if isinstance(values, dict) else ()):
                continue
            for name, weight in values.items():
                path = f"{key}.{part}.{name}"
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                    reader.problem(path, f"a weight must be a number above 0, not {weight!r}")
                    continue
                if part == "categories":
                    if name not in categories:
                        reader.problem(path, f"unknown category {name!r}")
                        continue
                    for service in services_under(categories, services, name):
                        weights.setdefault(service, float(weight))
                elif name not in services:
                    reader.problem(path, f"unknown service {name!r}")
                else:
                    weights[ServiceCode(name)] = float(weight)
        if not weights and not any(p.key.startswith(key) for p in reader.problems):
            reader.problem(key, "weights no service")
        profiles[code] = weights
    return profiles


def _hours(reader: Reader, table: Any, key: str) -> OpeningHours | None:
    days = [day.value for day in Weekday]
    if not reader.keys(table, key, days):
        return None
    spans = {}
    for day, value in table.items():
        if day not in days:  # already reported as an unknown key
            continue
        span = reader.time_range(f"{key}.{day}", value)
        if span is not None:
            spans[Weekday(day)] = span
    if not spans:
        reader.problem(key, "the office is open on no day")
        return None
    return OpeningHours(spans)


def _offered(reader: Reader, entry: dict[str, Any], key: str, categories: dict[CategoryCode, ServiceCategory], services: dict[ServiceCode, Service]) -> tuple[ServiceCode, ...]:
    offered: list[ServiceCode] = []
    for category in reader.code_list(entry, key, "categories"):
        if category not in categories:
            reader.problem(f"{key}.categories", f"unknown category {category!r}")
            continue
        offered += services_under(categories, services, category)
    for service in reader.code_list(entry, key, "services"):
        if service not in services:
            reader.problem(f"{key}.services", f"unknown service {service!r}")
            continue
        offered.append(ServiceCode(service))
    unique = tuple(dict.fromkeys(offered))
    if not unique:
        reader.problem(key, "offers no service: give `categories` or `services`")
    return unique


def _desks(reader: Reader, value: Any, key: str, office: OfficeCode, offered: tuple[ServiceCode, ...], profiles: dict[str, dict[ServiceCode, float]]) -> tuple[Desk, ...]:
    if not isinstance(value, list) or not value:
        reader.problem(f"{key}.desks", "must be a list of desk groups such as {numbers = \"1-4\", profile = \"universal\"}")
        return ()
    desks: dict[int, Desk] = {}
    for index, group in enumerate(value):
        path = f"{key}.desks[{index}]"
        if not reader.keys(group, path, ("numbers", "profile", "kind")):
            continue
        numbers = reader.get(group, path, "numbers", str)
        profile_code = reader.get(group, path, "profile", str)
        kind = reader.get(group, path, "kind", str, "window")
        if kind is not None and kind not in DESK_KINDS:
            reader.problem(f"{path}.kind", f"must be \"window\" or \"room\", not {kind!r}")
            continue
        if profile_code is not None and profile_code not in profiles:
            reader.problem(f"{path}.profile", f"unknown profile {profile_code!r}")
            continue
        match = DESK_RANGE.match(numbers) if numbers is not None else None
        if numbers is not None and match is None:
            reader.problem(f"{path}.numbers", f"must be a number or a range such as \"1-12\", not {numbers!r}")
            continue
        if match is None or profile_code is None or kind is None:
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            reader.problem(f"{path}.numbers", f"{numbers!r} is not a range from low to high, starting at 1 or more")
            continue
        weights = {code: weight for code, weight in profiles[profile_code].items() if code in offered}
        if not weights:
            reader.problem(f"{path}.profile", f"profile {profile_code!r} serves none of the services office {office} offers")
            continue
        uk, en = DESK_KINDS[kind]
        for number in range(first, last + 1):
            if number in desks:
                reader.problem(f"{path}.numbers", f"desk {number} is listed twice in office {office}")
                continue
            desks[number] = Desk(
                id=DeskId(f"{office}-{number}"),
                office=office,
                number=number,
                name=LocalizedText(f"{uk} {number}", f"{en} {number}"),
                profile=DeskProfile(code=profile_code, weights=weights),
                kind=kind,
            )
    return tuple(desks[number] for number in sorted(desks))


def read_offices(
    reader: Reader,
    table: Any,
    default_timezone: str,
    categories: dict[CategoryCode, ServiceCategory],
    services: dict[ServiceCode, Service],
    profiles: dict[str, dict[ServiceCode, float]],
) -> dict[OfficeCode, Office]:
    offices: dict[OfficeCode, Office] = {}
    kinds = [kind.value for kind in OfficeKind]
    for code, key, entry in reader.entries(table, "offices", OFFICE_KEYS):
        kind = reader.get(entry, key, "kind", str)
        if kind is not None and kind not in kinds:
            reader.problem(f"{key}.kind", f"must be one of {', '.join(kinds)}, not {kind!r}")
            kind = None
        name = localized(reader, entry, key)
        address = localized(reader, entry, key, "address")
        timezone = reader.get(entry, key, "timezone", str, default_timezone)
        if timezone is not None and not valid_timezone(reader, f"{key}.timezone", timezone):
            timezone = None
        hours = _hours(reader, entry.get("hours", {}), f"{key}.hours")
        offered = _offered(reader, entry, key, categories, services)
        desks = _desks(reader, entry.get("desks"), key, OfficeCode(code), offered, profiles)
        if None in (kind, name, address, timezone, hours) or not offered or not desks:
            continue
        offices[OfficeCode(code)] = Office(
            code=OfficeCode(code),
            name=name,  # type: ignore[arg-type]
            kind=OfficeKind(kind),
            address=address,  # type: ignore[arg-type]
            timezone=timezone,  # type: ignore[arg-type]
            hours=hours,  # type: ignore[arg-type]
            services=offered,
            desks=desks,
        )
    return offices
