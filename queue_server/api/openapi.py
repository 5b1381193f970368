"""The OpenAPI 3 document, built from the declared operations and bodies."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from .registry import OPERATIONS, Operation

blueprint = Blueprint("openapi", __name__)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}


def _operation(op: Operation) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in op.path_parameters
    ]
    parameters += [
        {"name": header, "in": "header", "required": False, "schema": {"type": "string", "maxLength": 100}}
        for header in op.headers
    ]
    parameters += [
        {"name": name, "in": where, "required": where == "path", "description": text, "schema": {"type": "string"}}
        for name, where, text in op.parameters
    ]
    responses: dict[str, Any] = {}
    for status, description in sorted(op.responses.items()):
        entry: dict[str, Any] = {"description": description}
        if status >= 400:
            entry["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        elif status != 204:
            entry["content"] = {op.media: {"schema": {"type": "string", "format": "binary"} if op.media != "application/json" else {}}}
        responses[str(status)] = entry
    document: dict[str, Any] = {
        "summary": op.summary,
        "operationId": f"{op.method.lower()}_{op.path.strip('/').replace('/', '_').replace('{', '').replace('}', '').replace('-', '_')}",
        "tags": [op.tag],
        "parameters": parameters,
        "responses": responses,
        "x-cherga-auth": op.auth,
    }
    if op.auth != "none":
        document["security"] = [{"bearer": []}]
    if op.body is not None:
        document["requestBody"] = {
            "required": any(field.required for field in op.body.fields),
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.body.name}"}}},
        }
    return document


def build_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
        if op.body is not None:
            schemas[op.body.name] = op.body.json_schema()
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
    return jsonify(build_document())
