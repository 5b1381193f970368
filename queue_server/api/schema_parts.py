"""The building blocks of the answers' JSON Schemas: primitives and the shapes they are made of.

An object made with `closed` lists every field as required and allows no other, so a
field added to a view without its schema fails the tests that check real answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.desks import DeskStatus
from ..domain.tickets import TicketStatus

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
BOOLEAN: Schema = {"type": "boolean"}
TIME: Schema = {"type": "string", "format": "date-time", "description": "ISO 8601 in UTC, e.g. 2026-11-24T08:00:00Z"}
DAY: Schema = {"type": "string", "format": "date"}
CLOCK: Schema = {"type": "string", "pattern": r"^\d{2}:\d{2}$", "description": "local time HH:MM"}
ANY_OBJECT: Schema = {"type": "object"}


def maybe(schema: Schema) -> Schema:
    """The schema, or null."""
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    if "enum" in schema:  # OpenAPI 3.0: null must be one of the values too
        return {**schema, "enum": [*schema["enum"], None], "nullable": True}
    return {**schema, "nullable": True}


def one_of(values: Iterable[str], description: str = "") -> Schema:
    """A string from the code's own enumeration (so the document follows the code)."""
    schema: Schema = {"type": "string", "enum": [str(value) for value in values]}
    if description:
        schema["description"] = description
    return schema


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict[str, Schema], optional: Iterable[str] = ()) -> Schema:
    """An object with exactly these fields, all present but the `optional` ones."""
    left_out = set(optional)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in left_out],
        "properties": properties,
    }


def mapping(values: Schema) -> Schema:
    """An object keyed by codes (service codes, weekdays, break reasons)."""
    return {"type": "object", "additionalProperties": values}


# the states both the queue's and the managers' answers name
TICKET_STATUS = one_of(TicketStatus)
DESK_STATUS = one_of(DeskStatus)
