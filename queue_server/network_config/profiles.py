"""`profiles.toml`: named weight tables that desks of every office share.

A profile names whole categories as well as single services, so adding a
service to a category reaches every desk that serves the category without
editing the profiles. Each desk later cuts its profile down to what its
office offers (see `desks.py`).
"""

from __future__ import annotations

import math
from collections.abc import Container
from typing import Any

from ..domain.model import CategoryCode, ServiceCode
from .catalogue import Catalogue, depth, services_under
from .reader import Reader, path_of

PROFILES_FILE = "profiles.toml"

Profiles = dict[str, dict[ServiceCode, float]]


def read_profiles(reader: Reader, data: dict[str, Any], catalogue: Catalogue) -> Profiles:
    """Profiles by code; when several names reach one service, the narrowest wins: service, sub-category, category."""
    reader.keys(data, "", ("profiles",))
    profiles: Profiles = {}
    for code, key, entry in reader.entries(data.get("profiles"), "profiles", ("categories", "services")):
        before = len(reader.problems)
        by_category = _weights(reader, entry, key, "categories", catalogue.categories, catalogue.declared_categories)
        by_service = _weights(reader, entry, key, "services", catalogue.services, catalogue.declared_services)
        weights: dict[ServiceCode, float] = {}
        for category in sorted(by_category, key=lambda name: depth(catalogue.categories, CategoryCode(name))):
            for service in services_under(catalogue.categories, catalogue.services, category):
                weights[service] = by_category[category]
        weights.update({ServiceCode(service): weight for service, weight in by_service.items()})
        if not weights and len(reader.problems) == before and catalogue.complete:
            reader.problem(key, "weights no service: give `categories` or `services` with at least one entry")
        profiles[code] = weights
    return profiles


def _weights(
    reader: Reader, entry: dict[str, Any], key: str, part: str, valid: Container[str], declared: Container[str]
) -> dict[str, float]:
    """The `{ code = weight }` table `part`, keeping only known codes with weights above 0."""
    table = entry.get(part, {})
    path = path_of(key, part)
    if not isinstance(table, dict):
        reader.problem(path, f"must be a table of weights such as {{ passports = 2.0 }}, not {table!r}")
        return {}
    what = "category" if part == "categories" else "service"
    weights: dict[str, float] = {}
    for name, weight in table.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight < math.inf:
            reader.problem(f"{path}.{name}", f"a weight must be a number above 0, not {weight!r}")
        elif reader.known(f"{path}.{name}", what, name, valid, declared):
            weights[name] = float(weight)
    return weights
