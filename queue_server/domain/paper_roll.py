"""Paper-roll tickets: when the kiosk or the power is down, the office hands out a pre-printed numbered roll.

A desk types the number a visitor holds (`Р012`); Cherga then makes the
ticket as if the kiosk had issued it, so the board, the reports and the
rating QR go on working. The issue time of a paper number is not known —
only that the roll was handed out in order — so it is estimated from the
numbers already entered today and marked as an estimate. Numbers of a roll
are never entered twice in an office's day.

Pure: the office's paper mode (its switch) and the estimate take `now` as an argument.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .errors import InvalidRequest, InvalidTransition

# Latin letters a hurried administrator may type for the Cyrillic letter they look like (А В С Е Н І К М О Р Т Х У)
CYRILLIC_TWINS = (0x410, 0x412, 0x421, 0x415, 0x41D, 0x406, 0x41A, 0x41C, 0x41E, 0x420, 0x422, 0x425, 0x423)
LATIN_TWINS = {ord(latin): cyrillic for latin, cyrillic in zip("ABCEHIKMOPTXY", CYRILLIC_TWINS, strict=True)}
_TYPED = re.compile(r"^\s*(?P<prefix>[^\d\s-]*)\s*[-\s]?\s*(?P<digits>\d{1,6})\s*$")


class PaperModeOn(InvalidTransition):
    """The office's kiosks are switched to paper tickets (HTTP 409 with code `paper_mode`)."""

    code = "paper_mode"


class PaperNumberUsed(InvalidTransition):
    """This paper number was already entered today at the office (HTTP 409 with code `paper_number_used`)."""

    code = "paper_number_used"


def fold(letters: str) -> str:
    """Capital Cyrillic letters, a Latin look-alike taken for its Cyrillic twin («p» and «P» are «Р»)."""
    return letters.upper().translate(LATIN_TWINS)


@dataclass(frozen=True)
class PaperRoll:
    """A pre-printed roll's series: `prefix` then the numbers `first` to `last` in `digits` digits (Р001–Р500)."""

    prefix: str = "Р"
    first: int = 1
    last: int = 500
    digits: int = 3

    def number(self, sequence: int) -> str:
        """The number as printed on the roll."""
        return f"{self.prefix}{sequence:0{self.digits}d}"

    @property
    def series(self) -> str:
        return f"{self.number(self.first)}–{self.number(self.last)}"


@dataclass(frozen=True)
class PaperNumber:
    """A typed paper number read against the office's roll: `sequence` on the roll, `number` as printed."""

    roll: PaperRoll
    sequence: int

    @property
    def number(self) -> str:
        return self.roll.number(self.sequence)

    @property
    def prefix(self) -> str:
        return self.roll.prefix


def parse(typed: str, roll: PaperRoll) -> PaperNumber:
    """The paper number a desk typed: «р12», «Р012», Latin "P012" and "12" are all Р012 of a Р roll.

    Refused (400) when it is not a number of the office's roll: another
    letter, no digits, or outside the series.
    """
    found = _TYPED.match(typed or "")
    if found is None:
        raise InvalidRequest(f"{typed!r} is not a paper number; expected one like {roll.number(roll.first)}", field="number")
    prefix = fold(found["prefix"])
    if prefix and prefix != fold(roll.prefix):
        raise InvalidRequest(
            f"{typed!r} is not of this office's paper roll ({roll.series})", field="number", series=roll.series
        )
    sequence = int(found["digits"])
    if not roll.first <= sequence <= roll.last:
        raise InvalidRequest(
            f"{typed!r} is outside this office's paper roll ({roll.series})", field="number", series=roll.series
        )
    return PaperNumber(roll, sequence)


@dataclass(frozen=True)
class PaperIssue:
    """A paper number to enter as a ticket: the number on the roll, and its estimated issue time."""

    paper: PaperNumber
    issued_at: dt.datetime


def handed_out_from(opening: dt.datetime, mode: PaperMode | None) -> dt.datetime:
    """When the day's roll began to be handed out: the switch to paper mode, when that came after the opening."""
    if mode is not None and mode.started_at > opening:
        return mode.started_at
    return opening


def estimate_issue_time(
    sequence: int,
    entered: Mapping[int, dt.datetime],
    *,
    first: int,
    start: dt.datetime,
    now: dt.datetime,
) -> dt.datetime:
    """When the visitor holding paper number `sequence` was most likely handed it; always an estimate.

    The roll is handed out in order, from number `first` at `start` (when the
    office switched to paper, or opened). `entered` holds the numbers already
    entered today with their (estimated) issue times. Between two known
    neighbours the time is interpolated by the number; above every known
    number it is halfway between its nearest lower neighbour's time and
    `now`, since the visitor took it after that neighbour and before being
    called. Never later than `now`, never earlier than its lower neighbour.
    """
    points = {number: min(at, now) for number, at in entered.items() if number != sequence}
    points.setdefault(first, min(start, now))
    below = [number for number in points if number <= sequence]
    above = [number for number in points if number > sequence]
    if not below:  # a number below the roll's first is refused before; keep the rule total anyway
        return min(start, now)
    low = max(below)
    low_at = points[low]
    if low == sequence:
        return low_at
    if above:
        high = min(above)
        high_at = max(points[high], low_at)
        return low_at + (high_at - low_at) * (sequence - low) / (high - low)
    return low_at + (now - low_at) / 2 if now > low_at else low_at


@dataclass(frozen=True)
class PaperMode:
    """An office's kiosks switched to «Візьміть паперовий талон»: when it began and ended, and who said so."""

    office: str
    started_at: dt.datetime
    started_by: str
    ended_at: dt.datetime | None = None
    ended_by: str | None = None
    id: int = 0

    @property
    def active(self) -> bool:
        return self.ended_at is None


def switch_on(current: PaperMode | None, office: str, now: dt.datetime, by: str) -> PaperMode:
    """Kiosks hand over to the paper roll; refused when they already have."""
    if current is not None and current.active:
        raise InvalidTransition(f"the kiosks of office {office} are already on paper tickets", office=office)
    return PaperMode(office=office, started_at=now, started_by=by)


def switch_off(current: PaperMode | None, office: str, now: dt.datetime, by: str) -> PaperMode:
    """Kiosks issue again; refused when they are not on paper tickets."""
    if current is None or not current.active:
        raise InvalidTransition(f"the kiosks of office {office} are not on paper tickets", office=office)
    return replace(current, ended_at=now, ended_by=by)


def refuse_kiosk(current: PaperMode | None, *, by_kiosk: bool) -> None:
    """A kiosk issues no ticket while the office is on paper; staff still may (`PaperModeOn`, 409 `paper_mode`)."""
    if by_kiosk and current is not None and current.active:
        raise PaperModeOn(
            f"the office's kiosks are on paper tickets since {current.started_at:%H:%M} UTC: take a paper ticket",
            office=current.office,
        )


def clashes(roll: PaperRoll, service_prefixes: Mapping[str, str]) -> list[str]:
    """The services (code → prefix) whose ticket letter reads like the roll's: their numbers would be confused."""
    return sorted(code for code, prefix in service_prefixes.items() if fold(prefix) == fold(roll.prefix))
