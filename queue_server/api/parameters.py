"""Query parameters with their JSON Schemas, as the handlers check them.

Each helper says in the document what the handler's own check accepts (a
date YYYY-MM-DD, a whole number in a range, a code, a non-blank text), so a
client generated from the document sends what the server takes. Rules one
schema cannot say (`from` not after `to`, a known service) stay a 400 that
names the parameter.
"""

from __future__ import annotations

from .bodies import NOT_BLANK
from .registry import Parameter

CODE_LENGTH = 60


def code(name: str, description: str, *, required: bool = False) -> Parameter:
    """An office, service or desk code: an unknown one is a 400 (or 404) that names it."""
    return Parameter(name, "query", description, {"type": "string", "minLength": 1, "maxLength": CODE_LENGTH}, required)


def day(name: str, description: str, *, required: bool = False, example: str | None = None) -> Parameter:
    schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if example is not None:
        schema["example"] = example
    return Parameter(name, "query", description, schema, required)


def moment(name: str, description: str) -> Parameter:
    """A time with its offset (UTC when it has none), ISO 8601."""
    return Parameter(name, "query", description, {"type": "string", "format": "date-time", "example": "2026-11-24T08:00:00Z"})


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
