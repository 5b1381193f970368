"""`services.toml`: the kiosk's category tree and the services, packages among them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from ..domain.model import CategoryCode, Service, ServiceCategory, ServiceCode, StatutoryTerm
from .booking import read_share
from .calendar import read_service_hours
from .caps import CAP_KEYS
from .packages import StepPaths, read_steps
from .reader import Reader

SERVICES_FILE = "services.toml"
# The Ukrainian alphabet without Ь, which starts no word and so names no group;
# Russian-only letters (Ы, Э, Ъ, Ё) would puzzle visitors.
PREFIX_LETTERS = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ"
MAX_MINUTES = 24 * 60  # a wait or a service longer than an office day is a typo
MAX_TERM_DAYS = 366  # a statutory term longer than a year is a typo
SERVICE_KEYS = (
    "name", "name_en", "category", "prefix", "target_wait_minutes", "typical_duration_minutes", "package", "includes",
    "bookable", "bookable_share", "hours", "term_days", "term_working_days", *CAP_KEYS,
)  # fmt: skip

Categories = dict[CategoryCode, ServiceCategory]
Services = dict[ServiceCode, Service]


@dataclass(frozen=True)
class Catalogue:
    """The valid categories and services, and every code declared, broken or not.

    Profiles and offices refer to the catalogue by code; knowing the broken
    codes too lets them skip a reference to a broken entry silently, since
    that entry's own problem is already reported.
    """

    categories: Categories
    services: Services
    declared_categories: Container[str] = frozenset()
    declared_services: Container[str] = frozenset()
    complete: bool = True  # False when services.toml could not be read: nothing can be missed from it
    step_paths: StepPaths = field(default_factory=dict)  # where each package's step is written, for later checks


def read_catalogue(reader: Reader, data: dict[str, Any]) -> Catalogue:
    reader.keys(data, "", ("categories", "services"))
    categories = read_categories(reader, data.get("categories"))
    step_paths: StepPaths = {}
    services = read_services(reader, data.get("services"), categories, step_paths)
    return Catalogue(
        categories,
        services,
        reader.declared_codes("categories"),
        reader.declared_codes("services"),
        complete=not reader.unreadable,
        step_paths=step_paths,
    )


def read_categories(reader: Reader, table: Any) -> Categories:
    """The menu tree; a parent must exist and the parents must not go round, or a menu never ends."""
    categories: Categories = {}
    for code, key, entry in reader.entries(table, "categories", ("name", "name_en", "parent", "order")):
        text = reader.localized(entry, key)
        parent = reader.get(entry, key, "parent", str, None)
        order = reader.get(entry, key, "order", int, 0)
        if text is not None and order is not None:
            categories[CategoryCode(code)] = ServiceCategory(CategoryCode(code), text, CategoryCode(parent) if parent else None, order)
    for category in categories.values():
        seen = {category.code}
        parent = category.parent
        while parent is not None:
            if not reader.known(f"categories.{category.code}.parent", "category", parent, categories, reader.declared["categories"]):
                break
            if parent in seen:
                reader.problem(f"categories.{category.code}.parent", "the parents go round in a circle")
                break
            seen.add(parent)
            parent = categories[parent].parent
    return categories


def read_services(reader: Reader, table: Any, categories: Categories, step_paths: StepPaths | None = None) -> Services:
    services: Services = {}
    for code, key, entry in reader.entries(table, "services", SERVICE_KEYS):
        service = _service(reader, code, key, entry, categories, {} if step_paths is None else step_paths)
        if service is not None:
            services[service.code] = service
    _check_packages(reader, services)
    _check_prefixes(reader, services)
    return services


def _service(
    reader: Reader, code: str, key: str, entry: dict[str, Any], categories: Categories, step_paths: StepPaths
) -> Service | None:
    text = reader.localized(entry, key)
    category = reader.get(entry, key, "category", str)
    if category is not None and not reader.known(f"{key}.category", "category", category, categories, reader.declared.get("categories", ())):
        category = None
    prefix = reader.get(entry, key, "prefix", str)
    if prefix is not None and (len(prefix) != 1 or prefix not in PREFIX_LETTERS):
        reader.problem(f"{key}.prefix", f"must be one capital Ukrainian letter (А, Б, В…), not {prefix!r}")
        prefix = None
    target = reader.positive(entry, key, "target_wait_minutes", MAX_MINUTES)
    typical = reader.positive(entry, key, "typical_duration_minutes", MAX_MINUTES)
    package = reader.get(entry, key, "package", bool, False)
    steps = read_steps(reader, code, entry, key, step_paths)
    if package and not steps and entry.get("includes", []) == []:
        reader.problem(f"{key}.includes", "a package must list the services it includes")
    if "includes" in entry and package is False:
        reader.problem(f"{key}.includes", "only a package (package = true) includes other services")
    bookable = reader.get(entry, key, "bookable", bool, True)
    share = read_share(reader, entry, key, None) if "bookable_share" in entry else None
    if "bookable_share" in entry and share is None:
        return None
    hours = read_service_hours(reader, entry, key) if "hours" in entry else None
    if "hours" in entry and hours is None:
        return None
    term = read_term(reader, entry, key)
    if ("term_days" in entry or "term_working_days" in entry) and term is None:
        return None
    if text is None or category is None or prefix is None or target is None or typical is None or package is None or bookable is None:
        return None
    return Service(
        code=ServiceCode(code),
        name=text,
        category=CategoryCode(category),
        prefix=prefix,
        target_wait=dt.timedelta(minutes=target),
        typical_duration=dt.timedelta(minutes=typical),
        package=package,
        steps=steps,
        bookable=bookable,
        bookable_share=share,
        hours=hours,
        term=term,
    )


def read_term(reader: Reader, entry: dict[str, Any], key: str) -> StatutoryTerm | None:
    """`term_days` (calendar days) or `term_working_days`: a whole number of days, 1 to a year, one key at most."""
    given = [name for name in ("term_days", "term_working_days") if name in entry]
    if len(given) > 1:
        reader.problem(f"{key}.term_working_days", "give term_days or term_working_days, not both")
        return None
    if not given:
        return None
    name = given[0]
    days = reader.get(entry, key, name, int)
    if days is None:
        return None
    if not 0 < days <= MAX_TERM_DAYS:
        reader.problem(f"{key}.{name}", f"must be a whole number of days from 1 to {MAX_TERM_DAYS}, not {days}")
        return None
    return StatutoryTerm(days, working=name == "term_working_days")


def _check_packages(reader: Reader, services: Services) -> None:
    """A package bundles plain services: a package inside a package would be served twice over."""
    for service in services.values():
        for included in service.includes:
            if included == service.code:
                reader.problem(f"services.{service.code}.includes", "a package cannot include itself")
            elif not reader.known(f"services.{service.code}.includes", "service", included, services, reader.declared["services"]):
                continue
            elif services[included].package:
                reader.problem(f"services.{service.code}.includes", f"{included!r} is itself a package")


def _check_prefixes(reader: Reader, services: Services) -> None:
    """One category, one letter: visitors of a group read their turn from one sequence (А014, А015…)."""
    first: dict[CategoryCode, Service] = {}
    for service in services.values():
        leader = first.setdefault(service.category, service)
        if service.prefix != leader.prefix:
            reader.problem(
                f"services.{service.code}.prefix",
                f"{service.prefix!r} differs from {leader.prefix!r} of {leader.code!r}: "
                f"every service of category {service.category!r} takes the same letter",
            )


def depth(categories: Categories, code: CategoryCode) -> int:
    """How deep a category sits in the tree (0 at the top); a circle, reported elsewhere, stops the count."""
    seen: set[CategoryCode] = set()
    parent = categories[code].parent if code in categories else None
    while parent is not None and parent not in seen and parent in categories:
        seen.add(parent)
        parent = categories[parent].parent
    return len(seen)


def services_under(categories: Categories, services: Services, category: str) -> list[ServiceCode]:
    """Every service of a category and of its sub-categories: naming a menu node names all it holds."""

    def inside(code: CategoryCode | None) -> bool:
        seen: set[CategoryCode] = set()
        while code is not None and code not in seen:  # a circle is reported elsewhere
            if code == category:
                return True
            seen.add(code)
            code = categories[code].parent if code in categories else None
        return False

    return [service.code for service in services.values() if inside(service.category)]
