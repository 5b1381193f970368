"""Booking settings: the network's `[booking]` table, an office's `booking = { … }`, a service's two keys.

The network gives every setting's default; an office may change the terms
of its own slots (`TERMS_KEYS`), and a service may say it is not bookable
or give its own share. The per-person limits count a person's bookings
across the whole network, so only `network.toml` sets them. Each number has
bounds: a stray digit must not mean a horizon of years or a limit nobody
reaches. What the settings mean is in docs/booking-configuration.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..domain.model import BookingRules, BookingTerms, PersonLimits
from .reader import Reader, path_of

CLOCK = re.compile(r"^(\d{2}):(\d{2})$")
# What an office may change of the network's terms; the limits are the network's alone.
TERMS_KEYS = ("bookable", "bookable_share", "horizon_days", "release_time", "cutoff_minutes", "early_minutes", "grace_minutes")
LIMIT_KEYS = ("monthly_limit", "no_show_block", "no_show_period_days")
BOOKING_KEYS = TERMS_KEYS + LIMIT_KEYS
SERVICE_BOOKING_KEYS = ("bookable", "bookable_share")
HORIZON_DAYS = (0, 180)  # 0: today only; half a year is as far as any office plans its desks
CUTOFF_MINUTES = (0, 7 * 24 * 60)
CHECK_IN_MINUTES = (0, 240)
MONTHLY_LIMIT = (0, 100)  # 0: no limit
NO_SHOW_BLOCK = (0, 100)  # 0: never blocked
NO_SHOW_PERIOD_DAYS = (1, 366)


def read_booking_rules(reader: Reader, table: Any) -> BookingRules | None:
    """The network's `[booking]` table: every office's default terms and the per-person limits."""
    if not reader.keys(table, "booking", BOOKING_KEYS):
        return None
    before = len(reader.problems)
    terms = read_terms(reader, table, "booking", BookingTerms())
    defaults = PersonLimits()
    monthly = _whole(reader, table, "booking", "monthly_limit", MONTHLY_LIMIT, defaults.monthly_limit)
    block = _whole(reader, table, "booking", "no_show_block", NO_SHOW_BLOCK, defaults.no_show_block)
    period = _whole(reader, table, "booking", "no_show_period_days", NO_SHOW_PERIOD_DAYS, defaults.no_show_period.days)
    if len(reader.problems) != before or terms is None or monthly is None or block is None or period is None:
        return None
    return BookingRules(terms, PersonLimits(monthly, block, dt.timedelta(days=period)))


def read_office_terms(reader: Reader, entry: dict[str, Any], key: str, defaults: BookingTerms) -> BookingTerms | None:
    """An office's `booking = { … }`: the network's terms with the keys the office gives."""
    if "booking" not in entry:
        return defaults
    path = path_of(key, "booking")
    if not reader.keys(entry["booking"], path, TERMS_KEYS):
        return None
    return read_terms(reader, entry["booking"], path, defaults)


def read_terms(reader: Reader, table: dict[str, Any], key: str, defaults: BookingTerms) -> BookingTerms | None:
    """The terms of `table`, a key left out keeping its value in `defaults`; None after any problem."""
    before = len(reader.problems)
    bookable = reader.get(table, key, "bookable", bool, defaults.bookable)
    share = read_share(reader, table, key, defaults.bookable_share)
    horizon = _whole(reader, table, key, "horizon_days", HORIZON_DAYS, defaults.horizon_days)
    release = _clock(reader, table, key, "release_time", defaults.release_time)
    cutoff = _minutes(reader, table, key, "cutoff_minutes", CUTOFF_MINUTES, defaults.cutoff)
    early = _minutes(reader, table, key, "early_minutes", CHECK_IN_MINUTES, defaults.early)
    grace = _minutes(reader, table, key, "grace_minutes", CHECK_IN_MINUTES, defaults.grace)
    if len(reader.problems) != before or bookable is None or share is None or horizon is None or release is None:
        return None
    if cutoff is None or early is None or grace is None:
        return None
    return BookingTerms(bookable, share, horizon, release, cutoff, early, grace)


def read_share(reader: Reader, table: dict[str, Any], key: str, default: float | None) -> float | None:
    """`bookable_share`, from 0 (nothing booked ahead) to 1 (every place bookable)."""
    share = reader.get(table, key, "bookable_share", float, default)
    if share is not None and not 0 <= share <= 1:
        reader.problem(path_of(key, "bookable_share"), f"must be from 0 to 1 (the share of places that may be booked), not {share:g}")
        return None
    return share


def _whole(reader: Reader, table: dict[str, Any], key: str, name: str, bounds: tuple[int, int], default: int) -> int | None:
    value = reader.get(table, key, name, int, default)
    low, high = bounds
    if value is not None and not low <= value <= high:
        reader.problem(path_of(key, name), f"must be from {low} to {high}, not {value}")
        return None
    return value


def _minutes(
    reader: Reader, table: dict[str, Any], key: str, name: str, bounds: tuple[int, int], default: dt.timedelta
) -> dt.timedelta | None:
    minutes = _whole(reader, table, key, name, bounds, int(default.total_seconds() // 60))
    return None if minutes is None else dt.timedelta(minutes=minutes)


def _clock(reader: Reader, table: dict[str, Any], key: str, name: str, default: dt.time) -> dt.time | None:
    """A wall-clock time "HH:MM" of the office's zone."""
    value = table.get(name, default)
    if isinstance(value, dt.time):
        return value
    path = path_of(key, name)
    match = CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        reader.problem(path, f"must be a time of day such as \"08:00\", not {value!r}")
        return None
    try:
        return dt.time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        reader.problem(path, f"{value!r} is not a time of day (00:00 to 23:59)")
        return None
