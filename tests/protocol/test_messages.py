"""Every message of the device protocol survives a JSON round trip, and a malformed one of each is refused
with a ProtocolError that names the field; the generated JSON Schema agrees with `from_json` on both, for the
examples and for any message hypothesis draws from the declarations."""

from __future__ import annotations

import dataclasses
import json
import typing
from enum import StrEnum
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import LABEL_KEYS, ProtocolError, events
from protocol.fields import Message, fields_of
from protocol.limits import CODE_LENGTH
from protocol.messages import MESSAGES
from protocol.schema import json_schema

TICKET = {
    "office": "Головний офіс ЦНАП «Віза»",
    "number": "П015",
    "service": "Оформлення ID-картки",
    "issued_at": "24.11.2026 10:15",
    "people_ahead": 3,
    "estimated_wait_minutes": 12,
    "status_url": "http://192.0.2.10:8000/t/Zx9",
    "labels": {key: f"мітка {key}" for key in LABEL_KEYS},
    "lang": "uk",
    "priority": None,
}
EXAMPLES: dict[str, dict[str, Any]] = {
    "Subscribe": {"office": "main", "since": 4, "stream": "staff"},
    "Unsubscribe": {"office": "main"},
    "EventEnvelope": {"office": "main", "seq": 7, "type": "ticket.called", "at": "2026-11-24T08:15:00+00:00", "data": {"desk": "1"}},
    "PrintTicket": TICKET,
    "PrintJob": {"job": 3, "key": "a" * 32, "age_seconds": 1.5, "ticket_id": 9, **TICKET},
    "PrintResult": {"job": 3, "printed": False, "reason": "paper out"},
    "KioskPrintResult": {"job": 3, "ticket": 9, "number": "П015", "status": "failed", "reason": "paper out"},
    "PrinterStatus": {"state": "paper_low", "detail": "the roll is nearly empty"},
    "AgentHello": {"printer": {"state": "ready", "detail": ""}},
    "AgentHelloAnswer": {"ok": True, "pending": 2},
    "BoardHello": {"office": "main", "board": "hall"},
}
SCHEMA = json_schema()
BY_NAME = {cls.__name__: cls for cls in MESSAGES}


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{name}"})


def wrong_value(hint: Any) -> Any:
    """A value of the wrong kind for a field of type `hint`."""
    if isinstance(hint, type) and issubclass(hint, Message):
        return 5
    if hint is str:
        return 12345
    if hint is bool or typing.get_origin(hint) is dict:
        return "yes"
    if hint in (int, float):
        return "7"
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return "no-such-value"
    return None


def wire_fields(cls: type) -> list[Any]:
    found = []
    for item in fields_of(cls):
        found += wire_fields(item.hint) if item.meta.get("flatten") else [item]
    return found


def malformed() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for name, example in EXAMPLES.items():
        for item in wire_fields(BY_NAME[name]):
            bad = wrong_value(item.hint)
            if bad is not None:
                cases.append((name, item.name, {**example, item.name: bad}))
            if item.required:
                cases.append((name, item.name, {key: value for key, value in example.items() if key != item.name}))
        cases.append((name, "surplus", {**example, "surplus": 1}))
    return cases


def test_every_message_has_an_example() -> None:
    assert set(EXAMPLES) == set(BY_NAME)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_message_round_trips_through_json(name: str) -> None:
    example = EXAMPLES[name]
    message = BY_NAME[name].from_json(json.loads(json.dumps(example)))
    assert json.loads(json.dumps(message.to_json())) == example
    assert BY_NAME[name].from_json(message.to_json()) == message
    validator(name).validate(example)


@pytest.mark.parametrize(("name", "field", "payload"), malformed(), ids=lambda value: value if isinstance(value, str) else "")
def test_a_malformed_message_is_refused_naming_the_field(name: str, field: str, payload: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError) as refused:
        BY_NAME[name].from_json(payload)
    assert refused.value.field == field and field in str(refused.value)
    assert not validator(name).is_valid(payload)  # the pages' schema refuses it too


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_not_an_object_is_refused(name: str) -> None:
    with pytest.raises(ProtocolError, match="must be an object"):
        BY_NAME[name].from_json(["not", "an", "object"])


def test_the_limits_are_enforced_by_both() -> None:
    too_long = {"office": "x" * (CODE_LENGTH + 1)}
    with pytest.raises(ProtocolError, match=f"at most {CODE_LENGTH}") as refused:
        BY_NAME["Subscribe"].from_json(too_long)
    assert refused.value.field == "office" and not validator("Subscribe").is_valid(too_long)
    for bad in ({**TICKET, "labels": {k: v for k, v in TICKET["labels"].items() if k != "scan"}}, {**TICKET, "people_ahead": -1}):
        with pytest.raises(ProtocolError):
            BY_NAME["PrintTicket"].from_json(bad)
        assert not validator("PrintTicket").is_valid(bad)


def test_the_nested_field_is_named_with_its_path() -> None:
    with pytest.raises(ProtocolError) as refused:
        BY_NAME["AgentHello"].from_json({"printer": {"state": "on fire"}})
    assert refused.value.field == "printer.state"


def test_the_schema_is_a_valid_json_schema_naming_every_event() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert sorted(SCHEMA["x-events"].values()) == sorted(events.ALL)


def strategy(item: Any) -> st.SearchStrategy[Any]:
    """Values a field's declaration allows, drawn from the declaration itself."""
    hint, meta = item.hint, item.meta
    found: st.SearchStrategy[Any]
    if isinstance(hint, type) and issubclass(hint, Message):
        found = messages(hint)
    elif hint is bool:
        found = st.booleans()
    elif hint is int:
        found = st.integers(min_value=meta.get("minimum"), max_value=meta.get("maximum") or 10**9)
    elif hint is float:
        found = st.floats(min_value=meta.get("minimum"), max_value=10**6, allow_nan=False, allow_infinity=False)
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        found = st.sampled_from(list(hint))
    elif hint is str:
        found = st.text(min_size=meta.get("min_length") or 0, max_size=min(meta.get("max_length") or 40, 40))
    elif typing.get_origin(hint) is dict:
        found = st.fixed_dictionaries({key: st.text(max_size=20) for key in meta["keys"]})
    elif typing.get_origin(hint) is tuple:  # each entry as the field's own limits allow
        entry = strategy(dataclasses.replace(item, hint=typing.get_args(hint)[0], optional=False))
        found = st.lists(entry, min_size=meta.get("min_items") or 0, max_size=min(meta.get("max_items") or 5, 5)).map(tuple)
    else:
        found = st.one_of(st.none(), st.integers(), st.text(max_size=10), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
    return st.one_of(st.none(), found) if item.optional else found


def messages(cls: type) -> st.SearchStrategy[Any]:
    return st.builds(cls, **{item.name: strategy(item) for item in fields_of(cls)})


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_any_message_the_declaration_allows_round_trips_and_fits_the_schema(name: str) -> None:
    check = validator(name)

    @settings(max_examples=40, deadline=None)
    @given(messages(BY_NAME[name]))
    def round_trip(message: Any) -> None:
        wire = json.loads(json.dumps(message.to_json()))
        assert BY_NAME[name].from_json(wire) == message
        check.validate(wire)

    round_trip()
