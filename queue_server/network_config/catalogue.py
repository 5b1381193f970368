"""The network-wide part of the configuration: name, rules, priorities, categories, services."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

from ..domain.model import (
    CategoryCode,
    LocalizedText,
    PriorityCategory,
    QueueRules,
    Service,
    ServiceCategory,
    ServiceCode,
)
from .reader import Reader

PREFIX = re.compile(r"^[А-ЯЄІЇҐ]$")
NETWORK_FILE = "network.toml"
SERVICES_FILE = "services.toml"


@dataclass(frozen=True)
class NetworkPart:
    name: LocalizedText
    timezone: str
    rules: QueueRules
    priorities: dict[str, PriorityCategory]


def localized(reader: Reader, table: dict[str, Any], key: str, name: str = "name") -> LocalizedText | None:
    uk = reader.text(table, key, name)
    en = reader.text(table, key, f"{name}_en")
    return LocalizedText(uk, en) if uk and en else None


def valid_timezone(reader: Reader, key: str, value: str) -> bool:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        reader.problem(key, f"unknown time zone {value!r} (for example \"Europe/Kyiv\")")
        return False
    return True


def read_network(reader: Reader, data: dict[str, Any]) -> NetworkPart | None:
    reader.keys(data, "", ("network", "rules", "priorities"))
    network = data.get("network", {})
    name = None
    timezone = "Europe/Kyiv"
    if reader.keys(network, "network", ("name", "name_en", "timezone")):
        name = localized(reader, network, "network")
        timezone = reader.get(network, "network", "timezone", str, "Europe/Kyiv") or timezone
        valid_timezone(reader, "network.timezone", timezone)
    rules = read_rules(reader, data.get("rules", {}))
    priorities: dict[str, PriorityCategory] = {}
    for code, key, entry in reader.entries(data.get("priorities", {}), "priorities", ("name", "name_en", "enabled"), required=False):
        text = localized(reader, entry, key)
        enabled = reader.get(entry, key, "enabled", bool, True)
        if text is not None and enabled is not None:
            priorities[code] = PriorityCategory(code, text, enabled)
    if name is None or rules is None:
        return None
    return NetworkPart(name, timezone, rules, priorities)


def read_rules(reader: Reader, table: Any) -> QueueRules | None:
    allowed = ("priority_share", "priority_window", "escalation_factor", "recall_limit", "appointment_window_minutes")
    if not reader.keys(table, "rules", allowed):
        return None
    defaults = QueueRules()
    share = reader.get(table, "rules", "priority_share", float, defaults.priority_share)
    window = reader.get(table, "rules", "priority_window", int, defaults.priority_window)
    factor = reader.get(table, "rules", "escalation_factor", float, defaults.escalation_factor)
    recalls = reader.get(table, "rules", "recall_limit", int, defaults.recall_limit)
    minutes = reader.get(table, "rules", "appointment_window_minutes", int, 5)
    checks = [
        (share is not None and not 0 <= share <= 1, "rules.priority_share", "must be from 0 to 1"),
        (window is not None and not 1 <= window <= 1000, "rules.priority_window", "must be from 1 to 1000"),
        (factor is not None and factor < 0, "rules.escalation_factor", "must be 0 (off) or more"),
        (recalls is not None and not 0 <= recalls <= 20, "rules.recall_limit", "must be from 0 to 20"),
        (minutes is not None and not 0 <= minutes <= 240, "rules.appointment_window_minutes", "must be from 0 to 240"),
    ]
    bad = False
    for failed, key, message in checks:
        if failed:
            reader.problem(key, message)
            bad = True
    if bad or None in (share, window, factor, recalls, minutes):
        return None
    return QueueRules(
        priority_share=share,  # type: ignore[arg-type]
        priority_window=window,  # type: ignore[arg-type]
        escalation_factor=factor,  # type: ignore[arg-type]
        recall_limit=recalls,  # type: ignore[arg-type]
        appointment_window=dt.timedelta(minutes=minutes),  # type: ignore[arg-type]
    )


def read_categories(reader: Reader, table: Any) -> dict[CategoryCode, ServiceCategory]:
    categories: dict[CategoryCode, ServiceCategory] = {}
    for code, key, entry in reader.entries(table, "categories", ("name", "name_en", "parent", "order")):
        text = localized(reader, entry, key)
        parent = reader.get(entry, key, "parent", str, None)
        order = reader.get(entry, key, "order", int, 0)
        if text is not None and order is not None:
            categories[CategoryCode(code)] = ServiceCategory(CategoryCode(code), text, CategoryCode(parent) if parent else None, order)
    for category in categories.values():
        seen = {category.code}
        parent = category.parent
        while parent is not None:
            if parent not in categories:
                reader.problem(f"categories.{category.code}.parent", f"unknown category {parent!r}")
                break
            if parent in seen:
                reader.problem(f"categories.{category.code}.parent", "the parents go round in a circle")
                break
            seen.add(parent)
            parent = categories[parent].parent
    return categories


SERVICE_KEYS = ("name", "name_en", "category", "prefix", "target_wait_minutes", "typical_duration_minutes", "package", "includes")


def read_services(reader: Reader, table: Any, categories: dict[CategoryCode, ServiceCategory]) -> dict[ServiceCode, Service]:
    services: dict[ServiceCode, Service] = {}
    for code, key, entry in reader.entries(table, "services", SERVICE_KEYS):
        text = localized(reader, entry, key)
        category = reader.get(entry, key, "category", str)
        if category is not None and category not in categories:
            reader.problem(f"{key}.category", f"unknown category {category!r}")
            category = None
        prefix = reader.get(entry, key, "prefix", str)
        if prefix is not None and not PREFIX.match(prefix):
            reader.problem(f"{key}.prefix", f"must be one capital Ukrainian letter (А, Б, В…), not {prefix!r}")
            prefix = None
        target = reader.positive(entry, key, "target_wait_minutes")
        typical = reader.positive(entry, key, "typical_duration_minutes")
        package = reader.get(entry, key, "package", bool, False)
        includes = reader.code_list(entry, key, "includes")
        if package and not includes:
            reader.problem(f"{key}.includes", "a package must list the services it includes")
        if includes and not package:
            reader.problem(f"{key}.includes", "only a package (package = true) includes other services")
        if None in (text, category, prefix, target, typical, package):
            continue
        services[ServiceCode(code)] = Service(
            code=ServiceCode(code),
            name=text,  # type: ignore[arg-type]
            category=CategoryCode(category),  # type: ignore[arg-type]
            prefix=prefix,  # type: ignore[arg-type]
            target_wait=dt.timedelta(minutes=target),  # type: ignore[arg-type]
            typical_duration=dt.timedelta(minutes=typical),  # type: ignore[arg-type]
            package=bool(package),
            includes=tuple(ServiceCode(item) for item in includes),
        )
    for service in services.values():
        for included in service.includes:
            if included not in services:
                reader.problem(f"services.{service.code}.includes", f"unknown service {included!r}")
            elif services[included].package:
                reader.problem(f"services.{service.code}.includes", f"{included!r} is itself a package")
    return services


def services_under(categories: dict[CategoryCode, ServiceCategory], services: dict[ServiceCode, Service], category: str) -> list[ServiceCode]:
    """Every service of a category and of its sub-categories."""

    def inside(code: CategoryCode | None) -> bool:
        seen: set[CategoryCode] = set()
        while code is not None and code not in seen:  # a circle is reported elsewhere
            if code == category:
                return True
            seen.add(code)
            code = categories[code].parent if code in categories else None
        return False

    return [service.code for service in services.values() if inside(service.category)]
