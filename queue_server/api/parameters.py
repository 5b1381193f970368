"""Query parameters with their JSON Schemas, as the handlers check them.

Each helper says in the document what the handler's own check accepts (a
date YYYY-MM-DD, a whole number in a range, a code, a non-blank text), so a
client generated from the document sends what the server takes. Rules one
schema cannot say (`from` not after `to`, a known service) stay a 400 that
names the parameter.
"""

from __future__ import annotations

import re

from .bodies import NOT_BLANK
from .registry import Parameter

CODE_LENGTH = 60
# A time as ISO 8601 spells it (the offset optional: UTC without one); the handler checks this same pattern
MOMENT = re.compile(
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
)


# A day YYYY-MM-DD of the years a report covers (the calendar's own edges, year 1 or 9999, leave it in UTC)
REPORT_DAY = re.compile(r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


def code(name: str, description: str, *, required: bool = False) -> Parameter:
    """An office, service or desk code: an unknown one is a 400 (or 404) that names it."""
    return Parameter(name, "query", description, {"type": "string", "minLength": 1, "maxLength": CODE_LENGTH}, required)


def day(name: str, description: str, *, required: bool = False, example: str | None = None) -> Parameter:
    schema = {"type": "string", "format": "date", "pattern": REPORT_DAY.pattern}
    if example is not None:
        schema["example"] = example
    return Parameter(name, "query", description, schema, required)


def moment(name: str, description: str) -> Parameter:
    """A time with its offset (UTC when it has none), ISO 8601."""
    return Parameter(name, "query", description, {"type": "string", "pattern": MOMENT.pattern, "example": "2026-11-24T08:00:00Z"})


def whole(name: str, description: str, minimum: int, maximum: int, *, required: bool = False, example: int | None = None) -> Parameter:
    schema: dict[str, object] = {"type": "integer", "minimum": minimum, "maximum": maximum}
    if example is not None:
        schema["example"] = example
    return Parameter(name, "query", description, schema, required)


def text(name: str, description: str, max_length: int, *, blank: bool = False) -> Parameter:
    """Free text, 1 to `max_length` characters; not blank unless `blank`."""
    schema: dict[str, object] = {"type": "string", "minLength": 1, "maxLength": max_length}
    if not blank:
        schema["pattern"] = NOT_BLANK
    return Parameter(name, "query", description, schema)


def choice(name: str, description: str, values: tuple[str, ...], *, required: bool = False) -> Parameter:
    return Parameter(name, "query", description, {"type": "string", "enum": list(values)}, required)
