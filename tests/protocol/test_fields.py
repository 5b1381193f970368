"""The field machinery's parts that REST bodies and query strings need, read and described from one declaration.

Not-blank texts, patterns, days and times, maps of numbers, wire names,
catalogue enums, nullable fields with a default, and query strings read as
texts: each is checked by `from_json`/`from_query` and said the same way by
both schema dialects (JSON Schema 2020-12 for the pages, OpenAPI 3.0 for
the REST document), so a schema-valid value is taken and an invalid one
refused with the field named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jsonschema
import pytest

from protocol import ProtocolError
from protocol.fields import Message, arguments, fields_of, limits
from protocol.schema import field_schema, openapi_schema, value_schema


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True, kw_only=True)
class Inner(Message):
    name: str = limits(max_length=5)


@dataclass(frozen=True, kw_only=True)
class Sample(Message):
    reason: str = limits(min_length=1, max_length=10, not_blank=True, doc="why")
    number: str | None = limits(None, pattern=r"^[A-Z][0-9]{1,3}$", shape="a letter and digits", example="A15")
    colour: Colour | None = limits(None)
    code: str | None = limits(None, max_length=8, catalogue="codes")
    day: dt.date | None = limits(None, wire="from")
    since: dt.datetime | None = limits(None)
    weights: dict[str, float] | None = limits(None, min_items=1, max_items=2, key_max_length=4, above=0, maximum=10)
    count: int = limits(3, minimum=1, maximum=9)
    inner: Inner | None = limits(None)


def _fields() -> dict[str, Any]:
    return {item.name: item for item in fields_of(Sample)}


def test_a_body_is_read_with_its_defaults_and_types() -> None:
    sample = Sample.from_json({"reason": "late", "from": "2026-02-28", "since": "2026-11-24T10:00:00+02:00", "weights": {"a": 1}})
    assert sample.day == dt.date(2026, 2, 28) and sample.count == 3 and sample.colour is None
    assert sample.since == dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)
    assert sample.weights == {"a": 1.0}
    assert arguments(sample)["day"] == dt.date(2026, 2, 28)  # by attribute, for a command's keywords
    assert sample.to_json()["from"] == "2026-02-28"


@pytest.mark.parametrize(
    ("payload", "field", "words", "schema_says_so"),
    # schema_says_so False: the calendar (2026-02-30, a time before year 1 in UTC) is past what a pattern can say,
    # and Python's validator reads `$` as Python does (before a last newline): the parser refuses those alone.
    [
        ({"reason": "   "}, "reason", "blank", True),
        ({"reason": ""}, "reason", "at least 1", True),
        ({"reason": "x", "number": "a15"}, "number", "a letter and digits", True),
        ({"reason": "x", "number": "A15\n"}, "number", "a letter and digits", False),  # `$`: the end, as in ECMA
        ({"reason": "x", "colour": "green"}, "colour", "red, blue", True),
        ({"reason": "x", "from": "2026-02-30"}, "from", "date", False),
        ({"reason": "x", "from": "２０２６-01-01"}, "from", "date", True),
        ({"reason": "x", "since": "0001-01-01T00:00:00+01:00"}, "since", "ISO 8601", False),  # before year 1 in UTC
        ({"reason": "x", "since": "2026-11-24"}, "since", "ISO 8601", True),
        ({"reason": "x", "weights": {}}, "weights", "at least one", True),
        ({"reason": "x", "weights": {"a": 1, "b": 1, "c": 1}}, "weights", "at most 2", True),
        ({"reason": "x", "weights": {"abcde": 1}}, "weights", "at most 4", True),
        ({"reason": "x", "weights": {"a": 0}}, "weights.a", "above 0", True),
        ({"reason": "x", "weights": {"a": True}}, "weights.a", "a number", True),
        ({"reason": "x", "weights": []}, "weights", "object of numbers", True),
        ({"reason": "x", "count": 0}, "count", "at least 1", True),
        ({"reason": "x", "count": None}, "count", "null", True),  # a default is not a licence for null
        ({"reason": "x", "inner": {"name": "toolong"}}, "inner.name", "at most 5", True),
        ({"reason": "x", "day": "2026-01-01"}, "day", "unknown", True),  # the attribute's name is not the wire's
    ],
)
def test_a_bad_body_is_refused_naming_the_field(payload: dict[str, Any], field: str, words: str, schema_says_so: bool) -> None:
    with pytest.raises(ProtocolError) as refused:
        Sample.from_json(payload)
    assert refused.value.field == field and words in refused.value.message, refused.value.message
    if schema_says_so:
        assert not jsonschema.Draft202012Validator(_json_schema()).is_valid(payload)


def _json_schema() -> dict[str, Any]:
    schema = {"type": "object", "additionalProperties": False, "required": ["reason"], "$defs": {"Inner": openapi_schema(Inner)}}
    schema["properties"] = {item.key: field_schema(item) for item in fields_of(Sample)}
    return schema


def test_the_openapi_dialect_says_null_and_bounds_its_own_way() -> None:
    schema = openapi_schema(Sample, {"codes": ["a", "b"]})
    properties = schema["properties"]
    assert schema["required"] == ["reason"] and schema["additionalProperties"] is False
    assert properties["reason"]["pattern"] and properties["reason"]["description"] == "why"
    assert properties["colour"] == {"type": "string", "enum": ["red", "blue", None], "nullable": True}
    assert properties["code"]["enum"] == ["a", "b", None]  # the configuration's values, listed
    assert properties["number"]["example"] == "A15"
    assert properties["from"]["format"] == "date"
    assert properties["weights"]["additionalProperties"] == {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 10}
    assert properties["inner"] == {"allOf": [{"$ref": "#/components/schemas/Inner"}], "nullable": True}
    assert properties["count"] == {"type": "integer", "minimum": 1, "maximum": 9}
    weights = field_schema(_fields()["weights"])  # JSON Schema 2020-12
    assert weights["anyOf"][0]["additionalProperties"]["exclusiveMinimum"] == 0
    assert weights["anyOf"][0]["propertyNames"] == {"maxLength": 4}


@dataclass(frozen=True, kw_only=True)
class Query(Message):
    office: str | None = limits(None, min_length=1, max_length=8)
    first: dt.date = limits(wire="from")
    hour: int | None = limits(None, minimum=0, maximum=23)
    colour: Colour | None = limits(None)
    loud: bool | None = limits(None)


def test_a_query_string_is_read_as_texts_with_the_same_limits() -> None:
    query = Query.from_query({"from": "2026-01-01", "hour": "07", "colour": "red", "loud": "true"})
    assert query == Query(first=dt.date(2026, 1, 1), hour=7, colour=Colour.RED, loud=True)
    assert Query.from_query({"from": "2026-01-01"}).hour is None


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        ({}, "from", "missing"),
        ({"from": "2026-01-01", "colour_": "red"}, "colour_", "unknown parameter"),
        ({"from": "2026-01-01", "hour": "٣"}, "hour", "whole number"),  # an Arabic-Indic three is not a 3
        ({"from": "2026-01-01", "hour": "1e3"}, "hour", "whole number"),
        ({"from": "2026-01-01", "hour": "9" * 5000}, "hour", "whole number"),
        ({"from": "2026-01-01", "hour": "24"}, "hour", "at most 23"),
        ({"from": "2026-01-01", "hour": "-1"}, "hour", "at least 0"),
        ({"from": "2026-01-01", "office": ""}, "office", "at least 1"),
        ({"from": "2026-01-01", "loud": "yes"}, "loud", "true or false"),
        ({"from": "yesterday"}, "from", "date"),
    ],
)
def test_a_bad_query_is_refused_naming_the_parameter(arguments: dict[str, str], field: str, words: str) -> None:
    with pytest.raises(ProtocolError) as refused:
        Query.from_query(arguments)
    assert refused.value.field == field and words in refused.value.message, refused.value.message


def test_a_query_parameter_schema_has_no_null() -> None:
    schemas = {item.key: value_schema(item, openapi=True) for item in fields_of(Query)}
    assert schemas["hour"] == {"type": "integer", "minimum": 0, "maximum": 23}
    assert schemas["colour"] == {"type": "string", "enum": ["red", "blue"]}
    assert "nullable" not in schemas["office"]


def test_a_declaration_cannot_have_two_patterns() -> None:
    with pytest.raises(TypeError):
        limits(not_blank=True, pattern="^a$")
