"""What a view's field says beyond its type hint, for the generated schema: a description, a closed set of values, a range.

Written as `name: str = field(metadata=meta("…", values=…))`; the renderer ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NewType

from ..domain.estimates import ESTIMATED, NO_DESK_OPEN

Clock = NewType("Clock", str)
"""A local time of day, HH:MM."""

LANGUAGES = ("uk", "en")  # the languages a visitor's ticket speaks
ESTIMATE_BASES = (ESTIMATED, NO_DESK_OPEN)
ESTIMATE_DOC = "no_desk_open: no desk serving it is open, so the wait is unknown (null)"


def meta(
    doc: str = "", *, values: Iterable[str] | None = None, minimum: int | None = None, maximum: int | None = None
) -> dict[str, Any]:
    """A field's metadata: `doc` (its description), `values` (the strings it may hold), `minimum`, `maximum`."""
    found: dict[str, Any] = {"doc": doc}
    if values is not None:
        found["values"] = tuple(values)
    if minimum is not None:
        found["minimum"] = minimum
    if maximum is not None:
        found["maximum"] = maximum
    return found
