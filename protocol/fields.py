"""How a message is declared once and then read, written and described from that one declaration.

A message is a frozen dataclass deriving from `Message`; each field's type
hint says what it takes (str, int, float, bool, `X | None`, a StrEnum,
`dt.date`, `dt.datetime`, `dict[str, str]`, `dict[str, float]`, `Any`,
another message) and its `limits(...)` say the lengths, ranges, patterns and
the words of its documentation. `from_json` checks a JSON payload against
exactly that, `from_query` checks a query string (texts turned into whole
numbers, days and times first, then the same checks), `to_json` writes it
back, and `schema.py` turns the same declaration into a JSON Schema (or the
OpenAPI 3.0 dialect of one): a limit changed here changes them all.

The device protocol declares its messages with it, and so does the server's
REST API (its bodies and query strings), so there is one way in for inbound
data whichever door it comes through.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Self, Union

from .errors import ProtocolError

MISSING: Any = dataclasses.MISSING

# "not blank" as Python's str.strip() sees it, spelled the same for any regex engine (a JSON Schema
# `pattern` is searched, so one such character anywhere is enough): ECMA's \s differs from Python's
# (\x1c-\x1f, \x85, \ufeff), so the class is written out.
NOT_BLANK = "[^\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
# A day as ISO 8601 spells it, ASCII digits only (a `dt.date` field)
DAY = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
# A time as ISO 8601 spells it, the offset optional (UTC without one), ASCII digits only (a `dt.datetime` field)
MOMENT = re.compile(
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
)
# A whole number in a query string: ASCII digits (an Arabic-Indic three is not a 3), short enough for int()
WHOLE = re.compile(r"^-?[0-9]{1,19}$")


def limits(
    default: Any = MISSING,
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
    keys: tuple[str, ...] | None = None,
    key_max_length: int | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    not_blank: bool = False,
    pattern: str | None = None,
    shape: str = "",
    catalogue: str | None = None,
    example: Any = None,
    flatten: bool = False,
    wire: str | None = None,
    doc: str = "",
) -> Any:
    """A dataclass field with its limits.

    Texts: `min_length`, `max_length`, `not_blank` (spaces alone are refused),
    `pattern` (an ECMA/Python regex, searched as JSON Schema does; `shape`
    says in words what it allows, for the error). Numbers: `minimum`,
    `maximum`, `above` (exclusive). Objects: `keys` (exactly these),
    `key_max_length`, `min_items`, `max_items`; the value limits apply to
    each value. `catalogue` names a list of values the configuration allows
    (checked by the command, listed by the document), `example` shows one
    in the document, `doc` describes the field there; `flatten` reads a
    nested message's fields from the same object; `wire` is the key on the
    wire where it cannot be the attribute's name (a query's `from`).
    """
    if not_blank and pattern is not None:
        raise TypeError("a field is either not blank or matches a pattern: a JSON Schema has one pattern")
    metadata = {
        "min_length": min_length,
        "max_length": max_length,
        "minimum": minimum,
        "maximum": maximum,
        "above": above,
        "keys": keys,
        "key_max_length": key_max_length,
        "min_items": min_items,
        "max_items": max_items,
        "not_blank": not_blank,
        "pattern": pattern,
        "shape": shape,
        "catalogue": catalogue,
        "example": example,
        "flatten": flatten,
        "wire": wire,
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

    @property
    def key(self) -> str:
        """The field's name on the wire (in JSON, in a query string, in a schema)."""
        wire: str | None = self.meta.get("wire")
        return wire or self.name


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
        names |= names_of(item.hint) if item.meta.get("flatten") else {item.key}
    return names


def _is_message(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Message)


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, StrEnum)


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
        return _number(path, hint, meta, value)
    if _is_enum(hint):
        try:
            return hint(value)
        except ValueError:
            raise ProtocolError(f"{path} must be one of {', '.join(member.value for member in hint)}", path) from None
    if hint is str:
        if not isinstance(value, str):
            raise ProtocolError(f"{path} must be a text", path)
        _text(path, value, meta)
        return value
    if hint is dt.datetime or hint is dt.date:
        if not isinstance(value, str):
            raise ProtocolError(f"{path} must be a text", path)
        return _moment(path, value, meta) if hint is dt.datetime else _day(path, value, meta)
    if typing.get_origin(hint) is dict:
        return _mapping(path, item, value)
    if typing.get_origin(hint) is tuple:
        return _sequence(path, item, value)
    if hint is Any or hint is object:
        return value
    raise TypeError(f"the protocol cannot read a field of type {hint!r}")  # a declaration's mistake, found by the tests


def _number(path: str, hint: Any, meta: dict[str, Any], value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int if hint is int else (int, float)):
        raise ProtocolError(f"{path} must be {'a whole number' if hint is int else 'a number'}", path)
    if hint is float and not math.isfinite(value):
        raise ProtocolError(f"{path} must be a finite number", path)
    if meta.get("minimum") is not None and value < meta["minimum"]:
        raise ProtocolError(f"{path} must be at least {meta['minimum']:g}", path)
    if meta.get("above") is not None and value <= meta["above"]:
        raise ProtocolError(f"{path} must be above {meta['above']:g}", path)
    if meta.get("maximum") is not None and value > meta["maximum"]:
        raise ProtocolError(f"{path} must be at most {meta['maximum']:g}", path)
    return float(value) if hint is float else value


def _text(path: str, text: str, meta: dict[str, Any]) -> None:
    if meta.get("min_length") is not None and len(text) < meta["min_length"]:
        raise ProtocolError(f"{path} must be at least {meta['min_length']} character(s) long", path)
    if meta.get("max_length") is not None and len(text) > meta["max_length"]:
        raise ProtocolError(f"{path} must be at most {meta['max_length']} characters long", path)
    if meta.get("not_blank") and not text.strip():
        raise ProtocolError(f"{path} must not be blank", path)
    if meta.get("pattern") is not None and not matches(meta["pattern"], text):
        raise ProtocolError(f"{path} must be {meta.get('shape') or 'a text matching ' + meta['pattern']}, not {text[:40]!r}", path)


def matches(pattern: str, text: str) -> bool:
    """`pattern` found in `text` as a JSON Schema validator finds it (ECMA: `$` is the very end, not before a last newline)."""
    found = re.search(pattern, text)
    return found is not None and not (pattern.endswith("$") and text.endswith("\n"))


def _day(path: str, text: str, meta: dict[str, Any]) -> dt.date:
    shape = meta.get("shape") or "a date YYYY-MM-DD"
    try:
        if not DAY.fullmatch(text) or (meta.get("pattern") is not None and not matches(meta["pattern"], text)):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:  # not a day of the calendar (2026-02-30)
        raise ProtocolError(f"{path} must be {shape}, not {text[:40]!r}", path) from None


def _moment(path: str, text: str, meta: dict[str, Any]) -> dt.datetime:
    """A time with its offset, in UTC (UTC when it has none)."""
    shape = meta.get("shape") or "an ISO 8601 time such as 2026-11-24T08:00:00Z"
    try:
        if not MOMENT.fullmatch(text) or (meta.get("pattern") is not None and not matches(meta["pattern"], text)):
            raise ValueError(text)
        moment = dt.datetime.fromisoformat(text)
        return moment.astimezone(dt.timezone.utc) if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError):  # not a time, or one that leaves the calendar in UTC (0001-01-01T00:00+01:00)
        raise ProtocolError(f"{path} must be {shape}, not {text[:40]!r}", path) from None


def _mapping(path: str, item: Field, value: Any) -> dict[str, Any]:
    """`dict[str, V]`: each value checked as a field of type V with the same limits; the keys by their own."""
    meta = item.meta
    inner = typing.get_args(item.hint)[1]
    kind = "texts" if inner is str else "numbers"
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise ProtocolError(f"{path} must be an object of {kind}", path)
    wanted = meta.get("keys")
    if wanted is not None:
        missing = [key for key in wanted if key not in value]
        unknown = sorted(set(value) - set(wanted))
        if missing or unknown:
            said = ", ".join([*(f"{key} is missing" for key in missing), *(f"{key} is unknown" for key in unknown)])
            raise ProtocolError(f"{path}: {said}", f"{path}.{(missing or unknown)[0]}")
    if meta.get("min_items") is not None and len(value) < meta["min_items"]:
        fewest = meta["min_items"]
        raise ProtocolError(f"{path} must have at least {'one entry' if fewest == 1 else f'{fewest} entries'}", path)
    if meta.get("max_items") is not None and len(value) > meta["max_items"]:
        raise ProtocolError(f"{path} must have at most {meta['max_items']} entries", path)
    checked = {}
    for key, entry in value.items():
        if meta.get("key_max_length") is not None and len(key) > meta["key_max_length"]:
            raise ProtocolError(f"{path}: a key must be at most {meta['key_max_length']} characters long, not {key[:40]!r}…", path)
        checked[key] = _check(f"{path}.{key}", Field(key, inner, False, True, MISSING, meta), entry)
    return checked


def _sequence(path: str, item: Field, value: Any) -> tuple[Any, ...]:
    """`tuple[V, ...]`: a JSON array in order, each entry checked as a field of type V with the same limits."""
    meta = item.meta
    inner = typing.get_args(item.hint)[0]
    if not isinstance(value, list):
        raise ProtocolError(f"{path} must be a list", path)
    if meta.get("min_items") is not None and len(value) < meta["min_items"]:
        fewest = meta["min_items"]
        raise ProtocolError(f"{path} must have at least {'one entry' if fewest == 1 else f'{fewest} entries'}", path)
    if meta.get("max_items") is not None and len(value) > meta["max_items"]:
        raise ProtocolError(f"{path} must have at most {meta['max_items']} entries", path)
    return tuple(
        _check(f"{path}[{index}]", Field(str(index), inner, False, True, MISSING, meta), entry)
        for index, entry in enumerate(value)
    )


def read(cls: type[Any], data: Any, prefix: str = "") -> Any:
    """The message `cls` read from `data`, or a ProtocolError naming the first field at fault."""
    if not isinstance(data, dict):
        raise ProtocolError(f"{prefix.rstrip('.') or 'the message'} must be an object", prefix.rstrip(".") or None)
    unknown = sorted(map(str, set(data) - names_of(cls)))
    values: dict[str, Any] = {}
    for item in fields_of(cls):
        path = f"{prefix}{item.key}"
        if item.meta.get("flatten"):
            values[item.name] = read(item.hint, {key: value for key, value in data.items() if key in names_of(item.hint)}, prefix)
        elif item.key not in data:
            if item.required:
                raise ProtocolError(f"{path} is missing", path)
        else:
            values[item.name] = _check(path, item, data[item.key])
    if unknown:
        raise ProtocolError(f"unknown field(s): {', '.join(prefix + name for name in unknown)}", prefix + unknown[0])
    return cls(**values)


def read_query(cls: type[Any], arguments: Mapping[str, str]) -> Any:
    """The message `cls` read from a query string's texts: whole numbers are read first, then every check is `read`'s."""
    unknown = sorted(set(arguments) - names_of(cls))
    if unknown:
        raise ProtocolError(f"unknown parameter(s): {', '.join(unknown)}", unknown[0])
    values: dict[str, Any] = {}
    for item in fields_of(cls):
        if item.key in arguments:
            values[item.name] = _check(item.key, item, _from_text(item, arguments[item.key]))
        elif item.required:
            raise ProtocolError(f"{item.key} is missing", item.key)
    return cls(**values)


def _from_text(item: Field, text: str) -> Any:
    """The JSON value a query string's text stands for, as the field's type reads it."""
    if item.hint is int:
        if not WHOLE.fullmatch(text):
            raise ProtocolError(f"{item.key} must be a whole number, not {text[:40]!r}", item.key)
        return int(text)
    if item.hint is bool:
        if text not in ("true", "false"):
            raise ProtocolError(f"{item.key} must be true or false, not {text[:40]!r}", item.key)
        return text == "true"
    if item.hint in (str, dt.date, dt.datetime) or _is_enum(item.hint):
        return text
    raise TypeError(f"a query string cannot carry a field of type {item.hint!r}")  # a declaration's mistake


def write(message: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in fields_of(type(message)):
        value = getattr(message, item.name)
        if item.meta.get("flatten"):
            data.update(value.to_json())  # a message's own `to_json` may leave out what an older reader refuses
        elif isinstance(value, Message):
            data[item.key] = value.to_json()
        elif isinstance(value, StrEnum):
            data[item.key] = value.value
        elif isinstance(value, (dt.date, dt.datetime)):
            data[item.key] = value.isoformat()
        elif isinstance(value, dict):
            data[item.key] = dict(value)
        elif isinstance(value, tuple):  # a JSON array, as `from_json` takes it back
            data[item.key] = list(value)
        else:
            data[item.key] = value
    return data


def arguments(message: Any) -> dict[str, Any]:
    """The message's own fields by name, not copied deeper: keyword arguments for a command."""
    return {item.name: getattr(message, item.name) for item in fields_of(type(message))}


class Message:
    """A message: `from_json` and `from_query` check, `to_json` writes; subclasses are frozen dataclasses."""

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """The message read from decoded JSON; a ProtocolError names the field at fault and nothing is built."""
        message: Self = read(cls, data)
        return message

    @classmethod
    def from_query(cls, data: Mapping[str, str]) -> Self:
        """The message read from a query string's parameters (one text each); a ProtocolError names the parameter."""
        message: Self = read_query(cls, data)
        return message

    def to_json(self) -> dict[str, Any]:
        return write(self)
