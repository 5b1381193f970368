"""A real `cherga serve` answers what its own OpenAPI document says, operation by operation.

A morning of the bundled «Віза» main office, over HTTP with real tokens
made by the real CLI: the network read, a ticket issued by the kiosk, a
desk opened, the visitor called, served and rating the service, the
supervisor's and the manager's reads, every report and export, a device
registered and revoked. Every answer (successes and refusals alike) is
checked against the document the same server serves: the status is
documented, the media type too, and a JSON body matches its schema.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from live_server import Server, cherga
from openapi_check import check_answer

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


class LiveChecker:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.document = requests.get(server.url + "/api/v1/openapi.json", timeout=10).json()
        self.succeeded: set[tuple[str, str]] = set()

    def call(self, method: str, template: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = requests.request(method, self.server.url + path, headers=headers, timeout=30, **kwargs)
        content_type = answer.headers.get("Content-Type", "")
        body = answer.json() if content_type.startswith("application/json") else None
        check_answer(self.document, method, template, answer.status_code, content_type, body)
        if answer.status_code < 300:
            self.succeeded.add((method, template))
        return answer


def login(server: Server, username: str, role: str, *offices: str) -> str:
    office_args = ["--office", *offices] if offices else []
    cherga("user", "add", username, "--role", role, *office_args, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(server.url + "/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=10)
    token: str = answer.json()["token"]
    return token


def test_a_morning_of_the_main_office_matches_the_document(server: Server) -> None:
    live = LiveChecker(server)
    call = live.call
    supervisor = login(server, "iryna", "supervisor", "main")
    manager = login(server, "head", "manager")
    admin = login(server, "root", "admin")
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-live", database=server.database).strip().splitlines()[-1]

    call("GET", "/api/v1/offices", "/api/v1/offices")
    call("GET", "/api/v1/offices/{office}", "/api/v1/offices/main")
    call("GET", "/api/v1/offices/{office}", "/api/v1/offices/nowhere")
    call("GET", "/api/v1/offices/{office}/categories", "/api/v1/offices/main/categories")
    call("GET", "/api/v1/priorities", "/api/v1/priorities")
    desks = call("GET", "/api/v1/offices/{office}/desks", "/api/v1/offices/main/desks").json()
    desk = desks[0]
    service = desk["services"][0]
    call("GET", "/api/v1/offices/{office}/services", "/api/v1/offices/main/services")
    call("GET", "/api/v1/offices/{office}/services/{service}/wait", f"/api/v1/offices/main/services/{service}/wait")
    boards = call("GET", "/api/v1/offices/{office}/boards", "/api/v1/offices/main/boards").json()
    call("GET", "/api/v1/offices/{office}/boards/{board}", "/api/v1/offices/main/boards/default")
    for board in boards:
        call("GET", "/api/v1/offices/{office}/boards/{board}", f"/api/v1/offices/main/boards/{board['code']}", supervisor)

    issued = call("POST", "/api/v1/offices/{office}/tickets", "/api/v1/offices/main/tickets", kiosk, json={"service": service}).json()
    call("GET", "/api/v1/tickets/{token}", f"/api/v1/tickets/{issued['token']}")
    call("GET", "/api/v1/offices/{office}/queue", "/api/v1/offices/main/queue")
    call("GET", "/api/v1/offices/{office}/queue", "/api/v1/offices/main/queue", supervisor)
    call("GET", "/api/v1/waits", "/api/v1/waits")  # the 39 offices of the bundled network

    at = f"/api/v1/desks/{desk['id']}"
    call("POST", "/api/v1/desks/{desk_id}/open", at + "/open", supervisor)
    called = call("POST", "/api/v1/desks/{desk_id}/call-next", at + "/call-next", supervisor).json()
    call("POST", "/api/v1/desks/{desk_id}/start", at + "/start", supervisor, json={"ticket": called["id"]})
    call("POST", "/api/v1/desks/{desk_id}/finish", at + "/finish", supervisor, json={"ticket": called["id"]})
    call("POST", "/api/v1/tickets/{token}/rating", f"/api/v1/tickets/{issued['token']}/rating", json={"score": 4})
    call("POST", "/api/v1/desks/{desk_id}/call-next", at + "/call-next", supervisor)  # nobody waits: 204
    call("GET", "/api/v1/desks/{desk_id}/today", at + "/today", supervisor)
    call("GET", "/api/v1/offices/{office}/desks/state", "/api/v1/offices/main/desks/state", supervisor)
    call("GET", "/api/v1/offices/{office}/staff", "/api/v1/offices/main/staff", supervisor)
    call("POST", "/api/v1/desks/{desk_id}/pause", at + "/pause", supervisor, json={"reason": "lunch"})
    call("POST", "/api/v1/desks/{desk_id}/close", at + "/close", supervisor)

    call("GET", "/api/v1/auth/me", "/api/v1/auth/me", kiosk)
    call("GET", "/api/v1/offices/{office}/audit", "/api/v1/offices/main/audit?limit=20", supervisor)
    call("GET", "/api/v1/audit", "/api/v1/audit?since=2026-01-01T00:00:00Z", manager)
    call("GET", "/api/v1/dashboard", "/api/v1/dashboard", manager)
    call("GET", "/api/v1/dashboard/{office}", "/api/v1/dashboard/main", manager)
    call("GET", "/api/v1/devices", "/api/v1/devices?office=main", admin)
    added = call("POST", "/api/v1/devices", "/api/v1/devices", admin, json={"kind": "display", "office": "main", "name": "hall-live"}).json()
    call("POST", "/api/v1/devices/{device_id}/revoke", f"/api/v1/devices/{added['id']}/revoke", admin)

    year = issued["issued_at"][:4]
    period = f"from={year}-01-01&to={year}-12-31&office=main"
    call("GET", "/api/v1/reports/summary", f"/api/v1/reports/summary?{period}", manager)
    call("GET", "/api/v1/reports/figures", f"/api/v1/reports/figures?{period}&group=operator", manager)
    call("GET", "/api/v1/reports/operators", f"/api/v1/reports/operators?{period}", manager)
    call("GET", "/api/v1/reports/annual", f"/api/v1/reports/annual?year={year}", manager)
    for kind in ("csv", "xlsx", "sqlite"):
        call("GET", f"/api/v1/reports/export.{kind}", f"/api/v1/reports/export.{kind}?{period}", manager)
    call("GET", "/api/v1/reports/summary", "/api/v1/reports/summary?office=&from=&to=", manager)  # 400, documented

    wanted = {
        ("POST", "/api/v1/offices/{office}/tickets"), ("POST", "/api/v1/desks/{desk_id}/call-next"),
        ("POST", "/api/v1/tickets/{token}/rating"), ("GET", "/api/v1/dashboard/{office}"), ("GET", "/api/v1/reports/annual"),
    }  # fmt: skip
    assert wanted <= live.succeeded, sorted(wanted - live.succeeded)
