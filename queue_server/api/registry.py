"""API operations, declared once: Flask routes them, the OpenAPI document lists them.

A view declared here receives its parsed body as `body`; the same `Body`
gives the document its request schema. Its `Access` (commands/access.py)
gives the document its `x-cherga-auth` and is applied before the view runs:
the view gets the `actor` let in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, request

from ..commands.access import DECLARED, PUBLIC, Access, OfficeFrom, require_actor
from ..domain.errors import InvalidRequest, NotFound
from . import bodies
from .actors import current_actor
from .bodies import Body
from .places import office_of


@dataclass(frozen=True)
class Parameter:
    """A query (or header) parameter and its JSON Schema: what the document promises the handler accepts.

    It unpacks as `(name, in, description)`, the plain tuple it replaces.
    """

    name: str
    where: str
    description: str
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string", "minLength": 1})
    required: bool = False

    def __iter__(self) -> Iterator[str]:
        return iter((self.name, self.where, self.description))


ParameterLike = Parameter | tuple[str, str, str]


def as_parameter(declared: ParameterLike) -> Parameter:
    return declared if isinstance(declared, Parameter) else Parameter(*declared)


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str
    summary: str
    tag: str
    body: Body | None = None
    access: Access = PUBLIC  # who may call it, and where its office is found
    responses: dict[int, str] = field(default_factory=dict)
    parameters: tuple[ParameterLike, ...] = ()  # beyond path ones: a Parameter, or (name, in, description) of a string
    headers: tuple[str, ...] = ()
    media: str = "application/json"  # what a successful answer carries

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


def operation(
    blueprint: Blueprint,
    rule: str,
    method: str,
    *,
    summary: str,
    tag: str,
    body: Body | None = None,
    auth: Access = PUBLIC,
    responses: dict[int, str] | None = None,
    parameters: tuple[ParameterLike, ...] = (),
    headers: tuple[str, ...] = (),
    media: str = "application/json",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and route an API operation.

    `auth` is applied first: the office is found where it says, and its
    check returns the actor or raises 401 or 403, before the query or the
    body is looked at, so a caller without the right learns nothing from
    the answer to a malformed one. The view then gets `actor` (unless the
    operation is `PUBLIC`) and `body` (when the operation has one).
    """
    declared = Operation(
        method=method.upper(),
        rule=API_PREFIX + rule,
        summary=summary,
        tag=tag,
        body=body,
        access=auth,
        responses=responses or {200: "OK"},
        parameters=parameters,
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
                actor = current_actor()
                if auth.needs_token:  # 401 before the office is looked up: who has no token learns nothing
                    require_actor(actor)
                kwargs["actor"] = auth.allow(actor, office_of(auth.office, kwargs))
            if body is not None:
                kwargs["body"] = body.parse(read_json())
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
        named = any(as_parameter(p).name == "office" and as_parameter(p).where == "query" for p in op.parameters)
    elif source is OfficeFrom.BOARD:
        named = {"office", "board"} <= set(op.path_parameters)
    else:
        named = source is OfficeFrom.NONE or source.value in op.path_parameters
    if not named:
        raise ValueError(f"{op.method} {op.rule}: its access finds the office in {source.value!r}, which the operation does not name")
