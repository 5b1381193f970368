"""The OpenAPI document is valid and lists exactly the routes the server has."""

from __future__ import annotations

import re

from openapi_spec_validator import validate


def test_the_document_is_valid_openapi_3(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_the_document_and_the_routes_agree(app, client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1/openapi.json":
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        served |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == served


def test_the_contract_paths_are_documented(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/auth/login",
        "/api/v1/offices",
        "/api/v1/offices/{office}/services",
        "/api/v1/offices/{office}/desks",
        "/api/v1/offices/{office}/queue",
        "/api/v1/offices/{office}/tickets",
        "/api/v1/tickets/{token}",
        "/api/v1/tickets/{token}/rating",
    ):
        assert path in paths, path
    for action in ("open", "call-next", "recall", "start", "finish", "no-show", "transfer", "hold", "pause", "resume", "close"):
        assert f"/api/v1/desks/{{desk_id}}/{action}" in paths


def test_request_schemas_are_the_ones_the_parser_uses(client) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    issue = schemas["IssueTicket"]
    assert issue["required"] == ["service"] and issue["additionalProperties"] is False
    assert issue["properties"]["lang"]["enum"] == ["uk", "en"]
    assert schemas["Rating"]["properties"]["score"] == {"type": "integer", "minimum": 1, "maximum": 5}
