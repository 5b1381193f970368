"""Typed reading of one TOML table, collecting problems instead of stopping at the first.

An IT administrator who fixes a file wants the whole list of mistakes at
once; a typo in a key must not pass silently, so unknown keys are problems
too.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .errors import Problem

T = TypeVar("T")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
TIME_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
MISSING = object()


class Reader:
    """Collects the problems of one configuration file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key, message))

    def load(self, folder: Path) -> dict[str, Any]:
        path = folder / self.file
        try:
            with open(path, "rb") as handle:
                return tomllib.load(handle)
        except FileNotFoundError:
            self.problem("", f"missing file (looked for {path})")
        except tomllib.TOMLDecodeError as error:
            self.problem("", f"not valid TOML: {error}")
        return {}

    def keys(self, table: Any, key: str, allowed: Iterable[str]) -> bool:
        """Check `table` is a table with no key outside `allowed`."""
        if not isinstance(table, dict):
            self.problem(key, "must be a table")
            return False
        unknown = sorted(set(table) - set(allowed))
        for name in unknown:
            self.problem(f"{key}.{name}" if key else name, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        return True

    def entries(
        self, table: Any, name: str, allowed: Iterable[str], *, required: bool = True
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The `[name.CODE]` tables of a file, each with a valid code and only known keys.

        Yields (code, key path, table); a bad entry is reported and skipped,
        so the rest is still checked.
        """
        if not isinstance(table, dict) or (required and not table):
            what = "a table" if not required else f"a table with at least one entry ([{name}.CODE])"
            self.problem(name, f"must be {what}")
            return
        allowed = tuple(allowed)
        for code, entry in table.items():
            key = f"{name}.{code}"
            if self.code(key, code) and self.keys(entry, key, allowed):
                yield code, key, entry

    def get(self, table: dict[str, Any], key: str, name: str, kind: type[T], default: Any = MISSING) -> T | None:
        value = table.get(name, MISSING)
        path = f"{key}.{name}" if key else name
        if value is MISSING:
            if default is MISSING:
                self.problem(path, "is required")
                return None
            return default  # type: ignore[no-any-return]
        wrong_bool = isinstance(value, bool) and kind is not bool
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or wrong_bool:
            self.problem(path, f"must be a {kind.__name__}, not {type(value).__name__} {value!r}")
            return None
        return value

    def text(self, table: dict[str, Any], key: str, name: str, max_length: int = 200) -> str | None:
        value = self.get(table, key, name, str)
        if value is not None and not value.strip():
            self.problem(f"{key}.{name}", "must not be empty")
            return None
        if value is not None and len(value) > max_length:
            self.problem(f"{key}.{name}", f"must be at most {max_length} characters")
            return None
        return value

    def positive(self, table: dict[str, Any], key: str, name: str, default: Any = MISSING) -> float | None:
        value = self.get(table, key, name, float, default)
        if value is not None and value <= 0:
            self.problem(f"{key}.{name}", f"must be more than 0, not {value}")
            return None
        return value

    def code(self, key: str, value: str) -> bool:
        if not CODE.match(value):
            self.problem(key, f"code {value!r} must be 1-40 small latin letters, digits or '-'")
            return False
        return True

    def time_range(self, key: str, value: Any) -> tuple[dt.time, dt.time] | None:
        if not isinstance(value, str) or not TIME_RANGE.match(value):
            self.problem(key, f"must be a time range such as \"08:00-17:00\", not {value!r}")
            return None
        match = TIME_RANGE.match(value)
        assert match is not None
        hours_open, minutes_open, hours_close, minutes_close = (int(part) for part in match.groups())
        try:
            opens, closes = dt.time(hours_open, minutes_open), dt.time(hours_close, minutes_close)
        except ValueError:
            self.problem(key, f"{value!r} is not a time of day")
            return None
        if closes <= opens:
            self.problem(key, f"{value!r} closes before it opens")
            return None
        return opens, closes

    def code_list(self, table: dict[str, Any], key: str, name: str) -> list[str]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(f"{key}.{name}", "must be a list of codes")
            return []
        return list(value)
