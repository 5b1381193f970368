"""Who may ask is decided before what was asked is checked.

A caller without the right gets 401 or 403 whatever the query says: a
malformed, empty or unknown parameter, or an office that does not exist,
tells them nothing (the order the registry already keeps for bodies).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import queue_server.api
from queue_server.api.registry import OPERATIONS, Operation
from web import bearer

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")

PATH_VALUES = {"office": "alpha", "desk_id": "alpha-1", "ticket_id": "1", "device_id": "1", "board": "alpha-tv", "service": "passport", "token": "x", "username": "olena", "code": "K7M3QX", "closure_id": "1", "complaint_id": "1"}
BAD_QUERIES = ("office=", "office=nowhere", "office=alpha&colour=red", "office=alpha&from=yesterday&to=", "=false", "group=year&hour=25")
# callers refused by every operation below, whatever the office: a kiosk of another office, an operator (no reports, no audit)
REFUSED = ("kiosk_beta", "operator_beta")


@pytest.fixture(scope="module")
def client(shared_app):
    """A refusal changes nothing, and an admin's answer here only reads: one app for the module."""
    return shared_app.test_client()


@pytest.fixture(scope="module")
def tokens(shared_tokens):
    return shared_tokens


def reads_a_query(op: Operation) -> bool:
    return op.auth != "none" and any(where == "query" for _, where, _ in op.parameters)


QUERY_OPERATIONS = [op for op in OPERATIONS if reads_a_query(op)]


def url(op: Operation, query: str) -> str:
    path = op.path
    for name in op.path_parameters:
        path = path.replace("{" + name + "}", PATH_VALUES[name])
    return f"{path}?{query}"


def test_the_routes_that_read_a_query_are_found() -> None:
    rules = {op.rule for op in QUERY_OPERATIONS}
    assert {"/api/v1/reports/summary", "/api/v1/dashboard", "/api/v1/devices", "/api/v1/audit"} <= rules


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("op", QUERY_OPERATIONS, ids=lambda op: f"{op.method} {op.rule.removeprefix('/api/v1')}")
def test_a_caller_without_the_right_learns_nothing_from_a_bad_query(client, tokens, op: Operation, query: str) -> None:
    assert client.open(url(op, query), method=op.method).status_code == 401
    for caller in REFUSED:
        answer = client.open(url(op, query), method=op.method, headers=bearer(tokens[caller]))
        assert answer.status_code == 403, (caller, answer.get_data(as_text=True)[:300])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/reports/summary?office=&from=2026-01-01&to=2026-01-31", 400),
        ("/api/v1/reports/summary?office=nowhere&from=2026-01-01&to=2026-01-31", 400),
        ("/api/v1/dashboard?office=nowhere", 404),
        ("/api/v1/dashboard?=false", 400),
        ("/api/v1/devices?office=nowhere", 404),
    ],
)
def test_a_caller_with_the_right_is_told_what_is_wrong(client, tokens, path: str, status: int) -> None:
    assert client.get(path, headers=bearer(tokens["admin"])).status_code == status
