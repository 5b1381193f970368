"""`boards.toml` (optional): named hall boards, each with the calls it shows and how it speaks.

A board belongs to one office and may narrow its calls to some services
(`services`, `categories`) and some desks (`desks = "11-16"`); every
reference is checked against what that office really offers and has, and a
board whose filters leave no desk serving any of its services is refused,
since it would stay blank all day. An office without a named board still
has its default one (`domain.boards.default_board`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from typing import Any

from ..domain.boards import ORIENTATIONS, RECENT_CALLS_RANGE, RESERVED_BOARD_CODES, VOLUME_RANGE, Board
from ..domain.model import DeskId, LocalizedText, Office, OfficeCode, ServiceCode
from .catalogue import Catalogue, services_under
from .desks import DESK_RANGE
from .reader import TIME_RANGE, Reader, path_of

BOARDS_FILE = "boards.toml"
BOARD_KEYS = (
    "office", "name", "name_en", "orientation", "services", "categories", "desks", "recent_calls",
    "ticker", "ticker_en", "paired", "volume", "muted", "quiet_hours", "english", "repeat_recall",
)  # fmt: skip
TICKER_LENGTH = 500
DEFAULTS = Board(code="", office=OfficeCode(""))


def read_boards(
    reader: Reader,
    data: dict[str, Any],
    offices: dict[OfficeCode, Office],
    declared_offices: Container[str],
    catalogue: Catalogue,
    *,
    trusted: bool = True,
) -> dict[str, Board]:
    """The boards by code; a file without `[boards.CODE]` tables gives none.

    `trusted` is False when the files the boards refer to have problems of
    their own: an office may then lack a desk or a service only because of
    them, so what a board asks of its office is not checked this time.
    """
    reader.keys(data, "", ("boards",))
    boards: dict[str, Board] = {}
    for code, key, entry in reader.entries(data.get("boards"), "boards", BOARD_KEYS, required=False):
        if code in RESERVED_BOARD_CODES:
            reader.problem(key, f"code {code!r} is reserved for the office's default board (/display/OFFICE/{code}): choose another")
            continue
        board = _board(reader, code, key, entry, offices, declared_offices, catalogue, trusted)
        if board is not None:
            boards[code] = board
    return boards


def _board(
    reader: Reader,
    code: str,
    key: str,
    entry: dict[str, Any],
    offices: dict[OfficeCode, Office],
    declared_offices: Container[str],
    catalogue: Catalogue,
    trusted: bool,
) -> Board | None:
    before = len(reader.problems)
    office_code = reader.get(entry, key, "office", str)
    office = None
    if office_code is not None and reader.known(f"{key}.office", "office", office_code, offices, declared_offices):
        office = offices[OfficeCode(office_code)]
    checked = office if trusted else None  # what the office offers and has, when that can be relied on
    name = _pair(reader, entry, key, "name", 200)
    orientation = reader.get(entry, key, "orientation", str, DEFAULTS.orientation)
    if orientation is not None and orientation not in ORIENTATIONS:
        reader.problem(f"{key}.orientation", f"must be \"landscape\" (wide) or \"portrait\" (tall), not {orientation!r}")
    recent_calls = _whole(reader, entry, key, "recent_calls", RECENT_CALLS_RANGE, DEFAULTS.recent_calls)
    ticker = _pair(reader, entry, key, "ticker", TICKER_LENGTH)
    volume = _whole(reader, entry, key, "volume", VOLUME_RANGE, DEFAULTS.volume)
    paired = reader.get(entry, key, "paired", bool, DEFAULTS.paired)
    muted = reader.get(entry, key, "muted", bool, DEFAULTS.muted)
    english = reader.get(entry, key, "english", bool, DEFAULTS.english)
    repeat_recall = reader.get(entry, key, "repeat_recall", bool, DEFAULTS.repeat_recall)
    quiet_hours = _quiet_hours(reader, f"{key}.quiet_hours", entry["quiet_hours"]) if "quiet_hours" in entry else None
    services = _services(reader, entry, key, checked, catalogue)
    desks = _desks(reader, entry, key, office_code or "", checked)
    if checked is not None and len(reader.problems) == before:
        _check_shows_something(reader, entry, key, checked, services, desks)
    if len(reader.problems) != before or office is None or orientation is None or recent_calls is None or volume is None:
        return None
    if paired is None or muted is None or english is None or repeat_recall is None:
        return None
    return Board(
        code=code,
        office=office.code,
        name=name,
        orientation=orientation,
        services=services,
        desks=desks,
        recent_calls=recent_calls,
        ticker=ticker,
        paired=paired,
        volume=volume,
        muted=muted,
        quiet_hours=quiet_hours,
        english=english,
        repeat_recall=repeat_recall,
    )


def _pair(reader: Reader, entry: dict[str, Any], key: str, name: str, max_length: int) -> LocalizedText | None:
    """An optional visible text: left out altogether, or given in Ukrainian (`name`) and English (`name_en`)."""
    if name not in entry and f"{name}_en" not in entry:
        return None
    uk = reader.text(entry, key, name, max_length)
    en = reader.text(entry, key, f"{name}_en", max_length)
    return LocalizedText(uk, en) if uk and en else None


def _whole(reader: Reader, entry: dict[str, Any], key: str, name: str, bounds: tuple[int, int], default: int) -> int | None:
    value = reader.get(entry, key, name, int, default)
    low, high = bounds
    if value is not None and not low <= value <= high:
        reader.problem(path_of(key, name), f"must be from {low} to {high}, not {value}")
        return None
    return value


def _quiet_hours(reader: Reader, key: str, value: Any) -> tuple[dt.time, dt.time] | None:
    """Quiet hours "HH:MM-HH:MM" in the office's time zone; a start later than the end crosses midnight ("20:00-08:00")."""
    match = TIME_RANGE.match(value) if isinstance(value, str) else None
    if match is None:
        reader.problem(key, f"must be a time range such as \"20:00-08:00\", not {value!r}")
        return None
    hours_start, minutes_start, hours_end, minutes_end = (int(part) for part in match.groups())
    try:
        start, end = dt.time(hours_start, minutes_start), dt.time(hours_end, minutes_end)
    except ValueError:
        reader.problem(key, f"{value!r} is not a time of day (00:00 to 23:59)")
        return None
    if start == end:
        reader.problem(key, f"{value!r} starts when it ends: give the hours without voice, such as \"20:00-08:00\", or set muted = true")
        return None
    return start, end


def _services(reader: Reader, entry: dict[str, Any], key: str, office: Office | None, catalogue: Catalogue) -> frozenset[ServiceCode] | None:
    """The services of `categories` and `services` that the office offers; None when neither key is given."""
    if "categories" not in entry and "services" not in entry:
        return None
    chosen: list[ServiceCode] = []
    for category in _listed(reader, entry, key, "categories", "category"):
        path = f"{key}.categories"
        if not reader.known(path, "category", category, catalogue.categories, catalogue.declared_categories):
            continue
        under = services_under(catalogue.categories, catalogue.services, category)
        if office is not None:
            under = [service for service in under if service in office.services]
            if not under:
                reader.problem(path, f"office {office.code} offers no service of category {category!r}")
        chosen += under
    for service in _listed(reader, entry, key, "services", "service"):
        path = f"{key}.services"
        if not reader.known(path, "service", service, catalogue.services, catalogue.declared_services):
            continue
        if office is not None and service not in office.services:
            reader.problem(path, f"office {office.code} does not offer service {service!r}")
            continue
        chosen.append(ServiceCode(service))
    return frozenset(chosen)


def _listed(reader: Reader, entry: dict[str, Any], key: str, name: str, what: str) -> list[str]:
    """A list of codes that, when given, names at least one: an empty filter would show nothing."""
    if name not in entry:
        return []
    if entry[name] == []:
        reader.problem(path_of(key, name), f"names no {what}: list at least one, or leave `{name}` out")
        return []
    return reader.code_list(entry, key, name)


def _desks(reader: Reader, entry: dict[str, Any], key: str, office_code: str, office: Office | None) -> frozenset[DeskId] | None:
    """The desks of `desks = "11-16"` or `desks = ["1-6", "9"]`; None when the key is left out."""
    if "desks" not in entry:
        return None
    path = f"{key}.desks"
    value = entry["desks"]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) for item in items):
        reader.problem(path, f"must be desk numbers such as \"1-6\", or a list of them such as [\"1-6\", \"9\"], not {value!r}")
        return None
    numbers: list[int] = []
    for item in items:
        match = DESK_RANGE.match(item.strip())
        if match is None:
            reader.problem(path, f"must be a desk number or a range such as \"7\" or \"1-6\", not {item!r}")
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            reader.problem(path, f"{item!r} must run from low to high, starting at 1 or more")
            continue
        numbers += range(first, last + 1)
    twice = sorted({number for number in numbers if numbers.count(number) > 1})
    if twice:
        reader.problem(path, f"desk {_spans(twice)} is listed twice")
    if office is not None:
        unknown = sorted(set(numbers) - {desk.number for desk in office.desks})
        if unknown:
            reader.problem(path, f"office {office.code} has no desk {_spans(unknown)}")
    return frozenset(DeskId(f"{office_code}-{number}") for number in numbers)


def _check_shows_something(
    reader: Reader,
    entry: dict[str, Any],
    key: str,
    office: Office,
    services: frozenset[ServiceCode] | None,
    desks: frozenset[DeskId] | None,
) -> None:
    """A board whose desks serve none of its services would stay blank: a slip in one of its filters."""
    if services is None and desks is None:
        return
    shown = [desk for desk in office.desks if desks is None or desk.id in desks]
    wanted = office.services if services is None else tuple(services)
    if any(desk.profile.serves(service) for desk in shown for service in wanted):
        return
    where = "desks" if desks is not None else "services" if "services" in entry else "categories"
    reader.problem(
        path_of(key, where),
        f"the board would show nothing: none of its desks of office {office.code} serves any of its services",
    )


def _spans(numbers: list[int]) -> str:
    """Sorted numbers written short: [3, 4, 5, 9] is "3-5, 9"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in spans)
