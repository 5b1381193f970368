"""API operations, declared once: Flask routes them, the OpenAPI document lists them.

A view declared here receives its parsed body as `body`; the same `Body`
gives the document its request schema.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, request

from ..domain.errors import InvalidRequest, NotFound
from . import bodies
from .bodies import Body


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
    # who may call it, one of AUTH_KINDS; tests/api/test_access_matrix.py has the rule of each
    auth: str = "none"
    responses: dict[int, str] = field(default_factory=dict)
    parameters: tuple[ParameterLike, ...] = ()  # beyond path ones: a Parameter, or (name, in, description) of a string
    headers: tuple[str, ...] = ()
    media: str = "application/json"  # what a successful answer carries

    @property
    def path(self) -> str:
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", self.rule)


AUTH_KINDS = (
    "none",  # anyone, no token
    "staff",  # any staff member whose scope includes the office (any staff member where there is no office)
    "kiosk or staff",  # a kiosk of the office, or its staff
    "operator",  # an operator or supervisor of the desk's office
    "supervisor",  # a supervisor of the office, or an admin
    "audit reader",  # a supervisor of the office, a manager, an admin
    "admin",
    "display when paired",  # anyone for an unpaired board; a display of the office (or its staff) for a paired one
)
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
    auth: str = "none",
    responses: dict[int, str] | None = None,
    parameters: tuple[ParameterLike, ...] = (),
    headers: tuple[str, ...] = (),
    authorise: Callable[..., Any] | None = None,
    media: str = "application/json",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and route an API operation.

    `authorise`, given the path's arguments, returns the actor or raises 401
    or 403; it runs before the body is parsed, so a caller without the right
    learns nothing from the answer to a malformed body. The view then gets
    `actor` and `body` (when the operation has one).
    """
    if auth not in AUTH_KINDS:
        raise ValueError(f"{method} {rule}: unknown auth kind {auth!r}; expected one of {', '.join(AUTH_KINDS)}")
    declared = Operation(
        method=method.upper(),
        rule=API_PREFIX + rule,
        summary=summary,
        tag=tag,
        body=body,
        auth=auth,
        responses=responses or {200: "OK"},
        parameters=parameters,
        headers=headers,
        media=media,
    )
    OPERATIONS.append(declared)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def handle(**kwargs: Any) -> Any:
            for name, value in kwargs.items():
                if isinstance(value, int) and value > MAX_ID:
                    raise NotFound(f"no {name.removesuffix('_id')} {value}", **{name: value})
            if authorise is not None:
                kwargs["actor"] = authorise(**kwargs)
            if body is not None:
                kwargs["body"] = body.parse(read_json())
            return view(**kwargs)

        blueprint.add_url_rule(rule, view_func=handle, methods=[declared.method])
        return handle

    return decorate
