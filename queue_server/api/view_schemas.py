"""The answers' JSON Schemas generated from the declared views (type hints → JSON Schema).

A view is a frozen dataclass (`domain/views.py`, `views/*.py`); each field's
type hint says its JSON (str, int, float, bool, `X | None`, a StrEnum, a
date or a time, `tuple[X, ...]`, `Mapping[str, X]`, another view) and its
metadata (`views.fields.meta`) its description, its closed set of values
and its range. The renderer (`domain.views.render`) writes the JSON by the
same rule, so a field added to a view is in its answer and in its schema at
once; there is no hand-written copy to forget.

Objects are closed (`additionalProperties: false`) with every field
required, as `schema_parts.closed` makes them; a view named in `NAMED` is a
`$ref` to its component wherever another view holds it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, Union

from ..views.fields import Clock
from .schema_parts import (
    BOOLEAN,
    CLOCK,
    DAY,
    INTEGER,
    NUMBER,
    STRING,
    TIME,
    Schema,
    array,
    closed,
    mapping,
    maybe,
    one_of,
    ref,
)

NAMED: dict[type, str] = {}
"""View class → its component's name in the document (filled by `named`)."""


def named(name: str, view: type) -> tuple[str, Schema]:
    """Register `view` as the component `name` and return the pair for `COMPONENTS`."""
    NAMED[view] = name
    return name, view_schema(view)


def view_properties(view: type) -> dict[str, Schema]:
    """Each field of the view and its schema, in the declared order (the order of the JSON)."""
    hints = typing.get_type_hints(view)
    return {item.name: _field_schema(hints[item.name], item.metadata) for item in dataclasses.fields(view)}


def view_schema(view: type, optional: Iterable[str] = ()) -> Schema:
    """The closed object of a view; the `optional` fields may be left out (the public stream's)."""
    return closed(view_properties(view), optional=optional)


def _field_schema(hint: Any, meta: Mapping[str, Any]) -> Schema:
    nullable, hint = _without_none(hint)
    if meta.get("values") is not None:
        schema = one_of(meta["values"])
    else:
        schema = _type_schema(hint)
    for limit in ("minimum", "maximum"):
        if meta.get(limit) is not None:
            schema = {**schema, limit: meta[limit]}
    if nullable:
        schema = maybe(schema)
    if meta.get("doc"):
        schema = {**schema, "description": meta["doc"]}
    return schema


def _without_none(hint: Any) -> tuple[bool, Any]:
    if typing.get_origin(hint) in (Union, types.UnionType):
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(members) == 1:
            return len(members) < len(typing.get_args(hint)), members[0]
    return False, hint


def _type_schema(hint: Any) -> Schema:
    if hint is Clock:
        return CLOCK
    supertype = getattr(hint, "__supertype__", None)  # a NewType: ids and codes are their base type in JSON
    if supertype is not None:
        return _type_schema(supertype)
    if hint is bool:
        return BOOLEAN
    if hint is int:
        return INTEGER
    if hint is float:
        return NUMBER
    if hint is str:
        return STRING
    if hint is dt.datetime:
        return TIME
    if hint is dt.date:
        return DAY
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return one_of(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return ref(NAMED[hint]) if hint in NAMED else view_schema(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return array(_type_schema(args[0]))
        if args and all(arg == args[0] for arg in args):
            return {**array(_type_schema(args[0])), "minItems": len(args), "maxItems": len(args)}
    if origin in (list, Sequence):
        return array(_type_schema(args[0]))
    if origin in (dict, Mapping):
        return mapping(_type_schema(args[1]))
    raise TypeError(f"no JSON Schema for the type {hint!r}: declare the view's field with a type the renderer writes")
