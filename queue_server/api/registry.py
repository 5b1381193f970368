"""API operations, declared once: Flask routes them, the OpenAPI document lists them.

An operation declares its body and its query string as protocol messages
(`api/bodies.py`, `api/parameters.py`): the registry, and only the
registry, reads the request's JSON and `request.args`, parses them with
those types and hands the view the typed values as `body` and `query`
(a `ProtocolError` becomes the one 400 `invalid_request` naming the field).
The same types give the document its request schemas and query parameters.
Its `Access` (commands/access.py) gives the document its `x-cherga-auth` and
is applied before anything is parsed: the view gets the `actor` let in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Blueprint, request

from protocol.errors import ProtocolError
from protocol.fields import Message, fields_of
from protocol.schema import value_schema

from ..commands.access import DECLARED, PUBLIC, Access, OfficeFrom, require_actor
from ..domain.errors import InvalidRequest, NotFound
from . import bodies
from .actors import bearer_actor, current_actor
from .places import office_of

M = TypeVar("M", bound=Message)


@dataclass(frozen=True)
class Parameter:
    """A query parameter and its JSON Schema, as the document lists it; generated from the operation's query type.

    It unpacks as `(name, in, description)`.
    """

    name: str
    where: str
    description: str
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string", "minLength": 1})
    required: bool = False

    def __iter__(self) -> Iterator[str]:
        return iter((self.name, self.where, self.description))


def query_parameters(query: type[Message] | None) -> tuple[Parameter, ...]:
    """The document's parameters of a query type: one per field, with the schema its parsing enforces."""
    if query is None:
        return ()
    return tuple(
        Parameter(item.key, "query", item.meta.get("doc", ""), value_schema(item, openapi=True), item.required)
        for item in fields_of(query)
    )


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str
    summary: str
    tag: str
    body: type[Message] | None = None
    query: type[Message] | None = None
    access: Access = PUBLIC  # who may call it, and where its office is found
    responses: dict[int, str] = field(default_factory=dict)
    headers: tuple[str, ...] = ()
    media: str = "application/json"  # what a successful answer carries

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The query's parameters as the document lists them (path ones come from the rule)."""
        return query_parameters(self.query)
    @property
    def auth(self) -> str:
        """The access's label, as the document shows it; tests/api/test_access_matrix.py has the rule of each."""
        return self.access.label

    @property
    def path(self) -> str:
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", self.rule)


OPERATIONS: list[Operation] = []
API_PREFIX = "/api/v1"
MAX_ID = bodies.MAX_ID  # a bigger id in a path names nothing (and must not reach SQL)


def read_json() -> Any:
    """The request's JSON, or None for an empty body; malformed JSON is a 400, not a 500."""
    if not request.get_data(cache=True):
        return None
    if not request.is_json:
        raise InvalidRequest("send the body as JSON (Content-Type: application/json)")
    payload = request.get_json(silent=True)
    if payload is None:
        raise InvalidRequest("the request body is not valid JSON")
    return payload


def parse_body(body: type[M], payload: Any) -> M:
    """The body as its declared type; no body at all is an empty object (an action with nothing to say)."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise InvalidRequest("the request body must be a JSON object")
    return _parsed(body.from_json, payload)


def parse_query(query: type[M], arguments: Mapping[str, str]) -> M:
    """The query string as its declared type: whole numbers, days and times read, every limit checked."""
    return _parsed(query.from_query, arguments)


def _parsed(read: Callable[[Any], M], data: Any) -> M:
    try:
        return read(data)
    except ProtocolError as error:
        raise InvalidRequest(error.message, **({"field": error.field} if error.field is not None else {})) from None


def operation(
    blueprint: Blueprint,
    rule: str,
    method: str,
    *,
    summary: str,
    tag: str,
    body: type[Message] | None = None,
    query: type[Message] | None = None,
    auth: Access = PUBLIC,
    responses: dict[int, str] | None = None,
    headers: tuple[str, ...] = (),
    media: str = "application/json",
    max_bytes: int | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and route an API operation.

    `auth` is applied first: the office is found where it says, and its
    check returns the actor or raises 401 or 403, before the query or the
    body is looked at, so a caller without the right learns nothing from
    the answer to a malformed one. The view then gets `actor` (unless the
    operation is `PUBLIC`), `query` (when the operation declares one: its
    parsed query string) and `body` (when it has one: its parsed body).
    `max_bytes` lets one operation take a larger body than the server's limit
    (an office node's batch), and only after its caller is let in.
    """
    declared = Operation(
        method=method.upper(),
        rule=API_PREFIX + rule,
        summary=summary,
        tag=tag,
        body=body,
        query=query,
        access=auth,
        responses=responses or {200: "OK"},
        headers=headers,
        media=media,
    )
    check_access(declared)
    OPERATIONS.append(declared)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def handle(**kwargs: Any) -> Any:
            for name, value in kwargs.items():
                if isinstance(value, int) and value > MAX_ID:
                    raise NotFound(f"no {name.removesuffix('_id')} {value}", **{name: value})
            if not auth.public:
                actor = current_actor() if auth.session else bearer_actor()
                if auth.needs_token:  # 401 before the office is looked up: who has no token learns nothing
                    require_actor(actor)
                kwargs["actor"] = auth.allow(actor, office_of(auth.office, kwargs, request.args.get("office")))
            if query is not None:
                kwargs["query"] = parse_query(query, request.args.to_dict())
            if max_bytes is not None:
                request.max_content_length = max_bytes
            if body is not None:
                kwargs["body"] = parse_body(body, read_json())
            return view(**kwargs)

        blueprint.add_url_rule(rule, view_func=handle, methods=[declared.method])
        return handle

    return decorate


def check_access(op: Operation) -> None:
    """A declaration's access must be a declared rule whose office the operation names."""
    if not any(op.access.kind_of(known) for known in DECLARED):
        raise ValueError(f"{op.method} {op.rule}: an access not declared in commands/access.py: {op.access!r}")
    source = op.access.office
    if source is OfficeFrom.QUERY:
        named = any(parameter.name == "office" for parameter in op.parameters)
    elif source is OfficeFrom.BOARD:
        named = {"office", "board"} <= set(op.path_parameters)
    else:
        named = source is OfficeFrom.NONE or source.value in op.path_parameters
    if not named:
        raise ValueError(f"{op.method} {op.rule}: its access finds the office in {source.value!r}, which the operation does not name")
