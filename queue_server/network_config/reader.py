"""Typed reading of one TOML file, collecting problems instead of stopping at the first.

An IT administrator who fixes a file wants the whole list of mistakes at
once, so every check reports and carries on; a typo in a key must not pass
silently, so unknown keys are problems too.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
import zoneinfo
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from protocol.limits import CODE_LENGTH

from ..domain.hours import MIDNIGHT_CLOSE
from ..domain.model import LocalizedText
from .errors import Problem

T = TypeVar("T")
# Codes are stored with tickets and form desk ids ("main-7"): keep them plain.
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
MISSING: Any = object()


class _Everything:
    """Stands for the codes of a file that could not be read: any of them may exist."""

    def __contains__(self, code: object) -> bool:
        return True


EVERYTHING: Container[str] = _Everything()


def path_of(key: str, name: str) -> str:
    """The dotted path of `name` inside the table at `key` ("" is the file itself)."""
    return f"{key}.{name}" if key else name


class Reader:
    """Collects the problems of one configuration file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # Every code written in a `[name.CODE]` table, valid or not: a reference
        # to a broken entry is not reported again as unknown.
        self.declared: dict[str, set[str]] = {}
        # A file that could not be read reports that once; what it would have
        # declared is unknown, so neither its own nor others' checks guess.
        self.unreadable = False

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key, message))

    def load(self, folder: Path) -> dict[str, Any]:
        """The parsed file, or an empty table and a problem, so the other files are still checked."""
        path = folder / self.file
        self.unreadable = True
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
            self.unreadable = False
            return data
        except FileNotFoundError:
            self.problem("", f"missing file (looked for {path})")
        except tomllib.TOMLDecodeError as error:
            self.problem("", f"not valid TOML: {error}")
        except UnicodeDecodeError as error:
            self.problem("", f"not UTF-8 text: {error}")
        except OSError as error:
            self.problem("", f"cannot be read: {error.strerror or error}")
        return {}

    def keys(self, table: Any, key: str, allowed: Iterable[str]) -> bool:
        """Check `table` is a table with no key outside `allowed`; False when it is no table at all."""
        allowed = tuple(allowed)
        if not isinstance(table, dict):
            self.problem(key, f"must be a table, not {type(table).__name__} {table!r}")
            return False
        for name in sorted(set(table) - set(allowed)):
            self.problem(path_of(key, name), f"unknown key (allowed: {', '.join(sorted(allowed))})")
        return True

    def entries(
        self, table: Any, name: str, allowed: Iterable[str], *, required: bool = True
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The `[name.CODE]` tables of a file, each with a valid code and only known keys.

        Yields (code, key path, table); a bad entry is reported and skipped,
        so the rest is still checked. A code can appear only once: TOML
        itself refuses a table declared twice, with its line.
        """
        if table is MISSING or table is None:
            if required and not self.unreadable:
                self.problem(name, f"is required: at least one [{name}.CODE] table")
            return
        if not isinstance(table, dict) or (required and not table):
            what = f"a table with at least one entry ([{name}.CODE])" if required else "a table"
            self.problem(name, f"must be {what}")
            return
        allowed = tuple(allowed)
        self.declared.setdefault(name, set()).update(table)
        for code, entry in table.items():
            key = f"{name}.{code}"
            if self.code(key, code) and self.keys(entry, key, allowed):
                yield code, key, entry

    def get(self, table: dict[str, Any], key: str, name: str, kind: type[T], default: Any = MISSING) -> T | None:
        """The value of `name`, of type `kind`; None (and a problem) when it is missing or of another type."""
        value = table.get(name, MISSING)
        path = path_of(key, name)
        if value is MISSING:
            if default is MISSING:
                self.problem(path, "is required")
                return None
            return default  # type: ignore[no-any-return]
        wrong_bool = isinstance(value, bool) and kind is not bool
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or wrong_bool:
            self.problem(path, f"must be {_a(kind)}, not {type(value).__name__} {value!r}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(path, f"must be a finite number, not {value!r}")
            return None
        return value

    def text(self, table: dict[str, Any], key: str, name: str, max_length: int = 200) -> str | None:
        value = self.get(table, key, name, str)
        if value is not None and not value.strip():
            self.problem(path_of(key, name), "must not be empty")
            return None
        if value is not None and len(value) > max_length:
            self.problem(path_of(key, name), f"must be at most {max_length} characters")
            return None
        return value

    def localized(self, table: dict[str, Any], key: str, name: str = "name") -> LocalizedText | None:
        """`name` (Ukrainian, the office's language) and `name_en`: every visible text needs both."""
        uk = self.text(table, key, name)
        en = self.text(table, key, f"{name}_en")
        return LocalizedText(uk, en) if uk and en else None

    def positive(self, table: dict[str, Any], key: str, name: str, maximum: float, default: Any = MISSING) -> float | None:
        """A number above 0 and at most `maximum`: a bound keeps a stray digit from meaning a year."""
        value = self.get(table, key, name, float, default)
        if value is not None and not 0 < value <= maximum:
            self.problem(path_of(key, name), f"must be more than 0 and at most {maximum:g}, not {value:g}")
            return None
        return value

    def code(self, key: str, value: str) -> bool:
        if len(value) > CODE_LENGTH or not CODE.match(value):
            self.problem(
                key,
                f"code {value!r} must be 1-{CODE_LENGTH} small latin letters and digits, "
                "in words joined by single '-' (for example \"id-card-first\")",
            )
            return False
        return True

    def timezone(self, key: str, value: str) -> bool:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.problem(key, f"unknown time zone {value!r} (an IANA name such as \"Europe/Kyiv\")")
            return False
        return True

    def time_range(self, key: str, value: Any) -> tuple[dt.time, dt.time] | None:
        match = TIME_RANGE.match(value) if isinstance(value, str) else None
        if match is None:
            self.problem(key, f"must be a time range such as \"08:00-17:00\", not {value!r}")
            return None
        hours_open, minutes_open, hours_close, minutes_close = (int(part) for part in match.groups())
        try:
            opens = dt.time(hours_open, minutes_open)
            # "24:00" closes at the day's end: "00:00-24:00" every day is round the clock
            closes = MIDNIGHT_CLOSE if (hours_close, minutes_close) == (24, 0) else dt.time(hours_close, minutes_close)
        except ValueError:
            self.problem(key, f"{value!r} is not a time of day (00:00 to 23:59, or 24:00 for a closing)")
            return None
        if closes <= opens:
            self.problem(key, f"{value!r} closes before it opens")
            return None
        return opens, closes

    def declared_codes(self, name: str) -> Container[str]:
        """The codes of the `[name.CODE]` tables of this file, or any code when it could not be read."""
        return EVERYTHING if self.unreadable else self.declared.get(name, set())

    def known(self, key: str, what: str, name: str, valid: Container[str], declared: Container[str]) -> bool:
        """Whether a reference can be followed; only a name declared nowhere is reported.

        A name that is declared but broken was reported where it is written,
        and blaming every place that uses it would bury the real mistake.
        """
        if name in valid:
            return True
        if name not in declared:
            self.problem(key, f"unknown {what} {name!r}")
        return False

    def code_list(self, table: dict[str, Any], key: str, name: str) -> list[str]:
        """A list of codes (references to other entries); a code listed twice is a slip worth naming."""
        value = table.get(name, [])
        path = path_of(key, name)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(path, f"must be a list of codes such as [\"a\", \"b\"], not {value!r}")
            return []
        for item in sorted({item for item in value if value.count(item) > 1}):
            self.problem(path, f"{item!r} is listed twice")
        return list(dict.fromkeys(value))


def _a(kind: type) -> str:
    return {
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        dict: "a table",
        list: "a list",
    }.get(kind, kind.__name__)
