"""The OpenAPI 3 document, built from the declared operations, bodies, answers and links.

Every part comes from what the server itself uses: the request schemas from
the parsers' `Body` declarations, the query parameters from the handlers'
`Parameter` declarations, the answers from `answer_schemas.py` (checked
against real answers in the tests), and the statuses every operation can
give: 400 for a bad body or query, 401 and 403 where a token is needed,
404 where the path names something that may not exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, jsonify

from .actors import command_context
from .answer_schemas import COMPONENTS, answer_schema
from .openapi_links import links_from
from .bodies import NOT_BLANK
from .registry import MAX_ID, OPERATIONS, Operation, as_parameter

blueprint = Blueprint("openapi", __name__)

ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "stable, for programs: not_found, forbidden, invalid_request…"},
                "message": {"type": "string", "description": "for people: what is wrong"},
                "details": {"type": "object", "description": "the field or parameter at fault, where there is one"},
            },
        }
    },
}
CODE = {"type": "string", "minLength": 1, "maxLength": 60}
IDENTIFIER = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
PATH_SCHEMAS: dict[str, dict[str, Any]] = {
    # any text names an office or a desk, or names none (404): no shape to refuse
    "office": {"type": "string", "description": "office code, e.g. main"},
    "desk_id": {"type": "string", "description": "desk id, e.g. main-1"},
    "service": {**CODE, "description": "service code"},
    "board": {**CODE, "description": "board code, or default"},
    "username": {**CODE, "description": "a staff member's user name"},
    "token": {"type": "string", "minLength": 1, "maxLength": 100, "description": "the ticket's token (its QR code's address)"},
    "ticket_id": {**IDENTIFIER, "description": "the ticket's id"},
    "device_id": {**IDENTIFIER, "description": "the device's id"},
}
HEADER_SCHEMAS: dict[str, dict[str, Any]] = {
    "Idempotency-Key": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": NOT_BLANK},
}
GENERIC_ERRORS = {
    400: "Bad input: a malformed body or parameter (the message names it)",
    401: "No token, or one that is not valid (any more)",
    403: "The token does not give the right to this",
    404: "What the path names does not exist",
}


def operation_id(method: str, path: str) -> str:
    """`get_offices_office_queue` for GET /offices/{office}/queue (with or without /api/v1)."""
    path = path if path.startswith("/api/v1") else "/api/v1" + path
    return f"{method.lower()}_{path.strip('/').replace('/', '_').replace('{', '').replace('}', '').replace('-', '_').replace('.', '_')}"


def _parameters(op: Operation) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": PATH_SCHEMAS.get(name, CODE)} for name in op.path_parameters
    ]
    parameters += [
        {"name": header, "in": "header", "required": False, "schema": HEADER_SCHEMAS.get(header, {"type": "string", "maxLength": 100})}
        for header in op.headers
    ]
    for declared in map(as_parameter, op.parameters):
        parameters.append(
            {
                "name": declared.name,
                "in": declared.where,
                "required": declared.required or declared.where == "path",
                "description": declared.description,
                "schema": declared.schema,
            }
        )
    return parameters


def statuses(op: Operation) -> dict[int, str]:
    """The declared statuses, and the ones every operation of its kind can give."""
    found = dict(op.responses)
    if op.body is not None or op.parameters or op.headers:
        found.setdefault(400, GENERIC_ERRORS[400])
    if not op.access.public:
        found.setdefault(401, GENERIC_ERRORS[401])
        found.setdefault(403, GENERIC_ERRORS[403])
    if op.path_parameters:
        found.setdefault(404, GENERIC_ERRORS[404])
    return found


def _responses(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, description in sorted(statuses(op).items()):
        entry: dict[str, Any] = {"description": description}
        if status >= 400:
            entry["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        elif status != 204:
            if op.media == "application/json":
                schema = answer_schema(op.method, op.path)
                entry["content"] = {op.media: {"schema": schema if schema is not None else {}}}
            else:
                entry["content"] = {op.media: {"schema": {"type": "string", "format": "binary"}}}
            links = links_from(op.method, op.path.removeprefix("/api/v1"), operation_id)
            if links:
                entry["links"] = links
        responses[str(status)] = entry
    return responses


def _operation(op: Operation) -> dict[str, Any]:
    document: dict[str, Any] = {
        "summary": op.summary,
        "operationId": operation_id(op.method, op.path),
        "tags": [op.tag],
        "parameters": _parameters(op),
        "responses": _responses(op),
        "x-cherga-auth": op.access.label,
    }
    if not op.access.public:  # a board that is not paired needs no token
        document["security"] = [{"bearer": []}] if op.access.needs_token else [{}, {"bearer": []}]
    if op.body is not None:
        document["requestBody"] = {
            "required": any(field.required for field in op.body.fields),
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.body.name}"}}},
        }
    return document


def build_document(catalogues: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The document; `catalogues` lists the values the network's configuration allows (e.g. "priorities")."""
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA, **COMPONENTS}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
        if op.body is not None:
            if op.body.name in COMPONENTS:
                raise ValueError(f"request body {op.body.name} has the name of an answer's schema")
            schemas[op.body.name] = op.body.json_schema(catalogues)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Cherga queue server",
            "version": "1",
            "description": "Tickets, desks and live queues of a network of public-service offices.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@blueprint.get("/api/v1/openapi.json")
def openapi_document() -> Any:
    network = command_context().network
    return jsonify(build_document({"priorities": [code for code, category in network.priorities.items() if category.enabled]}))
