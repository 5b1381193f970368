"""The protocol as a JSON Schema, generated from the message declarations (there is no hand-written copy).

The server serves it at `/protocol/schema.json`, so that a page can check
what it sends and receives against the same limits the server and the agent
apply; a test checks the served document is this one.
"""

from __future__ import annotations

import typing
from enum import StrEnum
from typing import Any

from . import events
from .fields import Field, Message, fields_of
from .messages import MESSAGES

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _type_schema(item: Field) -> dict[str, Any]:
    hint, meta = item.hint, item.meta
    schema: dict[str, Any]
    if isinstance(hint, type) and issubclass(hint, Message):
        schema = {"$ref": f"#/$defs/{hint.__name__}"}
    elif hint is bool:
        schema = {"type": "boolean"}
    elif hint is int or hint is float:
        schema = {"type": "integer" if hint is int else "number"}
        if meta.get("minimum") is not None:
            schema["minimum"] = meta["minimum"]
        if meta.get("maximum") is not None:
            schema["maximum"] = meta["maximum"]
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        schema = {"type": "string", "enum": [member.value for member in hint]}
    elif hint is str:
        schema = {"type": "string", **_lengths(meta)}
    elif typing.get_origin(hint) is dict:
        text = {"type": "string", **_lengths(meta)}
        keys = meta.get("keys")
        if keys is not None:
            schema = {"type": "object", "properties": {key: text for key in keys}, "required": list(keys), "additionalProperties": False}
        else:
            schema = {"type": "object", "additionalProperties": text}
    else:
        schema = {}  # any JSON value
    if item.optional:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if meta.get("doc"):
        schema["description"] = meta["doc"]
    return schema


def _lengths(meta: dict[str, Any]) -> dict[str, int]:
    found = {}
    if meta.get("min_length") is not None:
        found["minLength"] = meta["min_length"]
    if meta.get("max_length") is not None:
        found["maxLength"] = meta["max_length"]
    return found


def _properties(cls: type) -> tuple[dict[str, Any], list[str]]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for item in fields_of(cls):
        if item.meta.get("flatten"):
            inner, inner_required = _properties(item.hint)
            properties.update(inner)
            required += inner_required
            continue
        properties[item.name] = _type_schema(item)
        if item.required:
            required.append(item.name)
    return properties, required


def message_schema(cls: type) -> dict[str, Any]:
    properties, required = _properties(cls)
    return {
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The whole protocol: every message under `$defs`, every event name under `x-events`."""
    return {
        "$schema": DIALECT,
        "$id": "/protocol/schema.json",
        "title": "Cherga device protocol",
        "x-events": {name.lower(): getattr(events, name) for name in dir(events) if name.isupper() and name != "ALL"},
        "$defs": {cls.__name__: message_schema(cls) for cls in MESSAGES},
    }
