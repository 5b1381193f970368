"""JSON Schemas generated from the message declarations (there is no hand-written copy).

`json_schema()` is the device protocol's document: the server serves it at
`/protocol/schema.json`, so that a page can check what it sends and receives
against the same limits the server and the agent apply; a test checks the
served document is this one. The server's OpenAPI document takes its request
bodies and query parameters from the same functions in OpenAPI 3.0's dialect
(`openapi=True`: `nullable` instead of a null type, `exclusiveMinimum` as a
flag, references under `#/components/schemas/`).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from . import events
from .fields import DAY, MOMENT, NOT_BLANK, Field, Message, fields_of
from .messages import MESSAGES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Catalogues = Mapping[str, Sequence[str]]


def value_schema(item: Field, *, openapi: bool = False, catalogues: Catalogues | None = None) -> dict[str, Any]:
    """The schema of a field's value, without null and without its description (a query parameter's schema)."""
    hint, meta = item.hint, item.meta
    schema: dict[str, Any]
    if isinstance(hint, type) and issubclass(hint, Message):
        schema = {"$ref": f"#/components/schemas/{hint.__name__}" if openapi else f"#/$defs/{hint.__name__}"}
    elif hint is bool:
        schema = {"type": "boolean"}
    elif hint is int or hint is float:
        schema = {"type": "integer" if hint is int else "number", **_range(meta, openapi)}
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        schema = {"type": "string", "enum": [member.value for member in hint]}
    elif hint is str:
        schema = {"type": "string", **_text(meta)}
        catalogue = meta.get("catalogue")
        if catalogue is not None and catalogues is not None and catalogue in catalogues:
            schema["enum"] = list(catalogues[catalogue])
    elif hint is dt.datetime:
        schema = {"type": "string", "pattern": meta.get("pattern") or MOMENT.pattern}
    elif hint is dt.date:
        schema = {"type": "string", "format": "date", "pattern": meta.get("pattern") or DAY.pattern}
    elif typing.get_origin(hint) is dict:
        schema = _mapping(item, openapi)
    elif typing.get_origin(hint) is tuple:
        schema = _sequence(item, openapi, catalogues)
    else:
        schema = {}  # any JSON value
    if meta.get("example") is not None:
        schema.update({"example": meta["example"]} if openapi else {"examples": [meta["example"]]})
    return schema


def field_schema(item: Field, *, openapi: bool = False, catalogues: Catalogues | None = None) -> dict[str, Any]:
    """The schema of a field in an object: its value's, null where the field may be null, its description."""
    schema = value_schema(item, openapi=openapi, catalogues=catalogues)
    if item.optional:
        if not openapi:
            schema = {"anyOf": [schema, {"type": "null"}]}
        elif "$ref" in schema:
            schema = {"allOf": [schema], "nullable": True}  # OpenAPI 3.0 ignores a $ref's siblings
        else:
            schema["nullable"] = True
            if "enum" in schema:
                schema["enum"].append(None)  # OpenAPI 3.0: null must be one of the values too
    if item.meta.get("doc"):
        schema["description"] = item.meta["doc"]
    return schema


def _range(meta: dict[str, Any], openapi: bool) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if meta.get("above") is not None:
        found.update({"minimum": meta["above"], "exclusiveMinimum": True} if openapi else {"exclusiveMinimum": meta["above"]})
    elif meta.get("minimum") is not None:
        found["minimum"] = meta["minimum"]
    if meta.get("maximum") is not None:
        found["maximum"] = meta["maximum"]
    return found


def _text(meta: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if meta.get("min_length") is not None:
        found["minLength"] = meta["min_length"]
    if meta.get("max_length") is not None:
        found["maxLength"] = meta["max_length"]
    if meta.get("not_blank"):
        found["pattern"] = NOT_BLANK
    elif meta.get("pattern") is not None:
        found["pattern"] = meta["pattern"]
    return found


def _mapping(item: Field, openapi: bool) -> dict[str, Any]:
    meta = item.meta
    inner = typing.get_args(item.hint)[1]
    each = {"type": "string", **_text(meta)} if inner is str else {"type": "integer" if inner is int else "number", **_range(meta, openapi)}
    keys = meta.get("keys")
    if keys is not None:
        return {"type": "object", "properties": {key: each for key in keys}, "required": list(keys), "additionalProperties": False}
    schema: dict[str, Any] = {"type": "object", "additionalProperties": each}
    if meta.get("min_items") is not None:
        schema["minProperties"] = meta["min_items"]
    if meta.get("max_items") is not None:
        schema["maxProperties"] = meta["max_items"]
    if meta.get("key_max_length") is not None and not openapi:  # OpenAPI 3.0 has no propertyNames
        schema["propertyNames"] = {"maxLength": meta["key_max_length"]}
    return schema


def _sequence(item: Field, openapi: bool, catalogues: Catalogues | None) -> dict[str, Any]:
    inner = Field(item.name, typing.get_args(item.hint)[0], False, True, item.default, item.meta)
    each = value_schema(inner, openapi=openapi, catalogues=catalogues)
    each.pop("example", None)
    each.pop("examples", None)
    schema: dict[str, Any] = {"type": "array", "items": each}
    if item.meta.get("min_items") is not None:
        schema["minItems"] = item.meta["min_items"]
    if item.meta.get("max_items") is not None:
        schema["maxItems"] = item.meta["max_items"]
    return schema


def _properties(cls: type, openapi: bool, catalogues: Catalogues | None) -> tuple[dict[str, Any], list[str]]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for item in fields_of(cls):
        if item.meta.get("flatten"):
            inner, inner_required = _properties(item.hint, openapi, catalogues)
            properties.update(inner)
            required += inner_required
            continue
        properties[item.key] = field_schema(item, openapi=openapi, catalogues=catalogues)
        if item.required:
            required.append(item.key)
    return properties, required


def message_schema(cls: type) -> dict[str, Any]:
    """A message as the device protocol's document describes it (JSON Schema 2020-12)."""
    properties, required = _properties(cls, False, None)
    return {
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def openapi_schema(cls: type, catalogues: Catalogues | None = None) -> dict[str, Any]:
    """A message as an OpenAPI 3.0 document describes a request body; `catalogues` lists the configured values."""
    properties, required = _properties(cls, True, catalogues)
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:  # OpenAPI 3.0: `required` may not be empty
        schema["required"] = required
    return schema


def json_schema() -> dict[str, Any]:
    """The whole protocol: every message under `$defs`, every event name under `x-events`."""
    return {
        "$schema": DIALECT,
        "$id": "/protocol/schema.json",
        "title": "Cherga device protocol",
        "x-events": {name.lower(): getattr(events, name) for name in dir(events) if name.isupper() and name != "ALL"},
        "$defs": {cls.__name__: message_schema(cls) for cls in MESSAGES},
    }
