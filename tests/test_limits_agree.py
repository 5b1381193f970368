"""A code's length is one number: the configuration, the REST bodies and queries, the document and the devices agree.

The configuration refuses a code longer than `protocol.limits.CODE_LENGTH`,
so every door that takes a code (a body, a query, a path, a Socket.IO
message) must bound it by that same number: a smaller one would refuse a
real office, a larger one promises what names nothing. A desk's id is a code
and a number of at most `DESK_NUMBER_DIGITS` digits.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest

import queue_server.api
from protocol import messages
from protocol.fields import fields_of
from protocol.limits import CODE_LENGTH, DESK_ID_LENGTH, DESK_NUMBER_DIGITS
from queue_server.api import openapi
from queue_server.api.registry import OPERATIONS
from queue_server.network_config import desks as desk_config
from queue_server.network_config import reader
from queue_server.network_config.reader import Reader

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")

CODES = {"office", "service", "priority", "board"}  # field and parameter names that hold a code
DESK_IDS = {"desk", "desk_id"}


def test_the_configuration_refuses_a_code_one_longer() -> None:
    assert reader.CODE_LENGTH is CODE_LENGTH
    checked = Reader("offices.toml")
    assert checked.code("offices.x", "a" * CODE_LENGTH)
    assert not checked.code("offices.y", "a" * (CODE_LENGTH + 1))
    assert [problem.key for problem in checked.problems] == ["offices.y"]
    assert str(CODE_LENGTH) in checked.problems[0].message


def test_a_desk_number_has_the_digits_a_desk_id_allows() -> None:
    assert desk_config.DESK_RANGE.match("9" * DESK_NUMBER_DIGITS)
    assert not desk_config.DESK_RANGE.match("9" * (DESK_NUMBER_DIGITS + 1))
    assert DESK_ID_LENGTH == len("a" * CODE_LENGTH + "-" + "9" * DESK_NUMBER_DIGITS)


def _declared_lengths() -> list[tuple[str, str, Any]]:
    """(where, name, max_length) of every code or desk field the bodies, queries and device messages declare."""
    found = []
    declared = [(f"body {op.body.__name__}", op.body) for op in OPERATIONS if op.body is not None]
    declared += [(f"query {op.query.__name__}", op.query) for op in OPERATIONS if op.query is not None]
    declared += [(f"message {message.__name__}", message) for message in messages.MESSAGES if message is not messages.PrintTicket]
    for where, cls in declared:
        for item in fields_of(cls):
            if item.key in CODES | DESK_IDS and item.hint is str:
                found.append((where, item.key, item.meta.get("max_length")))
            if item.meta.get("key_max_length") is not None:  # a map keyed by service code
                found.append((where, f"{item.key} (keys)", item.meta["key_max_length"]))
    return found


def test_bodies_queries_and_device_messages_bound_a_code_by_the_configuration() -> None:
    found = _declared_lengths()
    assert {where.split()[0] for where, _, _ in found} == {"body", "query", "message"}
    for where, name, length in found:
        wanted = DESK_ID_LENGTH if name in DESK_IDS else CODE_LENGTH
        assert length == wanted, f"{where}.{name}: {length}, not {wanted}"


def _schemas_of_codes(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    bodies = {op.body.__name__ for op in OPERATIONS if op.body is not None}
    for name, schema in document["components"]["schemas"].items():
        if name not in bodies:
            continue  # an answer's schema: what the server says, not what it takes
        for key, value in schema.get("properties", {}).items():
            if key in CODES | DESK_IDS and value.get("type") == "string":
                found.append((f"{name}.{key}", value))
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation["parameters"]:
                if parameter["name"] in CODES | DESK_IDS and "maxLength" in parameter["schema"]:
                    found.append((f"{method.upper()} {path} {parameter['name']}", parameter["schema"]))
    return found


def test_the_document_says_the_same_number() -> None:
    document = openapi.build_document({"priorities": ["veteran"]})
    found = _schemas_of_codes(document)
    assert len(found) >= 20
    for where, schema in found:
        wanted = DESK_ID_LENGTH if where.rsplit(maxsplit=1)[-1].split(".")[-1] in DESK_IDS else CODE_LENGTH
        assert schema["maxLength"] == wanted, where
    assert openapi.CODE["maxLength"] == CODE_LENGTH


@pytest.mark.parametrize("message", [messages.Subscribe, messages.Unsubscribe, messages.BoardHello])
def test_a_device_message_with_a_code_one_longer_is_refused(message: Any) -> None:
    payload = {"office": "a" * (CODE_LENGTH + 1), "board": ""}
    if message is not messages.BoardHello:
        payload.pop("board")
    with pytest.raises(ValueError, match=f"at most {CODE_LENGTH}"):
        message.from_json(payload)
