"""How a message is declared once and then read, written and described from that one declaration.

A message is a frozen dataclass deriving from `Message`; each field's type
hint says what JSON it takes (str, int, float, bool, `X | None`, a StrEnum,
`dict[str, str]`, `Any`, another message) and its `limits(...)` say the
lengths and ranges. `from_json` checks a payload against exactly that,
`to_json` writes it back, and `schema.py` turns the same declaration into a
JSON Schema: a limit changed here changes all three.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from enum import StrEnum
from typing import Any, Self, Union

from .errors import ProtocolError

MISSING: Any = dataclasses.MISSING


def limits(
    default: Any = MISSING,
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    keys: tuple[str, ...] | None = None,
    flatten: bool = False,
    doc: str = "",
) -> Any:
    """A dataclass field with its limits; `flatten` reads a nested message's fields from the same object."""
    metadata = {
        "min_length": min_length,
        "max_length": max_length,
        "minimum": minimum,
        "maximum": maximum,
        "keys": keys,
        "flatten": flatten,
        "doc": doc,
    }
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    hint: Any
    optional: bool  # None is allowed
    required: bool  # the key must be present (no default)
    default: Any
    meta: dict[str, Any]


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of a message, read once per class."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    hints = typing.get_type_hints(cls)
    found = []
    for item in dataclasses.fields(cls):
        hint = hints[item.name]
        optional = False
        if typing.get_origin(hint) in (Union, types.UnionType):
            members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            optional = len(members) < len(typing.get_args(hint))
            hint = members[0] if len(members) == 1 else hint
        required = item.default is MISSING and item.default_factory is MISSING
        found.append(Field(item.name, hint, optional, required, item.default, dict(item.metadata)))
    _FIELDS[cls] = tuple(found)
    return _FIELDS[cls]


def names_of(cls: type) -> set[str]:
    """The keys a message takes on the wire, a flattened message's included."""
    names: set[str] = set()
    for item in fields_of(cls):
        names |= names_of(item.hint) if item.meta.get("flatten") else {item.name}
    return names


def _is_message(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Message)


def _check(path: str, item: Field, value: Any) -> Any:
    hint, meta = item.hint, item.meta
    if value is None:
        if item.optional or hint is Any or hint is object:  # `Any` is any JSON value, null included
            return None
        raise ProtocolError(f"{path} must not be null", path)
    if _is_message(hint):
        return read(hint, value, prefix=f"{path}.")
    if hint is bool:
        if not isinstance(value, bool):
            raise ProtocolError(f"{path} must be true or false", path)
        return value
    if hint is int or hint is float:
        if isinstance(value, bool) or not isinstance(value, int if hint is int else (int, float)):
            raise ProtocolError(f"{path} must be {'a whole number' if hint is int else 'a number'}", path)
        if hint is float and not math.isfinite(value):
            raise ProtocolError(f"{path} must be a finite number", path)
        if meta.get("minimum") is not None and value < meta["minimum"]:
            raise ProtocolError(f"{path} must be at least {meta['minimum']:g}", path)
        if meta.get("maximum") is not None and value > meta["maximum"]:
            raise ProtocolError(f"{path} must be at most {meta['maximum']:g}", path)
        return float(value) if hint is float else value
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        try:
            return hint(value)
        except ValueError:
            raise ProtocolError(f"{path} must be one of {', '.join(member.value for member in hint)}", path) from None
    if hint is str:
        if not isinstance(value, str):
            raise ProtocolError(f"{path} must be a text", path)
        _length(path, value, meta)
        return value
    if typing.get_origin(hint) is dict:
        if not isinstance(value, dict) or not all(isinstance(key, str) and isinstance(text, str) for key, text in value.items()):
            raise ProtocolError(f"{path} must be an object of texts", path)
        wanted = meta.get("keys")
        if wanted is not None:
            missing = [key for key in wanted if key not in value]
            unknown = sorted(set(value) - set(wanted))
            if missing or unknown:
                said = ", ".join([*(f"{key} is missing" for key in missing), *(f"{key} is unknown" for key in unknown)])
                raise ProtocolError(f"{path}: {said}", f"{path}.{(missing or unknown)[0]}")
        for key, text in value.items():
            _length(f"{path}.{key}", text, meta)
        return dict(value)
    if hint is Any or hint is object:
        return value
    raise TypeError(f"the protocol cannot read a field of type {hint!r}")  # a declaration's mistake, found by the tests


def _length(path: str, text: str, meta: dict[str, Any]) -> None:
    if meta.get("min_length") is not None and len(text) < meta["min_length"]:
        raise ProtocolError(f"{path} must be at least {meta['min_length']} character(s) long", path)
    if meta.get("max_length") is not None and len(text) > meta["max_length"]:
        raise ProtocolError(f"{path} must be at most {meta['max_length']} characters long", path)


def read(cls: type[Any], data: Any, prefix: str = "") -> Any:
    """The message `cls` read from `data`, or a ProtocolError naming the first field at fault."""
    if not isinstance(data, dict):
        raise ProtocolError(f"{prefix.rstrip('.') or 'the message'} must be an object", prefix.rstrip(".") or None)
    unknown = sorted(map(str, set(data) - names_of(cls)))
    values: dict[str, Any] = {}
    for item in fields_of(cls):
        path = f"{prefix}{item.name}"
        if item.meta.get("flatten"):
            values[item.name] = read(item.hint, {key: value for key, value in data.items() if key in names_of(item.hint)}, prefix)
        elif item.name not in data:
            if item.required:
                raise ProtocolError(f"{path} is missing", path)
        else:
            values[item.name] = _check(path, item, data[item.name])
    if unknown:
        raise ProtocolError(f"unknown field(s): {', '.join(prefix + name for name in unknown)}", prefix + unknown[0])
    return cls(**values)


def write(message: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in fields_of(type(message)):
        value = getattr(message, item.name)
        if item.meta.get("flatten"):
            data.update(write(value))
        elif isinstance(value, Message):
            data[item.name] = write(value)
        elif isinstance(value, StrEnum):
            data[item.name] = value.value
        elif isinstance(value, dict):
            data[item.name] = dict(value)
        else:
            data[item.name] = value
    return data


class Message:
    """A message of the protocol: `from_json` checks, `to_json` writes; subclasses are frozen dataclasses."""

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """The message read from decoded JSON; a ProtocolError names the field at fault and nothing is built."""
        message: Self = read(cls, data)
        return message

    def to_json(self) -> dict[str, Any]:
        return write(self)
