"""The paper roll: the network's `[paper_roll]` table and an office's `paper_roll = { … }`.

In an outage the office hands out a pre-printed numbered roll (Р001–Р500);
a desk then types the number a visitor holds (docs/paper-roll.md). The
network gives every office's series; an office with a roll of its own says
so. The roll's letter must not read like the letter of a service the office
gives, or Р012 on paper and Р012 from the kiosk would be two visitors.
"""

from __future__ import annotations

from typing import Any

from ..domain.model import Office, Service, ServiceCode
from ..domain.paper_roll import PaperRoll, clashes
from .catalogue import PREFIX_LETTERS
from .reader import Reader, path_of

PAPER_ROLL_KEYS = ("prefix", "first", "last", "digits")
LARGEST_NUMBER = 99999
DIGITS = (1, 5)
MOST_LETTERS = 3


def read_paper_roll(reader: Reader, table: Any, key: str, defaults: PaperRoll) -> PaperRoll | None:
    """The roll of `table` (at `key`), a key left out keeping its value in `defaults`; None after any problem."""
    if not reader.keys(table, key, PAPER_ROLL_KEYS):
        return None
    before = len(reader.problems)
    prefix = reader.get(table, key, "prefix", str, defaults.prefix)
    first = reader.get(table, key, "first", int, defaults.first)
    last = reader.get(table, key, "last", int, defaults.last)
    digits = reader.get(table, key, "digits", int, defaults.digits)
    if prefix is not None and not (1 <= len(prefix) <= MOST_LETTERS and all(letter in PREFIX_LETTERS for letter in prefix)):
        reader.problem(path_of(key, "prefix"), f"must be 1 to {MOST_LETTERS} capital Ukrainian letters, such as Р, not {prefix!r}")
    if first is not None and not 0 <= first <= LARGEST_NUMBER:
        reader.problem(path_of(key, "first"), f"must be from 0 to {LARGEST_NUMBER}, not {first}")
    if last is not None and first is not None and not first <= last <= LARGEST_NUMBER:
        reader.problem(path_of(key, "last"), f"must be from first ({first}) to {LARGEST_NUMBER}, not {last}")
    if digits is not None and not DIGITS[0] <= digits <= DIGITS[1]:
        reader.problem(path_of(key, "digits"), f"must be from {DIGITS[0]} to {DIGITS[1]}, not {digits}")
    elif digits is not None and last is not None and len(str(last)) > digits:
        reader.problem(path_of(key, "digits"), f"{digits} digits cannot print the last number {last}")
    if len(reader.problems) != before or prefix is None or first is None or last is None or digits is None:
        return None
    return PaperRoll(prefix, first, last, digits)


def read_office_paper_roll(
    reader: Reader, entry: dict[str, Any], key: str, defaults: PaperRoll, office: Office | None, services: dict[ServiceCode, Service]
) -> PaperRoll | None:
    """An office's `paper_roll = { … }` (the network's roll with the keys the office gives), checked against its services' letters."""
    own = "paper_roll" in entry
    where = path_of(key, "paper_roll") if own else "paper_roll"
    roll = read_paper_roll(reader, entry["paper_roll"], where, defaults) if own else defaults
    if roll is None or office is None:
        return roll
    letters = {code: services[code].prefix for code in office.services if code in services}
    clashing = clashes(roll, letters)
    if clashing:
        reader.problem(
            path_of(where, "prefix") if own else key,
            f"the paper roll's letter {roll.prefix!r} is the ticket letter of {', '.join(clashing)} at this office; "
            "choose another letter for the roll (network.toml [paper_roll] or the office's own paper_roll)",
        )
        return None
    return roll
