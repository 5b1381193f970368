"""The OpenAPI document is valid and lists exactly the routes the server has."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate


@pytest.fixture
def app(shared_app):
    """Every test here only reads the document: one app for the whole module."""
    return shared_app


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
    assert "required" not in issue and issue["additionalProperties"] is False  # `service` or `services`: the handler says which is missing
    assert issue["properties"]["services"]["type"] == "array" and issue["properties"]["services"]["items"]["maxLength"] == 40
    assert issue["properties"]["lang"]["enum"] == ["uk", "en", None]  # optional: null is the default
    assert issue["properties"]["priority"]["enum"] == ["veteran", "disability", None]  # the network's, switched on
    assert schemas["Rating"]["properties"]["score"] == {"type": "integer", "minimum": 1, "maximum": 5}


def _document(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def test_query_parameters_say_what_the_handler_accepts(client) -> None:
    """`?office=&from=&to=` is refused by the document as by the server; a date is a date, an hour 0–23."""
    from jsonschema import Draft4Validator

    document = _document(client)
    summary = {p["name"]: p for p in document["paths"]["/api/v1/reports/summary"]["get"]["parameters"]}
    assert summary["from"]["required"] and summary["to"]["required"]
    assert summary["from"]["schema"]["format"] == "date"
    assert summary["hour"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 23}
    for name in ("office", "from", "to"):
        assert not Draft4Validator(summary[name]["schema"]).is_valid(""), name
    figures = {p["name"]: p for p in document["paths"]["/api/v1/reports/figures"]["get"]["parameters"]}
    assert figures["group"]["required"] and "day" in figures["group"]["schema"]["enum"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation["parameters"]:
                if parameter["in"] == "path" and parameter["name"] in ("office", "desk_id"):
                    continue  # any text names one or none (404)
                constraints = set(parameter["schema"]) - {"type", "description", "example"}
                assert constraints, f"{method.upper()} {path}: {parameter['name']} accepts any string"


def test_every_client_mistake_an_operation_can_answer_is_documented(client) -> None:
    document = _document(client)
    dashboard = document["paths"]["/api/v1/dashboard"]["get"]["responses"]
    assert {"400", "401", "403", "404"} <= set(dashboard)  # `?=false` is an unknown parameter: 400
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            if "requestBody" in operation or any(p["in"] != "path" for p in operation["parameters"]):
                assert "400" in statuses, f"{method.upper()} {path}"
            if operation.get("security") == [{"bearer": []}]:
                assert {"401", "403"} <= statuses, f"{method.upper()} {path}"


def test_links_follow_the_day(client) -> None:
    document = _document(client)
    by_id = {op["operationId"]: (path, op) for path, item in document["paths"].items() for op in item.values()}
    issued = document["paths"]["/api/v1/offices/{office}/tickets"]["post"]["responses"]["201"]["links"]
    assert by_id[issued["status"]["operationId"]][0] == "/api/v1/tickets/{token}"
    assert issued["status"]["parameters"] == {"token": "$response.body#/token"}
    opened = document["paths"]["/api/v1/desks/{desk_id}/open"]["post"]["responses"]["200"]["links"]
    assert by_id[opened["call_next"]["operationId"]][0] == "/api/v1/desks/{desk_id}/call-next"
    count = 0
    for path, item in document["paths"].items():
        for operation in item.values():
            for response in operation["responses"].values():
                for name, link in response.get("links", {}).items():
                    count += 1
                    target_path, target = by_id[link["operationId"]]
                    names = {p["name"] for p in target["parameters"]}
                    for parameter in link["parameters"]:
                        assert parameter.split(".")[-1] in names, f"{path} → {target_path}: {parameter}"
    assert count >= 30
