"""A method a path does not serve gets 405 with an `Allow` header naming the ones it does (RFC 9110 §15.5.6)."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

import pytest

import queue_server.api
from queue_server.api.registry import OPERATIONS

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")

SAMPLE = {"office": "alpha", "desk_id": "alpha-1", "ticket_id": "1", "device_id": "1", "board": "default", "service": "passport", "token": "x", "username": "olena", "code": "K7M3QX", "closure_id": "1", "complaint_id": "1", "call_id": "1"}


def declared_methods() -> dict[str, set[str]]:
    methods: dict[str, set[str]] = defaultdict(set)
    for op in OPERATIONS:
        path = op.path
        for name in op.path_parameters:
            path = path.replace("{" + name + "}", SAMPLE[name])
        methods[path].add(op.method)
    return methods


@pytest.mark.parametrize(("path", "methods"), sorted(declared_methods().items()), ids=lambda value: value if isinstance(value, str) else "")
def test_a_method_the_path_does_not_serve_is_told_what_it_does(shared_app, path: str, methods: set[str]) -> None:
    """A refused method changes nothing: every path is asked of the module's one app."""
    answer = shared_app.test_client().open(path, method="PATCH")
    assert answer.status_code == 405
    assert answer.get_json()["error"]["code"] == "method_not_allowed"
    allow = {method.strip() for method in answer.headers.get("Allow", "").split(",") if method.strip()}
    expected = methods | ({"HEAD"} if "GET" in methods else set()) | {"OPTIONS"}
    assert allow == expected

