"""Inbound data has one way in: every body and query string is a declared message, read by the registry alone.

The registry parses the JSON body and `request.args` with the operation's
declared types (protocol messages, the same machinery as the devices'
Socket.IO payloads) and hands the view typed values; no handler reads the
request itself, and no command takes an untyped value. If a new handler
went around that, its input would escape the declared limits and the
document; these tests fail first.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import queue_server.api
import queue_server.commands
from protocol.fields import Message
from queue_server.api.registry import OPERATIONS, Operation, query_parameters

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")

API = Path(queue_server.api.__file__).parent
COMMANDS = Path(queue_server.commands.__file__).parent
# what carries a request's input; headers (a token, an Idempotency-Key) and the caller's address are not a body or a query
INPUT = {"args", "get_json", "get_data", "json", "data", "form", "values", "files", "stream"}
READERS = {"registry.py"}  # the one module that reads the request's body and query


def _request_input_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in INPUT and isinstance(node.value, ast.Name) and node.value.id == "request":
            found.append(f"{path.name}:{node.lineno} request.{node.attr}")
    return found


def test_no_handler_reads_the_request_body_or_query_itself() -> None:
    modules = sorted(API.glob("*.py"))
    assert len(modules) > 10
    reads = [read for path in modules if path.name not in READERS for read in _request_input_reads(path)]
    assert reads == [], "parse it with a declared type in the operation (body=…, query=…) instead"
    assert _request_input_reads(API / "registry.py"), "the registry is where they are read"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.rule.removeprefix('/api/v1')}")
def test_every_operation_declares_its_body_and_query_as_messages(op: Operation) -> None:
    for declared in (op.body, op.query):
        assert declared is None or (isinstance(declared, type) and issubclass(declared, Message)), declared
    assert op.parameters == query_parameters(op.query)  # the document's parameters are the parsed ones


def _views(app) -> dict[tuple[str, str], object]:
    views = {}
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            views[(method, rule.rule)] = app.view_functions[rule.endpoint]
    return views


def test_a_view_takes_the_typed_values_its_operation_declares(shared_app) -> None:
    views = _views(shared_app)
    checked = 0
    for op in OPERATIONS:
        view = inspect.unwrap(views[(op.method, op.rule)])  # type: ignore[arg-type]
        parameters = inspect.signature(view).parameters
        for name, declared in (("body", op.body), ("query", op.query)):
            assert (name in parameters) == (declared is not None), f"{op.method} {op.rule}: {name}"
            if declared is not None:
                annotation = str(parameters[name].annotation)
                assert annotation in (declared.__name__, "Message"), f"{op.method} {op.rule}: {name}: {annotation}"
                assert "dict" not in annotation
                checked += 1
    assert checked >= 30


def _bare_any_parameters(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            for argument in arguments:
                if isinstance(argument.annotation, ast.Name) and argument.annotation.id in ("Any", "object"):
                    found.append(f"{path.name}:{node.lineno} {node.name}({argument.arg})")
    return found


def test_commands_take_typed_values_never_any() -> None:
    untyped = [found for path in sorted(COMMANDS.glob("*.py")) for found in _bare_any_parameters(path)]
    assert untyped == [], "a command takes str, int, an enum or a message, checked before it is called"
