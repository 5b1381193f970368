"""`offices.toml`: shared schedules and service sets, then each office with its hours, services and desks.

Dozens of offices share the same hours and the same list of services; naming
them once (`[schedules.CODE]`, `[service_sets.CODE]`) keeps a change to all
territorial units to one line, while an office can still add its own. A
day's hours may hold breaks ("08:00-12:00, 13:00-17:00"), and an office may
change the network's booking terms for its own slots (`booking = { … }`).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace
from typing import Any

from ..domain.hours import OpeningHours, TimeSpan, Weekday
from ..domain.model import BookingTerms, Office, OfficeCode, OfficeKind, RemoteTicketTerms, ServiceCode
from ..domain.paper_roll import PaperRoll
from .booking import read_office_terms
from .calendar import Calendar, day_intervals, read_calendar
from .catalogue import Catalogue, services_under
from .desks import read_desks
from .paper_roll import read_office_paper_roll
from .profiles import Profiles
from .reader import Reader
from .remote_tickets import read_office_remote_terms
from .shelter import SHELTER_KEYS, read_office_shelter
from .trips import read_office_trips

OFFICES_FILE = "offices.toml"
WEEKDAY_KEYS = tuple(day.value for day in Weekday)
OFFICE_KINDS = tuple(kind.value for kind in OfficeKind)
OFFICE_KEYS = (
    "kind", "name", "name_en", "address", "address_en", "timezone",
    "hours", "service_set", "categories", "services", "desks", "booking", "remote_tickets", "calendar",
    "paper_roll", *SHELTER_KEYS,
    "caps",  # read by caps.py
    "trips",  # a mobile office's, read by trips.py
)  # fmt: skip


def read_offices(
    reader: Reader,
    data: dict[str, Any],
    default_timezone: str,
    catalogue: Catalogue,
    profiles: Profiles,
    declared_profiles: Container[str],
    *,
    terms: BookingTerms = BookingTerms(),
    remote: RemoteTicketTerms = RemoteTicketTerms(),
    paper_roll: PaperRoll = PaperRoll(),
    trusted_profiles: bool = True,
    calendar: Calendar = Calendar(),
) -> dict[OfficeCode, Office]:
    """The offices by code; `terms` and `remote` are the network's booking and remote-ticket terms,
    which an office may change for itself, and `calendar` the network's holidays and shortened days, to which
    an office adds its own (`calendar = { … }`). `trusted_profiles` is False when profiles.toml has problems
    of its own: a desk's profile may then lack a service because of them."""
    reader.keys(data, "", ("schedules", "service_sets", "offices"))
    schedules = {
        code: hours
        for code, key, entry in reader.entries(data.get("schedules", {}), "schedules", WEEKDAY_KEYS, required=False)
        if (hours := _hours(reader, entry, key)) is not None
    }
    service_sets = {
        code: _offered(reader, entry, key, catalogue)
        for code, key, entry in reader.entries(data.get("service_sets", {}), "service_sets", ("categories", "services"), required=False)
    }
    offices: dict[OfficeCode, Office] = {}
    for code, key, entry in reader.entries(data.get("offices"), "offices", OFFICE_KEYS):
        before = len(reader.problems)
        office = _office(
            reader, OfficeCode(code), key, entry, (default_timezone, terms), catalogue, (profiles, declared_profiles), schedules, service_sets
        )
        if office is not None and trusted_profiles and len(reader.problems) == before:  # a desk left out by a mistake is not blamed again
            _check_package_desks(reader, key, office, catalogue, profiles)
        own_remote = read_office_remote_terms(reader, entry, key, remote)
        own_roll = read_office_paper_roll(reader, entry, key, paper_roll, office, catalogue.services)
        own_calendar = read_calendar(reader, entry["calendar"], f"{key}.calendar") if "calendar" in entry else Calendar()
        shelter = read_office_shelter(reader, entry, key)
        trips = read_office_trips(reader, entry, key, entry.get("kind"))
        if office is not None and own_remote is not None and own_roll is not None and own_calendar is not None:
            hours = calendar.with_own(own_calendar).applied_to(office.hours)
            offices[office.code] = replace(office, remote=own_remote, paper_roll=own_roll, hours=hours, shelter=shelter, trips=trips)
    return offices


def _office(
    reader: Reader,
    code: OfficeCode,
    key: str,
    entry: dict[str, Any],
    defaults: tuple[str, BookingTerms],
    catalogue: Catalogue,
    profiles: tuple[Profiles, Container[str]],
    schedules: dict[str, OpeningHours],
    service_sets: dict[str, tuple[ServiceCode, ...]],
) -> Office | None:
    default_timezone, default_terms = defaults
    kind = reader.get(entry, key, "kind", str)
    if kind is not None and kind not in OFFICE_KINDS:
        reader.problem(f"{key}.kind", f"must be one of {', '.join(OFFICE_KINDS)}, not {kind!r}")
        kind = None
    name = reader.localized(entry, key)
    address = reader.localized(entry, key, "address")
    timezone = reader.get(entry, key, "timezone", str, default_timezone)
    if timezone is not None and not reader.timezone(f"{key}.timezone", timezone):
        timezone = None
    hours = _office_hours(reader, entry, key, schedules)
    offered = _office_services(reader, entry, key, catalogue, service_sets)
    desks = read_desks(reader, entry.get("desks"), key, code, offered, *profiles)
    terms = read_office_terms(reader, entry, key, default_terms)
    if kind is None or name is None or address is None or timezone is None or hours is None or terms is None:
        return None
    if not offered or not desks:
        return None
    return Office(code, name, OfficeKind(kind), address, timezone, hours, offered, desks, terms)


def _office_hours(reader: Reader, entry: dict[str, Any], key: str, schedules: dict[str, OpeningHours]) -> OpeningHours | None:
    """`hours` is either the office's own `{ mon = "08:00-17:00", … }` or the code of a shared schedule."""
    value = entry.get("hours")
    if isinstance(value, str):
        if not reader.known(f"{key}.hours", "schedule", value, schedules, reader.declared_codes("schedules")):
            return None
        return schedules[value]
    if value is None:
        reader.problem(f"{key}.hours", "is required: { mon = \"08:00-17:00\", … } or the code of a schedule")
        return None
    if not reader.keys(value, f"{key}.hours", WEEKDAY_KEYS):
        return None
    return _hours(reader, value, f"{key}.hours")


def _hours(reader: Reader, table: dict[str, Any], key: str) -> OpeningHours | None:
    """Opening hours from a weekday table; a day left out is closed, but some day must be open."""
    days: dict[Weekday, tuple[TimeSpan, ...]] = {}
    for day in WEEKDAY_KEYS:
        if day in table:
            intervals = day_intervals(reader, f"{key}.{day}", table[day])
            if intervals is not None:
                days[Weekday(day)] = intervals
    if not table:
        reader.problem(key, "the office is open on no day")
    if len(days) != sum(day in table for day in WEEKDAY_KEYS) or not days:
        return None
    return OpeningHours.from_intervals(days)


def _offered(reader: Reader, entry: dict[str, Any], key: str, catalogue: Catalogue) -> tuple[ServiceCode, ...]:
    """The services named by `categories` (with their sub-categories) and `services`, in that order."""
    offered: list[ServiceCode] = []
    for category in reader.code_list(entry, key, "categories"):
        if reader.known(f"{key}.categories", "category", category, catalogue.categories, catalogue.declared_categories):
            offered += services_under(catalogue.categories, catalogue.services, category)
    for service in reader.code_list(entry, key, "services"):
        if reader.known(f"{key}.services", "service", service, catalogue.services, catalogue.declared_services):
            offered.append(ServiceCode(service))
    return tuple(dict.fromkeys(offered))


def _office_services(
    reader: Reader,
    entry: dict[str, Any],
    key: str,
    catalogue: Catalogue,
    service_sets: dict[str, tuple[ServiceCode, ...]],
) -> tuple[ServiceCode, ...]:
    """The office's service set and its own additions; a package must come with every service it bundles."""
    before = len(reader.problems)
    offered: tuple[ServiceCode, ...] = ()
    set_code = reader.get(entry, key, "service_set", str, None)
    if set_code is not None and reader.known(f"{key}.service_set", "service set", set_code, service_sets, reader.declared_codes("service_sets")):
        offered = service_sets[set_code]
    offered = tuple(dict.fromkeys(offered + _offered(reader, entry, key, catalogue)))
    if not offered and set_code is None and "categories" not in entry and "services" not in entry:
        reader.problem(key, "offers no service: give `service_set`, `categories` or `services`")
    elif not offered and len(reader.problems) == before and catalogue.complete:
        reader.problem(key, "offers no service: its categories hold no service")
    for code in offered:
        missing = [part for part in catalogue.services[code].includes if part not in offered and part in catalogue.services]
        if missing:
            reader.problem(
                key,
                f"offers package {code!r} but not the services it bundles: {', '.join(missing)} "
                "(add them, or leave the package out)",
            )
    return offered


def _check_package_desks(reader: Reader, key: str, office: Office, catalogue: Catalogue, profiles: Profiles) -> None:
    """A step that names its desks' profiles needs such a desk here, or a visit of the package stops at that step."""
    offered, desks = office.services, office.desks
    for code in offered:
        for step in catalogue.services[code].steps:
            named = [profile for profile in step.profiles if profile in profiles]  # an unknown one is reported in services.toml
            if not named or step.service not in offered:
                continue
            if not any(desk.profile.code in named and step.service in desk.profile.weights for desk in desks):
                reader.problem(
                    f"{key}.desks",
                    f"offers package {code!r}, whose step {step.service!r} only desks of profile {' or '.join(map(repr, named))} do, "
                    "but has no such desk (add one, or leave the package out)",
                )
