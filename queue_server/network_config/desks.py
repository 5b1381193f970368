"""An office's desk groups (`desks = [{ numbers = "1-12", profile = "universal" }, …]`) into desks.

Offices count their desks in dozens, so a group names a range of numbers
that share a profile and a kind; each desk's id is OFFICE-NUMBER, the name
staff and visitors already use («вікно 7» of the main office is `main-7`).
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

from ..domain.model import Desk, DeskId, DeskProfile, LocalizedText, OfficeCode, ServiceCode
from .profiles import Profiles
from .reader import Reader

DESK_RANGE = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?$")
DESK_KINDS = {"window": ("Вікно", "Window"), "room": ("Кабінет", "Room")}
GROUP_KEYS = ("numbers", "profile", "kind")


def read_desks(
    reader: Reader,
    value: Any,
    key: str,
    office: OfficeCode,
    offered: tuple[ServiceCode, ...],
    profiles: Profiles,
    declared_profiles: Container[str] = (),
) -> tuple[Desk, ...]:
    """The desks of one office, by number; each profile is cut down to the services the office offers."""
    if not isinstance(value, list) or not value:
        reader.problem(f"{key}.desks", "must be a list of desk groups such as [{ numbers = \"1-4\", profile = \"universal\" }]")
        return ()
    desks: dict[int, Desk] = {}
    for index, group in enumerate(value):
        path = f"{key}.desks[{index}]"
        for desk in _group(reader, group, path, office, offered, profiles, declared_profiles):
            if desk.number in desks:
                reader.problem(f"{path}.numbers", f"desk {desk.number} of office {office} is already in an earlier group")
            else:
                desks[desk.number] = desk
    return tuple(desks[number] for number in sorted(desks))


def _group(
    reader: Reader,
    group: Any,
    path: str,
    office: OfficeCode,
    offered: tuple[ServiceCode, ...],
    profiles: Profiles,
    declared_profiles: Container[str],
) -> list[Desk]:
    if not reader.keys(group, path, GROUP_KEYS):
        return []
    numbers = _numbers(reader, group, path)
    profile_code = reader.get(group, path, "profile", str)
    kind = reader.get(group, path, "kind", str, "window")
    if kind is not None and kind not in DESK_KINDS:
        reader.problem(f"{path}.kind", f"must be \"window\" (вікно) or \"room\" (кабінет), not {kind!r}")
        kind = None
    if profile_code is not None and not reader.known(f"{path}.profile", "profile", profile_code, profiles, declared_profiles):
        profile_code = None
    if profile_code is None:
        return []
    weights = {code: weight for code, weight in profiles[profile_code].items() if code in offered}
    if not weights and profiles[profile_code]:
        reader.problem(f"{path}.profile", f"profile {profile_code!r} serves none of the services office {office} offers")
    if not weights or numbers is None or kind is None:
        return []
    profile = DeskProfile(code=profile_code, weights=weights)
    uk, en = DESK_KINDS[kind]
    return [
        Desk(
            id=DeskId(f"{office}-{number}"),
            office=office,
            number=number,
            name=LocalizedText(f"{uk} {number}", f"{en} {number}"),
            profile=profile,
            kind=kind,
        )
        for number in numbers
    ]


def _numbers(reader: Reader, group: dict[str, Any], path: str) -> range | None:
    numbers = reader.get(group, path, "numbers", str)
    if numbers is None:
        return None
    match = DESK_RANGE.match(numbers.strip())
    if match is None:
        reader.problem(f"{path}.numbers", f"must be a number or a range such as \"7\" or \"1-12\", not {numbers!r}")
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if first < 1 or last < first:
        reader.problem(f"{path}.numbers", f"{numbers!r} must run from low to high, starting at 1 or more")
        return None
    return range(first, last + 1)
